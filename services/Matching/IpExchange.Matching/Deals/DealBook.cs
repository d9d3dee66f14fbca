using IpExchange.ServiceDefaults;
using IpExchange.Contracts;
using IpExchange.Contracts.Deals;
using IpExchange.EventStore;
using Npgsql;

namespace IpExchange.Matching.Deals;

/// <summary>
/// Every deal the Matching service strikes (at the listed price, by auction, by negotiation, by
/// competitive negotiation) goes through here: the <c>deals</c> row and the <c>DealStruck</c>
/// outbox row are written in the caller's transaction. The table's partial unique keys hold an
/// exclusive listing for one live deal (and a licence once per licensee), so two ways of buying
/// the same listing racing each other cannot both strike. A deal the Listing service refuses, or
/// whose agreement fails (the listing reopens), stops holding the listing.
/// </summary>
public static class DealBook
{
    public const string Struck = "Struck";
    public const string Reserved = "Reserved";
    public const string Licensed = "Licensed";
    public const string Completed = "Completed";
    public const string Refused = "Refused";
    public const string Released = "Released";

    /// <summary>Records and publishes the deal; false (nothing written) when the listing is already held or the licence already granted to this buyer.</summary>
    public static async Task<bool> TryStrike(EventSession session, EventStore.EventStore store, DealStruck deal, string source, string streamId, CancellationToken cancellationToken)
    {
        if (await Insert(session, store, deal, source, Struck, null, cancellationToken) == 0)
        {
            return false;
        }

        session.Publish(deal, streamId);
        return true;
    }

    /// <summary>Records a deal that could not take the listing (an auction won on a listing another deal holds): kept for the parties to see, not published.</summary>
    public static Task RecordRefused(EventSession session, EventStore.EventStore store, DealStruck deal, string source, string reason, CancellationToken cancellationToken) =>
        Insert(session, store, deal, source, Refused, reason, cancellationToken);

    /// <summary>The rule a refused strike breaks, for the caller.</summary>
    public static (string Rule, string Message) WhyNot(DealKind kind) => kind.IsExclusive()
        ? ("offer.already-taken", "Another enterprise took this listing first.")
        : ("offer.already-licensed", "Your organisation already holds this licence.");

    private static async Task<int> Insert(EventSession session, EventStore.EventStore store, DealStruck deal, string source, string status, string? reason, CancellationToken cancellationToken)
    {
        await using var cmd = new NpgsqlCommand(store.Sql("""
            INSERT INTO {schema}.deals (deal_id, listing_id, seller_org, buyer_org, exclusive, price, deal_kind, trading_mode, pricing_method, source,
                status, reason, struck_at, updated_at)
            VALUES (@d, @l, @s, @b, @x, @p, @kind, @mode, @pricing, @source, @status, @reason, @at, @at)
            ON CONFLICT DO NOTHING
            """), session.Connection, session.Transaction);
        cmd.Parameters.AddWithValue("d", deal.DealId);
        cmd.Parameters.AddWithValue("l", deal.ListingId);
        cmd.Parameters.AddWithValue("s", deal.SellerOrganisationId);
        cmd.Parameters.AddWithValue("b", deal.BuyerOrganisationId);
        cmd.Parameters.AddWithValue("x", deal.DealKind.IsExclusive());
        cmd.Parameters.AddWithValue("p", deal.Price);
        cmd.Parameters.AddWithValue("kind", deal.DealKind.ToString());
        cmd.Parameters.AddWithValue("mode", deal.TradingMode.ToString());
        cmd.Parameters.AddWithValue("pricing", deal.PricingMethod.ToString());
        cmd.Parameters.AddWithValue("source", source);
        cmd.Parameters.AddWithValue("status", status);
        cmd.Parameters.AddWithValue("reason", (object?)reason ?? DBNull.Value);
        cmd.Parameters.AddWithValue("at", deal.StruckAt);
        return await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>A new deal id: DEAL-, the date, random hex.</summary>
    public static string NewId(DateTimeOffset now) =>
        BusinessIds.New("DEAL-", now, randomBytes: 5);
}
