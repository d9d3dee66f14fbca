using IpExchange.Contracts.Members;
using IpExchange.EventStore;
using IpExchange.Messaging;
using MassTransit;

namespace IpExchange.Members;

/// <summary>
/// Keeps the service's <see cref="MemberRecord"/> and <see cref="MemberStanding"/> documents from the
/// Identity service's organisation events: once per message (inbox), and in any order (each document
/// keeps the fact with the highest organisation version; an amendment touches the details only).
/// </summary>
public sealed class OrganisationEventsConsumer(EventStore.EventStore store) :
    IConsumer<OrganisationVerified>, IConsumer<OrganisationChanged>, IConsumer<OrganisationSuspended>, IConsumer<OrganisationReinstated>
{
    public Task Consume(ConsumeContext<OrganisationVerified> context) =>
        store.HandleOnce(context, "members-organisation-verified", session =>
            Remember(session, MemberRecord.Of(context.Message), MemberStanding.Of(context.Message), context.Message.Version));

    public Task Consume(ConsumeContext<OrganisationChanged> context) =>
        store.HandleOnce(context, "members-organisation-changed", session =>
            Remember(session, MemberRecord.Of(context.Message), standing: null, context.Message.Version));

    public Task Consume(ConsumeContext<OrganisationSuspended> context) =>
        store.HandleOnce(context, "members-organisation-suspended", session =>
            Remember(session, MemberRecord.Of(context.Message), MemberStanding.Of(context.Message), context.Message.Version));

    public Task Consume(ConsumeContext<OrganisationReinstated> context) =>
        store.HandleOnce(context, "members-organisation-reinstated", session =>
            Remember(session, MemberRecord.Of(context.Message), MemberStanding.Of(context.Message), context.Message.Version));

    private static Task Remember(EventSession session, MemberRecord details, MemberStanding? standing, long version)
    {
        session.Marten.TryUpdateRevision(details, version);
        if (standing is not null)
        {
            session.Marten.TryUpdateRevision(standing, version);
        }

        return Task.CompletedTask;
    }
}
