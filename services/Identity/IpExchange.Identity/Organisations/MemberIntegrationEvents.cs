using IpExchange.Contracts.Members;
using IpExchange.EventStore;

namespace IpExchange.Identity.Organisations;

/// <summary>
/// The one place where the Identity service's domain events become the integration events of
/// <c>IpExchange.Contracts.Members</c>: the session calls it for every event it appends, with the
/// organisation as it is after the event, and writes what it returns to the outbox in the same
/// transaction. Each message carries the organisation's registered details as they are now and the
/// stream version, so a consumer that receives them out of order keeps the newest. Applications,
/// rejections, contacts and credit-code holds are the Identity service's own business.
/// </summary>
public sealed class MemberIntegrationEvents : IIntegrationEvents
{
    public IEnumerable<object> For(AppendedEvent appended)
    {
        if (appended.State is not Organisation { Details: { } d } organisation)
        {
            yield break;
        }

        var id = organisation.Id!;
        switch (appended.Data)
        {
            case ApplicationVerified:
                yield return new OrganisationVerified(id, d.LegalName, d.CreditCode, d.Kind, d.Region, d.Group, appended.Version, appended.At);
                break;
            case RegisteredDetailsAmended:
                yield return new OrganisationChanged(id, d.LegalName, d.CreditCode, d.Kind, d.Region, d.Group, appended.Version, appended.At);
                break;
            case MembershipSuspended e:
                yield return new OrganisationSuspended(id, d.LegalName, d.CreditCode, d.Kind, d.Region, d.Group, e.Reason, appended.Version, appended.At);
                break;
            case MembershipReinstated:
                yield return new OrganisationReinstated(id, d.LegalName, d.CreditCode, d.Kind, d.Region, d.Group, appended.Version, appended.At);
                break;
        }
    }
}
