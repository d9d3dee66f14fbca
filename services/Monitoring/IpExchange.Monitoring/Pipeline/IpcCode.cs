namespace IpExchange.Monitoring.Pipeline;

/// <summary>The levels of an IPC symbol: section H, class H02, subclass H02M (from "H02M 7/48").</summary>
public sealed record IpcCode(string Section, string Class, string Subclass)
{
    public static IpcCode? Parse(string? code)
    {
        var c = code?.Trim().ToUpperInvariant();
        if (string.IsNullOrEmpty(c) || !char.IsAsciiLetter(c[0]))
        {
            return null;
        }

        var head = new string(c.TakeWhile(ch => ch != ' ' && ch != '/').ToArray());
        var cls = head.Length >= 3 ? head[..3] : head;
        var subclass = head.Length >= 4 ? head[..4] : cls;
        return new IpcCode(c[..1], cls, subclass);
    }
}
