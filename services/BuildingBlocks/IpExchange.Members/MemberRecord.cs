using IpExchange.Contracts.Members;

namespace IpExchange.Members;

/// <summary>
/// A member organisation's registered details as this service last heard them from the Identity
/// service (never from its database): the legal name and 统一社会信用代码 that every page and every
/// contract shows, its kind, region and group. A Marten document under the organisation's id whose
/// numeric revision is the organisation's stream version at the Identity service: every organisation
/// event carries the details, and the newest one wins whatever order they arrive in.
/// </summary>
public sealed record MemberRecord(string Id, string LegalName, string CreditCode, OrganisationKind Kind, string Region, string? Group)
{
    public static MemberRecord Of(OrganisationVerified e) => new(e.OrganisationId, e.LegalName, e.CreditCode, e.Kind, e.Region, e.Group);

    public static MemberRecord Of(OrganisationChanged e) => new(e.OrganisationId, e.LegalName, e.CreditCode, e.Kind, e.Region, e.Group);

    public static MemberRecord Of(OrganisationSuspended e) => new(e.OrganisationId, e.LegalName, e.CreditCode, e.Kind, e.Region, e.Group);

    public static MemberRecord Of(OrganisationReinstated e) => new(e.OrganisationId, e.LegalName, e.CreditCode, e.Kind, e.Region, e.Group);
}

/// <summary>
/// Whether a member may act (已认证) or is suspended (已暂停), as the newest standing fact said
/// (verified, suspended, reinstated). Kept apart from <see cref="MemberRecord"/> because an amendment
/// of the details (OrganisationChanged) says nothing about standing, and the Identity service amends a
/// suspended member too: with one document, an amendment newer than a late-arriving suspension would
/// hide it. Its own numeric revision is the version of the standing fact, so the newest standing wins.
/// </summary>
public sealed record MemberStanding(string Id, bool Suspended, string? Reason, DateTimeOffset At)
{
    public static MemberStanding Of(OrganisationVerified e) => new(e.OrganisationId, false, null, e.VerifiedAt);

    public static MemberStanding Of(OrganisationSuspended e) => new(e.OrganisationId, true, e.Reason, e.SuspendedAt);

    public static MemberStanding Of(OrganisationReinstated e) => new(e.OrganisationId, false, null, e.ReinstatedAt);
}
