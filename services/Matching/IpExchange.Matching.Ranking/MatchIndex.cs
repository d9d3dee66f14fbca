using IpExchange.Contracts;
using IpExchange.TextAnalysis;

namespace IpExchange.Matching.Ranking;

/// <summary>
/// The public listings and open demands of the market, in memory, ranked against each other in both
/// directions with one score (<see cref="MatchesForDemand"/>, <see cref="DemandsForListing"/>).
/// Listings are documents of an inverted index (term → listings, with each listing's BM25F weight of
/// the term); demands are indexed the same way (term → demands), so a new listing finds its demands
/// by walking its own terms. A changed listing or demand replaces the old entry at once; removed
/// entries stay as tombstones in the postings until a compaction. Reads run in parallel; writes take
/// the lock alone.
/// </summary>
public sealed class MatchIndex(TextAnalyzer analyzer, MatchWeights? weights = null) : IDisposable
{
    private readonly MatchWeights w = weights ?? MatchWeights.Default;
    private readonly ReaderWriterLockSlim gate = new(LockRecursionPolicy.NoRecursion);

    private readonly Dictionary<string, int> termIds = new(StringComparer.Ordinal);
    private readonly List<TermInfo> terms = [];

    private readonly List<ListingEntry?> listings = [];
    private readonly Dictionary<string, int> listingSlots = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<int>> listingsByClass = new(StringComparer.Ordinal);
    private int liveListings;
    private int deadListings;
    private readonly double[] fieldLengthSums = new double[FieldCount];

    private readonly List<DemandEntry?> demands = [];
    private readonly Dictionary<string, int> demandSlots = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<int>> demandsByClass = new(StringComparer.Ordinal);
    private int deadDemands;

    private readonly ThreadLocal<Accumulator> listingScores = new(() => new Accumulator());
    private readonly ThreadLocal<Accumulator> demandScores = new(() => new Accumulator());

    private const int FieldCount = 4;

    /// <summary>A word in more than this share of the entries is common: it scores, but does not make candidates.</summary>
    private const double CommonShare = 0.05;

    public TextAnalyzer Analyzer { get; } = analyzer;

    public MatchWeights Weights => w;

    public int ListingCount => liveListings;

    public int DemandCount => demandSlots.Count;

    public bool HasListing(string listingId) => Read(() => listingSlots.ContainsKey(listingId));

    public bool HasDemand(string demandId) => Read(() => demandSlots.ContainsKey(demandId));

    private T Read<T>(Func<T> read)
    {
        gate.EnterReadLock();
        try
        {
            return read();
        }
        finally
        {
            gate.ExitReadLock();
        }
    }

    public void Dispose()
    {
        gate.Dispose();
        listingScores.Dispose();
        demandScores.Dispose();
    }

    // ---------------------------------------------------------------- writing

    /// <summary>Adds a public listing, or replaces it when it changed.</summary>
    public void Upsert(ListingDocument listing)
    {
        var analysed = ListingText(listing).Select(f => Analyzer.Analyze(f)).ToArray();
        gate.EnterWriteLock();
        try
        {
            RemoveListingLocked(listing.Id);
            var entry = Entry(listing, analysed, TermId);
            for (var f = 0; f < FieldCount; f++)
            {
                fieldLengthSums[f] += entry.FieldLengths[f];
            }

            liveListings++;
            var slot = listings.Count;
            for (var i = 0; i < entry.Terms.Length; i++)
            {
                terms[entry.Terms[i]].Listings.Add(slot, entry.M[i]);
                terms[entry.Terms[i]].ListingDf++;
            }

            listings.Add(entry);
            listingSlots[listing.Id] = slot;
            foreach (var key in ClassKeys(entry.IpcCodes))
            {
                Add(listingsByClass, key, slot);
            }
        }
        finally
        {
            gate.ExitWriteLock();
        }
    }

    /// <summary>
    /// A listing's entry: its terms (sorted by id, so a query can look a common term up in a
    /// candidate instead of walking its postings), each term's saturated BM25F weight, the fields it
    /// was found in. The field averages are those the index will have with the listing in it, so an
    /// entry made for a listing not yet added (<see cref="DemandsForListing(ListingDocument, int, int)"/>)
    /// weighs its words as adding it would. <paramref name="id"/> gives a term's id, or -1 to leave it out.
    /// </summary>
    private ListingEntry Entry(ListingDocument listing, List<AnalyzedTerm>[] analysed, Func<string, int, int> id)
    {
        var tf = new Dictionary<int, (float[] PerField, ListingFields In)>();
        var lengths = new double[FieldCount];
        for (var f = 0; f < FieldCount; f++)
        {
            foreach (var term in analysed[f])
            {
                lengths[f] += term.Weight;
                var t = id(term.Key, term.ConceptId);
                if (t < 0)
                {
                    continue;
                }

                if (!tf.TryGetValue(t, out var entry))
                {
                    entry = (new float[FieldCount], ListingFields.None);
                }

                entry.PerField[f] += term.Weight;
                tf[t] = (entry.PerField, entry.In | (ListingFields)(1 << f));
            }
        }

        var averages = new double[FieldCount];
        for (var f = 0; f < FieldCount; f++)
        {
            averages[f] = (fieldLengthSums[f] + lengths[f]) / (liveListings + 1);
        }

        var sorted = tf.OrderBy(kv => kv.Key).ToList();
        var codes = listing.Patents.SelectMany(p => p.IpcCodes).Distinct(StringComparer.Ordinal).ToArray();
        return new ListingEntry(listing, [.. sorted.Select(kv => kv.Key)], [.. sorted.Select(kv => (float)Saturated(kv.Value.PerField, lengths, averages))],
            [.. sorted.Select(kv => kv.Value.In)], codes, lengths);
    }

    public bool RemoveListing(string listingId)
    {
        gate.EnterWriteLock();
        try
        {
            return RemoveListingLocked(listingId);
        }
        finally
        {
            gate.ExitWriteLock();
        }
    }

    /// <summary>Adds an open demand, or replaces it when it was edited.</summary>
    public void Upsert(DemandDocument demand)
    {
        var analysed = Analyzer.Analyze($"{demand.Title}\n{demand.Description}");
        gate.EnterWriteLock();
        try
        {
            RemoveDemandLocked(demand.Id);
            var query = Query(analysed);
            var slot = demands.Count;
            foreach (var (id, q) in query.Terms.Zip(query.Weights))
            {
                terms[id].Demands.Add(slot, q);
            }

            var prefixes = demand.IpcCodes.Select(IpcHierarchy.Compact).Where(c => c.Length >= 3).Select(c => c[..Math.Min(4, c.Length)]).Distinct(StringComparer.Ordinal).ToArray();
            demands.Add(new DemandEntry(demand, query, prefixes));
            demandSlots[demand.Id] = slot;
            foreach (var prefix in prefixes)
            {
                Add(demandsByClass, prefix, slot);
            }
        }
        finally
        {
            gate.ExitWriteLock();
        }
    }

    public bool RemoveDemand(string demandId)
    {
        gate.EnterWriteLock();
        try
        {
            return RemoveDemandLocked(demandId);
        }
        finally
        {
            gate.ExitWriteLock();
        }
    }

    /// <summary>Drops the tombstones of removed and replaced entries from the postings.</summary>
    public void Compact()
    {
        gate.EnterWriteLock();
        try
        {
            foreach (var term in terms)
            {
                term.Listings.RemoveWhere(slot => listings[slot] is null);
                term.Demands.RemoveWhere(slot => demands[slot] is null);
            }

            foreach (var list in listingsByClass.Values)
            {
                list.RemoveAll(slot => listings[slot] is null);
            }

            foreach (var list in demandsByClass.Values)
            {
                list.RemoveAll(slot => demands[slot] is null);
            }

            (deadListings, deadDemands) = (0, 0);
        }
        finally
        {
            gate.ExitWriteLock();
        }
    }

    private bool RemoveListingLocked(string listingId)
    {
        if (!listingSlots.Remove(listingId, out var slot))
        {
            return false;
        }

        var entry = listings[slot]!;
        foreach (var id in entry.Terms)
        {
            terms[id].ListingDf--;
        }

        for (var f = 0; f < FieldCount; f++)
        {
            fieldLengthSums[f] -= entry.FieldLengths[f];
        }

        listings[slot] = null;
        liveListings--;
        if (++deadListings > 1000 && deadListings > liveListings / 4)
        {
            CompactLocked();
        }

        return true;
    }

    private bool RemoveDemandLocked(string demandId)
    {
        if (!demandSlots.Remove(demandId, out var slot))
        {
            return false;
        }

        demands[slot] = null;
        if (++deadDemands > 1000 && deadDemands > demandSlots.Count / 4)
        {
            CompactLocked();
        }

        return true;
    }

    private void CompactLocked()
    {
        foreach (var term in terms)
        {
            term.Listings.RemoveWhere(slot => listings[slot] is null);
            term.Demands.RemoveWhere(slot => demands[slot] is null);
        }

        (deadListings, deadDemands) = (0, 0);
    }

    // ---------------------------------------------------------------- reading

    /// <summary>The public listings for a stored demand, ranked, as <paramref name="viewer"/> may see them.</summary>
    public MatchPage MatchesForDemand(string demandId, string viewer, int page = 1, int limit = 10)
    {
        gate.EnterReadLock();
        try
        {
            if (!demandSlots.TryGetValue(demandId, out var slot))
            {
                return new MatchPage(page, limit, 0, []);
            }

            return RankListings(demands[slot]!, viewer, page, limit);
        }
        finally
        {
            gate.ExitReadLock();
        }
    }

    /// <summary>The public listings for a demand not (yet) stored, e.g. one being drafted.</summary>
    public MatchPage MatchesForDemand(DemandDocument demand, string viewer, int page = 1, int limit = 10)
    {
        var analysed = Analyzer.Analyze($"{demand.Title}\n{demand.Description}");
        gate.EnterReadLock();
        try
        {
            var prefixes = demand.IpcCodes.Select(IpcHierarchy.Compact).Where(c => c.Length >= 3).Select(c => c[..Math.Min(4, c.Length)]).Distinct(StringComparer.Ordinal).ToArray();
            return RankListings(new DemandEntry(demand, QueryReadOnly(analysed), prefixes), viewer, page, limit);
        }
        finally
        {
            gate.ExitReadLock();
        }
    }

    /// <summary>Listings for a free-text query (the listing search), ranked by text alone.</summary>
    public MatchPage Search(string query, string viewer, int page = 1, int limit = 10) =>
        MatchesForDemand(new DemandDocument("search", viewer, query, null, [], null, null, []), viewer, page, limit);

    /// <summary>The open demands a public listing answers, ranked (for the listing's owner).</summary>
    public MatchPage DemandsForListing(string listingId, int page = 1, int limit = 10)
    {
        gate.EnterReadLock();
        try
        {
            return listingSlots.TryGetValue(listingId, out var slot)
                ? RankDemands(listings[slot]!, added: false, page, limit)
                : new MatchPage(page, limit, 0, []);
        }
        finally
        {
            gate.ExitReadLock();
        }
    }

    /// <summary>
    /// The open demands a listing not (yet) in the index answers, ranked as if it had been added: for
    /// the strong matches of a listing being published, decided before its publication commits.
    /// </summary>
    public MatchPage DemandsForListing(ListingDocument listing, int page = 1, int limit = 10)
    {
        var analysed = ListingText(listing).Select(f => Analyzer.Analyze(f)).ToArray();
        gate.EnterReadLock();
        try
        {
            var entry = Entry(listing, analysed, (key, _) => termIds.TryGetValue(key, out var id) ? id : -1);
            return RankDemands(entry, added: !listingSlots.ContainsKey(listing.Id), page, limit);
        }
        finally
        {
            gate.ExitReadLock();
        }
    }

    /// <summary>
    /// Ranks the demands for a listing's entry. <paramref name="added"/>: the entry is not in the
    /// index, so its words' document frequencies and the listing count are taken one higher, as they
    /// will be once it is.
    /// </summary>
    private MatchPage RankDemands(ListingEntry listing, bool added, int page, int limit)
    {
        var acc = demandScores.Value!;
        acc.Reset(demands.Count);
        var extra = added ? listing.Terms : null;

        // Candidates come from the listing's rarer words; the words most demands share (above
        // CommonShare of them) are added to those candidates by lookup, not by walking their postings.
        var common = new List<(int Term, double Weight)>();
        var commonLimit = Math.Max(50, demandSlots.Count * CommonShare);
        for (var i = 0; i < listing.Terms.Length; i++)
        {
            var term = terms[listing.Terms[i]];
            var weight = TermIdf(listing.Terms[i], extra) * listing.M[i];
            var postings = term.Demands;
            if (postings.Count > commonLimit)
            {
                common.Add((listing.Terms[i], weight));
                continue;
            }

            for (var p = 0; p < postings.Count; p++)
            {
                acc.Add(postings.Slots[p], weight * postings.Values[p]);
            }
        }

        foreach (var key in ClassKeys(listing.IpcCodes))
        {
            if (demandsByClass.TryGetValue(key, out var list))
            {
                list.ForEach(acc.Touch);
            }
        }

        var top = new TopMatches<DemandEntry>(page * limit);
        foreach (var d in acc.Touched)
        {
            if (demands[d] is not { } demand || !listing.Document.VisibleTo(demand.Document.OwnerOrganisationId))
            {
                continue;
            }

            var text = acc.Score(d);
            foreach (var (term, weight) in common)
            {
                var q = Array.BinarySearch(demand.Query.Terms, term);
                if (q >= 0)
                {
                    text += weight * demand.Query.Weights[q];
                }
            }

            var mass = QueryMass(demand.Query, extra);
            var score = Score(demand, listing, mass == 0 ? 0 : text / mass);
            if (score.Total >= w.Floor)
            {
                top.Offer(demand, demand.Document.Id, score);
            }
        }

        var items = top.Page(page, limit).Select(x => Ranked(x.Item, listing, x.Score, extra)).ToList();
        return new MatchPage(page, limit, top.Count, items);
    }

    private MatchPage RankListings(DemandEntry demand, string viewer, int page, int limit)
    {
        var acc = listingScores.Value!;
        acc.Reset(listings.Count);
        var query = demand.Query;

        // Max-score pruning, simply: words in more than CommonShare of the listings (合金, 检测,
        // control) weigh little and do not make candidates; their weight is added to the candidates
        // the rarer words and the IPC hints found, by a lookup in each candidate's sorted terms.
        var common = new List<(int Term, double Weight)>();
        var commonLimit = Math.Max(50, liveListings * CommonShare);
        for (var i = 0; i < query.Terms.Length; i++)
        {
            var term = terms[query.Terms[i]];
            if (term.ListingDf == 0)
            {
                continue;
            }

            var weight = query.Weights[i] * Idf(term.ListingDf);
            if (term.ListingDf > commonLimit)
            {
                common.Add((query.Terms[i], weight));
                continue;
            }

            var postings = term.Listings;
            for (var p = 0; p < postings.Count; p++)
            {
                acc.Add(postings.Slots[p], weight * postings.Values[p]);
            }
        }

        foreach (var prefix in demand.IpcPrefixes)
        {
            if (listingsByClass.TryGetValue(prefix, out var list))
            {
                list.ForEach(acc.Touch);
            }
        }

        var mass = QueryMass(query);
        var commonMass = common.Sum(c => c.Weight);
        var hinted = demand.Document.IpcCodes.Count > 0;
        var top = new TopMatches<ListingEntry>(page * limit);
        foreach (var l in acc.Touched)
        {
            if (listings[l] is not { } listing || !listing.Document.VisibleTo(viewer))
            {
                continue;
            }

            // A candidate whose words cannot reach the floor even with every common word, and with
            // no IPC hint to add, is passed over before any lookup.
            var text = acc.Score(l);
            if (!hinted && mass > 0 && (w.Text + w.Ipc + w.Budget) * Math.Min(1, (text + commonMass) / mass / w.TextSaturation) < w.Floor)
            {
                continue;
            }

            foreach (var (term, weight) in common)
            {
                var at = Array.BinarySearch(listing.Terms, term);
                if (at >= 0)
                {
                    text += weight * listing.M[at];
                }
            }

            var score = Score(demand, listing, mass == 0 ? 0 : text / mass);
            if (score.Total >= w.Floor)
            {
                top.Offer(listing, listing.Document.Id, score);
            }
        }

        var items = top.Page(page, limit).Select(x => Ranked(demand, x.Item, x.Score)).ToList();
        return new MatchPage(page, limit, top.Count, items);
    }

    // ---------------------------------------------------------------- scoring

    private readonly record struct Scored(double Total, double Text, double Ipc, double Budget);

    private Scored Score(DemandEntry demand, ListingEntry listing, double text)
    {
        var doc = demand.Document;
        var offer = listing.Document;
        var hinted = doc.IpcCodes.Count > 0;
        var ipc = hinted ? IpcHierarchy.Best(doc.IpcCodes, listing.IpcCodes).Score : 0;
        if (text <= 0 && ipc <= 0)
        {
            return default;
        }

        // The codes confirm what the words say: a shared IPC group alone (a listing on another topic
        // in the same group) earns less than half its weight. The budget counts in proportion to
        // the technical relevance, so price never lifts an unrelated listing.
        var textPart = Math.Min(1, text / w.TextSaturation);
        var technical = hinted ? (w.Text * textPart) + (w.Ipc * ipc * (0.4 + (0.6 * textPart))) : (w.Text + w.Ipc) * textPart;
        var budget = BudgetScore(doc, offer.AskingPrice);
        var total = technical + (w.Budget * budget * technical / (w.Text + w.Ipc));
        if (doc.DealKinds.Count > 0 && !doc.DealKinds.Contains(offer.DealKind))
        {
            total *= w.UnwantedDealKind;
        }

        return new Scored(Math.Round(total, 4), Math.Round(text, 4), ipc, Math.Round(budget, 4));
    }

    private static double BudgetScore(DemandDocument demand, decimal asking) =>
        demand.BudgetMax is { } max && asking > max
            ? max == 0 ? 0 : Math.Max(0, 1 - (double)((asking - max) / max))
            : 1.0;

    private RankedMatch Ranked(DemandEntry demand, ListingEntry listing, Scored score, int[]? pending = null)
    {
        var doc = demand.Document;
        var offer = listing.Document;
        var mass = QueryMass(demand.Query, pending);
        var shared = new List<(double Share, int Term, int QueryIndex, int ListingIndex)>();
        var positions = new Dictionary<int, int>(listing.Terms.Length);
        for (var i = 0; i < listing.Terms.Length; i++)
        {
            positions[listing.Terms[i]] = i;
        }

        for (var q = 0; q < demand.Query.Terms.Length; q++)
        {
            var id = demand.Query.Terms[q];
            if (positions.TryGetValue(id, out var l) && mass > 0)
            {
                shared.Add((demand.Query.Weights[q] * TermIdf(id, pending) * listing.M[l] / mass, id, q, l));
            }
        }

        var concepts = shared.OrderByDescending(s => s.Share).Take(w.ReasonConcepts).Select(s =>
        {
            var info = terms[s.Term];
            var found = listing.Found[s.ListingIndex];
            if (info.Concept >= 0)
            {
                var concept = Analyzer.Vocabulary.Concepts[info.Concept];
                return new MatchedConcept(concept.Name, concept.EnglishName, concept.Abbreviation, Math.Round(s.Share, 4), found);
            }

            // A Chinese word (found as written, or as the translation of the demand's English word) or an English word.
            var surface = demand.Query.Surfaces[s.QueryIndex];
            return info.Key.StartsWith("z:", StringComparison.Ordinal)
                ? new MatchedConcept(info.Key[2..], surface.Any(char.IsAsciiLetter) ? surface : null, null, Math.Round(s.Share, 4), found)
                : new MatchedConcept(surface, surface, null, Math.Round(s.Share, 4), found);
        }).ToList();

        IpcRelation? ipc = null;
        if (doc.IpcCodes.Count > 0 && listing.IpcCodes.Length > 0)
        {
            var best = IpcHierarchy.Best(doc.IpcCodes, listing.IpcCodes);
            if (best.Score > 0)
            {
                var title = IpcHierarchy.Subclass(best.ListingCode) is { } sub ? Analyzer.Vocabulary.IpcTitles.GetValueOrDefault(sub) : null;
                ipc = new IpcRelation(best.DemandCode, best.ListingCode, (IpcLevel)best.Depth, best.Score, title?.Chinese, title?.English);
            }
        }

        BudgetFit? budget = doc.BudgetMin is null && doc.BudgetMax is null
            ? null
            : new BudgetFit(offer.AskingPrice, doc.BudgetMin, doc.BudgetMax, doc.BudgetMax is not { } max || offer.AskingPrice <= max, score.Budget);
        var dealKind = new DealKindFit(offer.DealKind, doc.DealKinds.Count == 0 || doc.DealKinds.Contains(offer.DealKind));
        return new RankedMatch(offer.Id, doc.Id, score.Total, score.Text, score.Ipc, score.Budget, new MatchReasons(concepts, ipc, budget, dealKind));
    }

    // ---------------------------------------------------------------- text

    /// <summary>
    /// A listing's text by field: titles (the listing's and its patents', both languages), abstracts
    /// (the summary and every patent's abstract, both languages), the owner's keywords, and its
    /// classification as words: IPC subclass and Locarno titles in both languages and the patent type.
    /// </summary>
    private string[] ListingText(ListingDocument listing)
    {
        var vocabulary = Analyzer.Vocabulary;
        var titles = string.Join('\n', new[] { listing.Title, listing.TitleEn }.Concat(listing.Patents.SelectMany(p => new[] { p.Title, p.TitleEn })).OfType<string>().Distinct(StringComparer.Ordinal));
        var abstracts = string.Join('\n', new[] { listing.Summary }.Concat(listing.Patents.SelectMany(p => new[] { p.Abstract, p.AbstractEn })).OfType<string>().Distinct(StringComparer.Ordinal));
        var keywords = string.Join('\n', listing.Keywords);
        var classification = new List<string>();
        foreach (var patent in listing.Patents)
        {
            foreach (var sub in patent.IpcCodes.Select(IpcHierarchy.Subclass).OfType<string>().Distinct(StringComparer.Ordinal))
            {
                if (vocabulary.IpcTitles.TryGetValue(sub, out var title))
                {
                    classification.Add($"{title.Chinese}\n{title.English}");
                }
            }

            if (patent.LocarnoClass is { } locarno && vocabulary.LocarnoTitles.TryGetValue(locarno.Trim(), out var design))
            {
                classification.Add($"{design.Chinese}\n{design.English}");
            }

            classification.Add(patent.Type switch
            {
                PatentType.Design => "外观设计 design patent",
                PatentType.UtilityModel => "utility model",
                _ => "",
            });
        }

        return [titles, abstracts, keywords, string.Join('\n', classification.Distinct(StringComparer.Ordinal))];
    }

    /// <summary>tf' = Σ field weight × tf / (1 − b + b·len/avglen), then tf'/(tf'+k1): BM25F's saturated term weight, 0..1.</summary>
    private double Saturated(float[] perField, double[] lengths, double[] averages)
    {
        ReadOnlySpan<double> weight = [w.TitleWeight, w.AbstractWeight, w.KeywordWeight, w.ClassificationWeight];
        ReadOnlySpan<double> b = [w.TitleB, w.AbstractB, w.KeywordB, w.ClassificationB];
        var tf = 0.0;
        for (var f = 0; f < FieldCount; f++)
        {
            if (perField[f] == 0)
            {
                continue;
            }

            var average = averages[f];
            var norm = average <= 0 ? 1 : 1 - b[f] + (b[f] * lengths[f] / average);
            tf += weight[f] * perField[f] / norm;
        }

        return tf / (tf + w.K1);
    }

    private double Idf(int df) => InverseFrequency(df, liveListings);

    private static double InverseFrequency(int df, int listingCount)
    {
        var n = Math.Max(listingCount, 1);
        return Math.Log(1 + ((n - df + 0.5) / (df + 0.5)));
    }

    /// <summary>A term's idf; <paramref name="pending"/>: the sorted terms of a listing about to be added, counted as if it were.</summary>
    private double TermIdf(int term, int[]? pending) =>
        pending is null ? Idf(terms[term].ListingDf) : InverseFrequency(Df(term, pending), liveListings + 1);

    private int Df(int term, int[]? pending) =>
        terms[term].ListingDf + (pending is not null && Array.BinarySearch(pending, term) >= 0 ? 1 : 0);

    /// <summary>What the demand's words could give at most: Σ weight × idf over the words some listing has.</summary>
    private double QueryMass(QueryTerms query, int[]? pending = null)
    {
        var mass = 0.0;
        for (var i = 0; i < query.Terms.Length; i++)
        {
            if (Df(query.Terms[i], pending) > 0)
            {
                mass += query.Weights[i] * TermIdf(query.Terms[i], pending);
            }
        }

        return mass;
    }

    private QueryTerms Query(List<AnalyzedTerm> analysed) => Build(analysed, (key, concept) => TermId(key, concept));

    /// <summary>A query under the read lock: words no entry has are left out (they could not match anyway).</summary>
    private QueryTerms QueryReadOnly(List<AnalyzedTerm> analysed) =>
        Build(analysed, (key, _) => termIds.TryGetValue(key, out var id) ? id : -1);

    private static QueryTerms Build(List<AnalyzedTerm> analysed, Func<string, int, int> id)
    {
        var best = new Dictionary<int, (float Weight, string Surface)>();
        foreach (var term in analysed)
        {
            var t = id(term.Key, term.ConceptId);
            if (t < 0)
            {
                continue;
            }

            if (!best.TryGetValue(t, out var current) || term.Weight > current.Weight)
            {
                best[t] = (term.Weight, term.Surface);
            }
        }

        var sorted = best.OrderBy(kv => kv.Key).ToList();
        return new QueryTerms([.. sorted.Select(kv => kv.Key)], [.. sorted.Select(kv => kv.Value.Weight)], [.. sorted.Select(kv => kv.Value.Surface)]);
    }

    private int TermId(string key, int concept)
    {
        if (!termIds.TryGetValue(key, out var id))
        {
            id = terms.Count;
            termIds[key] = id;
            terms.Add(new TermInfo(key, concept));
        }

        return id;
    }

    /// <summary>The subclass and class of each code: where a demand's hint (H02M, H02) meets a listing.</summary>
    private static IEnumerable<string> ClassKeys(IEnumerable<string> codes) => codes.Select(IpcHierarchy.Compact).Where(c => c.Length >= 3)
        .SelectMany(c => new[] { c[..Math.Min(4, c.Length)], c[..3] }).Distinct(StringComparer.Ordinal);

    private static void Add(Dictionary<string, List<int>> index, string key, int slot)
    {
        if (!index.TryGetValue(key, out var list))
        {
            index[key] = list = [];
        }

        list.Add(slot);
    }

    private sealed class TermInfo(string key, int concept)
    {
        public string Key { get; } = key;
        public int Concept { get; } = concept;
        public int ListingDf { get; set; }
        public Postings Listings { get; } = new();
        public Postings Demands { get; } = new();
    }

    /// <summary>
    /// The best <c>capacity</c> matches by score (ties by id), and how many were offered: a page
    /// needs the top page × limit and the total, not every candidate sorted.
    /// </summary>
    private sealed class TopMatches<T>(int capacity)
    {
        private readonly PriorityQueue<(T Item, string Id, Scored Score), (double, string)> heap =
            new(Comparer<(double Score, string Id)>.Create((a, b) => a.Score != b.Score ? a.Score.CompareTo(b.Score) : string.CompareOrdinal(b.Id, a.Id)));

        public int Count { get; private set; }

        public void Offer(T item, string id, Scored score)
        {
            Count++;
            if (heap.Count < capacity)
            {
                heap.Enqueue((item, id, score), (score.Total, id));
            }
            else if (capacity > 0)
            {
                heap.EnqueueDequeue((item, id, score), (score.Total, id));
            }
        }

        public IEnumerable<(T Item, Scored Score)> Page(int page, int limit) =>
            heap.UnorderedItems.Select(x => x.Element)
                .OrderByDescending(x => x.Score.Total).ThenBy(x => x.Id, StringComparer.Ordinal)
                .Skip((page - 1) * limit).Take(limit).Select(x => (x.Item, x.Score));
    }

    private sealed record ListingEntry(ListingDocument Document, int[] Terms, float[] M, ListingFields[] Found, string[] IpcCodes, double[] FieldLengths);

    private sealed record QueryTerms(int[] Terms, float[] Weights, string[] Surfaces);

    private sealed record DemandEntry(DemandDocument Document, QueryTerms Query, string[] IpcPrefixes);

    /// <summary>Slots and values in two growing arrays: 8 bytes a posting, no object per posting.</summary>
    private sealed class Postings
    {
        public int[] Slots = new int[2];
        public float[] Values = new float[2];
        public int Count;

        public void Add(int slot, float value)
        {
            if (Count == Slots.Length)
            {
                Array.Resize(ref Slots, Count * 2);
                Array.Resize(ref Values, Count * 2);
            }

            Slots[Count] = slot;
            Values[Count] = value;
            Count++;
        }

        public void RemoveWhere(Func<int, bool> dead)
        {
            var kept = 0;
            for (var i = 0; i < Count; i++)
            {
                if (!dead(Slots[i]))
                {
                    Slots[kept] = Slots[i];
                    Values[kept] = Values[i];
                    kept++;
                }
            }

            Count = kept;
        }
    }

    /// <summary>Scores per slot for one query, reused by the thread: no allocation of a 100,000-slot array per query.</summary>
    private sealed class Accumulator
    {
        private double[] scores = [];
        private bool[] seen = [];
        private readonly List<int> touched = [];

        public IReadOnlyList<int> Touched => touched;

        public void Reset(int size)
        {
            foreach (var slot in touched)
            {
                scores[slot] = 0;
                seen[slot] = false;
            }

            touched.Clear();
            if (scores.Length < size)
            {
                scores = new double[size + (size / 4) + 16];
                seen = new bool[scores.Length];
            }
        }

        public void Add(int slot, double value)
        {
            Touch(slot);
            scores[slot] += value;
        }

        public void Touch(int slot)
        {
            if (!seen[slot])
            {
                seen[slot] = true;
                touched.Add(slot);
            }
        }

        public double Score(int slot) => scores[slot];
    }
}
