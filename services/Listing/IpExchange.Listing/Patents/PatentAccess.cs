using IpExchange.EventStore;
using IpExchange.ServiceDefaults;

namespace IpExchange.Listing.Patents;

/// <summary>Who may see and change a patent: its owner organisation, and the exchange for reading.</summary>
public static class PatentAccess
{
    /// <summary>Someone else's patent answers 404, so that its existence does not leak.</summary>
    public static void RequireOwner(Patent patent, Caller caller)
    {
        if (!patent.Exists || patent.OwnerOrganisationId != caller.OrganisationId)
        {
            throw new NotFoundException("patent", patent.Id ?? "");
        }
    }

    public static bool CanRead(Patent patent, Caller caller) =>
        patent.Exists && (caller.IsExchange || patent.OwnerOrganisationId == caller.OrganisationId);

    /// <summary>Runs a one-event command on a patent and answers with the patent's new view.</summary>
    public static async Task<IResult> Command(HttpContext http, EventStore.EventStore store, string id, Func<Patent, object> decide)
    {
        var patent = await store.Execute<Patent>(http, Patent.StreamId(Normalize(id)), aggregate => [decide(aggregate.State)]);
        return Results.Ok(PatentView.From(patent.State, patent.Version));
    }

    public static string Normalize(string id) =>
        PatentNumber.TryNormalize(id, out var number, out _) ? number : throw new NotFoundException("patent", id);
}
