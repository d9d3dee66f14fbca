using IpExchange.Contracts.Members;

namespace IpExchange.Members;

/// <summary>Where a member stands, as the service last heard from the Identity service.</summary>
public enum MemberStanding
{
    Verified,   // 已认证: trades
    Suspended,  // 已暂停: its users may read, but not act
}

/// <summary>
/// A member organisation as this service knows it from the Identity service's events (never from its
/// database): the registered legal name and 统一社会信用代码 that every page and every contract shows,
/// its kind, region and group, and whether it may act. A Marten document under the organisation's id;
/// <see cref="Version"/> is the organisation's stream version in the Identity service, which decides
/// between messages that arrive in any order (the newest wins).
/// </summary>
public sealed record MemberRecord
{
    public string Id { get; init; } = "";
    public string LegalName { get; init; } = "";
    public string CreditCode { get; init; } = "";
    public OrganisationKind Kind { get; init; }
    public string Region { get; init; } = "";
    public string? Group { get; init; }
    public MemberStanding Standing { get; init; }
    public string? SuspensionReason { get; init; }
    public long Version { get; init; }

    /// <summary>When the fact this record holds happened at the Identity service (verified, changed, suspended, reinstated).</summary>
    public DateTimeOffset At { get; init; }

    public bool InGoodStanding => Standing == MemberStanding.Verified;

    public static MemberRecord Of(OrganisationVerified e) => new()
    {
        Id = e.OrganisationId, LegalName = e.LegalName, CreditCode = e.CreditCode, Kind = e.Kind, Region = e.Region, Group = e.Group,
        Standing = MemberStanding.Verified, Version = e.Version, At = e.VerifiedAt,
    };

    /// <summary>
    /// An amendment says nothing about standing: a suspended member whose name is amended stays
    /// suspended. The standing is that of the newest standing fact, which an amendment never
    /// outranks: see <see cref="After"/>.
    /// </summary>
    public static MemberRecord Of(OrganisationChanged e) => new()
    {
        Id = e.OrganisationId, LegalName = e.LegalName, CreditCode = e.CreditCode, Kind = e.Kind, Region = e.Region, Group = e.Group,
        Standing = MemberStanding.Verified, Version = e.Version, At = e.ChangedAt,
    };

    public static MemberRecord Of(OrganisationSuspended e) => new()
    {
        Id = e.OrganisationId, LegalName = e.LegalName, CreditCode = e.CreditCode, Kind = e.Kind, Region = e.Region, Group = e.Group,
        Standing = MemberStanding.Suspended, SuspensionReason = e.Reason, Version = e.Version, At = e.SuspendedAt,
    };

    public static MemberRecord Of(OrganisationReinstated e) => new()
    {
        Id = e.OrganisationId, LegalName = e.LegalName, CreditCode = e.CreditCode, Kind = e.Kind, Region = e.Region, Group = e.Group,
        Standing = MemberStanding.Verified, Version = e.Version, At = e.ReinstatedAt,
    };
}
