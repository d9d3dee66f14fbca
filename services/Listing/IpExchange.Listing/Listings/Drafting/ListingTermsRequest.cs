using System.ComponentModel.DataAnnotations;
using IpExchange.Contracts;
using IpExchange.Listing.Patents;

namespace IpExchange.Listing.Listings.Drafting;

public sealed record AppraisalRequest(string? Appraiser, string? ReportNumber, decimal? Value, DateOnly? Date);

/// <summary>
/// What a licence grants: term in months from the day its agreement takes effect, territory, field of
/// use, sublicensing, and the running royalty (提成: a rate of the licensee's net sales and a minimum
/// per licence year). The entry fee is the asking price. Omitted parts take the defaults of
/// <see cref="LicenceTerms.Default"/>.
/// </summary>
public sealed record LicenceTermsRequest(int? TermMonths, string? Territory, string? FieldOfUse, bool? SublicensingAllowed, decimal? RoyaltyRate, decimal? MinimumAnnualRoyalty)
{
    public const int MaxTermMonths = 240;
    public const decimal MaxRoyaltyRate = 0.5m;

    public LicenceTerms Validate(FieldErrors errors)
    {
        var defaults = LicenceTerms.Default;
        errors.Check(TermMonths is null or (>= 1 and <= MaxTermMonths), "licence.termMonths", FieldCodes.OutOfRange,
            $"A licence runs 1 to {MaxTermMonths} months (never past the patents' term).", ("min", 1), ("max", MaxTermMonths));
        var territory = errors.Text("licence.territory", Territory, 200, required: false, multiLine: false);
        var field = errors.Text("licence.fieldOfUse", FieldOfUse, 500, required: false);
        if (RoyaltyRate is { } rate)
        {
            errors.Check(rate > 0 && rate <= MaxRoyaltyRate && decimal.Round(rate, 4) == rate, "licence.royaltyRate", FieldCodes.OutOfRange,
                "A royalty rate is a fraction of net sales above 0 and at most 0.5 (50%), with at most four decimals (0.0325 = 3.25%).", ("min", 0), ("max", MaxRoyaltyRate));
        }

        if (MinimumAnnualRoyalty is { } minimum && Money.Problem(minimum) is { } problem)
        {
            errors.Add("licence.minimumAnnualRoyalty", problem);
        }

        return new LicenceTerms(TermMonths ?? defaults.TermMonths, territory ?? defaults.Territory, field ?? defaults.FieldOfUse,
            SublicensingAllowed ?? defaults.SublicensingAllowed, RoyaltyRate, MinimumAnnualRoyalty);
    }
}

/// <summary>The owner's guided form: what is offered, how it is priced and traded, for how long.</summary>
public sealed record ListingTermsRequest(
    [Required] string? Title,
    string? TitleEn,
    [Required] string? Summary,
    [Required] IReadOnlyList<string>? PatentIds,
    [Required] DealKind? DealKind,
    [Required] PricingMethod? PricingMethod,
    [Required] TradingMode? TradingMode,
    [Required] decimal? AskingPrice,
    decimal? ReservePrice,
    decimal? OpenLicenceFee,
    string? OpenLicenceTerms,
    [Required] DateOnly? ListedFrom,
    [Required] DateOnly? ListedUntil,
    AppraisalRequest? Appraisal,
    string? DirectedToOrganisationId,
    string? AllianceId,
    IReadOnlyList<string>? AllianceMemberIds,
    LicenceTermsRequest? Licence = null,
    IReadOnlyList<string>? Keywords = null)
{
    public const int MaxPeriodDays = 366;
    public const int MaxPatents = 50;
    public const int MaxAllianceMembers = 200;
    public const int MaxKeywords = 10;

    /// <summary>
    /// Checks the form on its own (the patents' own state is checked at submission) and returns the
    /// terms; throws with every field problem at once.
    /// </summary>
    public ListingTerms Validate(string ownerOrganisationId, DateOnly today)
    {
        var errors = new FieldErrors();
        var title = errors.Text("title", Title, 200, multiLine: false);
        var titleEn = errors.Text("titleEn", TitleEn, 300, required: false, multiLine: false);
        var summary = errors.Text("summary", Summary, 5000);

        var patentIds = new List<string>();
        if (PatentIds is null || PatentIds.Count == 0)
        {
            errors.Add("patentIds", FieldCodes.TooFew, "A listing covers at least one patent.", ("min", 1));
        }
        else if (PatentIds.Count > MaxPatents)
        {
            errors.Add("patentIds", FieldCodes.TooMany, $"A portfolio has at most {MaxPatents} patents.", ("max", MaxPatents));
        }
        else
        {
            for (var i = 0; i < PatentIds.Count; i++)
            {
                if (PatentNumber.TryNormalize(PatentIds[i], out var number, out var error))
                {
                    patentIds.Add(number);
                }
                else
                {
                    errors.Add($"patentIds[{i}]", PatentNumber.Invalid, error);
                }
            }

            errors.Check(patentIds.Distinct().Count() == patentIds.Count, "patentIds", FieldCodes.Duplicate, "A patent appears twice.");
        }

        errors.Check(DealKind is not null, "dealKind", FieldCodes.Required, "The deal kind is required.", ("allowed", Enum.GetNames<DealKind>()));
        errors.Check(PricingMethod is not null, "pricingMethod", FieldCodes.Required, "The pricing method is required.", ("allowed", Enum.GetNames<PricingMethod>()));
        errors.Check(TradingMode is not null, "tradingMode", FieldCodes.Required, "The trading mode is required.", ("allowed", Enum.GetNames<TradingMode>()));
        Money.Check(errors, "askingPrice", AskingPrice);
        Money.Check(errors, "reservePrice", ReservePrice, required: false);

        var bidding = PricingMethod is Contracts.PricingMethod.Auction or Contracts.PricingMethod.OnlineBidding;
        if (TradingMode is not null && PricingMethod is not null)
        {
            errors.Check(bidding == (TradingMode == Contracts.TradingMode.Bidding), "tradingMode", "listing.bidding-mode-mismatch",
                "Online bidding and auction pricing go with the bidding trading mode (竞价交易), and only they do.");
        }

        errors.Check(PricingMethod != Contracts.PricingMethod.Auction || ReservePrice is not null, "reservePrice", "listing.reserve-required",
            "An auction needs a reserve price (保留价); it is never shown to buyers.");

        // A patent contributed as capital is a contribution in kind, which company law has appraised.
        // Every field given is checked, whether or not the chosen terms use it: a value the service
        // would ignore is still refused when it is malformed, so nothing unchecked is ever stored.
        Appraisal? appraisal = null;
        var equity = DealKind == Contracts.DealKind.EquityContribution;
        var appraised = PricingMethod == Contracts.PricingMethod.Appraisal || equity;
        if (Appraisal is null)
        {
            errors.Check(!appraised, "appraisal", FieldCodes.Required, equity
                ? "A patent contributed as equity (作价入股) needs its appraisal report: appraiser, report number, value and date."
                : "Appraisal pricing needs the appraisal report: appraiser, report number, value and date.");
        }
        else
        {
            var appraiser = errors.Text("appraisal.appraiser", Appraisal.Appraiser, 200, required: appraised, multiLine: false);
            var report = errors.Text("appraisal.reportNumber", Appraisal.ReportNumber, 100, required: appraised, multiLine: false);
            Money.Check(errors, "appraisal.value", Appraisal.Value, required: appraised);
            errors.Check((Appraisal.Date is null && !appraised) || (Appraisal.Date is { } d && d <= today && d >= today.AddYears(-2)), "appraisal.date",
                FieldCodes.DateOutOfRange, "The appraisal date is required, not in the future and not older than two years.", ("min", today.AddYears(-2)), ("max", today));
            appraisal = appraised ? new Appraisal(appraiser ?? "", report ?? "", Appraisal.Value ?? 0, Appraisal.Date ?? today) : null;
        }

        var openLicence = DealKind == Contracts.DealKind.OpenLicence;
        Money.Check(errors, "openLicenceFee", OpenLicenceFee, required: openLicence);
        errors.Text("openLicenceTerms", OpenLicenceTerms, 5000, required: openLicence);
        errors.Check(!openLicence || TradingMode is null or Contracts.TradingMode.ListingTransfer, "tradingMode", "listing.open-licence-mode",
            "An open licence is taken at its published fee: use the listing transfer mode (挂牌转让).");

        var directed = errors.Text("directedToOrganisationId", DirectedToOrganisationId, 100, required: TradingMode == Contracts.TradingMode.Directed, multiLine: false);
        errors.Check(TradingMode != Contracts.TradingMode.Directed || directed is null || directed != ownerOrganisationId, "directedToOrganisationId",
            "listing.directed-to-self", "A directed deal names another organisation.");

        var members = new List<string>();
        errors.Check((AllianceMemberIds?.Count ?? 0) <= MaxAllianceMembers, "allianceMemberIds", FieldCodes.TooMany,
            $"At most {MaxAllianceMembers} member organisations.", ("max", MaxAllianceMembers));
        for (var i = 0; i < Math.Min(AllianceMemberIds?.Count ?? 0, MaxAllianceMembers); i++)
        {
            if (errors.Text($"allianceMemberIds[{i}]", AllianceMemberIds![i], 100, required: false, multiLine: false) is { } member && !members.Contains(member))
            {
                members.Add(member);
            }
        }

        if (TradingMode == Contracts.TradingMode.Alliance)
        {
            errors.Text("allianceId", AllianceId, 100, multiLine: false);
            errors.Check(members.Count > 0, "allianceMemberIds", FieldCodes.TooFew, "An alliance deal names the alliance's member organisations.", ("min", 1));
        }
        else
        {
            errors.Text("allianceId", AllianceId, 100, required: false, multiLine: false);
        }

        if (ListedFrom is not { } from || ListedUntil is not { } until)
        {
            errors.Add(ListedFrom is null ? "listedFrom" : "listedUntil", FieldCodes.Required, "The listing period (listedFrom, listedUntil) is required.");
        }
        else
        {
            errors.Check(from >= today, "listedFrom", FieldCodes.DateInPast, "The listing period cannot start in the past.", ("min", today));
            errors.Check(from <= today.AddYears(1), "listedFrom", FieldCodes.DateOutOfRange, "The listing period starts within a year.", ("min", today), ("max", today.AddYears(1)));
            errors.Check(until > from, "listedUntil", "listing.period-ends-before-start", "The listing period ends after it starts.", ("after", from));
            errors.Check(until.DayNumber - from.DayNumber <= MaxPeriodDays, "listedUntil", "listing.period-too-long", $"A listing period is at most {MaxPeriodDays} days.", ("maxDays", MaxPeriodDays));
        }

        // Licence terms given with an assignment are checked all the same (nothing unchecked is stored), then dropped.
        var givenLicence = Licence?.Validate(errors);
        var licence = DealKind is { } kind && kind.IsLicence() ? givenLicence ?? new LicenceTermsRequest(null, null, null, null, null, null).Validate(errors) : null;
        var keywords = KeywordsOf(errors);

        errors.ThrowIfAny();
        return new ListingTerms(
            title!, titleEn, summary!, patentIds, DealKind!.Value, PricingMethod!.Value, TradingMode!.Value,
            AskingPrice!.Value, ReservePrice, DealKind == Contracts.DealKind.OpenLicence ? OpenLicenceFee : null,
            DealKind == Contracts.DealKind.OpenLicence ? OpenLicenceTerms?.Trim() : null,
            ListedFrom!.Value, ListedUntil!.Value, appraisal,
            TradingMode == Contracts.TradingMode.Directed ? DirectedToOrganisationId!.Trim() : null,
            TradingMode == Contracts.TradingMode.Alliance ? AllianceId!.Trim() : null,
            TradingMode == Contracts.TradingMode.Alliance ? members : [],
            licence,
            keywords);
    }

    /// <summary>
    /// The owner's keywords (关键词): words buyers search and demands use that the texts may not
    /// say, in either language; matched and searched as words, so each is one short phrase.
    /// </summary>
    private List<string> KeywordsOf(FieldErrors errors)
    {
        var keywords = new List<string>();
        var given = Keywords ?? [];
        if (given.Count > MaxKeywords)
        {
            errors.Add("keywords", FieldCodes.TooMany, $"At most {MaxKeywords} keywords.", ("max", MaxKeywords));
            return keywords;
        }

        for (var i = 0; i < given.Count; i++)
        {
            if (errors.Text($"keywords[{i}]", given[i], 40, multiLine: false) is { } keyword)
            {
                keywords.Add(keyword);
            }
        }

        return [.. keywords.Distinct(StringComparer.OrdinalIgnoreCase)];
    }
}
