using IpExchange.Members;
using Marten;

namespace IpExchange.Monitoring.Pipeline;

/// <summary>
/// A deal as the cockpit shows it, with its listing's region, IPC and institution, and both parties by
/// their registered legal names (the Identity service's organisation events; the seller by its
/// listing's owner name until those arrive): the ids are for links, never shown. A licence's royalties
/// (提成): the rate struck, the base (the licensee's sales reported), reported, paid so far, still outstanding,
/// and the licence years overdue.
/// </summary>
public sealed record DealRow(
    string DealId,
    string ListingId,
    string? ListingTitle,
    string? AgreementId,
    string SellerOrganisationId,
    string? SellerName,
    string BuyerOrganisationId,
    string? BuyerName,
    decimal Price,
    string DealKind,
    string? TradingMode,
    string? Region,
    string? IpcSection,
    string Stage,
    DateTimeOffset StageSince,
    DateTimeOffset? StruckAt,
    DateTimeOffset? SigningDeadline,
    decimal PaidAmount,
    decimal? Outstanding,
    DateTimeOffset? RegisteredAt,
    DateTimeOffset? CompletedAt,
    string? EndedReason,
    bool Stuck,
    string? StuckReason,
    DateTimeOffset? StuckSince,
    IReadOnlyList<StageSpan> Stages,
    decimal RoyaltyPaid,
    decimal RoyaltyOutstanding,
    IReadOnlyList<int> OverdueRoyaltyPeriods,
    decimal? RoyaltyRate = null,
    decimal RoyaltyBase = 0,
    decimal RoyaltyReported = 0);

public sealed record DealFilter(string? Stage = null, bool? Stuck = null, string? Organisation = null, string? DealId = null, int Limit = 200, string? ListingId = null);

/// <summary>Deals as the cockpit lists them: Marten's LINQ over the deal documents, with their listings loaded by id.</summary>
public static class DealRows
{
    public static async Task<IReadOnlyList<DealRow>> Find(EventStore.EventStore store, DealFilter filter, CancellationToken cancellationToken)
    {
        await using var session = store.Marten.QuerySession();
        var query = session.Query<DealView>().Where(d => d.ListingId != null);
        if (filter.Stage is { } stage)
        {
            query = query.Where(d => d.Stage == stage);
        }

        if (filter.Stuck is { } stuck)
        {
            query = query.Where(d => d.Stuck == stuck);
        }

        if (filter.Organisation is { } organisation)
        {
            query = query.Where(d => d.SellerOrganisationId == organisation || d.BuyerOrganisationId == organisation);
        }

        if (filter.DealId is { } dealId)
        {
            var id = Facts.Facts.DealStream(dealId);
            query = query.Where(d => d.Id == id);
        }

        if (filter.ListingId is { } listingId)
        {
            query = query.Where(d => d.ListingId == listingId);
        }

        var deals = await query.OrderByDescending(d => d.CountedAt).ThenBy(d => d.Id).Take(filter.Limit).ToListAsync(cancellationToken);
        var listings = (await session.LoadManyAsync<ListingView>(cancellationToken, deals.Select(d => Facts.Facts.ListingStream(d.ListingId!)).Distinct()))
            .ToDictionary(l => l.ListingId, StringComparer.Ordinal);
        var members = await MemberDirectory.Find(session, deals.SelectMany(d => new[] { d.SellerOrganisationId ?? "", d.BuyerOrganisationId ?? "" }), cancellationToken);
        return deals.Select(d => Row(d, listings.GetValueOrDefault(d.ListingId!), members)).ToList();
    }

    public static DealRow Row(DealView deal, ListingView? listing, IReadOnlyDictionary<string, MemberRecord> members) => new(
        deal.DealId, deal.ListingId!, listing?.Title, deal.AgreementId, deal.SellerOrganisationId!,
        members.GetValueOrDefault(deal.SellerOrganisationId!)?.LegalName ?? listing?.OwnerName, deal.BuyerOrganisationId!,
        members.GetValueOrDefault(deal.BuyerOrganisationId!)?.LegalName,
        deal.Price, deal.DealKind!, deal.TradingMode, listing?.Region, listing?.IpcSection, deal.Stage!, deal.StageSince!.Value, deal.StruckAt,
        deal.SigningDeadline, deal.PaidAmount, deal.Outstanding, deal.RegisteredAt, deal.CompletedAt, deal.EndedReason, deal.Stuck,
        deal.StuckBy?.Reason, deal.StuckBy?.Deadline, deal.Stages,
        deal.RoyaltyPaid, deal.RoyaltyOutstanding, deal.OverdueRoyaltyPeriods, deal.RoyaltyRate, deal.RoyaltyBase, deal.RoyaltyReported);
}
