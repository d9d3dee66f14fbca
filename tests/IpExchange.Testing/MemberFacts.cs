using IpExchange.Contracts.Members;
using IpExchange.ServiceDefaults;
using MassTransit;

namespace IpExchange.Testing;

/// <summary>
/// The Identity service's organisation events about a test caller's organisation, published on the
/// real bus; each call waits until the service has handled the message (its inbox), never sleeping.
/// Versions are the organisation's stream versions: verified is 2, and each later fact one more.
/// </summary>
public static class MemberFacts
{
    /// <summary>A valid 统一社会信用代码 (GB 32100-2015 check character) for test organisations.</summary>
    public const string SampleCreditCode = "91430200MA4L0XNH2T";

    public static OrganisationVerified Verified(Caller member, string creditCode = SampleCreditCode, string? legalName = null) =>
        new(member.OrganisationId, legalName ?? member.OrganisationName, creditCode, KindOf(member), member.Region ?? "湖南", member.Group, 2, DateTimeOffset.UtcNow);

    public static OrganisationSuspended Suspended(Caller member, long version = 3, string creditCode = SampleCreditCode, string reason = "涉嫌串通竞价，暂停交易") =>
        new(member.OrganisationId, member.OrganisationName, creditCode, KindOf(member), member.Region ?? "湖南", member.Group, reason, version, DateTimeOffset.UtcNow);

    public static OrganisationReinstated Reinstated(Caller member, long version = 4, string creditCode = SampleCreditCode) =>
        new(member.OrganisationId, member.OrganisationName, creditCode, KindOf(member), member.Region ?? "湖南", member.Group, version, DateTimeOffset.UtcNow);

    public static OrganisationChanged Changed(Caller member, string legalName, long version, string creditCode = SampleCreditCode) =>
        new(member.OrganisationId, legalName, creditCode, KindOf(member), member.Region ?? "湖南", member.Group, version, DateTimeOffset.UtcNow);

    /// <summary>Publishes <paramref name="message"/> as the Identity service would and waits until <paramref name="service"/> handled it.</summary>
    public static async Task Tell<TEntryPoint, TMessage>(this ServiceFactory<TEntryPoint> service, TMessage message)
        where TEntryPoint : class
        where TMessage : class
    {
        var id = NewId.NextGuid();
        await service.Bus.Publish(message, context => context.MessageId = id);
        await service.Consumed(id, $"{typeof(TMessage).Name} handled");
    }

    private static OrganisationKind KindOf(Caller member) => member.Role switch
    {
        Roles.University => OrganisationKind.UniversityOrInstitute,
        Roles.Exchange => OrganisationKind.Exchange,
        _ => OrganisationKind.Enterprise,
    };
}
