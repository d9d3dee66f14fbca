using IpExchange.Contracts.Listings;
using IpExchange.Matching.Matching;
using IpExchange.Messaging;
using IpExchange.Text;
using MassTransit;
using Npgsql;

namespace IpExchange.Matching.Catalogue;

/// <summary>
/// Learns the public listings from the Listing service's events (never from its database). Each
/// change carries its time, and an older change never overwrites a newer one, so a redelivered or
/// late message cannot turn a withdrawn listing public again.
/// </summary>
public sealed class CatalogueConsumer(EventStore.EventStore store) :
    IConsumer<ListingPublished>, IConsumer<ListingWithdrawn>, IConsumer<ListingExpired>,
    IConsumer<ListingReserved>, IConsumer<ListingSold>, IConsumer<ListingReopened>
{
    public Task Consume(ConsumeContext<ListingPublished> context) =>
        store.HandleOnce(context, "matching-catalogue", async session =>
        {
            var l = context.Message;
            await using var cmd = new NpgsqlCommand(store.Sql("""
                INSERT INTO {schema}.catalogue (listing_id, owner_org, owner_name, region, title, title_en, summary, deal_kind, pricing_method,
                    trading_mode, asking_price, reserve_price, open_licence_fee, directed_to, alliance_id, alliance_members, listed_until,
                    ipc_codes, terms, status, published_at, updated_at)
                VALUES (@id, @owner, @owner_name, @region, @title, @title_en, @summary, @deal_kind, @pricing, @mode, @asking, @reserve, @fee,
                    @directed, @alliance, @members, @until, @ipc, @terms, 'Public', @at, @at)
                ON CONFLICT (listing_id) DO UPDATE SET status = 'Public', updated_at = excluded.updated_at
                WHERE catalogue.updated_at <= excluded.updated_at
                """), session.Connection, session.Transaction);
            cmd.Parameters.AddWithValue("id", l.ListingId);
            cmd.Parameters.AddWithValue("owner", l.OwnerOrganisationId);
            cmd.Parameters.AddWithValue("owner_name", l.OwnerOrganisationName);
            cmd.Parameters.AddWithValue("region", (object?)l.Region ?? DBNull.Value);
            cmd.Parameters.AddWithValue("title", l.Title);
            cmd.Parameters.AddWithValue("title_en", (object?)l.TitleEn ?? DBNull.Value);
            cmd.Parameters.AddWithValue("summary", l.Summary);
            cmd.Parameters.AddWithValue("deal_kind", l.DealKind.ToString());
            cmd.Parameters.AddWithValue("pricing", l.PricingMethod.ToString());
            cmd.Parameters.AddWithValue("mode", l.TradingMode.ToString());
            cmd.Parameters.AddWithValue("asking", l.AskingPrice);
            cmd.Parameters.AddWithValue("reserve", (object?)l.ReservePrice ?? DBNull.Value);
            cmd.Parameters.AddWithValue("fee", (object?)l.OpenLicenceFee ?? DBNull.Value);
            cmd.Parameters.AddWithValue("directed", (object?)l.DirectedToOrganisationId ?? DBNull.Value);
            cmd.Parameters.AddWithValue("alliance", (object?)l.AllianceId ?? DBNull.Value);
            cmd.Parameters.AddWithValue("members", l.AllianceMemberIds.ToArray());
            cmd.Parameters.AddWithValue("until", l.ListedUntil);
            cmd.Parameters.AddWithValue("ipc", l.Patents.SelectMany(p => p.IpcCodes).Distinct().ToArray());
            cmd.Parameters.AddWithValue("terms", SearchTerms.Of(string.Join(' ', [l.Title, l.TitleEn, l.Summary, .. l.Patents.Select(p => p.Title)])).Distinct().ToArray());
            cmd.Parameters.AddWithValue("at", l.PublishedAt);
            if (await cmd.ExecuteNonQueryAsync(context.CancellationToken) == 1)
            {
                var offer = new Offer(l.ListingId, l.Title, l.Patents.SelectMany(p => p.IpcCodes).Distinct().ToList(),
                    ((string[])cmd.Parameters["terms"].Value!).ToHashSet(StringComparer.Ordinal), l.AskingPrice, l.DealKind);
                await StrongMatches.ForListing(session, store, offer, l.OwnerOrganisationId, context.CancellationToken);
            }
        });

    public Task Consume(ConsumeContext<ListingWithdrawn> context) => Status(context, context.Message.ListingId, "Withdrawn", context.Message.WithdrawnAt);

    public Task Consume(ConsumeContext<ListingExpired> context) => Status(context, context.Message.ListingId, "Expired", context.Message.ExpiredAt);

    public Task Consume(ConsumeContext<ListingReserved> context) => Status(context, context.Message.ListingId, "Reserved", context.Message.ReservedAt);

    public Task Consume(ConsumeContext<ListingSold> context) => Status(context, context.Message.ListingId, "Sold", context.Message.SoldAt);

    public Task Consume(ConsumeContext<ListingReopened> context) => Status(context, context.Message.ListingId, "Public", context.Message.ReopenedAt);

    private Task Status(ConsumeContext context, string listingId, string status, DateTimeOffset at) =>
        store.HandleOnce(context, "matching-catalogue", async session =>
        {
            await using var cmd = new NpgsqlCommand(store.Sql(
                "UPDATE {schema}.catalogue SET status = @status, updated_at = @at WHERE listing_id = @id AND updated_at <= @at"),
                session.Connection, session.Transaction);
            cmd.Parameters.AddWithValue("id", listingId);
            cmd.Parameters.AddWithValue("status", status);
            cmd.Parameters.AddWithValue("at", at);
            await cmd.ExecuteNonQueryAsync(context.CancellationToken);
        });
}
