using IpExchange.Contracts.Agreements;
using IpExchange.Contracts.Auctions;
using IpExchange.Contracts.Deals;
using IpExchange.Contracts.Listings;
using IpExchange.EventStore;

namespace IpExchange.Monitoring.Pipeline;

/// <summary>
/// Keeps the pipeline tables (listings, deals, time in each stage, auctions and their bids) in step
/// with the facts, in the append's transaction. Deal stages only move forward and listing stages
/// only take a newer change, so a late or repeated fact leaves the figures as they were.
/// </summary>
public sealed class PipelineProjection : IInlineProjection
{
    public Task Apply(ProjectionContext context, StoredEvent @event, CancellationToken cancellationToken) => @event.Data switch
    {
        ListingSubmitted e => Execute(context, """
            INSERT INTO {schema}.listing_reviews (listing_id, owner_org, owner_name, region, title, deal_kind, asking_price, ipc_section, stage, submitted_at)
            VALUES (@id, @owner, @owner_name, @region, @title, @kind, @asking, @section, 'Submitted', @at)
            ON CONFLICT (listing_id) DO UPDATE SET title = excluded.title, deal_kind = excluded.deal_kind, asking_price = excluded.asking_price,
                ipc_section = excluded.ipc_section, stage = 'Submitted', submitted_at = excluded.submitted_at, reviewed_at = NULL
            WHERE listing_reviews.submitted_at <= excluded.submitted_at
            """, cancellationToken, ("id", e.ListingId), ("owner", e.OwnerOrganisationId), ("owner_name", e.OwnerOrganisationName), ("region", e.Region),
            ("title", e.Title), ("kind", e.DealKind.ToString()), ("asking", e.AskingPrice), ("section", e.IpcCodes.Count > 0 ? IpcCode.Parse(e.IpcCodes[0])?.Section : null),
            ("at", e.SubmittedAt)),
        ListingRejected e => Execute(context, """
            UPDATE {schema}.listing_reviews SET stage = 'Rejected', reviewed_at = @at, rejections = rejections + 1, reasons = @reasons
            WHERE listing_id = @id AND stage = 'Submitted' AND submitted_at <= @at
            """, cancellationToken, ("id", e.ListingId), ("reasons", e.Reasons.ToArray()), ("at", e.RejectedAt)),
        ListingPublished e => Published(context, e, @event, cancellationToken),
        ListingWithdrawn e => ListingMoved(context, e.ListingId, ListingStage.Withdrawn, e.WithdrawnAt, cancellationToken),
        ListingExpired e => ListingMoved(context, e.ListingId, ListingStage.Expired, e.ExpiredAt, cancellationToken),
        ListingReserved e => ListingMoved(context, e.ListingId, ListingStage.Reserved, e.ReservedAt, cancellationToken),
        ListingSold e => ListingMoved(context, e.ListingId, ListingStage.Sold, e.SoldAt, cancellationToken),
        ListingReopened e => ListingMoved(context, e.ListingId, ListingStage.Public, e.ReopenedAt, cancellationToken),
        ListingLicensed e => Execute(context, "UPDATE {schema}.listings SET licence_count = greatest(licence_count, @n) WHERE listing_id = @id",
            cancellationToken, ("id", e.ListingId), ("n", e.LicenceCount)),
        DealStruck e => Struck(context, e, cancellationToken),
        DealRefused e => Advance(context, e.DealId, DealStage.Refused, e.RefusedAt, cancellationToken, e.Reason),
        AgreementDrafted e => Drafted(context, e, cancellationToken),
        AgreementSigned { BothSigned: true } e => Advance(context, e.DealId, DealStage.SignedByBoth, e.SignedAt, cancellationToken),
        AgreementAmended e => Execute(context, "UPDATE {schema}.deals SET price = @price, signing_deadline = coalesce(@deadline::timestamptz, signing_deadline) WHERE deal_id = @id",
            cancellationToken, ("id", e.DealId), ("price", e.Price), ("deadline", e.SigningDeadline == default ? (object?)null : e.SigningDeadline)),
        AgreementRecorded e => Recorded(context, e, cancellationToken),
        PaymentReceived e => Paid(context, e, cancellationToken),
        TransferRegistered e => Execute(context, "UPDATE {schema}.deals SET registered_at = @at WHERE deal_id = @id",
            cancellationToken, ("id", e.DealId), ("at", e.RecordedAt)),
        ContractCompleted e => Completed(context, e, cancellationToken),
        ContractCancelled e => Advance(context, e.DealId, DealStage.Cancelled, e.CancelledAt, cancellationToken, e.Reason),
        DealStuck e => Execute(context, """
            UPDATE {schema}.deals SET stuck = true, stuck_reason = @reason, stuck_since = @deadline
            WHERE deal_id = @id AND stage = @stage
            """, cancellationToken, ("id", e.DealId), ("stage", e.Stage), ("reason", e.Reason), ("deadline", e.Deadline)),
        AuctionBidAccepted e => Bid(context, e, @event, cancellationToken),
        AuctionEnded e => Execute(context, """
            INSERT INTO {schema}.auctions (auction_id, listing_id, outcome, winner_org, price, bids, ended_at)
            VALUES (@id, @listing, @outcome, @winner, @price, @bids, @at)
            ON CONFLICT (auction_id) DO UPDATE SET outcome = excluded.outcome, winner_org = excluded.winner_org,
                price = excluded.price, bids = greatest(auctions.bids, excluded.bids), ended_at = excluded.ended_at
            """, cancellationToken, ("id", e.AuctionId), ("listing", e.ListingId), ("outcome", e.Outcome), ("winner", e.WinnerOrganisationId),
            ("price", e.Price), ("bids", e.Bids), ("at", e.EndedAt)),
        _ => Task.CompletedTask,
    };

    private static async Task Published(ProjectionContext context, ListingPublished e, StoredEvent stored, CancellationToken cancellationToken)
    {
        var first = e.Patents.Count > 0 ? e.Patents[0] : null;
        var firstCode = first is { IpcCodes.Count: > 0 } ? first.IpcCodes[0] : null;
        var ipc = IpcCode.Parse(firstCode);
        await using var cmd = context.Command("""
            INSERT INTO {schema}.listings (listing_id, owner_org, owner_name, region, title, deal_kind, pricing_method, trading_mode, asking_price,
                appraised_value, ipc_code, ipc_section, ipc_class, ipc_subclass, patent_type, patent_count, claims_count, expires_on, pledged,
                stage, stage_since, published_at, message_id)
            VALUES (@id, @owner, @owner_name, @region, @title, @kind, @pricing, @mode, @asking, @appraised, @ipc, @section, @class, @subclass,
                @type, @patents, @claims, @expires, @pledged, 'Public', @at, @at, @message)
            ON CONFLICT (listing_id) DO UPDATE SET stage = 'Public', stage_since = excluded.stage_since
            WHERE listings.stage_since <= excluded.stage_since
            """);
        cmd.With("id", e.ListingId).With("owner", e.OwnerOrganisationId).With("owner_name", e.OwnerOrganisationName).With("region", e.Region)
            .With("title", e.Title).With("kind", e.DealKind.ToString()).With("pricing", e.PricingMethod.ToString()).With("mode", e.TradingMode.ToString())
            .With("asking", e.AskingPrice).With("appraised", e.AppraisedValue).With("ipc", firstCode)
            .With("section", ipc?.Section).With("class", ipc?.Class).With("subclass", ipc?.Subclass)
            .With("type", first?.Type.ToString() ?? "Invention").With("patents", e.Patents.Count).With("claims", e.Patents.Sum(p => p.ClaimsCount))
            .With("expires", e.Patents.Count == 0 ? DateOnly.MaxValue : e.Patents.Min(p => p.ExpiresOn)).With("pledged", e.Patents.Any(p => p.Pledged))
            .With("at", e.PublishedAt).With("message", stored.Metadata.CausationId);
        await cmd.ExecuteNonQueryAsync(cancellationToken);
        await Execute(context, "UPDATE {schema}.listing_reviews SET stage = 'Approved', reviewed_at = @at WHERE listing_id = @id AND stage = 'Submitted'",
            cancellationToken, ("id", e.ListingId), ("at", e.PublishedAt));
    }

    private static Task ListingMoved(ProjectionContext context, string listingId, string stage, DateTimeOffset at, CancellationToken cancellationToken) =>
        Execute(context, "UPDATE {schema}.listings SET stage = @stage, stage_since = @at WHERE listing_id = @id AND stage_since <= @at",
            cancellationToken, ("id", listingId), ("stage", stage), ("at", at));

    private static async Task Struck(ProjectionContext context, DealStruck e, CancellationToken cancellationToken)
    {
        await Execute(context, """
            INSERT INTO {schema}.deals (deal_id, listing_id, seller_org, buyer_org, price, deal_kind, trading_mode, pricing_method, stage, stage_rank,
                stage_since, struck_at)
            VALUES (@id, @listing, @seller, @buyer, @price, @kind, @mode, @pricing, 'Struck', 1, @at, @at)
            ON CONFLICT (deal_id) DO UPDATE SET trading_mode = excluded.trading_mode, pricing_method = excluded.pricing_method, struck_at = excluded.struck_at
            """, cancellationToken, ("id", e.DealId), ("listing", e.ListingId), ("seller", e.SellerOrganisationId), ("buyer", e.BuyerOrganisationId),
            ("price", e.Price), ("kind", e.DealKind.ToString()), ("mode", e.TradingMode.ToString()), ("pricing", e.PricingMethod.ToString()), ("at", e.StruckAt));
        await Execute(context, """
            INSERT INTO {schema}.deal_stage_times (deal_id, stage, entered_at, left_at)
            SELECT @id, 'Struck', @at, CASE WHEN d.stage_rank > 1 THEN d.stage_since END FROM {schema}.deals d WHERE d.deal_id = @id
            ON CONFLICT DO NOTHING
            """, cancellationToken, ("id", e.DealId), ("at", e.StruckAt));
    }

    private static async Task Drafted(ProjectionContext context, AgreementDrafted e, CancellationToken cancellationToken)
    {
        // The agreement can be heard of before the deal (two publishers): it carries enough to start the row.
        await Execute(context, """
            INSERT INTO {schema}.deals (deal_id, listing_id, seller_org, buyer_org, price, deal_kind, stage, stage_rank, stage_since)
            VALUES (@id, @listing, @seller, @buyer, @price, @kind, 'Struck', 1, @at)
            ON CONFLICT (deal_id) DO NOTHING
            """, cancellationToken, ("id", e.DealId), ("listing", e.ListingId), ("seller", e.SellerOrganisationId), ("buyer", e.BuyerOrganisationId),
            ("price", e.Price), ("kind", e.DealKind.ToString()), ("at", e.DraftedAt));
        await Execute(context, "UPDATE {schema}.deals SET agreement_id = @agreement, signing_deadline = @deadline, price = @price WHERE deal_id = @id",
            cancellationToken, ("id", e.DealId), ("agreement", e.AgreementId), ("deadline", e.SigningDeadline), ("price", e.Price));
        await Advance(context, e.DealId, DealStage.Drafted, e.DraftedAt, cancellationToken);
    }

    private static async Task Recorded(ProjectionContext context, AgreementRecorded e, CancellationToken cancellationToken)
    {
        await Execute(context, "UPDATE {schema}.deals SET recorded_at = @at WHERE deal_id = @id", cancellationToken, ("id", e.DealId), ("at", e.RecordedAt));
        await Advance(context, e.DealId, DealStage.Recorded, e.RecordedAt, cancellationToken);
    }

    private static async Task Paid(ProjectionContext context, PaymentReceived e, CancellationToken cancellationToken)
    {
        await Execute(context, "UPDATE {schema}.deals SET paid_amount = paid_amount + @amount, outstanding = @outstanding WHERE deal_id = @id",
            cancellationToken, ("id", e.DealId), ("amount", e.Amount), ("outstanding", e.Outstanding));
        await Advance(context, e.DealId, DealStage.Paying, e.PaidAt, cancellationToken);
    }

    private static async Task Completed(ProjectionContext context, ContractCompleted e, CancellationToken cancellationToken)
    {
        await Execute(context, "UPDATE {schema}.deals SET price = @price, completed_at = @at WHERE deal_id = @id",
            cancellationToken, ("id", e.DealId), ("price", e.Price), ("at", e.CompletedAt));
        await Advance(context, e.DealId, DealStage.Completed, e.CompletedAt, cancellationToken);
    }

    /// <summary>Moves the deal to a later stage: closes the time in the stage it leaves, opens the next, clears "stuck".</summary>
    private static async Task Advance(ProjectionContext context, string dealId, string stage, DateTimeOffset at, CancellationToken cancellationToken, string? reason = null)
    {
        string? current;
        await using (var read = context.Command("SELECT stage FROM {schema}.deals WHERE deal_id = @id FOR UPDATE").With("id", dealId))
        {
            current = (string?)await read.ExecuteScalarAsync(cancellationToken);
        }

        if (current is null || !DealStage.Advances(current, stage))
        {
            return;
        }

        await Execute(context, """
            UPDATE {schema}.deals SET stage = @stage, stage_rank = @rank, stage_since = @at, stuck = false, stuck_reason = NULL, stuck_since = NULL,
                ended_reason = coalesce(@reason, ended_reason)
            WHERE deal_id = @id;
            UPDATE {schema}.deal_stage_times SET left_at = greatest(entered_at, @at) WHERE deal_id = @id AND left_at IS NULL;
            INSERT INTO {schema}.deal_stage_times (deal_id, stage, entered_at) VALUES (@id, @stage, @at) ON CONFLICT DO NOTHING;
            """, cancellationToken, ("id", dealId), ("stage", stage), ("rank", DealStage.Rank(stage)), ("at", at), ("reason", reason));
    }

    private static async Task Bid(ProjectionContext context, AuctionBidAccepted e, StoredEvent stored, CancellationToken cancellationToken)
    {
        await Execute(context, """
            INSERT INTO {schema}.auction_bids (auction_id, listing_id, bidder_org, bidder_group, amount, placed_at, message_id, seq)
            VALUES (@id, @listing, @org, @group, @amount, @at, @message, @seq);
            INSERT INTO {schema}.auctions (auction_id, listing_id, bids) VALUES (@id, @listing, 1)
            ON CONFLICT (auction_id) DO UPDATE SET bids = auctions.bids + 1 WHERE auctions.ended_at IS NULL;
            """, cancellationToken, ("id", e.AuctionId), ("listing", e.ListingId), ("org", e.BidderOrganisationId), ("group", e.BidderGroup),
            ("amount", e.Amount), ("at", e.PlacedAt), ("message", stored.Metadata.CausationId), ("seq", stored.Sequence));
    }

    private static async Task Execute(ProjectionContext context, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var cmd = context.Command(sql);
        foreach (var (name, value) in parameters)
        {
            cmd.With(name, value);
        }

        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }
}
