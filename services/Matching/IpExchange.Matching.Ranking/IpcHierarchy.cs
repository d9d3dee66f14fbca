using System.Collections.Concurrent;

namespace IpExchange.Matching.Ranking;

/// <summary>
/// The IPC hierarchy compared level by level: section H, class H02, subclass H02M, main group
/// H02M 7, subgroup H02M 7/48. A demand naming only a subclass or group gets full credit when the
/// listing is in it (what it asked for); otherwise the shared depth scores 0.1 … 1.0.
/// </summary>
public static class IpcHierarchy
{
    private static readonly double[] LevelScore = [0, 0.1, 0.35, 0.6, 0.8, 1.0];

    // A demand is compared with thousands of candidates' codes per query; the codes are few and
    // repeat, so each is parsed once (parsing allocated, and the garbage showed in the p99).
    private static readonly ConcurrentDictionary<string, string[]> Parsed = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, int> Depths = new(StringComparer.Ordinal);

    public static string Compact(string code) => code.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();

    public static string? Subclass(string code)
    {
        var c = Compact(code);
        return c.Length >= 4 ? c[..4] : null;
    }

    public static int Depth(string code) => Depths.GetOrAdd(code, ParseDepth);

    private static int ParseDepth(string code)
    {
        var c = Compact(code);
        return c.Length switch
        {
            0 => 0,
            1 => 1,
            <= 3 => 2,
            4 => 3,
            _ => c.Contains('/', StringComparison.Ordinal) ? 5 : 4,
        };
    }

    public static int SharedDepth(string a, string b)
    {
        var (x, y) = (Parsed.GetOrAdd(a, Parts), Parsed.GetOrAdd(b, Parts));
        var depth = 0;
        for (var i = 0; i < 5 && i < x.Length && i < y.Length && x[i] == y[i]; i++)
        {
            depth = i + 1;
        }

        return depth;
    }

    /// <summary>The best pair of a demand's codes and a listing's codes.</summary>
    public static (double Score, string DemandCode, string ListingCode, int Depth) Best(IReadOnlyList<string> wanted, IReadOnlyList<string> offered)
    {
        var best = (Score: 0.0, DemandCode: "", ListingCode: "", Depth: 0);
        foreach (var w in wanted)
        {
            foreach (var o in offered)
            {
                var depth = SharedDepth(w, o);
                var score = depth >= 3 && depth == Depth(w) ? 1.0 : LevelScore[depth];
                if (score > best.Score)
                {
                    best = (score, w, o, depth);
                }
            }
        }

        return best;
    }

    /// <summary>"H02M 7/48" → [H, 02, M, 7, 48].</summary>
    private static string[] Parts(string code)
    {
        var c = Compact(code);
        var parts = new List<string>(5);
        if (c.Length >= 1) parts.Add(c[..1]);
        if (c.Length >= 3) parts.Add(c[1..3]);
        if (c.Length >= 4) parts.Add(c[3..4]);
        if (c.Length > 4)
        {
            var group = c[4..].Split('/');
            parts.Add(group[0].TrimStart('0'));
            if (group.Length > 1 && group[1].Length > 0) parts.Add(group[1]);
        }

        return [.. parts];
    }
}
