using IpExchange.Contracts.Members;
using IpExchange.EventStore;

namespace IpExchange.Identity.Organisations;

public enum OrganisationStatus
{
    None,
    Applied,     // 待审核: applied, waiting for the exchange's verification
    Verified,    // 已认证: a member
    Rejected,    // 未通过: rejected with a reason
    Suspended,   // 已暂停: a member that may not act until reinstated
}

/// <summary>联系人: who the exchange calls about the application.</summary>
public sealed record Contact(string Name, string Phone, string Email);

/// <summary>The licence document the exchange checks: 营业执照 or 事业单位法人证书 and the like, its number and date of issue.</summary>
public sealed record Licence(string Number, DateOnly IssuedOn);

/// <summary>What the exchange verifies and every service shows: the registered legal name and code, kind, region and corporate group.</summary>
public sealed record RegisteredDetails(string LegalName, string CreditCode, OrganisationKind Kind, string Region, string? Group);

/// <summary>会员申请: an organisation applies, naming the account that will administer its users.</summary>
public sealed record MembershipApplied(string OrganisationId, RegisteredDetails Details, Contact Contact, Licence Licence, string AdministratorUserId);

/// <summary>实名认证通过.</summary>
public sealed record ApplicationVerified(string OrganisationId, string ReviewerId);

public sealed record ApplicationRejected(string OrganisationId, string ReviewerId, string Reason);

public sealed record MembershipSuspended(string OrganisationId, string ReviewerId, string Reason);

public sealed record MembershipReinstated(string OrganisationId, string ReviewerId, string? Note);

/// <summary>The exchange amended a member's registered details (a change of name 更名, of region, of group), saying why.</summary>
public sealed record RegisteredDetailsAmended(string OrganisationId, string ReviewerId, string LegalName, string Region, string? Group, string Reason);

public sealed record ContactChanged(string OrganisationId, string ChangedBy, Contact Contact);

/// <summary>An organisation, folded from its stream <c>organisation-{id}</c>.</summary>
public sealed record Organisation(
    string? Id,
    OrganisationStatus Status,
    RegisteredDetails? Details,
    Contact? Contact,
    Licence? Licence,
    string? AdministratorUserId,
    string? Reason) : IAggregateState<Organisation>
{
    public static Organisation Initial { get; } = new(null, OrganisationStatus.None, null, null, null, null, null);

    public static string StreamId(string organisationId) => $"organisation-{organisationId}";

    /// <summary>A member in good standing: its users may sign in and act.</summary>
    public bool MayAct => Status == OrganisationStatus.Verified;

    public static Organisation Evolve(Organisation state, object @event) => @event switch
    {
        MembershipApplied e => state with
        {
            Id = e.OrganisationId, Status = OrganisationStatus.Applied, Details = e.Details, Contact = e.Contact, Licence = e.Licence,
            AdministratorUserId = e.AdministratorUserId, Reason = null,
        },
        ApplicationVerified => state with { Status = OrganisationStatus.Verified, Reason = null },
        ApplicationRejected e => state with { Status = OrganisationStatus.Rejected, Reason = e.Reason },
        MembershipSuspended e => state with { Status = OrganisationStatus.Suspended, Reason = e.Reason },
        MembershipReinstated => state with { Status = OrganisationStatus.Verified, Reason = null },
        RegisteredDetailsAmended e => state with { Details = state.Details! with { LegalName = e.LegalName, Region = e.Region, Group = e.Group } },
        ContactChanged e => state with { Contact = e.Contact },
        _ => state,
    };
}

/// <summary>
/// The hold on a 统一社会信用代码, stream <c>credit-code-{code}</c>: appending to it in the same unit of work
/// as the application makes "one organisation per code" hold under concurrent applications (the second
/// commit loses the optimistic race). A rejected application releases the code, so that the organisation
/// may apply again with corrected papers.
/// </summary>
public sealed record CreditCodeClaimed(string CreditCode, string OrganisationId);

public sealed record CreditCodeReleased(string CreditCode, string OrganisationId);

public sealed record CreditCodeHold(string? OrganisationId) : IAggregateState<CreditCodeHold>
{
    public static CreditCodeHold Initial { get; } = new((string?)null);

    public static string StreamId(string creditCode) => $"credit-code-{creditCode}";

    public static CreditCodeHold Evolve(CreditCodeHold state, object @event) => @event switch
    {
        CreditCodeClaimed e => new CreditCodeHold(e.OrganisationId),
        CreditCodeReleased => Initial,
        _ => state,
    };
}

/// <summary>Every domain event the service stores, each under its short type name (never renamed).</summary>
public static class MemberEvents
{
    public static IReadOnlyList<Type> All { get; } =
    [
        typeof(MembershipApplied), typeof(ApplicationVerified), typeof(ApplicationRejected), typeof(MembershipSuspended),
        typeof(MembershipReinstated), typeof(RegisteredDetailsAmended), typeof(ContactChanged),
        typeof(CreditCodeClaimed), typeof(CreditCodeReleased),
    ];
}
