using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using IpExchange.Contracts;
using IpExchange.Listing.Listings;
using IpExchange.Listing.Patents;
using IpExchange.Matching.Ranking;
using IpExchange.TextAnalysis;

namespace IpExchange.Benchmarks;

/// <summary>
/// Issue 18's figures for <c>matching-quality</c>: the service's ranking (IpExchange.Matching.Ranking:
/// jieba words, concepts across languages, BM25F, IPC, budget, deal kind) on the three judged sets,
/// overall, per language of the demand (zh, en, mixed) and with or without IPC hints, with how often
/// a judged decoy reaches the top five, beside the nDCG@5 the bigram ranking it replaced was recorded
/// at on the same sets (<see cref="Recorded"/>); and how precise the strong-match threshold is.
/// </summary>
internal static class MatchingWords
{
    private const int K = 5;
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>
    /// nDCG@5 of the bigram ranking (Relevance.Score over bigram terms, with its candidate filter and
    /// idf), measured on 2026-12-03 by this benchmark on the same listings in the same run as the
    /// word-aware ranking, before that ranking replaced it in the service and the bigram code was deleted.
    /// </summary>
    private static readonly Dictionary<(string Set, string Row), double> Recorded = new()
    {
        [("demo", "all")] = 0.928, [("demo", "language zh")] = 0.952, [("demo", "language en")] = 0.781,
        [("demo", "with IPC hints")] = 0.965, [("demo", "without IPC hints")] = 0.861,
        [("hard", "all")] = 0.894, [("hard", "language zh")] = 0.973, [("hard", "language en")] = 0.716, [("hard", "language mixed")] = 1.000,
        [("hard", "with IPC hints")] = 0.941, [("hard", "without IPC hints")] = 0.860,
        [("holdout", "all")] = 0.594, [("holdout", "language zh")] = 0.955, [("holdout", "language en")] = 0.311, [("holdout", "language mixed")] = 1.000,
        [("holdout", "with IPC hints")] = 0.696, [("holdout", "without IPC hints")] = 0.555,
    };

    /// <summary>One demand's result: its top five, and every match above the floor (up to 50) with its score, for the threshold's figures.</summary>
    internal sealed record Outcome(string Id, string Language, bool Hinted, IReadOnlyDictionary<string, int> Grades, IReadOnlyList<string> Decoys,
        IReadOnlyList<string> Top, IReadOnlyList<(string Id, double Score)> Scored);

    // ------------------------------------------------------------ the demo set

    public static List<Outcome> OnDemoSet(JudgementSet set, IReadOnlyList<DemoListing> listings, TextAnalyzer analyzer)
    {
        var publicListings = listings.Where(l => l.Status == ListingStatus.Public).ToList();
        var byLead = publicListings.ToDictionary(l => l.Patents[0].Number, l => l.Id, StringComparer.Ordinal);
        using var index = new MatchIndex(analyzer);
        foreach (var l in publicListings)
        {
            index.Upsert(new ListingDocument(l.Id, "org-demo", l.Title, l.TitleEn, l.Summary,
                [.. l.Patents.Select(p => new PatentDocument(p.Number, p.Type, p.Title, p.TitleEn, p.Abstract, p.AbstractEn,
                    [.. p.IpcCodes.Select(c => IpcCode.TryNormalize(c, out var code, out _) ? code : c)], p.LocarnoClass))],
                [], l.DealKind, l.AskingPrice, l.DirectedTo, l.AllianceMembers));
        }

        var outcomes = new List<Outcome>();
        foreach (var demand in set.Demands)
        {
            var terms = demand.Terms(set.DemoDate);
            var grades = demand.Relevant.ToDictionary(kv => byLead[kv.Key], kv => kv.Value, StringComparer.Ordinal);
            var doc = new DemandDocument(demand.Id, demand.Owner, terms.Title, terms.Description, terms.IpcCodes, terms.BudgetMin, terms.BudgetMax, terms.DealKinds);
            outcomes.Add(Rank(index, doc, demand.Owner, LanguageOf(demand.Title + " " + demand.Description), grades, []));
        }

        return outcomes;
    }

    // ------------------------------------------------------------ the hard set

    /// <summary>A set of our own: its demands against its listings and, for the held-out set, the hard set's listings too.</summary>
    public static List<Outcome> OnHardSet(HardSet set, DateOnly today, TextAnalyzer analyzer, IReadOnlyList<HardListing>? moreListings = null)
    {
        using var index = new MatchIndex(analyzer);
        foreach (var l in set.Listings.Concat(moreListings ?? []))
        {
            index.Upsert(l.Document());
        }

        var outcomes = new List<Outcome>();
        foreach (var d in set.Demands)
        {
            var terms = new JudgedDemand(d.Id, HardSet.Buyer, d.Title, d.Description, d.IpcCodes, null, d.BudgetMax, d.DealKinds, d.Relevant, null).Terms(today);
            var doc = new DemandDocument(d.Id, HardSet.Buyer, terms.Title, terms.Description, terms.IpcCodes, null, terms.BudgetMax, terms.DealKinds);
            outcomes.Add(Rank(index, doc, HardSet.Buyer, d.Lang, d.Relevant, d.Decoys ?? []));
        }

        return outcomes;
    }

    private static Outcome Rank(MatchIndex index, DemandDocument demand, string viewer, string language, IReadOnlyDictionary<string, int> grades, IReadOnlyList<string> decoys)
    {
        var ranked = index.MatchesForDemand(demand, viewer, 1, 50).Items;
        return new Outcome(demand.Id, language, demand.IpcCodes.Count > 0, grades, decoys,
            [.. ranked.Take(K).Select(m => m.ListingId)], [.. ranked.Select(m => (m.ListingId, m.Score))]);
    }

    /// <summary>zh when the demand is Chinese only, en when it has no Chinese, mixed when both carry words.</summary>
    internal static string LanguageOf(string text)
    {
        var han = text.Count(c => c is >= '\u4e00' and <= '\u9fff');
        var latinWords = LatinTokens.Split(text).Count(t => t.Lower.Length > 3 && t.Lower.All(char.IsAsciiLetter));
        return han == 0 ? "en" : latinWords >= 3 ? "mixed" : "zh";
    }

    // ------------------------------------------------------------ report

    public static void Report(string set, string title, IReadOnlyList<Outcome> outcomes, bool show)
    {
        Console.WriteLine();
        Console.WriteLine($"== {title}: {outcomes.Count} demands, top {K} ==");
        Console.WriteLine($"  {"demands",-28} {"n",3} {"P@5",7} {"nDCG@5",7} {"bigrams",8} {"decoys in top5",15} {"decoys above a relevant",24}");
        Line(set, "all", outcomes);
        foreach (var language in new[] { "zh", "en", "mixed" })
        {
            Line(set, $"language {language}", [.. outcomes.Where(o => o.Language == language)]);
        }

        Line(set, "English or mixed", [.. outcomes.Where(o => o.Language != "zh")]);
        Line(set, "with IPC hints", [.. outcomes.Where(o => o.Hinted)]);
        Line(set, "without IPC hints", [.. outcomes.Where(o => !o.Hinted)]);
        var ceiling = outcomes.Average(o => Math.Min(o.Grades.Count(g => g.Value > 0), K) / (double)K);
        Console.WriteLine(string.Create(Invariant,
            $"  (P@5 ceiling {ceiling:0.000}: many demands have fewer than five relevant listings; nDCG@5 ceiling 1.000; bigrams: nDCG@5 recorded for the ranking this replaced)"));
        if (show)
        {
            foreach (var o in outcomes)
            {
                Console.WriteLine(string.Create(Invariant, $"  {o.Id} [{o.Language}{(o.Hinted ? ",ipc" : "")}] nDCG {Ndcg(o.Top, o.Grades):0.00}  {Marked(o.Top, o)}"));
            }
        }
    }

    /// <summary>
    /// How precise the strong-match threshold is: of the pairs scoring at or above it (over all sets),
    /// the share judged highly relevant (grade 2) and relevant at all, and the share of the highly
    /// relevant pairs it announces.
    /// </summary>
    public static void Thresholds(IReadOnlyList<Outcome> outcomes)
    {
        Console.WriteLine();
        Console.WriteLine($"== Strong-match threshold (StrongMatchFound), over all {outcomes.Count} demands of the three sets; the service uses {MatchWeights.Default.StrongMatch:0.00} ==");
        Console.WriteLine($"  {"threshold",9} {"pairs",6} {"grade 2",8} {"graded",7} {"grade-2 pairs found",20}");
        var highly = outcomes.Sum(o => o.Grades.Count(g => g.Value == 2));
        foreach (var threshold in new[] { 0.4, 0.5, 0.6, 0.7, 0.8 })
        {
            var pairs = outcomes.SelectMany(o => o.Scored.Where(s => s.Score >= threshold).Select(s => o.Grades.GetValueOrDefault(s.Id))).ToList();
            var found = outcomes.Sum(o => o.Scored.Count(s => s.Score >= threshold && o.Grades.GetValueOrDefault(s.Id) == 2));
            Console.WriteLine(string.Create(Invariant,
                $"  {threshold,9:0.00} {pairs.Count,6} {Share(pairs.Count(g => g == 2), pairs.Count),8} {Share(pairs.Count(g => g > 0), pairs.Count),7} {Share(found, highly),20}"));
        }
    }

    private static string Share(int part, int whole) => whole == 0 ? "n/a" : (part / (double)whole).ToString("0.000", Invariant);

    private static string Marked(IReadOnlyList<string> ranked, Outcome o) => string.Join(' ', ranked.Select(id =>
        $"{(id.Length > 6 ? id[^4..] : id)}[{(o.Decoys.Contains(id) ? "D" : o.Grades.GetValueOrDefault(id).ToString(Invariant))}]"));

    private static void Line(string set, string name, IReadOnlyList<Outcome> chosen)
    {
        if (chosen.Count == 0)
        {
            return;
        }

        var p = chosen.Average(o => Precision(o.Top, o.Grades));
        var g = chosen.Average(o => Ndcg(o.Top, o.Grades));
        var recorded = Recorded.TryGetValue((set, name), out var old) ? old.ToString("0.000", Invariant) : "";
        var withDecoys = chosen.Where(o => o.Decoys.Count > 0).ToList();
        var decoys = withDecoys.Count == 0 ? "" : string.Create(Invariant, $"{withDecoys.Sum(o => o.Top.Count(o.Decoys.Contains))} in {withDecoys.Count}");
        var above = withDecoys.Count == 0 ? "" : withDecoys.Sum(o => AboveRelevant(o.Top, o)).ToString(Invariant);
        Console.WriteLine(string.Create(Invariant, $"  {name,-28} {chosen.Count,3} {p,7:0.000} {g,7:0.000} {recorded,8} {decoys,15} {above,24}"));
    }

    /// <summary>Decoys in the top five ranked above a relevant listing (one missing from the top five counts as below all).</summary>
    private static int AboveRelevant(IReadOnlyList<string> ranked, Outcome o)
    {
        var lastRelevant = o.Grades.Keys.Select(id => ranked.ToList().IndexOf(id)).Select(i => i < 0 ? int.MaxValue : i).DefaultIfEmpty(-1).Max();
        return ranked.Select((id, i) => (id, i)).Count(x => o.Decoys.Contains(x.id) && x.i < lastRelevant);
    }

    private static double Precision(IReadOnlyList<string> ranked, IReadOnlyDictionary<string, int> grades) => MatchingQuality.PrecisionAt(ranked, grades);

    private static double Ndcg(IReadOnlyList<string> ranked, IReadOnlyDictionary<string, int> grades) => MatchingQuality.NdcgAt(ranked, grades);
}

/// <summary>Evaluation/matching-hard-set.json: our own listings and judged demands (see the benchmarks README).</summary>
internal sealed record HardSet(string About, DateOnly JudgedOn, IReadOnlyList<HardListing> Listings, IReadOnlyList<HardDemand> Demands)
{
    public const string Buyer = "org-buyer";

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public static HardSet Load(string path) =>
        JsonSerializer.Deserialize<HardSet>(File.ReadAllText(path, Encoding.UTF8), Options) ?? throw new InvalidDataException($"{path} is empty");

    public List<string> Problems()
    {
        var ids = Listings.Select(l => l.Id).ToHashSet(StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var d in Demands)
        {
            problems.AddRange(d.Relevant.Keys.Concat(d.Decoys ?? []).Where(id => !ids.Contains(id)).Select(id => $"{d.Id}: no listing {id}"));
            problems.AddRange(d.Relevant.Where(kv => kv.Value is not (1 or 2)).Select(kv => $"{d.Id}: {kv.Key} has grade {kv.Value}"));
            if (d.Lang is not ("zh" or "en" or "mixed"))
            {
                problems.Add($"{d.Id}: language '{d.Lang}'");
            }
        }

        problems.AddRange(Listings.Where(l => l.Type == PatentType.Design ? l.Ipc.Count > 0 || l.Locarno is null : l.Ipc.Count == 0)
            .Select(l => $"{l.Id}: a design has a Locarno class and no IPC, other patents IPC codes"));
        return problems;
    }
}

internal sealed record HardListing(
    string Id, string Industry, string Owner, PatentType Type, IReadOnlyList<string> Ipc, string? Locarno, DealKind DealKind, decimal AskingPrice,
    string Title, string Abstract, string? TitleEn, string? AbstractEn, IReadOnlyList<string>? Keywords)
{
    /// <summary>The listing as a university would publish it: its title says the deal, its summary is the abstract and an invitation.</summary>
    public ListingDocument Document() => new(Id, Owner, $"{Title}专利{Describe(DealKind)}", TitleEn is null ? null : $"{TitleEn} ({DealKind})",
        $"{Abstract} 本项目由权利人挂牌{Describe(DealKind)}，欢迎企业洽谈。",
        [new PatentDocument($"ZL-{Id}", Type, Title, TitleEn, Abstract, AbstractEn, Ipc, Locarno)], Keywords ?? [], DealKind, AskingPrice);

    internal static string Describe(DealKind kind) => kind switch
    {
        DealKind.Assignment => "转让",
        DealKind.ExclusiveLicence => "独占许可",
        DealKind.SoleLicence => "排他许可",
        DealKind.NonExclusiveLicence => "普通许可",
        DealKind.OpenLicence => "开放许可",
        _ => "作价入股",
    };
}

internal sealed record HardDemand(
    string Id, string Lang, IReadOnlyList<string>? Traits, string Title, string Description, IReadOnlyList<string>? IpcCodes,
    decimal? BudgetMax, IReadOnlyList<DealKind>? DealKinds, IReadOnlyDictionary<string, int> Relevant, IReadOnlyList<string>? Decoys, string? Why);
