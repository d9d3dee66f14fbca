namespace IpExchange.Gateway.Identity;

/// <summary>
/// <c>IpExchange.Gateway --hash-password [password]</c>: prints the hash to put in
/// <c>Identity:Users[n]:PasswordHash</c>. Without an argument the password is read from standard
/// input, so that it stays out of the shell history.
/// </summary>
public static class HashPasswordCommand
{
    public const string Flag = "--hash-password";

    public static int Run(IReadOnlyList<string> args, TextReader input, TextWriter output, TextWriter error)
    {
        var password = args.Count > 0 ? args[0] : input.ReadLine();
        if (string.IsNullOrEmpty(password))
        {
            error.WriteLine($"usage: IpExchange.Gateway {Flag} [password]   (or the password on standard input)");
            return 2;
        }

        output.WriteLine(PasswordHash.Create(password));
        return 0;
    }
}
