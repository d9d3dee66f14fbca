using IpExchange.Contracts;

namespace IpExchange.Matching.Ranking;

/// <summary>Where in a listing a matched word was found.</summary>
[Flags]
public enum ListingFields : byte
{
    None = 0,
    Title = 1,
    Abstract = 2,
    Keywords = 4,
    Classification = 8,
}

/// <summary>
/// A word the demand and the listing share, as whole words in both languages for the UI: the
/// concept's Chinese name, English name and abbreviation (硬质合金 / cemented carbide), or the word as
/// written when the vocabulary does not know it (then one language only). <see cref="Share"/> is its
/// part of the text score.
/// </summary>
public sealed record MatchedConcept(string Chinese, string? English, string? Abbreviation, double Share, ListingFields FoundIn);

/// <summary>The closest pair of IPC codes: the level they share (section … subgroup) and the listing code's subclass title.</summary>
public sealed record IpcRelation(string DemandCode, string ListingCode, IpcLevel Level, double Score, string? TitleZh, string? TitleEn);

public enum IpcLevel
{
    None = 0,
    Section = 1,
    Class = 2,
    Subclass = 3,
    MainGroup = 4,
    Subgroup = 5,
}

public sealed record BudgetFit(decimal AskingPrice, decimal? BudgetMin, decimal? BudgetMax, bool Within, double Score);

public sealed record DealKindFit(DealKind Offered, bool Wanted);

/// <summary>Why a listing and a demand match, as data: the UI renders it in either language.</summary>
public sealed record MatchReasons(IReadOnlyList<MatchedConcept> Concepts, IpcRelation? Ipc, BudgetFit? Budget, DealKindFit DealKind);

/// <summary>One ranked pair: the total, its parts, the reasons.</summary>
public sealed record RankedMatch(string ListingId, string DemandId, double Score, double Text, double Ipc, double Budget, MatchReasons Reasons);

/// <summary>A page of a ranking: <see cref="Total"/> counts every match above the floor, not just this page.</summary>
public sealed record MatchPage(int Page, int Limit, int Total, IReadOnlyList<RankedMatch> Items);
