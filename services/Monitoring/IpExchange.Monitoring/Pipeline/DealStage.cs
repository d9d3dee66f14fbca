namespace IpExchange.Monitoring.Pipeline;

/// <summary>
/// A deal's stages in the cockpit, in order: struck (成交) → agreement drafted → signed by both →
/// recorded by the exchange (登记) → paying → completed (交割完成); or it ends cancelled or refused.
/// </summary>
public static class DealStage
{
    public const string Struck = "Struck";
    public const string Drafted = "Drafted";
    public const string SignedByBoth = "Signed";
    public const string Recorded = "Recorded";
    public const string Paying = "Paying";
    public const string Completed = "Completed";
    public const string Cancelled = "Cancelled";
    public const string Refused = "Refused";

    public static readonly IReadOnlyList<string> All = [Struck, Drafted, SignedByBoth, Recorded, Paying, Completed, Cancelled, Refused];

    /// <summary>Stages only move forward; an ending (completed, cancelled, refused) is final.</summary>
    public static int Rank(string stage) => stage switch
    {
        Struck => 1,
        Drafted => 2,
        SignedByBoth => 3,
        Recorded => 4,
        Paying => 5,
        Completed or Cancelled or Refused => 10,
        _ => throw new ArgumentOutOfRangeException(nameof(stage), stage, "Unknown deal stage."),
    };

    /// <summary>The stage's place in <see cref="All"/>: a stable order for lists of stages.</summary>
    public static int Order(string stage) => All.ToList().IndexOf(stage);

    public static bool IsEnded(string stage) => Rank(stage) == 10;

    /// <summary>A fact moves the deal only to a later stage: a late or repeated fact never moves it back.</summary>
    public static bool Advances(string current, string next) => Rank(next) > Rank(current);
}

/// <summary>
/// Listing stages as the Listing service reports them: submitted for review (提交审核) or rejected
/// (驳回) before going public, then public (挂牌公示), reserved under an agreement, sold...
/// </summary>
public static class ListingStage
{
    public const string Submitted = "Submitted";
    public const string Rejected = "Rejected";
    public const string Public = "Public";
    public const string Reserved = "Reserved";
    public const string Sold = "Sold";
    public const string Withdrawn = "Withdrawn";
    public const string Expired = "Expired";

    public static readonly IReadOnlyList<string> All = [Submitted, Rejected, Public, Reserved, Sold, Withdrawn, Expired];
}

/// <summary>The cockpit's own finding: a deal stayed in a stage past its deadline.</summary>
public sealed record DealStuck(string DealId, string Stage, string Reason, DateTimeOffset Deadline, DateTimeOffset DetectedAt);
