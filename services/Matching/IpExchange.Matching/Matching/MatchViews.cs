using System.Globalization;
using IpExchange.Contracts;
using IpExchange.Contracts.Matching;
using IpExchange.Matching.Catalogue;
using IpExchange.Matching.Demands;
using IpExchange.Matching.Ranking;

namespace IpExchange.Matching.Matching;

/// <summary>A page of a ranking: <see cref="Total"/> counts every match above the floor, not only this page.</summary>
public sealed record MatchPageView<T>(int Page, int Limit, int Total, IReadOnlyList<T> Items);

public sealed record ScoreParts(double Text, double Ipc, double Budget);

public sealed record MatchedListing(
    string Id, string Title, string? TitleEn, string OwnerOrganisationName, string? Region, decimal AskingPrice, DealKind DealKind,
    PricingMethod PricingMethod, TradingMode TradingMode);

/// <summary>A patent of a matched listing: IPC codes, or a design's Locarno class (and no IPC codes).</summary>
public sealed record MatchedPatent(string Number, PatentType Type, string Title, string? TitleEn, IReadOnlyList<string> IpcCodes, string? LocarnoClass);

/// <summary>
/// A listing ranked for a demand: the listing, its patents, the score and its parts, whether it is a
/// strong match (the parties are told of those), and why, as data.
/// </summary>
public sealed record ListingMatch(MatchedListing Listing, IReadOnlyList<MatchedPatent> Patents, double Score, ScoreParts Parts, bool Strong, MatchExplanation Reasons);

public sealed record MatchedDemand(
    string Id, string Title, string OwnerOrganisationName, decimal? BudgetMin, decimal? BudgetMax, IReadOnlyList<DealKind> DealKinds, DateOnly Deadline);

/// <summary>A demand ranked for a listing, for the listing's owner.</summary>
public sealed record DemandMatch(MatchedDemand Demand, double Score, ScoreParts Parts, bool Strong, MatchExplanation Reasons);

/// <summary>The ranking's reasons in the shape every reader of them gets: the API, the web UI, <see cref="StrongMatchFound"/>.</summary>
public static class MatchExplanations
{
    public static MatchExplanation Of(MatchReasons reasons) => new(
        [.. reasons.Concepts.Select(c => new MatchedWord(c.Chinese, c.English, c.Abbreviation, c.Share, FieldsOf(c.FoundIn)))],
        reasons.Ipc is { } ipc ? new IpcMatch(ipc.DemandCode, ipc.ListingCode, ipc.Level.ToString(), ipc.TitleZh, ipc.TitleEn) : null,
        reasons.Budget is { } b ? new BudgetMatch(b.AskingPrice, b.BudgetMin, b.BudgetMax, b.Within) : null,
        new DealKindMatch(reasons.DealKind.Offered, reasons.DealKind.Wanted));

    /// <summary>The reasons as sentences, as <see cref="StrongMatchFound.Reasons"/> carried them before they were data.</summary>
    public static IReadOnlyList<string> Sentences(RankedMatch match)
    {
        var reasons = match.Reasons;
        var sentences = new List<string>();
        if (reasons.Concepts.Count > 0)
        {
            var words = reasons.Concepts.Take(6).Select(c => c.English is { } en && en != c.Chinese ? $"{c.Chinese} ({en})" : c.Chinese);
            sentences.Add(string.Create(CultureInfo.InvariantCulture, $"words: {string.Join(", ", words)} ({match.Text:P0} of the demand's wording)"));
        }

        if (reasons.Ipc is { } ipc)
        {
            sentences.Add($"IPC: {ipc.ListingCode} shares the {Level(ipc.Level)} with the demand's {ipc.DemandCode}");
        }

        if (reasons.Budget is { } budget)
        {
            sentences.Add(budget.Within
                ? string.Create(CultureInfo.InvariantCulture, $"budget: asking ¥{budget.AskingPrice:N0} fits")
                : string.Create(CultureInfo.InvariantCulture, $"budget: asking ¥{budget.AskingPrice:N0} is above the budget's ¥{budget.BudgetMax:N0}"));
        }

        if (!reasons.DealKind.Wanted)
        {
            sentences.Add($"deal kind: {reasons.DealKind.Offered} is not among those wanted");
        }

        return sentences;
    }

    public static ListingMatch ForDemand(RankedMatch match, CatalogueEntry listing, MatchWeights weights) => new(
        new MatchedListing(listing.ListingId, listing.Title, listing.TitleEn, listing.SellerOrganisationName, listing.Region, listing.AskingPrice,
            listing.DealKind, listing.PricingMethod, listing.TradingMode),
        [.. listing.Patents.Select(p => new MatchedPatent(p.Number, p.Type, p.Title, p.TitleEn, p.IpcCodes, p.LocarnoClass))],
        match.Score, Parts(match), match.Score >= weights.StrongMatch, Of(match.Reasons));

    public static DemandMatch ForListing(RankedMatch match, DemandSummary demand, MatchWeights weights) => new(
        new MatchedDemand(demand.DemandId, demand.Title, demand.OwnerOrganisationName, demand.BudgetMin, demand.BudgetMax, demand.DealKinds, demand.Deadline),
        match.Score, Parts(match), match.Score >= weights.StrongMatch, Of(match.Reasons));

    private static ScoreParts Parts(RankedMatch match) => new(match.Text, match.Ipc, match.Budget);

    private static string Level(IpcLevel level) => level switch
    {
        IpcLevel.Section => "section",
        IpcLevel.Class => "class",
        IpcLevel.Subclass => "subclass",
        IpcLevel.MainGroup => "main group",
        _ => "subgroup",
    };

    private static IReadOnlyList<string> FieldsOf(ListingFields fields) =>
        [.. new[] { ListingFields.Title, ListingFields.Abstract, ListingFields.Keywords, ListingFields.Classification }.Where(f => fields.HasFlag(f)).Select(f => f.ToString())];
}
