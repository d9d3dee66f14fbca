namespace IpExchange.Matching.Ranking;

/// <summary>
/// The ranking's constants in one place. Text is BM25F over the listing's fields (title counts
/// three times an abstract sentence, the owner's keywords twice, IPC and Locarno titles and the
/// patent type half), normalised by what the demand's words could give at most, so it reads 0..1
/// like the other signals.
/// </summary>
public sealed record MatchWeights
{
    public static MatchWeights Default { get; } = new();

    public double K1 { get; init; } = 1.2;

    public double TitleWeight { get; init; } = 3.0;
    public double AbstractWeight { get; init; } = 1.0;
    public double KeywordWeight { get; init; } = 2.0;
    public double ClassificationWeight { get; init; } = 0.5;

    public double TitleB { get; init; } = 0.5;
    public double AbstractB { get; init; } = 0.75;
    public double KeywordB { get; init; } = 0.3;
    public double ClassificationB { get; init; } = 0.3;

    /// <summary>
    /// The text score at which text counts fully: a listing carrying this share of the demand's
    /// weighted words in its title and abstract is as close as an IPC subgroup match says.
    /// </summary>
    public double TextSaturation { get; init; } = 0.4;

    /// <summary>Text and IPC when the demand names codes. Text leads: the codes are hints, often too broad.</summary>
    public double Text { get; init; } = 0.6;
    public double Ipc { get; init; } = 0.25;

    /// <summary>Budget: counts fully once the listing is technically half relevant, in proportion below.</summary>
    public double Budget { get; init; } = 0.15;

    public double UnwantedDealKind { get; init; } = 0.6;

    /// <summary>Matches below this score are not listed (and not counted in a page's total).</summary>
    public double Floor { get; init; } = 0.08;

    /// <summary>
    /// A match worth telling both parties about (StrongMatchFound). Checked on the three judged sets
    /// (<c>bench.sh matching-quality</c>): at 0.7, 91% of the pairs announced are judged relevant (80%
    /// highly) and 91% of the highly relevant pairs are announced; at 0.6 it was 84% (69%) and 94%.
    /// </summary>
    public double StrongMatch { get; init; } = 0.7;

    public int ReasonConcepts { get; init; } = 8;
}
