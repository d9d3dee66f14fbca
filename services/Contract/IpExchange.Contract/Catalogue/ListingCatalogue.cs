using System.Text.Json;
using IpExchange.Contract.Agreements;
using IpExchange.Contracts.Listings;
using IpExchange.EventStore;
using IpExchange.Messaging;
using MassTransit;
using Npgsql;
using NpgsqlTypes;

namespace IpExchange.Contract.Catalogue;

/// <summary>A listing as the agreement's text needs it: title, owner and patents.</summary>
public sealed record KnownListing(string ListingId, string OwnerOrganisationId, string OwnerName, string Title, IReadOnlyList<AgreementPatent> Patents);

/// <summary>
/// The listings and organisation names this service learned from events. DealStruck carries only
/// ids; the text of an agreement names the patents and the parties, so the Contract service keeps
/// what ListingPublished told it (never reading the Listing service's database) and the names that
/// signers' tokens carry.
/// </summary>
public static class ListingCatalogue
{
    public static async Task<KnownListing?> Find(EventSession session, EventStore.EventStore store, string listingId, CancellationToken cancellationToken)
    {
        await using var cmd = new NpgsqlCommand(store.Sql("SELECT owner_org, owner_name, title, patents::text FROM {schema}.known_listings WHERE listing_id = @id"),
            session.Connection, session.Transaction);
        cmd.Parameters.AddWithValue("id", listingId);
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        var patents = JsonSerializer.Deserialize<List<AgreementPatent>>(reader.GetString(3), store.Json) ?? [];
        return new KnownListing(listingId, reader.GetString(0), reader.GetString(1), reader.GetString(2), patents);
    }

    /// <summary>The known names of <paramref name="organisationIds"/>; an unknown one is absent.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> Names(EventSession session, EventStore.EventStore store, IReadOnlyList<string> organisationIds, CancellationToken cancellationToken)
    {
        await using var cmd = new NpgsqlCommand(store.Sql("SELECT id, name FROM {schema}.organisations WHERE id = ANY(@ids)"), session.Connection, session.Transaction);
        cmd.Parameters.AddWithValue("ids", organisationIds.ToArray());
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            names[reader.GetString(0)] = reader.GetString(1);
        }

        return names;
    }

    /// <summary>Remembers an organisation's name (from a listing or a signer's token), in the session's transaction.</summary>
    public static async Task RememberName(EventSession session, EventStore.EventStore store, string organisationId, string name, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var cmd = new NpgsqlCommand(store.Sql("""
            INSERT INTO {schema}.organisations (id, name, updated_at) VALUES (@id, @name, @at)
            ON CONFLICT (id) DO UPDATE SET name = excluded.name, updated_at = excluded.updated_at
            WHERE organisations.updated_at <= excluded.updated_at
            """), session.Connection, session.Transaction);
        cmd.Parameters.AddWithValue("id", organisationId);
        cmd.Parameters.AddWithValue("name", name);
        cmd.Parameters.AddWithValue("at", at);
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }
}

/// <summary>Learns listings and their owners' names from ListingPublished.</summary>
public sealed class ListingPublishedConsumer(EventStore.EventStore store) : IConsumer<ListingPublished>
{
    public Task Consume(ConsumeContext<ListingPublished> context) =>
        store.HandleOnce(context, "contract-listing-published", async session =>
        {
            var l = context.Message;
            var patents = l.Patents.Select(p => new AgreementPatent(p.ApplicationNumber, p.Title, p.Type, p.ExpiresOn)).ToList();
            await using var cmd = new NpgsqlCommand(store.Sql("""
                INSERT INTO {schema}.known_listings (listing_id, owner_org, owner_name, title, patents, published_at)
                VALUES (@id, @owner, @name, @title, @patents, @at)
                ON CONFLICT (listing_id) DO UPDATE SET owner_name = excluded.owner_name, title = excluded.title,
                    patents = excluded.patents, published_at = excluded.published_at
                WHERE known_listings.published_at <= excluded.published_at
                """), session.Connection, session.Transaction);
            cmd.Parameters.AddWithValue("id", l.ListingId);
            cmd.Parameters.AddWithValue("owner", l.OwnerOrganisationId);
            cmd.Parameters.AddWithValue("name", l.OwnerOrganisationName);
            cmd.Parameters.AddWithValue("title", l.Title);
            cmd.Parameters.Add(new NpgsqlParameter("patents", NpgsqlDbType.Jsonb) { Value = JsonSerializer.Serialize(patents, store.Json) });
            cmd.Parameters.AddWithValue("at", l.PublishedAt);
            await cmd.ExecuteNonQueryAsync(context.CancellationToken);
            await ListingCatalogue.RememberName(session, store, l.OwnerOrganisationId, l.OwnerOrganisationName, l.PublishedAt, context.CancellationToken);
        });
}
