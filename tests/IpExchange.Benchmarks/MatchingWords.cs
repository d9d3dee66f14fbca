extern alias matching;

using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using IpExchange.Contracts;
using IpExchange.Listing.Listings;
using IpExchange.Listing.Patents;
using IpExchange.Matching.Ranking;
using IpExchange.Text;
using IpExchange.TextAnalysis;
using matching::IpExchange.Matching.Matching;

namespace IpExchange.Benchmarks;

/// <summary>
/// Issue 18's figures for <c>matching-quality</c>: the word-aware ranking (IpExchange.Matching.Ranking:
/// jieba words, concepts across languages, BM25F, IPC, budget, deal kind) against the service's current
/// ranking (Relevance.Score over bigram terms, with its candidate filter and idf) on the same listings in
/// the same run, on both judged sets: the team's demo set and the hard set of our own listings. Reported
/// overall, per language of the demand (zh, en, mixed) and with or without IPC hints, with how often a
/// judged decoy reaches the top five.
/// </summary>
internal static class MatchingWords
{
    private const int K = 5;
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>One demand's result under both rankings.</summary>
    internal sealed record Outcome(string Id, string Language, bool Hinted, IReadOnlyDictionary<string, int> Grades, IReadOnlyList<string> Decoys,
        IReadOnlyList<string> New, IReadOnlyList<string> Old);

    // ------------------------------------------------------------ the demo set

    public static List<Outcome> OnDemoSet(JudgementSet set, IReadOnlyList<DemoListing> listings, TextAnalyzer analyzer)
    {
        var publicListings = listings.Where(l => l.Status == ListingStatus.Public).ToList();
        var catalogue = publicListings.Select(CatalogueRow.From).ToList();
        var byLead = catalogue.ToDictionary(r => r.LeadPatent, StringComparer.Ordinal);
        using var index = new MatchIndex(analyzer);
        foreach (var l in publicListings)
        {
            index.Upsert(new ListingDocument(l.Id, "org-demo", l.Title, l.TitleEn, l.Summary,
                [.. l.Patents.Select(p => new PatentDocument(p.Number, p.Type, p.Title, p.TitleEn, p.Abstract, p.AbstractEn,
                    [.. p.IpcCodes.Select(c => IpcCode.TryNormalize(c, out var code, out _) ? code : c)]))],
                [], l.DealKind, l.AskingPrice, l.DirectedTo, l.AllianceMembers));
        }

        var outcomes = new List<Outcome>();
        foreach (var demand in set.Demands)
        {
            var profile = demand.Profile(set.DemoDate);
            var grades = demand.Relevant.ToDictionary(kv => byLead[kv.Key].Offer.Id, kv => kv.Value, StringComparer.Ordinal);
            var doc = new DemandDocument(demand.Id, demand.Owner, demand.Title, demand.Description, profile.IpcCodes, profile.BudgetMin, profile.BudgetMax, profile.DealKinds);
            var ranked = index.MatchesForDemand(doc, demand.Owner, 1, K).Items.Select(m => m.ListingId).ToList();
            outcomes.Add(new Outcome(demand.Id, LanguageOf(demand.Title + " " + demand.Description), profile.IpcCodes.Count > 0, grades, [],
                ranked, OldTop(profile, catalogue, demand.Owner)));
        }

        return outcomes;
    }

    // ------------------------------------------------------------ the hard set

    /// <summary>A set of our own: its demands against its listings and, for the held-out set, the hard set's listings too.</summary>
    public static List<Outcome> OnHardSet(HardSet set, DateOnly today, TextAnalyzer analyzer, IReadOnlyList<HardListing>? moreListings = null)
    {
        using var index = new MatchIndex(analyzer);
        var catalogue = new List<CatalogueRow>();
        foreach (var l in set.Listings.Concat(moreListings ?? []))
        {
            var listing = l.Document();
            index.Upsert(listing);
            catalogue.Add(l.CatalogueRow(listing));
        }

        var outcomes = new List<Outcome>();
        foreach (var d in set.Demands)
        {
            var judged = new JudgedDemand(d.Id, HardSet.Buyer, d.Title, d.Description, d.IpcCodes, null, d.BudgetMax, d.DealKinds, d.Relevant, null);
            var profile = judged.Profile(today);
            var doc = new DemandDocument(d.Id, HardSet.Buyer, d.Title, d.Description, profile.IpcCodes, null, profile.BudgetMax, profile.DealKinds);
            var ranked = index.MatchesForDemand(doc, HardSet.Buyer, 1, K).Items.Select(m => m.ListingId).ToList();
            outcomes.Add(new Outcome(d.Id, d.Lang, profile.IpcCodes.Count > 0, d.Relevant, d.Decoys ?? [], ranked, OldTop(profile, catalogue, HardSet.Buyer)));
        }

        return outcomes;
    }

    /// <summary>The service's ranking today: its candidate filter, idf and Relevance.Score (as MatchingQuality mirrors them).</summary>
    private static List<string> OldTop(MatchProfile profile, IReadOnlyList<CatalogueRow> catalogue, string viewer)
    {
        var candidates = Ranking.Candidates(profile, catalogue, viewer);
        var idf = Ranking.Idf(catalogue, profile.Terms);
        return [.. candidates.Select(r => (r, s: Relevance.Score(profile, r.Offer, idf).Score)).Where(x => x.s > 0)
            .OrderByDescending(x => x.s).ThenBy(x => x.r.Offer.Id, StringComparer.Ordinal).Take(K).Select(x => x.r.Offer.Id)];
    }

    /// <summary>zh when the demand is Chinese only, en when it has no Chinese, mixed when both carry words.</summary>
    internal static string LanguageOf(string text)
    {
        var han = text.Count(c => c is >= '\u4e00' and <= '\u9fff');
        var latinWords = LatinTokens.Split(text).Count(t => t.Lower.Length > 3 && t.Lower.All(char.IsAsciiLetter));
        return han == 0 ? "en" : latinWords >= 3 ? "mixed" : "zh";
    }

    // ------------------------------------------------------------ report

    public static void Report(string title, IReadOnlyList<Outcome> outcomes, bool show)
    {
        Console.WriteLine();
        Console.WriteLine($"== {title}: {outcomes.Count} demands, top {K}; new = word-aware ranking, old = Relevance.Score (the service today) ==");
        Console.WriteLine($"  {"demands",-28} {"n",3} {"P@5 new",8} {"P@5 old",8} {"nDCG new",9} {"nDCG old",9} {"nDCG ratio",11} {"decoys in top5 new/old",23} {"above a relevant new/old",25}");
        Line("all", outcomes);
        foreach (var language in new[] { "zh", "en", "mixed" })
        {
            Line($"language {language}", [.. outcomes.Where(o => o.Language == language)]);
        }

        Line("English or mixed", [.. outcomes.Where(o => o.Language != "zh")]);
        Line("with IPC hints", [.. outcomes.Where(o => o.Hinted)]);
        Line("without IPC hints", [.. outcomes.Where(o => !o.Hinted)]);
        var ceiling = outcomes.Average(o => Math.Min(o.Grades.Count(g => g.Value > 0), K) / (double)K);
        Console.WriteLine(string.Create(Invariant, $"  (P@5 ceiling {ceiling:0.000}: many demands have fewer than five relevant listings; nDCG@5 ceiling 1.000)"));
        if (show)
        {
            foreach (var o in outcomes)
            {
                Console.WriteLine(string.Create(Invariant, $"  {o.Id} [{o.Language}{(o.Hinted ? ",ipc" : "")}] nDCG {Ndcg(o.New, o.Grades):0.00}/{Ndcg(o.Old, o.Grades):0.00}  " +
                    $"new: {Marked(o.New, o)}  old: {Marked(o.Old, o)}"));
            }
        }
    }

    private static string Marked(IReadOnlyList<string> ranked, Outcome o) => string.Join(' ', ranked.Select(id =>
        $"{(id.Length > 6 ? id[^4..] : id)}[{(o.Decoys.Contains(id) ? "D" : o.Grades.GetValueOrDefault(id).ToString(Invariant))}]"));

    private static void Line(string name, IReadOnlyList<Outcome> chosen)
    {
        if (chosen.Count == 0)
        {
            return;
        }

        var (pn, po) = (chosen.Average(o => Precision(o.New, o.Grades)), chosen.Average(o => Precision(o.Old, o.Grades)));
        var (gn, go) = (chosen.Average(o => Ndcg(o.New, o.Grades)), chosen.Average(o => Ndcg(o.Old, o.Grades)));
        var withDecoys = chosen.Where(o => o.Decoys.Count > 0).ToList();
        var decoys = withDecoys.Count == 0 ? "" : string.Create(Invariant,
            $"{withDecoys.Sum(o => o.New.Count(o.Decoys.Contains))}/{withDecoys.Sum(o => o.Old.Count(o.Decoys.Contains))} in {withDecoys.Count}");
        var above = withDecoys.Count == 0 ? "" : string.Create(Invariant,
            $"{withDecoys.Sum(o => AboveRelevant(o.New, o))}/{withDecoys.Sum(o => AboveRelevant(o.Old, o))}");
        Console.WriteLine(string.Create(Invariant,
            $"  {name,-28} {chosen.Count,3} {pn,8:0.000} {po,8:0.000} {gn,9:0.000} {go,9:0.000} {(go == 0 ? "n/a" : (gn / go).ToString("0.00x", Invariant)),11} {decoys,23} {above,25}"));
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

    /// <summary>The same listing as the Matching catalogue holds it today: bigram terms of titles and summary (no English abstract, no keywords).</summary>
    public CatalogueRow CatalogueRow(ListingDocument listing)
    {
        var terms = SearchTerms.Of(string.Join(' ', [listing.Title, listing.TitleEn, listing.Summary, Title])).ToHashSet(StringComparer.Ordinal);
        return new CatalogueRow(new Offer(Id, listing.Title, Ipc, terms, AskingPrice, DealKind), Id, null, []);
    }

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
