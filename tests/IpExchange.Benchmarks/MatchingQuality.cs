extern alias matching;

using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using IpExchange.Contracts;
using IpExchange.Listing.Listings;
using IpExchange.Listing.Patents;
using IpExchange.Listing.Seeding;
using IpExchange.ServiceDefaults;
using matching::IpExchange.Matching.Demands;

namespace IpExchange.Benchmarks;

/// <summary>
/// The offline evaluation of the Matching service's ranking (<c>matching-quality</c> mode): the judged
/// demands of the three sets (the demo set of Evaluation/matching-judgements.json on the demo's public
/// listings, the hard set and the held-out set of our own listings) are ranked by the service's
/// ranking (IpExchange.Matching.Ranking) and scored by precision@5 and nDCG@5, overall, per language
/// and with and without IPC hints (<see cref="MatchingWords"/>). The bigram ranking it replaced is
/// gone from the service; its figures, recorded on the same sets before the switch, are printed
/// beside. No database and no bus: pure and deterministic.
/// </summary>
internal static class MatchingQuality
{
    private const int K = 5;
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public const string Usage = """
        usage: dotnet run -c Release --project tests/IpExchange.Benchmarks -- matching-quality [options]

        Ranks the judged demands of three sets with the service's ranking and prints precision@5 and
        nDCG@5 overall, per language (zh, en, mixed), with and without IPC hints, and decoys in the top
        5, beside the figures recorded for the bigram ranking it replaced; then how precise the strong
        match threshold is.
          --show             also print each demand's top 5, marked with their grades (D: a judged decoy)
          --dump-listings    print the demo's public listings (the texts the judgements were made from) and stop
          --judgements PATH  another demo judgement file (default Evaluation/matching-judgements.json)
          --hard-set PATH    another hard set (default Evaluation/matching-hard-set.json)
        """;

    public static int Run(string[] args)
    {
        var (show, dump, path) = (false, false, Path.Combine(AppContext.BaseDirectory, "Evaluation", "matching-judgements.json"));
        var hardPath = Path.Combine(AppContext.BaseDirectory, "Evaluation", "matching-hard-set.json");
        var holdoutPath = Path.Combine(AppContext.BaseDirectory, "Evaluation", "matching-holdout-set.json");
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--show":
                    show = true;
                    break;
                case "--dump-listings":
                    dump = true;
                    break;
                case "--judgements" when i + 1 < args.Length:
                    path = args[++i];
                    break;
                case "--hard-set" when i + 1 < args.Length:
                    hardPath = args[++i];
                    break;
                case "-h" or "--help":
                    Console.WriteLine(Usage);
                    return 0;
                default:
                    Console.Error.WriteLine($"error: unknown option '{args[i]}'\n\n{Usage}");
                    return 2;
            }
        }

        var set = JudgementSet.Load(path);
        var listings = DemoListings.Build(set.DemoDate);
        if (dump)
        {
            Dump(listings);
            return 0;
        }

        var problems = set.Problems(listings);
        if (problems.Count > 0)
        {
            Console.Error.WriteLine($"error: {path} is not a usable judgement set:\n  " + string.Join("\n  ", problems));
            return 1;
        }

        var hard = HardSet.Load(hardPath);
        var holdout = HardSet.Load(holdoutPath);
        if (hard.Problems().Concat((holdout with { Listings = [.. holdout.Listings, .. hard.Listings] }).Problems()).ToList() is { Count: > 0 } hardProblems)
        {
            Console.Error.WriteLine("error: the hard or held-out set is not a usable judgement set:\n  " + string.Join("\n  ", hardProblems));
            return 1;
        }

        var analyzer = TextAnalysis.TextAnalyzer.LoadDefault();
        var demo = MatchingWords.OnDemoSet(set, listings, analyzer);
        var hardOutcomes = MatchingWords.OnHardSet(hard, hard.JudgedOn, analyzer);
        var holdoutOutcomes = MatchingWords.OnHardSet(holdout, holdout.JudgedOn, analyzer, hard.Listings);
        MatchingWords.Report("demo", $"Demo set ({Path.GetFileName(path)}, the team's 42 demands on the demo's public listings)", demo, show);
        MatchingWords.Report("hard", $"Hard set ({Path.GetFileName(hardPath)}, {hard.Listings.Count} listings of our own, judged {hard.JudgedOn:yyyy-MM-dd})", hardOutcomes, show);
        MatchingWords.Report("holdout", $"Held-out set ({Path.GetFileName(holdoutPath)}, {holdout.Listings.Count} new listings among the hard set's, written after the vocabulary)",
            holdoutOutcomes, show);
        MatchingWords.Thresholds([.. demo, .. hardOutcomes, .. holdoutOutcomes]);
        Console.WriteLine();
        Console.WriteLine("Goal on any fair judged set: nDCG@5 >= 0.85 overall, >= 0.75 on English demands, >= 0.75 without IPC hints.");
        return 0;
    }

    public static double PrecisionAt(IReadOnlyList<string> ranked, IReadOnlyDictionary<string, int> grades) =>
        ranked.Take(K).Count(id => grades.GetValueOrDefault(id) > 0) / (double)K;

    public static double NdcgAt(IReadOnlyList<string> ranked, IReadOnlyDictionary<string, int> grades)
    {
        static double Dcg(IEnumerable<int> gains) => gains.Take(K).Select((g, i) => (Math.Pow(2, g) - 1) / Math.Log2(i + 2)).Sum();
        var ideal = Dcg(grades.Values.OrderDescending());
        return ideal == 0 ? 0 : Dcg(ranked.Select(id => grades.GetValueOrDefault(id))) / ideal;
    }

    private static void Dump(IReadOnlyList<DemoListing> listings)
    {
        foreach (var l in listings.Where(l => l.Status == ListingStatus.Public))
        {
            var visibility = l.DirectedTo is not null ? $" directed to {l.DirectedTo}" : l.AllianceMembers.Count > 0 ? " alliance only" : "";
            Console.WriteLine(string.Create(Invariant, $"{l.Id} lead {l.Patents[0].Number} [{l.Patents[0].Industry}] {l.DealKind} ¥{l.AskingPrice:N0}{visibility}"));
            Console.WriteLine($"  {l.Title}{(l.TitleEn is null ? "" : $" / {l.TitleEn}")}");
            foreach (var p in l.Patents)
            {
                Console.WriteLine($"  - {p.Number} {p.Type} {string.Join("; ", p.IpcCodes)} {p.Title}");
            }

            Console.WriteLine($"  {l.Summary}");
        }
    }
}

/// <summary>
/// The listings the demo seed makes (DemoSeeder.Run), rebuilt in memory. DemoSeeder's plan and its
/// listing terms are private, so they are mirrored here step for step (same plan, same queue order,
/// same seeded Random drawn once per listing, same deal kind / pricing / directed / alliance rules and
/// the same title and summary wording); keep the two in step. A drift shows: the judgement file names
/// the listing each judged patent leads, and a mismatch stops the run. Checked once against a database
/// seeded by DemoSeeder on the same day: ids, deal kinds, prices, titles and directed/alliance terms of
/// the public listings agreed. The plan's Reserved and Sold shares are left public by the seed since
/// the demo's deals are made through the gateway (tools/IpExchange.DemoTrades reserves or sells a few
/// of them); they stay out of the ranked set here, as before, so the judged figures stay comparable.
/// </summary>
internal static class DemoListings
{
    private static readonly (ListingStatus Status, int Count)[] Plan =
    [
        (ListingStatus.Public, 90), (ListingStatus.Draft, 10), (ListingStatus.Submitted, 12), (ListingStatus.Rejected, 8),
        (ListingStatus.Reserved, 8), (ListingStatus.Sold, 8), (ListingStatus.Withdrawn, 8), (ListingStatus.Expired, 8),
    ];

    public static IReadOnlyList<DemoListing> Build(DateOnly today)
    {
        var random = new Random(DemoCatalog.Seed);
        var buyers = DemoCatalog.Organisations.Where(o => o.Role == Roles.Enterprise).ToList();
        var available = DemoCatalog.Patents.Where(p => PatentTerm.ExpiresOn(p.Type, p.FilingDate) > today.AddYears(2)).GroupBy(p => p.OwnerId)
            .ToDictionary(g => g.Key, g => new Queue<DemoPatent>(g));
        var listings = new List<DemoListing>();
        var n = 0;
        foreach (var (status, count) in Plan)
        {
            for (var i = 0; i < count; i++, n++)
            {
                var queue = available[available.Keys.ElementAt(n % available.Count)];
                if (queue.Count == 0)
                {
                    continue;
                }

                var portfolio = new List<DemoPatent> { queue.Dequeue() };
                if (n % 7 == 3)
                {
                    while (portfolio.Count < 3 && queue.TryPeek(out var next) && next.Industry == portfolio[0].Industry)
                    {
                        portfolio.Add(queue.Dequeue());
                    }
                }

                listings.Add(Terms(status, portfolio, random, n, buyers[n % buyers.Count]));
            }
        }

        return listings;
    }

    private static DemoListing Terms(ListingStatus target, List<DemoPatent> portfolio, Random random, int n, DemoOrganisation buyer)
    {
        var first = portfolio[0];
        var sold = target is ListingStatus.Reserved or ListingStatus.Sold;
        var kind = sold ? (n % 2 == 0 ? DealKind.Assignment : DealKind.ExclusiveLicence) : (n % 6) switch
        {
            0 or 1 => DealKind.Assignment,
            2 => DealKind.ExclusiveLicence,
            3 => DealKind.NonExclusiveLicence,
            4 => DealKind.OpenLicence,
            _ => n % 12 == 5 ? DealKind.EquityContribution : DealKind.SoleLicence,
        };
        var negotiated = kind == DealKind.OpenLicence || sold || n % 5 == 4;
        string? directedTo = null;
        IReadOnlyList<string> members = [];
        if (!sold && kind != DealKind.OpenLicence && negotiated && n % 3 == 1)
        {
            directedTo = buyer.Id;
        }
        else if (!sold && kind == DealKind.NonExclusiveLicence && n % 4 == 3)
        {
            members = DemoCatalog.Organisations.Where(o => o.Group is not null).Select(o => o.Id).Take(4).ToList();
        }

        var scale = first.Type switch { PatentType.Invention => 400_000m, PatentType.UtilityModel => 80_000m, _ => 30_000m };
        var asking = decimal.Round(scale * portfolio.Count * (decimal)(0.5 + (random.NextDouble() * 9.5)) / 1000) * 1000;
        var title = portfolio.Count == 1 ? $"{first.Title}专利{Describe(kind)}" : $"{first.Industry}专利组合（{portfolio.Count}件）{Describe(kind)}";
        return new DemoListing($"GP-DEMO-{n + 1:D4}", target, portfolio, title, first.TitleEn is null ? null : $"{first.TitleEn} ({kind})",
            $"{first.Abstract} 本项目由权利人挂牌{Describe(kind)}，欢迎企业洽谈。", kind, asking, directedTo, members);
    }

    private static string Describe(DealKind kind) => kind switch
    {
        DealKind.Assignment => "转让",
        DealKind.ExclusiveLicence => "独占许可",
        DealKind.SoleLicence => "排他许可",
        DealKind.NonExclusiveLicence => "普通许可",
        DealKind.OpenLicence => "开放许可",
        _ => "作价入股",
    };
}

internal sealed record DemoListing(
    string Id, ListingStatus Status, IReadOnlyList<DemoPatent> Patents, string Title, string? TitleEn, string Summary,
    DealKind DealKind, decimal AskingPrice, string? DirectedTo, IReadOnlyList<string> AllianceMembers);

internal sealed record JudgedDemand(
    string Id,
    string Owner,
    string Title,
    string Description,
    IReadOnlyList<string>? IpcCodes,
    decimal? BudgetMin,
    decimal? BudgetMax,
    IReadOnlyList<DealKind>? DealKinds,
    IReadOnlyDictionary<string, int> Relevant,
    IReadOnlyDictionary<string, string>? Listings)
{
    /// <summary>The demand as the Matching service stores it: DemandRequest's validation and normalisation.</summary>
    public DemandTerms Terms(DateOnly today) =>
        new DemandRequest(Title, Description, IpcCodes, BudgetMin, BudgetMax, DealKinds, null, today.AddMonths(3)).Validate(today);
}

internal sealed record JudgementSet(DateOnly DemoDate, IReadOnlyList<JudgedDemand> Demands)
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    public static JudgementSet Load(string path) =>
        JsonSerializer.Deserialize<JudgementSet>(File.ReadAllText(path, Encoding.UTF8), Options) ?? throw new InvalidDataException($"{path} is empty");

    /// <summary>What makes the set unusable: too few demands, unknown or non-public listings, grades other than 1 and 2, invalid demands.</summary>
    public List<string> Problems(IReadOnlyList<DemoListing> listings)
    {
        var problems = new List<string>();
        var leads = listings.ToDictionary(l => l.Patents[0].Number, StringComparer.Ordinal);
        if (Demands.Count < 30)
        {
            problems.Add($"{Demands.Count} demands; at least 30 are needed");
        }

        foreach (var d in Demands)
        {
            if (d.Relevant.Count == 0)
            {
                problems.Add($"{d.Id}: no relevant listing judged");
            }

            foreach (var (lead, grade) in d.Relevant)
            {
                if (!leads.TryGetValue(lead, out var listing))
                {
                    problems.Add($"{d.Id}: {lead} leads no demo listing");
                }
                else if (listing.Status != ListingStatus.Public)
                {
                    problems.Add($"{d.Id}: {lead} leads {listing.Id}, which is {listing.Status}, not public");
                }
                else if ((listing.DirectedTo ?? d.Owner) != d.Owner || (listing.AllianceMembers.Count > 0 && !listing.AllianceMembers.Contains(d.Owner)))
                {
                    problems.Add($"{d.Id}: {listing.Id} (led by {lead}) is not shown to {d.Owner} (a directed or alliance listing)");
                }

                if (listing is not null && d.Listings?.GetValueOrDefault(lead) is { } named && named != listing.Id)
                {
                    problems.Add($"{d.Id}: {lead} leads {listing.Id} now, not {named} as the judgement file says (the demo seed changed)");
                }

                if (grade is not (1 or 2))
                {
                    problems.Add($"{d.Id}: {lead} has grade {grade}; grades are 1 or 2");
                }
            }

            try
            {
                d.Terms(DemoDate);
            }
            catch (ValidationFailedException e)
            {
                problems.Add($"{d.Id}: not a valid demand: {string.Join("; ", e.Errors.Select(f => $"{f.Key}: {string.Join(' ', f.Value)}"))}");
            }
        }

        problems.AddRange(Demands.GroupBy(d => d.Id).Where(g => g.Count() > 1).Select(g => $"{g.Key}: more than one demand has this id"));
        return problems;
    }
}
