using IpExchange.Contracts.Members;

namespace IpExchange.Identity.Organisations;

/// <summary>An organisation as the API shows it to exchange staff and to its own users.</summary>
public sealed record OrganisationResponse(
    string Id,
    string LegalName,
    string CreditCode,
    OrganisationKind Kind,
    string Region,
    string? Group,
    OrganisationStatus Status,
    string? Reason,
    Contact Contact,
    Licence Licence,
    string AdministratorUserId,
    DateTimeOffset? AppliedAt,
    DateTimeOffset? DecidedAt,
    long Version)
{
    public static OrganisationResponse From(OrganisationView v) => new(v.OrganisationId, v.LegalName, v.CreditCode, v.Kind, v.Region, v.Group, v.Status,
        v.Reason, v.Contact, v.Licence, v.AdministratorUserId, v.AppliedAt, v.DecidedAt, v.Version);
}

/// <summary>Who may see an organisation: exchange staff, and its own users; to anyone else it does not exist.</summary>
public static class OrganisationAccess
{
    public static void RequireVisible(string organisationId, Caller caller)
    {
        if (!caller.IsExchange && caller.OrganisationId != organisationId)
        {
            throw new NotFoundException("organisation", organisationId);
        }
    }

    public static void RequireExists(Organisation organisation, string organisationId)
    {
        if (organisation.Status == OrganisationStatus.None)
        {
            throw new NotFoundException("organisation", organisationId);
        }
    }

    public static void RequireStatus(Organisation organisation, OrganisationStatus status, string rule, string what)
    {
        if (organisation.Status != status)
        {
            throw Rule.Broken(rule, "status", $"{what}; this organisation is {organisation.Status}.");
        }
    }

    /// <summary>
    /// The organisation as the view holds it, with its version as ETag for the next command's If-Match;
    /// after a command, as the command's own transaction left it (the projection is inline).
    /// </summary>
    public static async Task<IResult> Answer(EventStore.EventStore store, HttpContext http, string organisationId)
    {
        await using var session = store.Marten.QuerySession();
        var view = await session.LoadAsync<OrganisationView>(Organisation.StreamId(organisationId), http.RequestAborted)
            ?? throw new NotFoundException("organisation", organisationId);
        http.Response.SetVersionETag(view.Version);
        return Results.Ok(OrganisationResponse.From(view));
    }
}
