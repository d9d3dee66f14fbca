using IpExchange.Contracts;
using IpExchange.Contracts.Listings;
using IpExchange.EventStore;
using IpExchange.Messaging;
using Marten;
using MassTransit;

namespace IpExchange.Finance.Patents;

/// <summary>
/// A patent as the Listing service last described it (<c>PatentChanged</c>): its owner, whether it
/// is in force, and its pledge. A Marten document whose numeric revision is the patent stream's
/// version at the Listing service, written with <c>TryUpdateRevision</c>: messages come in any
/// order, and an older description arriving late changes nothing.
/// </summary>
public sealed record KnownPatent(
    string Id, string Title, PatentType Type, string OwnerOrganisationId, bool InForce, DateOnly ExpiresOn, string? Pledgee, string? PledgeContractNumber,
    IReadOnlyList<string>? IpcCodes = null)
{
    public bool Pledged => Pledgee is not null;
}

public static class KnownPatents
{
    public static void Register(StoreOptions options) => options.Schema.For<KnownPatent>().Identity(x => x.Id).UseNumericRevisions(true);

    public static async Task<IReadOnlyDictionary<string, KnownPatent>> Find(EventSession session, IEnumerable<string> ids, CancellationToken cancellationToken) =>
        (await session.Marten.LoadManyAsync<KnownPatent>(cancellationToken, ids.Distinct().ToArray())).ToDictionary(p => p.Id);
}

/// <summary>Learns patents, their owners and pledges from the Listing service.</summary>
public sealed class PatentChangedConsumer(EventStore.EventStore store) : IConsumer<PatentChanged>
{
    public Task Consume(ConsumeContext<PatentChanged> context) =>
        store.HandleOnce(context, "finance-patent-changed", session =>
        {
            var p = context.Message;
            session.Marten.TryUpdateRevision(new KnownPatent(p.PatentId, p.Title, p.Type, p.OwnerOrganisationId, p.InForce, p.ExpiresOn, p.Pledgee, p.PledgeContractNumber, p.IpcCodes), p.Version);
            return Task.CompletedTask;
        });
}
