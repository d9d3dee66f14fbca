namespace IpExchange.EventStore;

public static class ExpectedVersion
{
    /// <summary>The stream must not exist yet.</summary>
    public const long NoStream = 0;

    /// <summary>Append whatever the stream's version (no optimistic check).</summary>
    public const long Any = -1;
}
