namespace IpExchange.Contracts.Matching;

/// <summary>
/// A demand and a public listing match strongly: both parties can be told. <paramref name="Reasons"/>
/// are sentences; <paramref name="Explanation"/> the same as data, for a UI to render in its
/// language (null in messages from before it was carried).
/// </summary>
public sealed record StrongMatchFound(
    string DemandId,
    string ListingId,
    string DemandOwnerOrganisationId,
    string ListingOwnerOrganisationId,
    double Score,
    IReadOnlyList<string> Reasons,
    DateTimeOffset FoundAt,
    MatchExplanation? Explanation = null);

/// <summary>Why a demand and a listing match: the words they share, their closest IPC codes, the budget, the deal kind.</summary>
public sealed record MatchExplanation(IReadOnlyList<MatchedWord> Words, IpcMatch? Ipc, BudgetMatch? Budget, DealKindMatch DealKind);

/// <summary>
/// A word both sides use, whole, in both languages where the vocabulary knows it (硬质合金 / cemented
/// carbide, WC-Co); <paramref name="Share"/> is its part of the text score; <paramref name="FoundIn"/>
/// the listing's fields that have it (Title, Abstract, Keywords, Classification).
/// </summary>
public sealed record MatchedWord(string Chinese, string? English, string? Abbreviation, double Share, IReadOnlyList<string>? FoundIn = null);

/// <summary>The closest IPC codes of the two and the deepest level they share (Section, Class, Subclass, MainGroup, Subgroup), with the subclass's title.</summary>
public sealed record IpcMatch(string DemandCode, string ListingCode, string Level, string? TitleZh, string? TitleEn);

public sealed record BudgetMatch(decimal AskingPrice, decimal? BudgetMin, decimal? BudgetMax, bool Within);

public sealed record DealKindMatch(DealKind Offered, bool Wanted);
