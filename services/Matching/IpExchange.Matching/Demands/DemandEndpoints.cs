using IpExchange.EventStore;
using IpExchange.Matching.Matching;
using IpExchange.ServiceDefaults;
using Marten;

namespace IpExchange.Matching.Demands;

public sealed record CloseDemandRequest(string? Reason);

public sealed record DemandView(string Id, DemandStatus Status, string OwnerOrganisationId, string OwnerOrganisationName, DemandTerms Terms, long Version)
{
    public static DemandView From(Demand demand, long version) =>
        new(demand.Id!, demand.Status, demand.OwnerOrganisationId!, demand.OwnerOrganisationName!, demand.Terms!, version);
}

public sealed record DemandListItem(string Id, string Title, string Status, string OwnerOrganisationId, string OwnerOrganisationName,
    decimal? BudgetMin, decimal? BudgetMax, DateOnly Deadline, IReadOnlyList<string> IpcCodes);

public sealed record DemandPage(IReadOnlyList<DemandListItem> Items, int PageNumber, int PageSize, long Total);

/// <summary>企业需求: enterprises post, edit and close their technology demands.</summary>
public static class DemandEndpoints
{
    public static DemandPosted Post(string id, DemandRequest request, Caller caller, DateTimeOffset now) =>
        caller.IsEnterprise
            ? new DemandPosted(id, caller.OrganisationId, caller.OrganisationName, request.Validate(Today(now)), now)
            : throw new ForbiddenException("Only enterprises post technology demands.");

    public static DemandEdited Edit(Demand demand, DemandRequest request, Caller caller, DateTimeOffset now)
    {
        RequireOwner(demand, caller);
        RequireOpen(demand);
        return new DemandEdited(request.Validate(Today(now)), now);
    }

    public static DemandClosed Close(Demand demand, CloseDemandRequest request, Caller caller, DateTimeOffset now)
    {
        RequireOwner(demand, caller);
        RequireOpen(demand);
        var errors = new FieldErrors();
        var reason = errors.Text("reason", request.Reason, 1000, required: false);
        errors.ThrowIfAny();
        return new DemandClosed(reason, now);
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
        demands.MapPost("/", async (DemandRequest request, HttpContext http, EventStore.EventStore store, MatchIndexHost index, TimeProvider time) =>
        {
            var caller = http.Caller();
            var id = BusinessIds.New("XQ", time.GetUtcNow());
            var posted = await store.Execute<Demand>(http, Demand.StreamId(id), async (_, session) =>
            {
                var e = Post(id, request, caller, time.GetUtcNow());
                await StrongMatches.ForDemand(session, store, index, Demand.Document(id, caller.OrganisationId, e.Terms), http.RequestAborted);
                return [e];
            });
            return Results.Created($"/api/demands/{id}", DemandView.From(posted.State, posted.Version));
        }).RequireAuthorization(IdentitySetup.EnterprisePolicy).Produces<DemandView>(StatusCodes.Status201Created).WithSummary("Post a technology demand (发布需求)");

        demands.MapPut("/{id}", async (string id, DemandRequest request, HttpContext http, EventStore.EventStore store, MatchIndexHost index, TimeProvider time) =>
        {
            var caller = http.Caller();
            var edited = await store.Execute<Demand>(http, Demand.StreamId(id), async (demand, session) =>
            {
                var e = Edit(demand.State, request, caller, time.GetUtcNow());
                await StrongMatches.ForDemand(session, store, index, Demand.Document(id, demand.State.OwnerOrganisationId!, e.Terms), http.RequestAborted);
                return [e];
            });
            return Results.Ok(DemandView.From(edited.State, edited.Version));
        }).Produces<DemandView>().WithSummary("Edit an open demand (send If-Match)");

        demands.MapPost("/{id}/close", async (string id, CloseDemandRequest? request, HttpContext http, EventStore.EventStore store, TimeProvider time) =>
        {
            var caller = http.Caller();
            var closed = await store.Execute<Demand>(http, Demand.StreamId(id),
                demand => [Close(demand.State, request ?? new CloseDemandRequest(null), caller, time.GetUtcNow())]);
            return Results.Ok(DemandView.From(closed.State, closed.Version));
        }).Produces<DemandView>().WithSummary("Close the demand");

        demands.MapGet("/{id}", async (string id, HttpContext http, EventStore.EventStore store) =>
        {
            var demand = await store.Load<Demand>(Demand.StreamId(id), http.RequestAborted);
            if (!CanRead(demand.State, http.Caller()))
            {
                throw new NotFoundException("demand", id);
            }

            http.Response.SetVersionETag(demand.Version);
            return Results.Ok(DemandView.From(demand.State, demand.Version));
        }).Produces<DemandView>().WithSummary("A demand (its owner, the exchange, and universities while it is open)");

        demands.MapGet("/", async (HttpContext http, EventStore.EventStore store, string? status, int? page, int? pageSize) =>
        {
            var caller = http.Caller();
            var (p, size) = (Math.Max(1, page ?? 1), Math.Clamp(pageSize ?? 20, 1, 100));
            await using var session = store.Marten.QuerySession();
            IQueryable<DemandSummary> query = session.Query<DemandSummary>();
            // Enterprises see their own; universities the open ones (to answer them); the exchange all.
            if (!caller.IsExchange)
            {
                var org = caller.OrganisationId;
                query = caller.IsUniversity
                    ? query.Where(d => d.OwnerOrganisationId == org || d.Status == DemandStatus.Open)
                    : query.Where(d => d.OwnerOrganisationId == org);
            }

            if (status is not null)
            {
                // An unknown status matches no demand, as it did when this was a SQL filter.
                var wanted = Enum.TryParse<DemandStatus>(status, out var known) && known != DemandStatus.None ? known : (DemandStatus?)null;
                query = query.Where(d => d.Status == wanted);
            }

            var items = await query.Stats(out var stats).OrderByDescending(d => d.UpdatedAt).ThenBy(d => d.Id).Skip((p - 1) * size).Take(size)
                .ToListAsync(http.RequestAborted);
            return Results.Ok(new DemandPage(
                items.Select(d => new DemandListItem(d.DemandId, d.Title, d.Status.ToString(), d.OwnerOrganisationId, d.OwnerOrganisationName,
                    d.BudgetMin, d.BudgetMax, d.Deadline, d.IpcCodes)).ToList(),
                p, size, stats.TotalResults));
        }).Produces<DemandPage>().WithSummary("Demands, newest first, paged");
    }

    /// <summary>The date in China (UTC+8), against which deadlines are checked.</summary>
    public static DateOnly Today(DateTimeOffset now) => DateOnly.FromDateTime(now.ToOffset(TimeSpan.FromHours(8)).DateTime);
}
