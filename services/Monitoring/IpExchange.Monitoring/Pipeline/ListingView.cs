using IpExchange.Contracts.Listings;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace IpExchange.Monitoring.Pipeline;

/// <summary>The latest time the Listing service moved a listing to each stage; the latest of all is where it is.</summary>
public sealed record ListingMoves
{
    public DateTimeOffset? Public { get; init; }

    public DateTimeOffset? Reserved { get; init; }

    public DateTimeOffset? Sold { get; init; }

    public DateTimeOffset? Withdrawn { get; init; }

    public DateTimeOffset? Expired { get; init; }

    /// <summary>The latest move; at one instant the later step (reserved after public, sold after reserved...) wins.</summary>
    public (string Stage, DateTimeOffset At)? Latest =>
        new (string Stage, DateTimeOffset? At)[]
            {
                (ListingStage.Public, Public), (ListingStage.Reserved, Reserved), (ListingStage.Sold, Sold),
                (ListingStage.Withdrawn, Withdrawn), (ListingStage.Expired, Expired),
            }
            .Select((m, i) => (m.Stage, m.At, Order: i))
            .Where(m => m.At is not null)
            .OrderByDescending(m => m.At).ThenByDescending(m => m.Order)
            .Select(m => ((string Stage, DateTimeOffset At)?)(m.Stage, m.At!.Value))
            .FirstOrDefault();

    public static DateTimeOffset? Max(DateTimeOffset? current, DateTimeOffset at) => current is { } c && c >= at ? c : at;
}

/// <summary>
/// A listing as the cockpit knows it: a Marten document folded from the listing's stream of facts
/// (<c>listing-{ListingId}</c>), in any order. Its review (审核) is the latest of submitted,
/// rejected or published, by the time it happened, so a publication heard before the submission
/// still leaves the listing approved; once published, its stage is the latest move. A listing
/// counts as listed once its publication is heard; facts heard before wait in the document.
/// </summary>
public sealed record ListingView
{
    public const string Approved = "Approved";

    /// <summary>The stream's key, <c>listing-{ListingId}</c>.</summary>
    public string Id { get; init; } = "";

    public string ListingId { get; init; } = "";

    public string? OwnerOrganisationId { get; init; }

    public string? OwnerName { get; init; }

    public string? Region { get; init; }

    public string? Title { get; init; }

    public string? DealKind { get; init; }

    public string? PricingMethod { get; init; }

    public string? TradingMode { get; init; }

    // The listing as published (挂牌): all null or zero until ListingPublished is heard.
    public DateTimeOffset? PublishedAt { get; init; }

    public decimal AskingPrice { get; init; }

    public decimal? AppraisedValue { get; init; }

    public string? IpcCode { get; init; }

    public string? IpcSection { get; init; }

    public string? IpcClass { get; init; }

    public string? IpcSubclass { get; init; }

    public string? PatentType { get; init; }

    public int PatentCount { get; init; }

    public int ClaimsCount { get; init; }

    public DateOnly? ExpiresOn { get; init; }

    public bool Pledged { get; init; }

    /// <summary>The message that brought the publication, for alerts' evidence.</summary>
    public Guid? MessageId { get; init; }

    public int LicenceCount { get; init; }

    public ListingMoves Moves { get; init; } = new();

    // The review before publication: the latest submission, the latest rejection.
    public DateTimeOffset? SubmittedAt { get; init; }

    public decimal? ReviewAskingPrice { get; init; }

    public DateTimeOffset? RejectedAt { get; init; }

    public int Rejections { get; init; }

    public IReadOnlyList<string> Reasons { get; init; } = [];

    /// <summary>The latest time the listing left the review unapproved (withdrawn, expired, back to a draft), and how.</summary>
    public DateTimeOffset? LeftReviewAt { get; init; }

    public ReviewExit? LeftReviewAs { get; init; }

    public bool Published => PublishedAt is not null;

    public string? Stage => Published ? Moves.Latest?.Stage : null;

    public DateTimeOffset? StageSince => Published ? Moves.Latest?.At : null;

    /// <summary>
    /// Submitted (awaiting a decision), Rejected or Approved: the latest of the review's facts, by time; null if never
    /// submitted, or if it left the review unapproved after its latest submission or rejection (withdrawn, expired, a draft again).
    /// </summary>
    public string? ReviewStage => SubmittedAt is not { } submitted ? null
        : PublishedAt is { } published && published >= submitted && (RejectedAt is null || published >= RejectedAt) ? Approved
        : LeftReviewAt is { } left && left >= submitted && (RejectedAt is null || left >= RejectedAt) ? null
        : RejectedAt is { } rejected && rejected >= submitted ? ListingStage.Rejected
        : ListingStage.Submitted;

    /// <summary>
    /// Where the listing is, as the Listing service would say it (<see cref="ListingStage"/>): once published, its latest
    /// move; before, in review (submitted or rejected), or withdrawn or expired without ever being public. Null for a
    /// listing the cockpit does not count: never submitted, or a draft again after a rejection.
    /// </summary>
    public string? Status => Published ? Stage
        : ReviewStage is ListingStage.Submitted or ListingStage.Rejected ? ReviewStage
        : ReviewStage is null && SubmittedAt is not null && LeftReviewAs is { } exit
            ? exit switch { ReviewExit.Withdrawn => ListingStage.Withdrawn, ReviewExit.Expired => ListingStage.Expired, _ => null }
        : null;

    /// <summary>When a listing counts in a period: its publication, or its (latest) submission if it was never public.</summary>
    public DateTimeOffset? CountedAt => PublishedAt ?? SubmittedAt;

    /// <summary>The asking price the figures add up: as published, or as submitted for a listing never public.</summary>
    public decimal StatusAmount => Published ? AskingPrice : ReviewAskingPrice ?? 0;

    public DateTimeOffset? ReviewedAt => ReviewStage switch
    {
        Approved => PublishedAt,
        ListingStage.Rejected => RejectedAt,
        _ => null,
    };

    /// <summary>The facts of a listing's stream that the view reads.</summary>
    public static readonly IReadOnlyList<Type> Facts =
    [
        typeof(ListingSubmitted), typeof(ListingRejected), typeof(ListingLeftReview), typeof(ListingPublished), typeof(ListingWithdrawn), typeof(ListingExpired),
        typeof(ListingReserved), typeof(ListingLicensed), typeof(ListingSold), typeof(ListingReopened),
    ];

    public static ListingView Start(string streamId) => new() { Id = streamId, ListingId = streamId.StartsWith("listing-", StringComparison.Ordinal) ? streamId[8..] : streamId };

    /// <summary>Folds one fact in (its message id for the publication's evidence): pure, and the same whatever order the facts come in.</summary>
    public static ListingView Evolve(ListingView view, object fact, Guid? messageId = null) => fact switch
    {
        ListingSubmitted e => (view.Published || view.SubmittedAt > e.SubmittedAt ? view : view with
        {
            // The latest submission names the listing until its publication says otherwise.
            OwnerOrganisationId = e.OwnerOrganisationId, OwnerName = e.OwnerOrganisationName, Region = e.Region, Title = e.Title, DealKind = e.DealKind.ToString(),
        }) with
        {
            SubmittedAt = ListingMoves.Max(view.SubmittedAt, e.SubmittedAt),
            ReviewAskingPrice = view.SubmittedAt is { } s && s > e.SubmittedAt ? view.ReviewAskingPrice : e.AskingPrice,
        },
        ListingRejected e => view with
        {
            Rejections = view.Rejections + 1,
            RejectedAt = ListingMoves.Max(view.RejectedAt, e.RejectedAt),
            Reasons = view.RejectedAt is { } r && r > e.RejectedAt ? view.Reasons : e.Reasons,
        },
        ListingLeftReview e => view.LeftReviewAt is { } left && left > e.LeftAt ? view : view with { LeftReviewAt = e.LeftAt, LeftReviewAs = e.How },
        ListingPublished e => Publish(view, e, messageId),
        ListingWithdrawn e => view with { Moves = view.Moves with { Withdrawn = ListingMoves.Max(view.Moves.Withdrawn, e.WithdrawnAt) } },
        ListingExpired e => view with { Moves = view.Moves with { Expired = ListingMoves.Max(view.Moves.Expired, e.ExpiredAt) } },
        ListingReserved e => view with { Moves = view.Moves with { Reserved = ListingMoves.Max(view.Moves.Reserved, e.ReservedAt) } },
        ListingSold e => view with { Moves = view.Moves with { Sold = ListingMoves.Max(view.Moves.Sold, e.SoldAt) } },
        ListingReopened e => view with { Moves = view.Moves with { Public = ListingMoves.Max(view.Moves.Public, e.ReopenedAt) } },
        // A licence keeps the listing public; the count only grows.
        ListingLicensed e => view with { LicenceCount = Math.Max(view.LicenceCount, e.LicenceCount) },
        _ => view,
    };

    public static ListingView Of(string streamId, IEnumerable<IEvent> facts) =>
        facts.Aggregate(Start(streamId), (view, e) => Evolve(view, e.Data, Guid.TryParse(e.CausationId, out var id) ? id : null));

    /// <summary>The listing's publication: the latest one describes it (a listing published again after a change).</summary>
    private static ListingView Publish(ListingView view, ListingPublished e, Guid? messageId)
    {
        var moves = view.Moves with { Public = ListingMoves.Max(view.Moves.Public, e.PublishedAt) };
        if (view.PublishedAt is { } known && known > e.PublishedAt)
        {
            return view with { Moves = moves };
        }

        var first = e.Patents.Count > 0 ? e.Patents[0] : null;
        var firstCode = first is { IpcCodes.Count: > 0 } ? first.IpcCodes[0] : null;
        var ipc = Pipeline.IpcCode.Parse(firstCode);
        return view with
        {
            OwnerOrganisationId = e.OwnerOrganisationId, OwnerName = e.OwnerOrganisationName, Region = e.Region, Title = e.Title,
            DealKind = e.DealKind.ToString(), PricingMethod = e.PricingMethod.ToString(), TradingMode = e.TradingMode.ToString(),
            PublishedAt = e.PublishedAt, AskingPrice = e.AskingPrice, AppraisedValue = e.AppraisedValue,
            IpcCode = firstCode, IpcSection = ipc?.Section, IpcClass = ipc?.Class, IpcSubclass = ipc?.Subclass,
            PatentType = (first?.Type ?? Contracts.PatentType.Invention).ToString(), PatentCount = e.Patents.Count, ClaimsCount = e.Patents.Sum(p => p.ClaimsCount),
            ExpiresOn = e.Patents.Count == 0 ? DateOnly.MaxValue : e.Patents.Min(p => p.ExpiresOn), Pledged = e.Patents.Any(p => p.Pledged),
            MessageId = messageId, Moves = moves,
        };
    }
}

/// <summary>Keeps <see cref="ListingView"/> documents in Marten's async daemon.</summary>
public sealed class ListingViewProjection : SingleStreamProjection<ListingView, string>
{
    public ListingViewProjection()
    {
        foreach (var type in ListingView.Facts)
        {
            IncludeType(type);
        }
    }

    public override ListingView? Evolve(ListingView? snapshot, string id, IEvent e) =>
        ListingView.Evolve(snapshot ?? ListingView.Start(id), e.Data, Guid.TryParse(e.CausationId, out var messageId) ? messageId : null);
}
