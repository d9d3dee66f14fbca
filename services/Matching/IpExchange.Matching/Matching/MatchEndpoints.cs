using IpExchange.Contracts;
using IpExchange.Matching.Demands;
using IpExchange.ServiceDefaults;
using Npgsql;

namespace IpExchange.Matching.Matching;

public sealed record MatchView(string Id, string Title, double Score, double Text, double Ipc, double Budget, IReadOnlyList<string> Reasons);

/// <summary>供需匹配: for a demand, the public listings ranked; for a listing, the open demands ranked.</summary>
public static class MatchEndpoints
{
    public static void Map(RouteGroupBuilder demands)
    {
        demands.MapGet("/{id}/matches", async (string id, HttpContext http, EventStore.EventStore store, int? limit) =>
        {
            var caller = http.Caller();
            var demand = await store.Load<Demand>(Demand.StreamId(id), http.RequestAborted);
            if (!demand.State.Exists || !(caller.IsExchange || demand.State.OwnerOrganisationId == caller.OrganisationId))
            {
                throw new NotFoundException("demand", id);
            }

            await using var connection = await store.DataSource.OpenConnectionAsync(http.RequestAborted);
            var profile = await DemandProfile(connection, store, id, http.RequestAborted);
            var ranked = await RankListings(connection, store, profile, demand.State.OwnerOrganisationId!, http.RequestAborted);
            return Results.Ok(ranked.Take(Math.Clamp(limit ?? 10, 1, 50)));
        }).WithSummary("Public listings ranked for the demand, with the score's parts and reasons");

        demands.MapGet("/for-listing/{listingId}", async (string listingId, HttpContext http, EventStore.EventStore store, int? limit) =>
        {
            var caller = http.Caller();
            await using var connection = await store.DataSource.OpenConnectionAsync(http.RequestAborted);
            var listing = await ListingOffer(connection, store, listingId, http.RequestAborted);
            if (listing is null || !(caller.IsExchange || listing.Value.Owner == caller.OrganisationId))
            {
                throw new NotFoundException("listing", listingId);
            }

            var ranked = await RankDemands(connection, store, listing.Value.Offer, http.RequestAborted);
            return Results.Ok(ranked.Take(Math.Clamp(limit ?? 10, 1, 50)));
        }).WithSummary("Open demands ranked for one of the caller's public listings");
    }

    public static async Task<MatchProfile> DemandProfile(NpgsqlConnection connection, EventStore.EventStore store, string demandId, CancellationToken cancellationToken)
    {
        await using var cmd = new NpgsqlCommand(store.Sql("SELECT ipc_codes, terms, budget_min, budget_max, deal_kinds FROM {schema}.demands WHERE id = @id"), connection);
        cmd.Parameters.AddWithValue("id", demandId);
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            throw new NotFoundException("demand", demandId);
        }

        return new MatchProfile(reader.GetFieldValue<string[]>(0), reader.GetFieldValue<string[]>(1).ToHashSet(StringComparer.Ordinal),
            reader.IsDBNull(2) ? null : reader.GetDecimal(2), reader.IsDBNull(3) ? null : reader.GetDecimal(3),
            reader.GetFieldValue<string[]>(4).Select(Enum.Parse<DealKind>).ToList());
    }

    /// <summary>
    /// Candidates share a term or an IPC subclass with the demand (GIN and prefix filters in SQL);
    /// they are then scored in memory. Directed listings show only to their named buyer, alliance
    /// listings only to members.
    /// </summary>
    public static async Task<List<MatchView>> RankListings(NpgsqlConnection connection, EventStore.EventStore store, MatchProfile demand, string viewer, CancellationToken cancellationToken)
    {
        var subclasses = demand.IpcCodes.Select(c => c.Replace(" ", "", StringComparison.Ordinal)[..Math.Min(4, c.Replace(" ", "", StringComparison.Ordinal).Length)]).Distinct().ToArray();
        var offers = new List<Offer>();
        await using (var cmd = new NpgsqlCommand(store.Sql("""
            SELECT listing_id, title, ipc_codes, terms, asking_price, deal_kind FROM {schema}.catalogue
            WHERE status = 'Public'
              AND (directed_to IS NULL OR directed_to = @viewer)
              AND (alliance_id IS NULL OR @viewer = ANY(alliance_members))
              AND (terms && @terms OR EXISTS (SELECT 1 FROM unnest(ipc_codes) c, unnest(@subclasses) s WHERE replace(c, ' ', '') LIKE s || '%'))
            """), connection))
        {
            cmd.Parameters.AddWithValue("viewer", viewer);
            cmd.Parameters.AddWithValue("terms", demand.Terms.ToArray());
            cmd.Parameters.AddWithValue("subclasses", subclasses);
            await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                offers.Add(new Offer(reader.GetString(0), reader.GetString(1), reader.GetFieldValue<string[]>(2),
                    reader.GetFieldValue<string[]>(3).ToHashSet(StringComparer.Ordinal), reader.GetDecimal(4), Enum.Parse<DealKind>(reader.GetString(5))));
            }
        }

        var idf = await Idf(connection, store, "catalogue", "status = 'Public'", demand.Terms, cancellationToken);
        return [.. offers.Select(o => (o, s: Relevance.Score(demand, o, idf)))
            .Where(x => x.s.Score > 0)
            .OrderByDescending(x => x.s.Score).ThenBy(x => x.o.Id, StringComparer.Ordinal)
            .Select(x => new MatchView(x.o.Id, x.o.Title, x.s.Score, x.s.Text, x.s.Ipc, x.s.Budget, x.s.Reasons))];
    }

    public static async Task<List<MatchView>> RankDemands(NpgsqlConnection connection, EventStore.EventStore store, Offer listing, CancellationToken cancellationToken)
    {
        var subclasses = listing.IpcCodes.Select(c => c.Replace(" ", "", StringComparison.Ordinal)[..4]).Distinct().ToArray();
        var demands = new List<(string Id, string Title, MatchProfile Profile)>();
        await using (var cmd = new NpgsqlCommand(store.Sql("""
            SELECT id, title, ipc_codes, terms, budget_min, budget_max, deal_kinds FROM {schema}.demands
            WHERE status = 'Open'
              AND (terms && @terms OR EXISTS (SELECT 1 FROM unnest(ipc_codes) c, unnest(@subclasses) s WHERE left(replace(c, ' ', ''), 4) = s))
            """), connection))
        {
            cmd.Parameters.AddWithValue("terms", listing.Terms.ToArray());
            cmd.Parameters.AddWithValue("subclasses", subclasses);
            await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                demands.Add((reader.GetString(0), reader.GetString(1), new MatchProfile(reader.GetFieldValue<string[]>(2),
                    reader.GetFieldValue<string[]>(3).ToHashSet(StringComparer.Ordinal), reader.IsDBNull(4) ? null : reader.GetDecimal(4),
                    reader.IsDBNull(5) ? null : reader.GetDecimal(5), reader.GetFieldValue<string[]>(6).Select(Enum.Parse<DealKind>).ToList())));
            }
        }

        // A term's weight comes from how common it is among the demands being ranked.
        var terms = demands.SelectMany(d => d.Profile.Terms).ToHashSet(StringComparer.Ordinal);
        var idf = await Idf(connection, store, "demands", "status = 'Open'", terms, cancellationToken);
        return [.. demands.Select(d => (d, s: Relevance.Score(d.Profile, listing, idf)))
            .Where(x => x.s.Score > 0)
            .OrderByDescending(x => x.s.Score).ThenBy(x => x.d.Id, StringComparer.Ordinal)
            .Select(x => new MatchView(x.d.Id, x.d.Title, x.s.Score, x.s.Text, x.s.Ipc, x.s.Budget, x.s.Reasons))];
    }

    public static async Task<(Offer Offer, string Owner)?> ListingOffer(NpgsqlConnection connection, EventStore.EventStore store, string listingId, CancellationToken cancellationToken)
    {
        await using var cmd = new NpgsqlCommand(store.Sql(
            "SELECT listing_id, title, ipc_codes, terms, asking_price, deal_kind, owner_org FROM {schema}.catalogue WHERE listing_id = @id AND status = 'Public'"), connection);
        cmd.Parameters.AddWithValue("id", listingId);
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return (new Offer(reader.GetString(0), reader.GetString(1), reader.GetFieldValue<string[]>(2),
            reader.GetFieldValue<string[]>(3).ToHashSet(StringComparer.Ordinal), reader.GetDecimal(4), Enum.Parse<DealKind>(reader.GetString(5))),
            reader.GetString(6));
    }

    private static async Task<Func<string, double>> Idf(NpgsqlConnection connection, EventStore.EventStore store, string table, string where, IEnumerable<string> terms, CancellationToken cancellationToken)
    {
        var wanted = terms.ToArray();
        var df = new Dictionary<string, long>(StringComparer.Ordinal);
        long documents;
        await using (var count = new NpgsqlCommand(store.Sql($"SELECT count(*) FROM {{schema}}.{table} WHERE {where}"), connection))
        {
            documents = (long)(await count.ExecuteScalarAsync(cancellationToken))!;
        }

        await using (var cmd = new NpgsqlCommand(store.Sql($"SELECT t, count(*) FROM {{schema}}.{table}, unnest(terms) t WHERE {where} AND t = ANY(@terms) GROUP BY t"), connection))
        {
            cmd.Parameters.AddWithValue("terms", wanted);
            await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                df[reader.GetString(0)] = reader.GetInt64(1);
            }
        }

        return term => Relevance.Idf(documents, df.GetValueOrDefault(term));
    }
}
