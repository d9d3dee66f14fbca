using System.Globalization;
using IpExchange.Contracts;
using IpExchange.Contracts.Auctions;
using IpExchange.Contracts.Deals;
using IpExchange.Monitoring.Valuation;

namespace IpExchange.Monitoring.Alerts;

/// <summary>A rule's finding, before it becomes an alert: what, about which subject, and the evidence.</summary>
/// <param name="LoanId">The pledge loan a finding on a pledged patent concerns (its bank is told); null for the others.</param>
/// <param name="PatentId">The pledged patent it is about.</param>
public sealed record Finding(string Rule, string Subject, string? DealId, string? ListingId, string? AuctionId, string Summary, IReadOnlyDictionary<string, object?> Evidence,
    string? LoanId = null, string? PatentId = null);

/// <summary>What the cockpit knows of a deal's listing when the deal is struck.</summary>
public sealed record ListingFacts(string ListingId, decimal AskingPrice, DateOnly ExpiresOn, bool Pledged, Guid? MessageId);

/// <summary>An earlier accepted bid of the same auction.</summary>
public sealed record EarlierBid(string BidderOrganisationId, string? BidderGroup, DateTimeOffset PlacedAt, Guid? MessageId);

/// <summary>The alert rules as pure functions of the facts and the thresholds (<see cref="AlertOptions"/>).</summary>
public static class AlertRules
{
    public const string PriceVsAsking = "price-vs-asking";
    public const string PriceVsValuation = "price-vs-valuation";
    public const string SameGroupBidders = "same-group-bidders";
    public const string BidBurst = "bid-burst";
    public const string NearExpiry = "near-expiry";
    public const string PledgedAssignment = "pledged-assignment";
    public const string DealStuck = "deal-stuck";
    public const string MessageFailed = "message-failed";
    public const string RoyaltyOverdue = "royalty-overdue";
    public const string PledgedPatentExpiring = "pledged-patent-expiring";
    public const string PledgedPatentLapsed = "pledged-patent-lapsed";

    public static readonly IReadOnlyList<string> All =
        [PriceVsAsking, PriceVsValuation, SameGroupBidders, BidBurst, NearExpiry, PledgedAssignment, DealStuck, MessageFailed, RoyaltyOverdue, PledgedPatentExpiring, PledgedPatentLapsed];

    /// <summary>Assignment and equity contribution hand the patent over; the expiry and pledge rules watch those.</summary>
    public static bool TransfersThePatent(DealKind kind) => kind is DealKind.Assignment or DealKind.EquityContribution;

    /// <summary>The deal's price against its listing's asking price and the valuation; the patent's expiry and pledge.</summary>
    public static IEnumerable<Finding> ForDeal(DealStruck deal, Guid? dealMessage, ListingFacts? listing, Estimate valuation, AlertOptions options)
    {
        if (listing is null)
        {
            yield break;
        }

        var messages = new[] { listing.MessageId, dealMessage }.Where(m => m is not null).ToArray();
        if (listing.AskingPrice > 0)
        {
            var deviation = Deviation(deal.Price, listing.AskingPrice);
            if (deviation > options.PriceDeviation)
            {
                yield return new Finding(PriceVsAsking, deal.DealId, deal.DealId, deal.ListingId, null,
                    $"成交价 {Yuan(deal.Price)} 偏离挂牌价 {Yuan(listing.AskingPrice)} {Percent(deviation)} (price {Percent(deviation)} from the asking price)",
                    new Dictionary<string, object?>
                    {
                        ["price"] = deal.Price, ["askingPrice"] = listing.AskingPrice, ["deviation"] = deviation,
                        ["threshold"] = options.PriceDeviation, ["messages"] = messages,
                    });
            }
        }

        if (valuation.Mid is { } mid && mid > 0 && valuation.Comparables >= options.MinComparablesForPriceCheck)
        {
            var deviation = Deviation(deal.Price, mid);
            if (deviation > options.PriceDeviation)
            {
                yield return new Finding(PriceVsValuation, deal.DealId, deal.DealId, deal.ListingId, null,
                    $"成交价 {Yuan(deal.Price)} 偏离估价 {Yuan(mid)} {Percent(deviation)} (price {Percent(deviation)} from the valuation)",
                    new Dictionary<string, object?>
                    {
                        ["price"] = deal.Price, ["valuation"] = mid, ["valuationLow"] = valuation.Low, ["valuationHigh"] = valuation.High,
                        ["comparables"] = valuation.Comparables, ["comparableDeals"] = valuation.Used.Select(c => c.DealId).ToArray(),
                        ["deviation"] = deviation, ["threshold"] = options.PriceDeviation, ["messages"] = messages,
                    });
            }
        }

        if (!TransfersThePatent(deal.DealKind))
        {
            yield break;
        }

        var daysLeft = listing.ExpiresOn.DayNumber - DateOnly.FromDateTime(deal.StruckAt.UtcDateTime).DayNumber;
        if (daysLeft <= options.ExpiryWithinDays)
        {
            yield return new Finding(NearExpiry, deal.DealId, deal.DealId, deal.ListingId, null,
                $"转让的专利将于 {listing.ExpiresOn:yyyy-MM-dd} 届满, 仅剩 {daysLeft} 天 (patent expires {daysLeft} days after the deal)",
                new Dictionary<string, object?>
                {
                    ["expiresOn"] = listing.ExpiresOn, ["struckAt"] = deal.StruckAt, ["daysLeft"] = daysLeft,
                    ["thresholdDays"] = options.ExpiryWithinDays, ["dealKind"] = deal.DealKind.ToString(), ["messages"] = messages,
                });
        }

        if (listing.Pledged)
        {
            yield return new Finding(PledgedAssignment, deal.DealId, deal.DealId, deal.ListingId, null,
                "已质押的专利进入转让 (a pledged patent is being assigned): 须有质权人同意",
                new Dictionary<string, object?> { ["pledged"] = true, ["dealKind"] = deal.DealKind.ToString(), ["messages"] = messages });
        }
    }

    /// <summary>A bid against the auction's earlier bids: another organisation of the bidder's group, a burst of bids.</summary>
    public static IEnumerable<Finding> ForBid(AuctionBidAccepted bid, Guid? bidMessage, IReadOnlyList<EarlierBid> earlier, AlertOptions options)
    {
        if (!string.IsNullOrWhiteSpace(bid.BidderGroup))
        {
            var sameGroup = earlier
                .Where(b => b.BidderGroup == bid.BidderGroup && b.BidderOrganisationId != bid.BidderOrganisationId)
                .ToList();
            if (sameGroup.Count > 0)
            {
                var organisations = sameGroup.Select(b => b.BidderOrganisationId).Append(bid.BidderOrganisationId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
                yield return new Finding(SameGroupBidders, $"{bid.AuctionId}|{bid.BidderGroup}", null, bid.ListingId, bid.AuctionId,
                    $"同一集团 {bid.BidderGroup} 的 {organisations.Length} 家单位参与同一拍卖 (bidders of one corporate group in one auction)",
                    new Dictionary<string, object?>
                    {
                        ["group"] = bid.BidderGroup, ["organisations"] = organisations,
                        ["messages"] = sameGroup.Select(b => b.MessageId).Append(bidMessage).Where(m => m is not null).ToArray(),
                    });
            }
        }

        // Bids may be heard out of order: look for any window of the configured length that holds
        // this bid and enough others, whichever side of it they were placed.
        var all = earlier.Select(b => (b.PlacedAt, b.MessageId)).Append((PlacedAt: bid.PlacedAt, MessageId: bidMessage)).OrderBy(b => b.PlacedAt).ToList();
        var burst = all
            .Where(b => b.PlacedAt <= bid.PlacedAt && b.PlacedAt >= bid.PlacedAt - options.BurstWindow)
            .Select(b => all.Where(x => x.PlacedAt >= b.PlacedAt && x.PlacedAt <= b.PlacedAt + options.BurstWindow).ToList())
            .FirstOrDefault(window => window.Count >= options.BurstBids);
        if (burst is not null)
        {
            yield return new Finding(BidBurst, bid.AuctionId, null, bid.ListingId, bid.AuctionId,
                $"{burst.Count} 次出价在 {options.BurstWindow.TotalSeconds:0} 秒内 ({burst.Count} bids within {options.BurstWindow.TotalSeconds:0} s)",
                new Dictionary<string, object?>
                {
                    ["bids"] = burst.Count, ["windowSeconds"] = options.BurstWindow.TotalSeconds, ["threshold"] = options.BurstBids,
                    ["from"] = burst[0].PlacedAt, ["to"] = burst[^1].PlacedAt,
                    ["messages"] = burst.Select(b => b.MessageId).Where(m => m is not null).ToArray(),
                });
        }
    }

    /// <summary>A patent securing a loan is within the configured days of its expiry, its pledge still in place (one per loan and patent).</summary>
    public static Finding PledgedPatentNearsExpiry(Financing.PledgedPatentDeadline deadline, DateOnly today)
    {
        var daysLeft = deadline.ExpiresOn.DayNumber - today.DayNumber;
        return new Finding(PledgedPatentExpiring, $"{deadline.LoanId}|{deadline.PatentId}", null, null, null,
            $"质押专利 {deadline.PatentId}「{deadline.Title}」将于 {deadline.ExpiresOn:yyyy-MM-dd} 届满，仅剩 {daysLeft} 天 (a pledged patent expires in {daysLeft} days)",
            new Dictionary<string, object?>
            {
                ["loanId"] = deadline.LoanId, ["patentId"] = deadline.PatentId, ["title"] = deadline.Title, ["expiresOn"] = deadline.ExpiresOn,
                ["daysLeft"] = daysLeft, ["thresholdDays"] = deadline.ThresholdDays, ["bankOrganisationId"] = deadline.BankOrganisationId,
                ["organisations"] = new[] { deadline.BankOrganisationId },
            },
            deadline.LoanId, deadline.PatentId);
    }

    /// <summary>A patent securing a loan is no longer in force (its legal status changed: lapsed, invalidated), its pledge still in place.</summary>
    public static Finding PledgedPatentOutOfForce(Contracts.Listings.PatentChanged patent, Financing.LoanView loan, Guid? message) =>
        new(PledgedPatentLapsed, $"{loan.LoanId}|{patent.PatentId}", null, null, null,
            $"质押专利 {patent.PatentId}「{patent.Title}」已失效 (a pledged patent is no longer in force)",
            new Dictionary<string, object?>
            {
                ["loanId"] = loan.LoanId, ["patentId"] = patent.PatentId, ["title"] = patent.Title, ["changedAt"] = patent.ChangedAt,
                ["bankOrganisationId"] = loan.BankOrganisationId, ["organisations"] = loan.BankOrganisationId is null ? Array.Empty<string>() : [loan.BankOrganisationId],
                ["messages"] = message is null ? Array.Empty<Guid>() : [message.Value],
            },
            loan.LoanId, patent.PatentId);

    /// <summary>A deal still in a stage after its deadline (signing, recording, completion) or with a payment overdue.</summary>
    public static Finding Stuck(string dealId, string listingId, string stage, string reason, DateTimeOffset deadline, Guid? message) =>
        new(DealStuck, $"{dealId}|{stage}|{reason}", dealId, listingId, null,
            $"交易停滞于 {stage}: {reason} (deal stuck past its deadline {deadline:yyyy-MM-dd HH:mm} UTC)",
            new Dictionary<string, object?>
            {
                ["stage"] = stage, ["reason"] = reason, ["deadline"] = deadline,
                ["messages"] = message is null ? Array.Empty<Guid>() : [message.Value],
            });

    /// <summary>
    /// A licence year's royalty not reported or not paid in full by its due date (the Contract
    /// service's finding): one alert per deal and licence year. The deal is not stuck: a licence's
    /// royalties run after it completed.
    /// </summary>
    public static Finding RoyaltyNotPaid(Contracts.Agreements.RoyaltyOverdue overdue, string? listingId, Guid? message) =>
        new(RoyaltyOverdue, $"{overdue.DealId}|{overdue.Period}", overdue.DealId, listingId, null,
            overdue.AmountDue is { } due
                ? $"第 {overdue.Period} 许可年度提成 {Yuan(due)} 于 {overdue.DueOn:yyyy-MM-dd} 到期未付清 (royalty for licence year {overdue.Period} not paid in full by its due date)"
                : $"第 {overdue.Period} 许可年度销售额未在 {overdue.DueOn:yyyy-MM-dd} 前报告 (royalty for licence year {overdue.Period} not reported by its due date)",
            new Dictionary<string, object?>
            {
                ["agreementId"] = overdue.AgreementId, ["period"] = overdue.Period, ["amountDue"] = overdue.AmountDue, ["dueOn"] = overdue.DueOn,
                ["licenseeOrganisationId"] = overdue.LicenseeOrganisationId, ["detectedAt"] = overdue.DetectedAt,
                ["messages"] = message is null ? Array.Empty<Guid>() : [message.Value],
            });

    /// <summary>
    /// A consumer gave up on a message (its retries and redeliveries spent, the message in its
    /// queue's _error queue): one alert per consumer and message, naming both and what went wrong.
    /// </summary>
    public static Finding Failed(string consumer, string messageType, Guid? messageId, string? dealId, string? listingId, string? auctionId,
        IReadOnlyList<string> errors, DateTimeOffset failedAt) =>
        new(MessageFailed, $"{consumer}|{messageId}", dealId, listingId, auctionId,
            $"{consumer} 无法处理 {messageType}，消息已转入错误队列 ({consumer} could not process {messageType}; the message is in its error queue)",
            new Dictionary<string, object?>
            {
                ["consumer"] = consumer, ["errorQueue"] = consumer + "_error", ["messageType"] = messageType, ["errors"] = errors, ["failedAt"] = failedAt,
                ["messages"] = messageId is null ? Array.Empty<Guid>() : [messageId.Value],
            });

    /// <summary>|price − reference| / reference, to four places.</summary>
    public static decimal Deviation(decimal price, decimal reference) => decimal.Round(Math.Abs(price - reference) / reference, 4);

    private static string Yuan(decimal amount) => amount.ToString("#,0.00", CultureInfo.InvariantCulture) + " 元";

    private static string Percent(decimal fraction) => (fraction * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%";
}
