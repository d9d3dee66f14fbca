using IpExchange.ServiceDefaults;

namespace IpExchange.Gateway.Identity;

/// <summary>
/// The <c>Identity</c> section: the users the built-in issuer signs in. Demo organisations only;
/// a real deployment sets <c>Auth:Authority</c> and signs users in at its OIDC provider.
/// </summary>
public sealed class IdentityOptions
{
    public const string Section = "Identity";

    public List<DemoUser> Users { get; init; } = [];
}

public sealed class DemoUser
{
    public string Username { get; set; } = "";

    /// <summary><c>pbkdf2$iterations$salt$hash</c>, made with <c>--hash-password</c>.</summary>
    public string PasswordHash { get; set; } = "";

    /// <summary>The token's <c>sub</c>; the username when not set.</summary>
    public string? UserId { get; set; }

    public string Name { get; set; } = "";
    public string OrganisationId { get; set; } = "";
    public string OrganisationName { get; set; } = "";

    /// <summary>university, enterprise or exchange.</summary>
    public string Role { get; set; } = "";

    /// <summary>The corporate group of an enterprise, e.g. 湘通集团.</summary>
    public string? Group { get; set; }

    public string? Region { get; set; }

    public Caller ToCaller() => new(
        string.IsNullOrWhiteSpace(UserId) ? Username : UserId,
        Name,
        OrganisationId,
        OrganisationName,
        Role,
        string.IsNullOrWhiteSpace(Group) ? null : Group,
        string.IsNullOrWhiteSpace(Region) ? null : Region);

    /// <summary>Why this entry cannot sign in, or null when it is complete.</summary>
    public string? Problem()
    {
        if (string.IsNullOrWhiteSpace(Username) || string.IsNullOrWhiteSpace(OrganisationId) || string.IsNullOrWhiteSpace(Name))
        {
            return "Username, Name and OrganisationId are required.";
        }

        if (Role is not (Roles.University or Roles.Enterprise or Roles.Exchange))
        {
            return $"Role must be {Roles.University}, {Roles.Enterprise} or {Roles.Exchange}, not '{Role}'.";
        }

        return PasswordHash.StartsWith("pbkdf2$", StringComparison.Ordinal) ? null : "PasswordHash must be a pbkdf2$… hash (run the gateway with --hash-password).";
    }
}
