using IpExchange.Contracts;
using IpExchange.Monitoring.Pipeline;

namespace IpExchange.Monitoring.Valuation;

/// <summary>What the estimate compares: the IPC symbol, the right traded, the patent type, the remaining term and the claims.</summary>
public sealed record ValuationFeatures(string IpcCode, DealKind DealKind, PatentType PatentType, decimal RemainingTermYears, int ClaimsCount);

/// <summary>A completed deal (交割完成) and the features of its listing when it completed.</summary>
public sealed record Comparable(string DealId, string? IpcSubclass, string? IpcClass, string DealKind, string PatentType, decimal RemainingTermYears, int ClaimsCount, decimal Price);

public sealed record WeightedComparable(string DealId, decimal Price, decimal Weight);

/// <summary>
/// 大数据系统估价: a price range from comparable completed deals. <see cref="Low"/>, <see cref="Mid"/>
/// and <see cref="High"/> are the weighted quartiles; null when there is nothing to compare with.
/// </summary>
public sealed record Estimate(
    decimal? Low,
    decimal? Mid,
    decimal? High,
    int Comparables,
    string Basis,
    decimal Confidence,
    string ConfidenceLevel,
    IReadOnlyList<WeightedComparable> Used)
{
    public static Estimate None { get; } = new(null, null, null, 0, "none", 0m, "none", []);
}

/// <summary>The estimate as a pure function of the features and the completed deals.</summary>
public static class Valuation
{
    /// <summary>Below this many comparables in the same IPC subclass, the estimate widens to the IPC class.</summary>
    public const int SubclassMinimum = 3;

    /// <summary>
    /// Candidates are completed deals of the same deal kind and patent type in the same IPC subclass
    /// (the class when the subclass has fewer than <see cref="SubclassMinimum"/>). Each weighs
    /// 1 / (1 + |Δterm| / 5 years) × 1 / (1 + |Δclaims| / 10), so a deal with the same remaining
    /// term and claims counts fully and a distant one less. The range is the weighted 25th, 50th and
    /// 75th percentile of their prices (the smallest price whose cumulative weight reaches the share).
    /// Confidence = min(1, n / 10) × 1 / (1 + (high − low) / mid): more comparables and a tighter range
    /// give more confidence.
    /// </summary>
    public static Estimate Of(ValuationFeatures features, IEnumerable<Comparable> completed)
    {
        var ipc = IpcCode.Parse(features.IpcCode);
        if (ipc is null)
        {
            return Estimate.None;
        }

        var sameKind = completed
            .Where(c => c.DealKind == features.DealKind.ToString() && c.PatentType == features.PatentType.ToString())
            .ToList();
        var basis = "ipc-subclass";
        var candidates = sameKind.Where(c => c.IpcSubclass == ipc.Subclass).ToList();
        if (candidates.Count < SubclassMinimum)
        {
            basis = "ipc-class";
            candidates = sameKind.Where(c => c.IpcClass == ipc.Class).ToList();
        }

        if (candidates.Count == 0)
        {
            return Estimate.None;
        }

        var weighted = candidates
            .Select(c => new WeightedComparable(c.DealId, c.Price, Weight(features, c)))
            .OrderBy(c => c.Price).ThenBy(c => c.DealId, StringComparer.Ordinal)
            .ToList();
        var low = Quantile(weighted, 0.25m);
        var mid = Quantile(weighted, 0.50m);
        var high = Quantile(weighted, 0.75m);
        var spread = mid == 0 ? 1m : (high - low) / mid;
        var confidence = decimal.Round(Math.Min(1m, weighted.Count / 10m) / (1m + spread), 2);
        var level = confidence >= 0.6m ? "high" : confidence >= 0.3m ? "medium" : "low";
        return new Estimate(low, mid, high, weighted.Count, basis, confidence, level, weighted);
    }

    public static decimal Weight(ValuationFeatures features, Comparable comparable)
    {
        var term = 1m / (1m + (Math.Abs(features.RemainingTermYears - comparable.RemainingTermYears) / 5m));
        var claims = 1m / (1m + (Math.Abs(features.ClaimsCount - comparable.ClaimsCount) / 10m));
        return decimal.Round(term * claims, 6);
    }

    /// <summary>The smallest price whose cumulative weight reaches <paramref name="share"/> of the total.</summary>
    public static decimal Quantile(IReadOnlyList<WeightedComparable> byPrice, decimal share)
    {
        var total = byPrice.Sum(c => c.Weight);
        var cumulative = 0m;
        foreach (var c in byPrice)
        {
            cumulative += c.Weight;
            if (cumulative >= share * total)
            {
                return c.Price;
            }
        }

        return byPrice[^1].Price;
    }

    /// <summary>Years (to two places) from a day to a patent's expiry; never negative.</summary>
    public static decimal RemainingYears(DateOnly expiresOn, DateTimeOffset at) =>
        Math.Max(0m, decimal.Round((expiresOn.DayNumber - DateOnly.FromDateTime(at.UtcDateTime).DayNumber) / 365.25m, 2));
}
