using System.Security.Claims;
using IpExchange.ServiceDefaults;
using Marten;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace IpExchange.Members;

/// <summary>
/// What a trading service knows of the exchange's members, learned from the Identity service's
/// organisation events: their registered details (<see cref="MemberRecord"/>) and their standing
/// (<see cref="MemberStanding"/>), both Marten documents in the service's own schema.
/// </summary>
public static class MemberDirectory
{
    /// <summary>The stable code of the refusal a suspended member's users get (403).</summary>
    public const string SuspendedRule = "member.suspended";

    /// <summary>
    /// Both documents carry, as their Marten numeric revision, the organisation's stream version at the
    /// Identity service, and are written with <c>TryUpdateRevision</c>: PostgreSQL keeps the newer in
    /// the upsert itself, so messages handled in any order, by several replicas at once, end in the
    /// newest fact without a lock.
    /// </summary>
    public static void Register(StoreOptions options)
    {
        options.Schema.For<MemberRecord>().UseNumericRevisions(true);
        options.Schema.For<MemberStanding>().UseNumericRevisions(true);
    }

    /// <summary>The organisation consumers (verified, changed, suspended, reinstated) on one endpoint of the service.</summary>
    public static void AddMemberConsumers(this IBusRegistrationConfigurator bus) => bus.AddConsumer<OrganisationEventsConsumer>();

    /// <summary>The known members among <paramref name="organisationIds"/>; an organisation not heard of yet is absent.</summary>
    public static async Task<IReadOnlyDictionary<string, MemberRecord>> Find(IQuerySession session, IEnumerable<string> organisationIds, CancellationToken cancellationToken)
    {
        var ids = organisationIds.Where(id => id.Length > 0).Distinct(StringComparer.Ordinal).ToArray();
        return ids.Length == 0
            ? new Dictionary<string, MemberRecord>(StringComparer.Ordinal)
            : (await session.LoadManyAsync<MemberRecord>(cancellationToken, ids)).ToDictionary(m => m.Id, StringComparer.Ordinal);
    }

    /// <summary>
    /// Refuses (403, <see cref="SuspendedRule"/>) when the exchange has suspended
    /// <paramref name="organisationId"/>. An organisation not heard of is not refused: only verified
    /// members get tokens, and the Identity service's suspension may not have arrived yet either way.
    /// </summary>
    public static async Task EnsureInGoodStanding(IQuerySession session, string organisationId, CancellationToken cancellationToken)
    {
        var standing = await session.LoadAsync<MemberStanding>(organisationId, cancellationToken);
        if (standing is { Suspended: true })
        {
            throw new ForbiddenException(SuspendedRule,
                $"Your organisation's membership is suspended by the exchange ({standing.Reason}): it cannot act until it is reinstated.");
        }
    }

    /// <summary>
    /// The endpoints' commands (every method but GET, HEAD and OPTIONS) act for the caller's
    /// organisation (a bid, an offer, a registration, a submission, a signature): a suspended member's
    /// users are refused before anything is read or written; they may still read. On a route group it
    /// covers every command of the group. The service checks this itself, trusting neither the gateway
    /// nor the token, which outlives a suspension by its few minutes.
    /// </summary>
    public static TBuilder RequireMemberInGoodStanding<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var reads = HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method) || HttpMethods.IsOptions(http.Request.Method);
            if (!reads && http.User.FindFirstValue(IpExchangeClaims.Organisation) is { Length: > 0 } organisationId)
            {
                var store = http.RequestServices.GetRequiredService<EventStore.EventStore>();
                await using var session = store.Marten.QuerySession();
                await EnsureInGoodStanding(session, organisationId, http.RequestAborted);
            }

            return await next(context);
        });
}
