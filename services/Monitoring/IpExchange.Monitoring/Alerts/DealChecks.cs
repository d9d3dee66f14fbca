using IpExchange.Contracts.Agreements;
using IpExchange.Contracts.Auctions;
using IpExchange.Contracts.Deals;
using IpExchange.EventStore;
using IpExchange.Monitoring.Pipeline;
using IpExchange.Monitoring.Valuation;
using Npgsql;

namespace IpExchange.Monitoring.Alerts;

/// <summary>Gathers what the rules need from the cockpit's tables, runs them, and raises what they find.</summary>
public static class DealChecks
{
    public static async Task OnStruck(EventSession session, EventStore.EventStore store, DealStruck deal, Guid? messageId, AlertOptions options, CancellationToken cancellationToken)
    {
        var listing = await ListingOf(session, store, deal.ListingId, cancellationToken);
        var valuation = Estimate.None;
        if (listing is { Features: { } features })
        {
            var atDeal = features with { DealKind = deal.DealKind, RemainingTermYears = Valuation.Valuation.RemainingYears(listing.Facts.ExpiresOn, deal.StruckAt) };
            valuation = Valuation.Valuation.Of(atDeal, await Comparables.InClass(session.Connection, session.Transaction, store, atDeal, cancellationToken));
        }

        foreach (var finding in AlertRules.ForDeal(deal, messageId, listing?.Facts, valuation, options))
        {
            await AlertRaising.Raise(session, store, finding, cancellationToken);
        }
    }

    public static async Task OnBid(EventSession session, EventStore.EventStore store, AuctionBidAccepted bid, Guid? messageId, AlertOptions options, CancellationToken cancellationToken)
    {
        var earlier = new List<EarlierBid>();
        await using (var cmd = new NpgsqlCommand(store.Sql("SELECT bidder_org, bidder_group, placed_at, message_id FROM {schema}.auction_bids WHERE auction_id = @id"),
            session.Connection, session.Transaction))
        {
            cmd.With("id", bid.AuctionId);
            await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                earlier.Add(new EarlierBid(reader.GetString(0), reader.Get<string>("bidder_group"), reader.GetFieldValue<DateTimeOffset>(2), reader.Get<Guid?>("message_id")));
            }
        }

        foreach (var finding in AlertRules.ForBid(bid, messageId, earlier, options))
        {
            await AlertRaising.Raise(session, store, finding, cancellationToken);
        }
    }

    /// <summary>A payment the Contract service reports overdue makes the deal stuck where it is.</summary>
    public static async Task OnPaymentOverdue(EventSession session, EventStore.EventStore store, PaymentOverdue overdue, Guid? messageId, CancellationToken cancellationToken)
    {
        string? stage = null;
        string? listingId = null;
        await using (var cmd = new NpgsqlCommand(store.Sql("SELECT stage, listing_id FROM {schema}.deals WHERE deal_id = @id"), session.Connection, session.Transaction))
        {
            cmd.With("id", overdue.DealId);
            await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                stage = reader.GetString(0);
                listingId = reader.GetString(1);
            }
        }

        if (stage is not null && DealStage.IsEnded(stage))
        {
            return;
        }

        var reason = $"款项 {overdue.Milestone} ({overdue.AmountDue:0.00} 元) 于 {overdue.DueOn:yyyy-MM-dd} 到期未付 (payment overdue)";
        var deadline = new DateTimeOffset(overdue.DueOn.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddDays(1);
        if (stage is not null)
        {
            session.Append(Facts.Facts.DealStream(overdue.DealId), "deal", ExpectedVersion.Any, new DealStuck(overdue.DealId, stage, reason, deadline, store.Now()));
        }

        await AlertRaising.Raise(session, store, AlertRules.Stuck(overdue.DealId, listingId ?? "", stage ?? "unknown", reason, deadline, messageId), cancellationToken);
    }

    private sealed record ListingRow(ListingFacts Facts, ValuationFeatures? Features);

    private static async Task<ListingRow?> ListingOf(EventSession session, EventStore.EventStore store, string listingId, CancellationToken cancellationToken)
    {
        await using var cmd = new NpgsqlCommand(store.Sql("""
            SELECT asking_price, expires_on, pledged, message_id, ipc_code, deal_kind, patent_type, claims_count FROM {schema}.listings WHERE listing_id = @id
            """), session.Connection, session.Transaction);
        cmd.With("id", listingId);
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        var facts = new ListingFacts(listingId, reader.GetDecimal(0), reader.GetFieldValue<DateOnly>(1), reader.GetBoolean(2), reader.Get<Guid?>("message_id"));
        var ipc = reader.Get<string>("ipc_code");
        var features = ipc is null ? null : new ValuationFeatures(ipc, Enum.Parse<Contracts.DealKind>(reader.GetString(5)), Enum.Parse<Contracts.PatentType>(reader.GetString(6)), 0m, reader.GetInt32(7));
        return new ListingRow(facts, features);
    }
}
