using Dapper;
using IpExchange.Contracts;
using IpExchange.Contracts.Deals;
using IpExchange.EventStore;
using IpExchange.ServiceDefaults;

namespace IpExchange.Matching.Deals;

/// <summary>
/// Every deal the Matching service strikes (at the listed price, by auction, by negotiation, by
/// competitive negotiation) goes through here: the <c>deals</c> row is written in the caller's
/// transaction, with the domain event whose integration map puts <c>DealStruck</c> in the outbox.
/// The table's partial unique keys hold an exclusive listing for one live deal (and a licence once
/// per licensee), so two ways of buying the same listing racing each other cannot both strike. A
/// deal the Listing service refuses, or whose agreement fails (the listing reopens), stops holding
/// the listing.
/// </summary>
/// <remarks>
/// A plain table rather than a Marten document: the keys are partial (only a live deal holds the
/// listing) and a strike must learn inside the transaction whether it got the listing
/// (<c>ON CONFLICT DO NOTHING</c>'s row count), so that an auction's close records the refusal
/// and a racing acceptance answers 422, where a conflicting document would fail the whole unit of
/// work at commit. The Listing service's answers move a row along a state machine
/// (<c>UPDATE … WHERE status = ANY(from)</c>), which needs no document load.
/// </remarks>
public static class DealBook
{
    public const string Struck = "Struck";
    public const string Reserved = "Reserved";
    public const string Licensed = "Licensed";
    public const string Completed = "Completed";
    public const string Refused = "Refused";
    public const string Released = "Released";

    /// <summary>Records the deal; false (nothing written) when the listing is already held or the licence already granted to this buyer.</summary>
    public static async Task<bool> TryStrike(EventSession session, EventStore.EventStore store, DealStruck deal, string source, CancellationToken cancellationToken) =>
        await Insert(session, store, deal, source, Struck, null, cancellationToken) == 1;

    /// <summary>Records a deal that could not take the listing (an auction won on a listing another deal holds): kept for the parties to see, not published.</summary>
    public static Task RecordRefused(EventSession session, EventStore.EventStore store, DealStruck deal, string source, string reason, CancellationToken cancellationToken) =>
        Insert(session, store, deal, source, Refused, reason, cancellationToken);

    /// <summary>The rule a refused strike breaks, for the caller.</summary>
    public static (string Rule, string Message) WhyNot(DealKind kind) => kind.IsExclusive()
        ? ("offer.already-taken", "Another enterprise took this listing first.")
        : ("offer.already-licensed", "Your organisation already holds this licence.");

    private static async Task<int> Insert(EventSession session, EventStore.EventStore store, DealStruck deal, string source, string status, string? reason, CancellationToken cancellationToken)
    {
        var connection = await session.Connection(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(store.Sql("""
            INSERT INTO {schema}.deals (deal_id, listing_id, seller_org, buyer_org, exclusive, price, deal_kind, trading_mode, pricing_method, source,
                status, reason, struck_at, updated_at)
            VALUES (@DealId, @ListingId, @SellerOrganisationId, @BuyerOrganisationId, @Exclusive, @Price, @DealKind, @TradingMode, @PricingMethod, @Source,
                @Status, @Reason, @StruckAt, @StruckAt)
            ON CONFLICT DO NOTHING
            """), new
        {
            deal.DealId, deal.ListingId, deal.SellerOrganisationId, deal.BuyerOrganisationId, Exclusive = deal.DealKind.IsExclusive(), deal.Price,
            DealKind = deal.DealKind.ToString(), TradingMode = deal.TradingMode.ToString(), PricingMethod = deal.PricingMethod.ToString(),
            Source = source, Status = status, Reason = reason, deal.StruckAt,
        }, cancellationToken: cancellationToken));
    }

    /// <summary>A new deal id: DEAL-, the date, random hex.</summary>
    public static string NewId(DateTimeOffset now) =>
        BusinessIds.New("DEAL-", now, randomBytes: 5);
}
