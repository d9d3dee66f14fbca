using IpExchange.Matching.Matching;
using IpExchange.ServiceDefaults;
using Npgsql;

namespace IpExchange.Matching.Demands;

public sealed record CloseDemandRequest(string? Reason);

public sealed record DemandView(string Id, DemandStatus Status, string OwnerOrganisationId, string OwnerOrganisationName, DemandTerms Terms, long Version)
{
    public static DemandView From(Demand demand, long version) =>
        new(demand.Id!, demand.Status, demand.OwnerOrganisationId!, demand.OwnerOrganisationName!, demand.Terms!, version);
}

/// <summary>企业需求: enterprises post, edit and close their technology demands.</summary>
public static class DemandEndpoints
{
    public static DemandPosted Post(string id, DemandRequest request, Caller caller, DateOnly today) =>
        caller.IsEnterprise
            ? new DemandPosted(id, caller.OrganisationId, caller.OrganisationName, request.Validate(today))
            : throw new ForbiddenException("Only enterprises post technology demands.");

    public static DemandEdited Edit(Demand demand, DemandRequest request, Caller caller, DateOnly today)
    {
        RequireOwner(demand, caller);
        RequireOpen(demand);
        return new DemandEdited(request.Validate(today));
    }

    public static DemandClosed Close(Demand demand, CloseDemandRequest request, Caller caller)
    {
        RequireOwner(demand, caller);
        RequireOpen(demand);
        return (request.Reason?.Length ?? 0) > 1000
            ? throw new ValidationFailedException("reason", "At most 1000 characters.")
            : new DemandClosed(request.Reason?.Trim());
    }

    /// <summary>Another organisation's demand answers 404: its existence does not leak.</summary>
    public static void RequireOwner(Demand demand, Caller caller)
    {
        if (!demand.Exists || demand.OwnerOrganisationId != caller.OrganisationId)
        {
            throw new NotFoundException("demand", demand.Id ?? "");
        }
    }

    public static bool CanRead(Demand demand, Caller caller) =>
        demand.Exists && (caller.IsExchange || demand.OwnerOrganisationId == caller.OrganisationId || (caller.IsUniversity && demand.Status == DemandStatus.Open));

    private static void RequireOpen(Demand demand)
    {
        if (demand.Status != DemandStatus.Open)
        {
            throw new DomainRuleViolationException("demand.closed", "status", "The demand is closed.");
        }
    }

    public static void Map(RouteGroupBuilder demands)
    {
        demands.MapPost("/", async (DemandRequest request, HttpContext http, EventStore.EventStore store, TimeProvider time) =>
        {
            var caller = http.Caller();
            var id = BusinessIds.New("XQ", time.GetUtcNow());
            DemandPosted? posted = null;
            await store.Execute<Demand>(http, Demand.StreamId(id), async (_, session) =>
            {
                posted = Post(id, request, caller, Today(time));
                await StrongMatches.ForDemand(session, store, id, caller.OrganisationId, Profile(posted.Terms), http.RequestAborted);
                return [posted];
            });
            return Results.Created($"/api/demands/{id}", DemandView.From(Demand.Evolve(Demand.Initial, posted!), 1));
        }).RequireAuthorization(IdentitySetup.EnterprisePolicy).WithSummary("Post a technology demand (发布需求)");

        demands.MapPut("/{id}", async (string id, DemandRequest request, HttpContext http, EventStore.EventStore store, TimeProvider time) =>
        {
            var caller = http.Caller();
            Demand? after = null;
            var version = await store.Execute<Demand>(http, Demand.StreamId(id), async (demand, session) =>
            {
                var edited = Edit(demand.State, request, caller, Today(time));
                after = Demand.Evolve(demand.State, edited);
                await StrongMatches.ForDemand(session, store, id, caller.OrganisationId, Profile(edited.Terms), http.RequestAborted);
                return [edited];
            });
            return Results.Ok(DemandView.From(after!, version));
        }).WithSummary("Edit an open demand (send If-Match)");

        demands.MapPost("/{id}/close", async (string id, CloseDemandRequest? request, HttpContext http, EventStore.EventStore store) =>
        {
            var caller = http.Caller();
            Demand? after = null;
            var version = await store.Execute<Demand>(http, Demand.StreamId(id), demand =>
            {
                var closed = Close(demand.State, request ?? new CloseDemandRequest(null), caller);
                after = Demand.Evolve(demand.State, closed);
                return [closed];
            });
            return Results.Ok(DemandView.From(after!, version));
        }).WithSummary("Close the demand");

        demands.MapGet("/{id}", async (string id, HttpContext http, EventStore.EventStore store) =>
        {
            var demand = await store.Load<Demand>(Demand.StreamId(id), http.RequestAborted);
            if (!CanRead(demand.State, http.Caller()))
            {
                throw new NotFoundException("demand", id);
            }

            http.Response.SetVersionETag(demand.Version);
            return Results.Ok(DemandView.From(demand.State, demand.Version));
        }).WithSummary("A demand (its owner, the exchange, and universities while it is open)");

        demands.MapGet("/", async (HttpContext http, EventStore.EventStore store, string? status, int? page, int? pageSize) =>
        {
            var caller = http.Caller();
            var (p, size) = (Math.Max(1, page ?? 1), Math.Clamp(pageSize ?? 20, 1, 100));
            await using var connection = await store.DataSource.OpenConnectionAsync(http.RequestAborted);
            // Enterprises see their own; universities the open ones (to answer them); the exchange all.
            await using var cmd = new NpgsqlCommand(store.Sql("""
                SELECT id, title, status, owner_org, owner_name, budget_min, budget_max, deadline, ipc_codes, count(*) OVER ()
                FROM {schema}.demands
                WHERE (@all OR owner_org = @org OR (@university AND status = 'Open'))
                  AND (@status::text IS NULL OR status = @status)
                ORDER BY updated_at DESC, id LIMIT @limit OFFSET @offset
                """), connection);
            cmd.Parameters.AddWithValue("all", caller.IsExchange);
            cmd.Parameters.AddWithValue("org", caller.OrganisationId);
            cmd.Parameters.AddWithValue("university", caller.IsUniversity);
            cmd.Parameters.AddWithValue("status", (object?)status ?? DBNull.Value);
            cmd.Parameters.AddWithValue("limit", size);
            cmd.Parameters.AddWithValue("offset", (p - 1) * size);
            var items = new List<object>();
            long total = 0;
            await using var reader = await cmd.ExecuteReaderAsync(http.RequestAborted);
            while (await reader.ReadAsync(http.RequestAborted))
            {
                items.Add(new
                {
                    id = reader.GetString(0), title = reader.GetString(1), status = reader.GetString(2), ownerOrganisationId = reader.GetString(3),
                    ownerOrganisationName = reader.GetString(4), budgetMin = reader.IsDBNull(5) ? (decimal?)null : reader.GetDecimal(5),
                    budgetMax = reader.IsDBNull(6) ? (decimal?)null : reader.GetDecimal(6), deadline = reader.GetFieldValue<DateOnly>(7),
                    ipcCodes = reader.GetFieldValue<string[]>(8),
                });
                total = reader.GetInt64(9);
            }

            return Results.Ok(new { items, pageNumber = p, pageSize = size, total });
        }).WithSummary("Demands, newest first, paged");
    }

    /// <summary>The demand as the ranking sees it.</summary>
    public static Matching.MatchProfile Profile(DemandTerms terms) =>
        new(terms.IpcCodes, IpExchange.Text.SearchTerms.Of($"{terms.Title} {terms.Description}").ToHashSet(StringComparer.Ordinal),
            terms.BudgetMin, terms.BudgetMax, terms.DealKinds);

    public static DateOnly Today(TimeProvider time) => DateOnly.FromDateTime(time.GetUtcNow().ToOffset(TimeSpan.FromHours(8)).DateTime);
}
