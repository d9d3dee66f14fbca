using IpExchange.Contracts;
using IpExchange.Matching.Catalogue;
using IpExchange.Matching.Demands;
using Marten;

namespace IpExchange.Matching.Matching;

/// <summary>
/// Which documents are scored at all: those sharing a search term or an IPC subclass with the other
/// side (array overlaps on the documents, in SQL), and the document frequencies of the terms for
/// their idf. The scoring itself is <see cref="Relevance"/>, in memory.
/// </summary>
public static class Candidates
{
    /// <summary>Public listings the viewer may see that share a term or an IPC prefix with the demand.</summary>
    public static async Task<IReadOnlyList<CatalogueEntry>> Listings(IQuerySession session, MatchProfile demand, string viewer, CancellationToken cancellationToken)
    {
        var terms = demand.Terms.ToArray();
        var heads = IpcHeads(demand.IpcCodes).ToArray();
        return await session.Query<CatalogueEntry>()
            .Where(x => x.IsPublic)
            .Where(x => x.DirectedTo == null || x.DirectedTo == viewer)
            .Where(x => x.AllianceId == null || x.AllianceMembers.Contains(viewer))
            .Where(x => x.Terms.Any(t => terms.Contains(t)) || x.IpcPrefixes.Any(p => heads.Contains(p)))
            .ToListAsync(cancellationToken);
    }

    /// <summary>Open demands that share a term or the IPC subclass with the listing.</summary>
    public static async Task<IReadOnlyList<DemandSummary>> Demands(IQuerySession session, Offer listing, CancellationToken cancellationToken)
    {
        var terms = listing.Terms.ToArray();
        var heads = IpcHeads(listing.IpcCodes).ToArray();
        return await session.Query<DemandSummary>()
            .Where(x => x.Status == DemandStatus.Open)
            .Where(x => x.Terms.Any(t => terms.Contains(t)) || x.IpcHeads.Any(h => heads.Contains(h)))
            .ToListAsync(cancellationToken);
    }

    /// <summary>idf of each term among the public listings.</summary>
    public static Task<Func<string, double>> ListingIdf(IQuerySession session, IEnumerable<string> terms, CancellationToken cancellationToken) =>
        Idf<CatalogueEntry>(session, "(d.data ->> 'isPublic')::boolean", terms, cancellationToken);

    /// <summary>idf of each term among the open demands.</summary>
    public static Task<Func<string, double>> DemandIdf(IQuerySession session, IEnumerable<string> terms, CancellationToken cancellationToken) =>
        Idf<DemandSummary>(session, $"d.data ->> 'status' = '{nameof(DemandStatus.Open)}'", terms, cancellationToken);

    /// <summary>"H02M 7/48" → H, H0, H02, H02M: a demand's code cut to its head (<see cref="IpcHeads"/>) is among them when the listing is under it.</summary>
    public static IReadOnlyList<string> IpcPrefixes(IEnumerable<string> codes) =>
        [.. codes.Select(Compact).SelectMany(c => Enumerable.Range(1, Math.Min(4, c.Length)).Select(n => c[..n])).Distinct()];

    /// <summary>"H02M 7/48" → H02M; a prefix shorter than a subclass ("H02") stays as it is.</summary>
    public static IReadOnlyList<string> IpcHeads(IEnumerable<string> codes) =>
        [.. codes.Select(Compact).Where(c => c.Length > 0).Select(c => c[..Math.Min(4, c.Length)]).Distinct()];

    private static string Compact(string code) => code.Replace(" ", "", StringComparison.Ordinal);

    /// <summary>
    /// How many documents match <paramref name="where"/>, and in how many of them each wanted term
    /// occurs: SQL over the documents' term arrays, as LINQ does not group by a child collection's
    /// elements.
    /// </summary>
    private static async Task<Func<string, double>> Idf<TDoc>(IQuerySession session, string where, IEnumerable<string> terms, CancellationToken cancellationToken)
        where TDoc : notnull
    {
        var table = session.DocumentStore.Options.Schema.For<TDoc>();
        var documents = (await session.AdvancedSql.QueryAsync<long>($"SELECT count(*) FROM {table} d WHERE {where}", cancellationToken)).Single();
        var counts = await session.AdvancedSql.QueryAsync<TermCount>($"""
            SELECT json_build_object('term', t, 'documents', count(*))
            FROM {table} d, jsonb_array_elements_text(d.data -> 'terms') t
            WHERE {where} AND t = ANY(?)
            GROUP BY t
            """, cancellationToken, new object[] { terms.ToArray() });
        var df = counts.ToDictionary(c => c.Term, c => c.Documents, StringComparer.Ordinal);
        return term => Relevance.Idf(documents, df.GetValueOrDefault(term));
    }

    private sealed record TermCount(string Term, long Documents);
}
