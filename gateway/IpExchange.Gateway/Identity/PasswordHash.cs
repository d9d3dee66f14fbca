using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace IpExchange.Gateway.Identity;

/// <summary>
/// Salted PBKDF2-SHA256 password hashes, stored as <c>pbkdf2$iterations$saltBase64$hashBase64</c>
/// so that the iteration count can be raised later without invalidating the stored ones.
/// </summary>
public static class PasswordHash
{
    public const int DefaultIterations = 100_000;
    private const string Scheme = "pbkdf2";
    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    // Verified against when the username is unknown, so that a wrong username costs as much time
    // as a wrong password and the answer time does not tell which usernames exist.
    private static readonly Lazy<string> DecoyHash = new(() => Create(RandomNumberGenerator.GetHexString(32)));

    public static string Create(string password, int iterations = DefaultIterations)
    {
        ArgumentNullException.ThrowIfNull(password);
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, 1);
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, HashBytes);
        return string.Join('$', Scheme, iterations.ToString(CultureInfo.InvariantCulture), Convert.ToBase64String(salt), Convert.ToBase64String(hash));
    }

    /// <summary>True when <paramref name="password"/> matches <paramref name="stored"/>; false for a malformed hash.</summary>
    public static bool Verify(string password, string? stored)
    {
        ArgumentNullException.ThrowIfNull(password);
        var parts = (stored ?? "").Split('$');
        if (parts.Length != 4
            || parts[0] != Scheme
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations)
            || iterations < 1
            || !TryBase64(parts[2], out var salt)
            || !TryBase64(parts[3], out var expected)
            || expected.Length == 0)
        {
            return false;
        }

        var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    /// <summary>Spends the time of one verification and fails: for unknown usernames.</summary>
    public static bool VerifyDecoy(string password)
    {
        Verify(password, DecoyHash.Value);
        return false;
    }

    private static bool TryBase64(string text, out byte[] bytes)
    {
        try
        {
            bytes = Convert.FromBase64String(text);
            return true;
        }
        catch (FormatException)
        {
            bytes = [];
            return false;
        }
    }
}
