using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Dapper;
using IpExchange.Contracts;
using IpExchange.Listing.Listings;
using IpExchange.Listing.Patents;
using IpExchange.Listing.Seeding;
using IpExchange.Matching.Ranking;
using IpExchange.ServiceDefaults;
using IpExchange.TextAnalysis;
using IpExchange.Testing;
using Npgsql;
using NpgsqlTypes;

namespace IpExchange.Benchmarks;

/// <summary>
/// Issue 18's scale figures (<c>matching-scale</c>): the Matching service's MatchIndex holding
/// 100,000 synthetic listings and 10,000 demands made from the texts of both judged sets and the demo
/// patents (recombined, so terms are as common as real ones and postings as long); p50/p99 of a
/// demand's matches, a listing's demands and a search of the index, the time from a new or changed
/// listing to its ranked demands, memory. Then the Listing service's own search at the same scale:
/// the same 100,000 listings written into the search table of a scratch schema (words by the
/// service's own analyzer) and <c>GET /api/listings?q=</c> timed against the service hosted in this
/// process. The bigram ranking the index replaced is gone; its figure at this scale, recorded before,
/// is printed for comparison.
/// </summary>
internal static class MatchingScale
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public const string Usage = """
        usage: dotnet run -c Release --project tests/IpExchange.Benchmarks -- matching-scale [options]
          --listings N          synthetic public listings (default 100000)
          --demands N           synthetic open demands (default 10000)
          --queries N           timed queries of each kind (default 2000)
          --new N               new and changed listings timed to their ranked demands (default 200)
          --seed N              random seed (default 18)
          --no-search           skip the Listing service's search (it needs PostgreSQL and RabbitMQ: deploy/bench.sh starts them)
          --search-only         only the Listing service's search (skip the index)
          --search-schema NAME  the scratch schema for the search: reused when it holds the listings already, and kept afterwards
        """;

    public static async Task<int> Run(string[] args)
    {
        var (listingCount, demandCount, queries, fresh, seed, search) = (100_000, 10_000, 2_000, 200, 18, true);
        var (searchOnly, searchSchema) = (false, (string?)null);
        for (var i = 0; i < args.Length; i++)
        {
            int Next() => int.Parse(args[++i], Invariant);
            switch (args[i])
            {
                case "--listings" when i + 1 < args.Length: listingCount = Next(); break;
                case "--demands" when i + 1 < args.Length: demandCount = Next(); break;
                case "--queries" when i + 1 < args.Length: queries = Next(); break;
                case "--new" when i + 1 < args.Length: fresh = Next(); break;
                case "--seed" when i + 1 < args.Length: seed = Next(); break;
                case "--no-search": search = false; break;
                case "--search-only": searchOnly = true; break;
                case "--search-schema" when i + 1 < args.Length: searchSchema = args[++i]; break;
                case "-h" or "--help":
                    Console.WriteLine(Usage);
                    return 0;
                default:
                    Console.Error.WriteLine($"error: unknown option '{args[i]}'\n\n{Usage}");
                    return 2;
            }
        }

        Console.WriteLine($"Matching at scale: {listingCount:N0} listings, {demandCount:N0} demands, {Environment.ProcessorCount} cores{Program.CpuModel()}, load average {Program.LoadAverage()}");
        var clock = Stopwatch.StartNew();
        var analyzer = TextAnalyzer.LoadDefault();
        analyzer.Analyze("预热 warm-up");
        Console.WriteLine(string.Create(Invariant, $"Vocabulary and jieba dictionary loaded in {clock.Elapsed.TotalSeconds:0.0} s ({analyzer.Vocabulary.Concepts.Count} concepts)"));

        var market = new SyntheticMarket(seed);
        var listings = Enumerable.Range(0, listingCount).Select(i => market.Listing($"GP-SYN-{i:D6}")).ToList();
        var demands = Enumerable.Range(0, demandCount).Select(i => market.Demand($"XQ-SYN-{i:D5}")).ToList();
        if (searchOnly)
        {
            await ListingSearch(listings, market, queries, searchSchema);
            return 0;
        }

        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        using var index = new MatchIndex(analyzer);
        clock.Restart();
        Parallel.ForEach(listings, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, index.Upsert);
        var listingSeconds = clock.Elapsed.TotalSeconds;
        clock.Restart();
        Parallel.ForEach(demands, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, index.Upsert);
        var demandSeconds = clock.Elapsed.TotalSeconds;
        var heapAfter = GC.GetTotalMemory(forceFullCollection: true);
        using (var process = Process.GetCurrentProcess())
        {
            process.Refresh();
            Console.WriteLine(string.Create(Invariant,
                $"Indexed {listingCount:N0} listings in {listingSeconds:0.0} s ({listingCount / listingSeconds:N0}/s) and {demandCount:N0} demands in {demandSeconds:0.0} s, text analysis included"));
            Console.WriteLine(string.Create(Invariant,
                $"Memory: index {(heapAfter - heapBefore) / 1048576.0:N0} MiB of managed heap (GC after a full collection, documents included); process working set {process.WorkingSet64 / 1048576.0:N0} MiB, peak {process.PeakWorkingSet64 / 1048576.0:N0} MiB"));
        }

        Console.WriteLine();
        var random = new Random(seed + 1);
        for (var i = 0; i < 200; i++)
        {
            var d = demands[random.Next(demands.Count)];
            index.MatchesForDemand(d.Id, d.OwnerOrganisationId);
            index.DemandsForListing(listings[random.Next(listings.Count)].Id);
        }

        var rows = new List<(string What, (List<double> Wall, List<double> Cpu) Ms, int GoalMs)>();
        var totals = new List<int>();
        rows.Add(("a demand's matches (page 1 of 10)", Time(queries, () =>
        {
            var d = demands[random.Next(demands.Count)];
            totals.Add(index.MatchesForDemand(d.Id, d.OwnerOrganisationId).Total);
        }), 200));
        rows.Add(("a listing's demands (page 1 of 10)", Time(queries, () => index.DemandsForListing(listings[random.Next(listings.Count)].Id)), 200));
        rows.Add(("a demand being posted, ranked from its text", Time(queries, () =>
        {
            var d = demands[random.Next(demands.Count)];
            index.MatchesForDemand(d with { Id = "draft" }, d.OwnerOrganisationId);
        }), 200));
        rows.Add(("index search, 1-4 words (page 1 of 10)", Time(queries, () => index.Search(market.Query(), "org-buyer")), 200));
        var made = 0;
        rows.Add(("new listing: ranked before added, added, ranked", Time(fresh, () =>
        {
            var listing = market.Listing($"GP-NEW-{made++:D6}");
            index.DemandsForListing(listing);
            index.Upsert(listing);
            index.DemandsForListing(listing.Id);
        }), 1000));
        rows.Add(("changed listing: replaced and its demands ranked", Time(fresh, () =>
        {
            var id = listings[random.Next(listings.Count)].Id;
            index.Upsert(market.Listing(id));
            index.DemandsForListing(id);
        }), 1000));

        Console.WriteLine($"{"in the Matching service's index (wall clock; CPU: the process's CPU time)",-50} {"n",6} {"p50 ms",8} {"p99 ms",8} {"max ms",8} {"CPU p50",8} {"CPU p99",8}  goal");
        foreach (var (what, (ms, cpu), goal) in rows)
        {
            Console.WriteLine(string.Create(Invariant,
                $"{what,-50} {ms.Count,6} {Percentile(ms, 0.5),8:0.0} {Percentile(ms, 0.99),8:0.0} {ms.Max(),8:0.0} {Percentile(cpu, 0.5),8:0.0} {Percentile(cpu, 0.99),8:0.0}  {Goal(ms, goal)}"));
        }

        Console.WriteLine(string.Create(Invariant,
            $"Matches above the floor per demand: median {Percentile([.. totals.Select(t => (double)t)], 0.5):N0} of {listingCount:N0}. Timed single-threaded, after 200 warm-up queries of each direction."));
        Console.WriteLine("The bigram ranking this replaced, recorded 2026-12-03 at the same scale in memory: a demand's matches p50 1463.5 ms, p99 3753.3 ms.");
        Console.WriteLine("In the service a change reaches the index within its poll (Matching:IndexPollMs, 200 ms) plus the times above.");

        if (!search)
        {
            return 0;
        }

        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("ConnectionStrings__EventStore")))
        {
            Console.WriteLine();
            Console.WriteLine("Listing search at scale: skipped, no PostgreSQL (run it with deploy/bench.sh matching-scale, which starts PostgreSQL and RabbitMQ).");
            return 0;
        }

        await ListingSearch(listings, market, queries, searchSchema);
        return 0;
    }

    private static string Goal(List<double> ms, int goalMs) =>
        string.Create(Invariant, $"p99 <= {goalMs} ms: {(Percentile(ms, 0.99) <= goalMs ? "met" : "NOT met")}");

    /// <summary>
    /// The Listing service's <c>GET /api/listings?q=</c> over <paramref name="listings"/> public
    /// listings: the service hosted in this process on a scratch schema (its migrations make the
    /// search table), the rows written straight into that table with the words its projection would
    /// write (a weighted tsvector per field from the same analyzer), then the queries sent over HTTP
    /// on loopback as an enterprise, one at a time.
    /// </summary>
    private static async Task ListingSearch(IReadOnlyList<ListingDocument> listings, SyntheticMarket market, int queries, string? keptSchema)
    {
        var connectionString = Environment.GetEnvironmentVariable("ConnectionStrings__EventStore")!;
        var schema = keptSchema ?? $"bench_search_{DateTime.UtcNow:yyyyMMddHHmmss}";
        Console.WriteLine();
        var host = new GatewayBenchmark.ListingHost(schema);
        try
        {
            host.Start();
            using var client = new HttpClient { BaseAddress = host.Address, Timeout = TimeSpan.FromSeconds(60) };
            var buyer = new Caller("u-bench-buyer", "采购员", "org-buyer", "基准测试企业", Roles.Enterprise, null, "湖南");
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestIdentity.Token(buyer, TimeSpan.FromHours(2)));

            var clock = Stopwatch.StartNew();
            await using var dataSource = NpgsqlDataSource.Create(connectionString);
            await using var connection = await dataSource.OpenConnectionAsync();
            var reused = await connection.ExecuteScalarAsync<long>($"SELECT count(*) FROM \"{schema}\".listings") >= listings.Count;
            if (!reused)
            {
                await connection.ExecuteAsync($"TRUNCATE \"{schema}\".listings");
                await Seed(connectionString, schema, listings);
            }

            var seeded = clock.Elapsed.TotalSeconds;
            await connection.ExecuteAsync($"ANALYZE \"{schema}\".listings");
            var (table, gin) = await connection.QuerySingleAsync<(long, long)>(
                $"SELECT pg_total_relation_size('\"{schema}\".listings'), pg_relation_size('\"{schema}\".listings_search')");
            Console.WriteLine(reused
                ? $"Listing search: {listings.Count:N0} public listings already in {schema}.listings (kept from an earlier run)"
                : string.Create(Invariant, $"Listing search: {listings.Count:N0} public listings written to {schema}.listings in {seeded:0.0} s ({listings.Count / seeded:N0}/s, words by the service's analyzer)"));
            Console.WriteLine(string.Create(Invariant, $"Search table with its indexes {table / 1048576.0:N0} MiB, of which the GIN index on the words {gin / 1048576.0:N0} MiB"));

            for (var i = 0; i < 200; i++)
            {
                await Search(client, market.Query());
            }

            var found = new List<double>();
            var wall = new List<double>();
            for (var i = 0; i < queries; i++)
            {
                var q = market.Query();
                var start = Stopwatch.GetTimestamp();
                var total = await Search(client, q);
                wall.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                found.Add(total);
            }

            Console.WriteLine($"{"the Listing service (HTTP on loopback, wall clock)",-50} {"n",6} {"p50 ms",8} {"p99 ms",8} {"max ms",8}  goal");
            Console.WriteLine(string.Create(Invariant,
                $"{"GET /api/listings?q= 1-4 words, pageSize=10",-50} {wall.Count,6} {Percentile(wall, 0.5),8:0.0} {Percentile(wall, 0.99),8:0.0} {wall.Max(),8:0.0}  {Goal(wall, 200)}"));
            var hits = wall.Where((_, i) => found[i] > 0).ToList();
            if (hits.Count > 0)
            {
                Console.WriteLine(string.Create(Invariant,
                    $"{"  of them the queries that found listings",-50} {hits.Count,6} {Percentile(hits, 0.5),8:0.0} {Percentile(hits, 0.99),8:0.0} {hits.Max(),8:0.0}  {Goal(hits, 200)}"));
            }
            Console.WriteLine(string.Create(Invariant,
                $"Listings found per query: median {Percentile(found, 0.5):N0}, p90 {Percentile(found, 0.9):N0}, max {found.Max():N0}; {found.Count(f => f > 0) / (double)found.Count:P0} of the queries found at least one."));
        }
        finally
        {
            await host.DisposeAsync();
            if (keptSchema is null)
            {
                await Program.DropSchema(connectionString, schema);
            }
        }
    }

    private static async Task<int> Search(HttpClient client, string q)
    {
        using var response = await client.GetAsync(new Uri($"api/listings?q={Uri.EscapeDataString(q)}&pageSize=10", UriKind.Relative));
        response.EnsureSuccessStatusCode();
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("total").GetInt32();
    }

    /// <summary>The rows <c>ListingSearchProjection</c> would write for these listings, published, by binary COPY.</summary>
    private static async Task Seed(string connectionString, string schema, IReadOnlyList<ListingDocument> listings)
    {
        var lexemes = ListingWords.Lexemes;
        var words = new (string Title, string Summary, string Patents, string Owner)[listings.Count];
        Parallel.For(0, listings.Count, i =>
        {
            var l = listings[i];
            words[i] = (
                lexemes.Vector('A', [l.Title, l.TitleEn, .. l.Keywords]),
                lexemes.Vector('B', [l.Summary, .. l.Patents.SelectMany(p => new[] { p.Title, p.TitleEn })]),
                lexemes.Vector('C', [.. l.Patents.SelectMany(p => new[] { p.Abstract, p.AbstractEn }),
                    .. ListingWords.Classification(l.Patents.Select(p => (p.Type, p.IpcCodes, p.LocarnoClass)))]),
                lexemes.Vector('D', OwnerName(l)));
        });

        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var connection = await dataSource.OpenConnectionAsync();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        const string Columns = """
            id, owner_org, owner_name, status, title, title_en, summary, deal_kind, pricing_method, trading_mode, asking_price,
            directed_to, listed_from, listed_until, patent_ids, ipc_codes, keywords, title_words, summary_words, patent_words, owner_words,
            updated_at, published_at
            """;

        // The words arrive as tsvector literals, as the service sends them, and PostgreSQL reads them
        // (tsvector's input): copied as text into a staging table, then cast on the way in.
        await connection.ExecuteAsync($"""
            CREATE UNLOGGED TABLE "{schema}".listings_staging AS SELECT * FROM "{schema}".listings WITH NO DATA;
            ALTER TABLE "{schema}".listings_staging DROP COLUMN search;
            ALTER TABLE "{schema}".listings_staging ALTER COLUMN title_words TYPE text, ALTER COLUMN summary_words TYPE text,
                ALTER COLUMN patent_words TYPE text, ALTER COLUMN owner_words TYPE text;
            """);
        await using (var writer = await connection.BeginBinaryImportAsync($"COPY \"{schema}\".listings_staging ({Columns}) FROM STDIN (FORMAT BINARY)"))
        {
            await Rows(writer, listings, words, today);
        }

        await connection.ExecuteAsync($"""
            INSERT INTO "{schema}".listings ({Columns})
            SELECT id, owner_org, owner_name, status, title, title_en, summary, deal_kind, pricing_method, trading_mode, asking_price,
                   directed_to, listed_from, listed_until, patent_ids, ipc_codes, keywords, title_words::tsvector, summary_words::tsvector,
                   patent_words::tsvector, owner_words::tsvector, updated_at, published_at
            FROM "{schema}".listings_staging;
            DROP TABLE "{schema}".listings_staging;
            """, commandTimeout: 1800);
    }

    private static async Task Rows(NpgsqlBinaryImporter writer, IReadOnlyList<ListingDocument> listings,
        (string Title, string Summary, string Patents, string Owner)[] words, DateOnly today)
    {
        for (var i = 0; i < listings.Count; i++)
        {
            var l = listings[i];
            await writer.StartRowAsync();
            await writer.WriteAsync(l.Id, NpgsqlDbType.Text);
            await writer.WriteAsync(l.OwnerOrganisationId, NpgsqlDbType.Text);
            await writer.WriteAsync(OwnerName(l), NpgsqlDbType.Text);
            await writer.WriteAsync(nameof(ListingStatus.Public), NpgsqlDbType.Text);
            await writer.WriteAsync(l.Title, NpgsqlDbType.Text);
            await Nullable(writer, l.TitleEn);
            await writer.WriteAsync(l.Summary ?? "", NpgsqlDbType.Text);
            await writer.WriteAsync(l.DealKind.ToString(), NpgsqlDbType.Text);
            await writer.WriteAsync(nameof(PricingMethod.Negotiated), NpgsqlDbType.Text);
            await writer.WriteAsync(l.DirectedTo is null ? nameof(TradingMode.Negotiated) : nameof(TradingMode.Directed), NpgsqlDbType.Text);
            await writer.WriteAsync(l.AskingPrice, NpgsqlDbType.Numeric);
            await Nullable(writer, l.DirectedTo);
            await writer.WriteAsync(today, NpgsqlDbType.Date);
            await writer.WriteAsync(today.AddDays(180), NpgsqlDbType.Date);
            await writer.WriteAsync(l.Patents.Select(p => p.Number).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text);
            await writer.WriteAsync(l.Patents.SelectMany(p => p.IpcCodes).Distinct().ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text);
            await writer.WriteAsync(l.Keywords.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text);
            await writer.WriteAsync(words[i].Title, NpgsqlDbType.Text);
            await writer.WriteAsync(words[i].Summary, NpgsqlDbType.Text);
            await writer.WriteAsync(words[i].Patents, NpgsqlDbType.Text);
            await writer.WriteAsync(words[i].Owner, NpgsqlDbType.Text);
            var at = DateTime.UtcNow.AddMinutes(-i);
            await writer.WriteAsync(at, NpgsqlDbType.TimestampTz);
            await writer.WriteAsync(at, NpgsqlDbType.TimestampTz);
        }

        await writer.CompleteAsync();
    }

    private static string OwnerName(ListingDocument listing) => $"{listing.OwnerOrganisationId}大学";

    private static async Task Nullable(NpgsqlBinaryImporter writer, string? value)
    {
        if (value is null)
        {
            await writer.WriteNullAsync();
        }
        else
        {
            await writer.WriteAsync(value, NpgsqlDbType.Text);
        }
    }

    /// <summary>
    /// Wall-clock and CPU milliseconds per call. The machine is shared (other builds run beside), so the
    /// wall clock includes waiting for a core; the process's CPU time (GC included) says what a call costs.
    /// </summary>
    private static (List<double> Wall, List<double> Cpu) Time(int count, Action action)
    {
        var (ms, cpu) = (new List<double>(count), new List<double>(count));
        using var process = Process.GetCurrentProcess();
        for (var i = 0; i < count; i++)
        {
            process.Refresh();
            var cpuBefore = process.TotalProcessorTime;
            var start = Stopwatch.GetTimestamp();
            action();
            ms.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            process.Refresh();
            cpu.Add((process.TotalProcessorTime - cpuBefore).TotalMilliseconds);
        }

        return (ms, cpu);
    }

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToArray();
        return sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
    }

    /// <summary>
    /// Listings and demands recombined from real texts: the hard set's listings and the demo's patents
    /// give titles, sentences and IPC codes per industry; a synthetic listing takes one patent's title
    /// and codes and mixes its sentences with one of a sibling patent. Demands are the judged demands
    /// of both sets with a sentence of another added.
    /// </summary>
    private sealed class SyntheticMarket
    {
        private readonly Random random;
        private readonly List<PatentDocument> patents;
        private readonly Dictionary<string, List<int>> byIndustry;
        private readonly List<string> industryOf;
        private readonly List<DemandDocument> demandSeeds;
        private readonly List<string> queryWords;

        public SyntheticMarket(int seed)
        {
            random = new Random(seed);
            var hard = HardSet.Load(Path.Combine(AppContext.BaseDirectory, "Evaluation", "matching-hard-set.json"));
            var judged = JudgementSet.Load(Path.Combine(AppContext.BaseDirectory, "Evaluation", "matching-judgements.json"));
            patents = [];
            industryOf = [];
            foreach (var l in hard.Listings)
            {
                patents.Add(l.Document().Patents[0]);
                industryOf.Add(l.Industry);
            }

            foreach (var p in DemoCatalog.Patents)
            {
                patents.Add(new PatentDocument(p.Number, p.Type, p.Title, p.TitleEn, p.Abstract, p.AbstractEn,
                    [.. p.IpcCodes.Select(c => IpcCode.TryNormalize(c, out var code, out _) ? code : c)], p.LocarnoClass));
                industryOf.Add(p.Industry);
            }

            byIndustry = industryOf.Select((industry, i) => (industry, i)).GroupBy(x => x.industry).ToDictionary(g => g.Key, g => g.Select(x => x.i).ToList());
            demandSeeds = [.. hard.Demands.Select(d => new DemandDocument(d.Id, "", d.Title, d.Description, d.IpcCodes ?? [], null, d.BudgetMax, d.DealKinds ?? [])),
                .. judged.Demands.Select(d => new DemandDocument(d.Id, "", d.Title, d.Description, d.IpcCodes ?? [], d.BudgetMin, d.BudgetMax, d.DealKinds ?? []))];
            queryWords = [.. hard.Listings.SelectMany(l => (l.Keywords ?? []).Concat(l.Title.Split('的', '及', '与'))).Where(w => w.Length is >= 2 and <= 8).Distinct()];
        }

        public ListingDocument Listing(string id)
        {
            var a = random.Next(patents.Count);
            var siblings = byIndustry[industryOf[a]];
            var b = patents[siblings[random.Next(siblings.Count)]];
            var p = patents[a];
            var sentences = Sentences(p.Abstract).Concat(Sentences(b.Abstract).Take(1)).OrderBy(_ => random.Next()).ToList();
            var english = p.TitleEn is not null && random.NextDouble() < 0.5;
            var patent = p with
            {
                Number = $"ZL-{id}",
                Abstract = string.Concat(sentences),
                TitleEn = english ? p.TitleEn : null,
                AbstractEn = english ? p.AbstractEn : null,
            };
            var kind = (DealKind)random.Next(6);
            return new ListingDocument(id, $"org-uni-{random.Next(60)}", $"{p.Title}专利{HardListing.Describe(kind)}", null, patent.Abstract, [patent], [], kind,
                decimal.Round(((decimal)(random.NextDouble() * 5_000) + 20) * 1000),
                DirectedTo: random.NextDouble() < 0.02 ? $"org-ent-{random.Next(200)}" : null);
        }

        public DemandDocument Demand(string id)
        {
            var seed = demandSeeds[random.Next(demandSeeds.Count)];
            var other = demandSeeds[random.Next(demandSeeds.Count)];
            var extra = Sentences(other.Description).FirstOrDefault() ?? "";
            return seed with
            {
                Id = id,
                OwnerOrganisationId = $"org-ent-{random.Next(200)}",
                Description = $"{seed.Description} {extra}",
                IpcCodes = random.NextDouble() < 0.5 ? seed.IpcCodes : [],
                BudgetMax = random.NextDouble() < 0.3 ? decimal.Round(((decimal)(random.NextDouble() * 4_000) + 100) * 1000) : seed.BudgetMax,
            };
        }

        public string Query() => string.Join(' ', Enumerable.Range(0, 1 + random.Next(4)).Select(_ => queryWords[random.Next(queryWords.Count)]));

        private static IEnumerable<string> Sentences(string? text) =>
            (text ?? "").Split(['。', '；', '.'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s => s + "。");
    }
}
