using IpExchange.Contracts;
using IpExchange.EventStore;
using IpExchange.Matching.Matching;
using IpExchange.ServiceDefaults;
using IpExchange.Text;
using JasperFx.Events;
using Marten;
using Marten.Events.Aggregation;

namespace IpExchange.Matching.Catalogue;

/// <summary>
/// The catalogue learned a publication from the Listing service (what this service needs of it:
/// the texts and IPC codes for the ranking, the modes and prices for the deals, the reserve for
/// auctions). Its time decides against the listing's status changes, whatever their arrival order.
/// </summary>
public sealed record ListingCatalogued(
    string ListingId, string OwnerOrganisationId, string OwnerOrganisationName, string? Region, string Title, string? TitleEn, string Summary,
    DealKind DealKind, PricingMethod PricingMethod, TradingMode TradingMode, decimal AskingPrice, decimal? ReservePrice, decimal? OpenLicenceFee,
    string? DirectedTo, string? AllianceId, IReadOnlyList<string> AllianceMembers, DateTimeOffset ListedUntil,
    IReadOnlyList<string> IpcCodes, IReadOnlyList<string> PatentTitles, DateTimeOffset PublishedAt);

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

    /// <summary>Every IPC prefix of the listing's codes (H, H0, H02, H02M): a demand's code cut to a subclass finds the listing among them.</summary>
    public IReadOnlyList<string> IpcPrefixes { get; init; } = [];

    /// <summary>The search terms of the titles and summary, as the ranking compares them.</summary>
    public IReadOnlyList<string> Terms { get; init; } = [];

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
            AllianceMembers = e.AllianceMembers, ListedUntil = e.ListedUntil, IpcCodes = e.IpcCodes, IpcPrefixes = Candidates.IpcPrefixes(e.IpcCodes),
            Terms = SearchTerms.Of(string.Join(' ', [e.Title, e.TitleEn, e.Summary, .. e.PatentTitles])).Distinct().ToList(),
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

    /// <summary>The listing as the ranking sees it.</summary>
    public Offer Offer() => new(ListingId, Title, IpcCodes, Terms.ToHashSet(StringComparer.Ordinal), AskingPrice, DealKind);

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
                l.PublishedAt)];

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
        CatalogueEntry.Evolve(snapshot ?? CatalogueEntry.Initial with { Id = id }, e.Data);
}
