using IpExchange.Contracts;
using IpExchange.EventStore;
using IpExchange.Matching.Ranking;
using IpExchange.ServiceDefaults;
using JasperFx.Events;
using Marten;
using Marten.Events.Aggregation;

namespace IpExchange.Matching.Catalogue;

/// <summary>
/// The catalogue learned a publication from the Listing service (what this service needs of it:
/// the texts and classification for the ranking, the modes and prices for the deals, the reserve
/// for auctions). Its time decides against the listing's status changes, whatever their arrival
/// order. <paramref name="Patents"/> and <paramref name="Keywords"/> are absent from events stored
/// before the ranking read every text of a listing; <paramref name="IpcCodes"/> and
/// <paramref name="PatentTitles"/> stand in for them then.
/// </summary>
public sealed record ListingCatalogued(
    string ListingId, string OwnerOrganisationId, string OwnerOrganisationName, string? Region, string Title, string? TitleEn, string Summary,
    DealKind DealKind, PricingMethod PricingMethod, TradingMode TradingMode, decimal AskingPrice, decimal? ReservePrice, decimal? OpenLicenceFee,
    string? DirectedTo, string? AllianceId, IReadOnlyList<string> AllianceMembers, DateTimeOffset ListedUntil,
    IReadOnlyList<string> IpcCodes, IReadOnlyList<string> PatentTitles, DateTimeOffset PublishedAt,
    IReadOnlyList<CataloguedPatent>? Patents = null, IReadOnlyList<string>? Keywords = null);

/// <summary>A patent of a catalogued listing, with everything the ranking reads; a design has a Locarno class and no IPC codes.</summary>
public sealed record CataloguedPatent(
    string Number, PatentType Type, string Title, string? TitleEn, string? Abstract, string? AbstractEn, IReadOnlyList<string> IpcCodes, string? LocarnoClass);

/// <summary>The Listing service changed the listing's status (withdrawn, expired, reserved, sold, public again) at <paramref name="At"/>.</summary>
public sealed record CatalogueStatusChanged(string ListingId, string Status, DateTimeOffset At);

/// <summary>
/// A listing as the catalogue knows it from the Listing service's events (never from its
/// database): folded from the stream <c>catalogue-{listingId}</c> for decisions and kept as a
/// Marten document by <see cref="CatalogueProjection"/> for queries. The newest fact decides the
/// status: an older one never overwrites it, so a late or duplicated publication cannot make a
/// withdrawn listing public again, and a status change that arrives before the publication waits
/// in the state for it. The reserve price never leaves the service.
/// </summary>
public sealed record CatalogueEntry : IAggregateState<CatalogueEntry>
{
    public const string Public = "Public";

    /// <summary>The stream (the document's identity).</summary>
    public string Id { get; init; } = "";

    public string ListingId { get; init; } = "";
    public string Title { get; init; } = "";
    public string? TitleEn { get; init; }
    public string Summary { get; init; } = "";
    public string SellerOrganisationId { get; init; } = "";
    public string SellerOrganisationName { get; init; } = "";
    public string? Region { get; init; }
    public DealKind DealKind { get; init; }
    public PricingMethod PricingMethod { get; init; }
    public TradingMode TradingMode { get; init; }
    public decimal AskingPrice { get; init; }
    public decimal? ReservePrice { get; init; }
    public decimal? OpenLicenceFee { get; init; }
    public string? DirectedTo { get; init; }
    public string? AllianceId { get; init; }
    public IReadOnlyList<string> AllianceMembers { get; init; } = [];
    public DateTimeOffset ListedUntil { get; init; }
    public IReadOnlyList<string> IpcCodes { get; init; } = [];

    /// <summary>The listing's patents with their texts in both languages and their classification.</summary>
    public IReadOnlyList<CataloguedPatent> Patents { get; init; } = [];

    /// <summary>The owner's keywords.</summary>
    public IReadOnlyList<string> Keywords { get; init; } = [];

    /// <summary>The stream version the document was folded to (the match index keeps the version it ranks).</summary>
    public long Version { get; init; }

    /// <summary>The newest status fact's status ("" before any).</summary>
    public string Status { get; init; } = "";

    /// <summary>When the newest status fact happened.</summary>
    public DateTimeOffset UpdatedAt { get; init; } = DateTimeOffset.MinValue;

    /// <summary>When the publication we know was made; null until it arrives.</summary>
    public DateTimeOffset? PublishedAt { get; init; }

    /// <summary>Public and its details known (stored with the document, so queries filter on it).</summary>
    public bool IsPublic => Status == Public && PublishedAt is not null;

    public static CatalogueEntry Initial { get; } = new();

    public static CatalogueEntry Evolve(CatalogueEntry state, object @event) => @event switch
    {
        ListingCatalogued e => (e.PublishedAt >= state.UpdatedAt ? state with { Status = Public, UpdatedAt = e.PublishedAt } : state) with
        {
            ListingId = e.ListingId, Title = e.Title, TitleEn = e.TitleEn, Summary = e.Summary,
            SellerOrganisationId = e.OwnerOrganisationId, SellerOrganisationName = e.OwnerOrganisationName, Region = e.Region,
            DealKind = e.DealKind, PricingMethod = e.PricingMethod, TradingMode = e.TradingMode, AskingPrice = e.AskingPrice,
            ReservePrice = e.ReservePrice, OpenLicenceFee = e.OpenLicenceFee, DirectedTo = e.DirectedTo, AllianceId = e.AllianceId,
            AllianceMembers = e.AllianceMembers, ListedUntil = e.ListedUntil, IpcCodes = e.IpcCodes,
            Patents = e.Patents ?? [.. e.PatentTitles.Select(t => new CataloguedPatent("", PatentType.Invention, t, null, null, null, e.IpcCodes, null))],
            Keywords = e.Keywords ?? [],
            PublishedAt = e.PublishedAt,
        },
        CatalogueStatusChanged e when e.At >= state.UpdatedAt => state with { ListingId = e.ListingId, Status = e.Status, UpdatedAt = e.At },
        CatalogueStatusChanged e => state with { ListingId = e.ListingId },
        _ => state,
    };

    /// <summary>Directed listings show only to the named buyer, alliance listings only to members (and always to the seller and the exchange).</summary>
    public bool VisibleTo(Caller caller) =>
        caller.IsExchange || caller.OrganisationId == SellerOrganisationId ||
        ((DirectedTo is null || DirectedTo == caller.OrganisationId) && (AllianceId is null || AllianceMembers.Contains(caller.OrganisationId)));

    /// <summary>The listing as the ranking reads it: every text in both languages, the classification, the terms of the deal, who may see it.</summary>
    public ListingDocument Document() => new(ListingId, SellerOrganisationId, Title, TitleEn, Summary,
        [.. Patents.Select(p => new PatentDocument(p.Number, p.Type, p.Title, p.TitleEn, p.Abstract, p.AbstractEn, p.IpcCodes, p.LocarnoClass))],
        Keywords, DealKind, AskingPrice, DirectedTo, AllianceId is null ? null : AllianceMembers);

    public static string StreamId(string listingId) => $"catalogue-{listingId}";

    /// <summary>The listing whose publication the catalogue knows, in any status; null when none.</summary>
    public static async Task<CatalogueEntry?> Find(IQuerySession session, string listingId, CancellationToken cancellationToken) =>
        await session.LoadAsync<CatalogueEntry>(StreamId(listingId), cancellationToken) is { PublishedAt: not null } entry ? entry : null;
}

/// <summary>Pure: what a message of the Listing service adds to what the catalogue knows (nothing when it is old news).</summary>
public static class CatalogueDecisions
{
    public static IReadOnlyList<object> Learn(CatalogueEntry known, Contracts.Listings.ListingPublished l) =>
        known.PublishedAt is { } at && l.PublishedAt <= at
            ? []
            : [new ListingCatalogued(l.ListingId, l.OwnerOrganisationId, l.OwnerOrganisationName, l.Region, l.Title, l.TitleEn, l.Summary,
                l.DealKind, l.PricingMethod, l.TradingMode, l.AskingPrice, l.ReservePrice, l.OpenLicenceFee, l.DirectedToOrganisationId, l.AllianceId,
                l.AllianceMemberIds, l.ListedUntil, l.Patents.SelectMany(p => p.IpcCodes).Distinct().ToList(), l.Patents.Select(p => p.Title).ToList(),
                l.PublishedAt,
                [.. l.Patents.Select(p => new CataloguedPatent(p.ApplicationNumber, p.Type, p.Title, p.TitleEn, p.Abstract, p.AbstractEn, p.IpcCodes, p.LocarnoClass))],
                l.Keywords ?? [])];

    public static IReadOnlyList<object> Learn(CatalogueEntry known, string listingId, string status, DateTimeOffset at) =>
        at < known.UpdatedAt || (at == known.UpdatedAt && status == known.Status) ? [] : [new CatalogueStatusChanged(listingId, status, at)];
}

/// <summary>The catalogue's documents (inline: deals and rankings read them straight after), folded by <see cref="CatalogueEntry.Evolve"/>.</summary>
public sealed class CatalogueProjection : SingleStreamProjection<CatalogueEntry, string>
{
    public CatalogueProjection()
    {
        IncludeType<ListingCatalogued>();
        IncludeType<CatalogueStatusChanged>();
    }

    public override CatalogueEntry Evolve(CatalogueEntry? snapshot, string id, IEvent e) =>
        CatalogueEntry.Evolve(snapshot ?? CatalogueEntry.Initial with { Id = id }, e.Data) with { Version = e.Version };
}
