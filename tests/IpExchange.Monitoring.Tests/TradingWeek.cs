using IpExchange.Contracts;
using IpExchange.Contracts.Deals;
using IpExchange.Contracts.Listings;
using static IpExchange.Monitoring.Tests.MonitoringApi;

namespace IpExchange.Monitoring.Tests;

/// <summary>
/// A realistic run of trading across two regions, three IPC sections, two institutions and three
/// enterprises: five listings, one withdrawn; four deals, two completed, one cancelled, one signed
/// and never recorded (stuck past the recording deadline).
/// </summary>
public sealed class TradingWeek
{
    public DateTimeOffset T { get; }

    /// <summary>The period the run falls in, so that its figures stand apart from the other tests' facts.</summary>
    public string Period => $"from={Uri.EscapeDataString(T.AddDays(-1).ToString("O"))}&to={Uri.EscapeDataString(T.AddDays(1).ToString("O"))}";

    public ListingPublished L1 { get; }
    public ListingPublished L2 { get; }
    public ListingPublished L3 { get; }
    public ListingPublished L4 { get; }
    public ListingPublished L5 { get; }
    public DealStruck D1 { get; }
    public DealStruck D2 { get; }
    public DealStruck D3 { get; }
    public DealStruck D4 { get; }

    /// <param name="start">A day in the past of its own: stage deadlines after it have passed, as they would for an old run.</param>
    public TradingWeek(DateTimeOffset start)
    {
        T = start;
        L1 = Listing("B61L 27/00", 1_000_000m, at: T.AddHours(-1));
        L2 = Listing("H02M 7/48", 2_000_000m, DealKind.ExclusiveLicence, at: T.AddHours(-1));
        L3 = Listing("C22C 38/00", 500_000m, owner: "org-xjhm", ownerName: "湘江化工材料研究院", region: "湖南", at: T.AddHours(-1));
        L4 = Listing("C22C 29/00", 800_000m, DealKind.NonExclusiveLicence, owner: "org-xjhm", ownerName: "湘江化工材料研究院", region: "湖南", at: T.AddHours(-1));
        L5 = Listing("H01L 21/00", 300_000m, owner: "org-xjhm", ownerName: "湘江化工材料研究院", region: "湖南", at: T.AddHours(-1));
        D1 = Deal(L1, "org-xtrail", 1_100_000m, at: T);
        D2 = Deal(L2, "org-xtsemi", 1_900_000m, at: T.AddHours(1));
        D3 = Deal(L3, "org-ljtool", 450_000m, at: T.AddHours(1));
        D4 = Deal(L4, "org-xtrail", 800_000m, at: T.AddHours(2));
    }

    public async Task Feed(MonitoringApi api)
    {
        await api.Phase(L1, L2, L3, L4, L5);
        await api.Phase(D1, D2, D3, D4, new ListingWithdrawn(L5.ListingId, L5.OwnerOrganisationId, "转为自行实施", T.AddHours(1)));
        await api.Phase(
            new ListingReserved(L1.ListingId, D1.DealId, D1.BuyerOrganisationId, T.AddMinutes(6)),
            new ListingReserved(L2.ListingId, D2.DealId, D2.BuyerOrganisationId, T.AddHours(1.1)),
            new ListingReserved(L3.ListingId, D3.DealId, D3.BuyerOrganisationId, T.AddHours(1.1)),
            new ListingLicensed(L4.ListingId, D4.DealId, D4.BuyerOrganisationId, 1, T.AddHours(2.1)),
            Drafted(D1, T.AddHours(1)), Drafted(D2, T.AddHours(2)), Drafted(D3, T.AddHours(1.5)), Drafted(D4, T.AddHours(3)));
        await api.Phase(
            SignedBy(D1, D1.BuyerOrganisationId, true, T.AddHours(2)), Cancelled(D2, T.AddHours(3)),
            SignedBy(D3, D3.BuyerOrganisationId, true, T.AddHours(2.5)), SignedBy(D4, D4.BuyerOrganisationId, true, T.AddHours(3.5)));
        await api.Phase(Recorded(D1, T.AddHours(3)), Recorded(D4, T.AddHours(4)), new ListingReopened(L2.ListingId, D2.DealId, "合同取消", T.AddHours(3)));
        await api.Phase(Paid(D1, 1_100_000m, 0m, T.AddHours(3.5)), Completed(D4, T.AddHours(4.5)));
        await api.Phase(Completed(D1, T.AddHours(4)), new ListingSold(L1.ListingId, D1.DealId, D1.BuyerOrganisationId, T.AddHours(4)));
    }
}
