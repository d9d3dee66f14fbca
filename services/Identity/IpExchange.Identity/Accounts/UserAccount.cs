using Microsoft.AspNetCore.Identity;

namespace IpExchange.Identity.Accounts;

/// <summary>
/// A person's account (ASP.NET Core Identity's user), always of one member organisation. Its roles
/// inside the organisation (administrator, operator, signer) are Identity roles; whether it may sign
/// in at all also depends on its organisation's status, which lives in the organisation's events.
/// </summary>
public sealed class UserAccount : IdentityUser
{
    public string OrganisationId { get; set; } = "";

    /// <summary>姓名: the person's name, shown on agreements they sign.</summary>
    public string DisplayName { get; set; } = "";

    /// <summary>Who invited the account (null for an organisation's first administrator, named in its application).</summary>
    public string? InvitedBy { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
