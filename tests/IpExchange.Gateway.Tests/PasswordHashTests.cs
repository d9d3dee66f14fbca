using IpExchange.Gateway.Identity;

namespace IpExchange.Gateway.Tests;

public sealed class PasswordHashTests
{
    [Fact]
    public void A_hash_verifies_its_password_and_nothing_else()
    {
        var hash = PasswordHash.Create("demo-2026");

        Assert.True(PasswordHash.Verify("demo-2026", hash));
        Assert.False(PasswordHash.Verify("demo-2027", hash));
        Assert.False(PasswordHash.Verify("", hash));
    }

    [Fact]
    public void A_hash_names_its_scheme_and_iterations_and_salts_every_time()
    {
        var first = PasswordHash.Create("demo-2026");
        var second = PasswordHash.Create("demo-2026");

        var parts = first.Split('$');
        Assert.Equal(["pbkdf2", "100000"], parts[..2]);
        Assert.Equal(16, Convert.FromBase64String(parts[2]).Length);
        Assert.Equal(32, Convert.FromBase64String(parts[3]).Length);
        Assert.NotEqual(first, second);
    }

    [Fact]
    public void The_iteration_count_is_read_from_the_hash()
    {
        var fast = PasswordHash.Create("demo-2026", iterations: 1000);

        Assert.StartsWith("pbkdf2$1000$", fast, StringComparison.Ordinal);
        Assert.True(PasswordHash.Verify("demo-2026", fast));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("demo-2026")]
    [InlineData("pbkdf2$100000$notbase64!$AAAA")]
    [InlineData("pbkdf2$-1$AAAA$AAAA")]
    [InlineData("sha1$100000$AAAA$AAAA")]
    [InlineData("pbkdf2$100000$AAAA$")]
    public void A_malformed_hash_never_verifies(string? stored) =>
        Assert.False(PasswordHash.Verify("demo-2026", stored));

    [Fact]
    public void The_command_prints_a_hash_of_the_argument_or_of_standard_input()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        Assert.Equal(0, HashPasswordCommand.Run(["demo-2026"], new StringReader(""), output, error));
        Assert.True(PasswordHash.Verify("demo-2026", output.ToString().Trim()));

        using var piped = new StringWriter();
        Assert.Equal(0, HashPasswordCommand.Run([], new StringReader("s3cret\n"), piped, error));
        Assert.True(PasswordHash.Verify("s3cret", piped.ToString().Trim()));

        Assert.Equal(2, HashPasswordCommand.Run([], new StringReader(""), TextWriter.Null, error));
    }
}
