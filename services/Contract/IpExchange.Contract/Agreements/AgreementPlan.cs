using IpExchange.Contracts;
using IpExchange.Contracts.Agreements;

namespace IpExchange.Contract.Agreements;

/// <summary>A licence year: royalties are reported and paid per period, within a number of days after it ends.</summary>
public sealed record RoyaltyPeriod(int Number, DateOnly Start, DateOnly End, DateOnly DueOn)
{
    /// <summary>The days of the period, both included.</summary>
    public int Days => End.DayNumber - Start.DayNumber + 1;
}

/// <summary>
/// What each deal kind asks of an agreement once it is effective, in one place: its steps, the
/// term of a licence, the licence years its royalties are settled by, and the days they fall on.
/// Days are days in China (the exchange's calendar, 北京时间): a licence recorded at 01:00 Beijing
/// time starts that day, and a term or a deadline ends at midnight in China after its last day.
/// </summary>
public static class AgreementPlan
{
    public static readonly TimeSpan ChinaOffset = TimeSpan.FromHours(8);

    /// <summary>许可合同备案 falls due three months after the licence took effect (专利实施许可合同备案办法).</summary>
    public const int FilingMonths = 3;

    /// <summary>A licence year's royalty is reported and paid within this many days after the year ends.</summary>
    public const int RoyaltyDueDays = 30;

    public static DateOnly ChinaDay(DateTimeOffset instant) => DateOnly.FromDateTime(instant.ToOffset(ChinaOffset).DateTime);

    /// <summary>The first instant after <paramref name="day"/> in China.</summary>
    public static DateTimeOffset EndOfChinaDay(DateOnly day) => new DateTimeOffset(day.AddDays(1).ToDateTime(TimeOnly.MinValue), ChinaOffset).ToUniversalTime();

    /// <summary>The step with the patent office: the licence contract's filing for a licence, the transfer's registration otherwise.</summary>
    public static string PatentOfficeStep(DealKind kind) =>
        kind.IsLicence() ? AgreementSteps.LicenceContractFiling : AgreementSteps.PatentTransferRegistration;

    /// <summary>The steps of an effective agreement of the kind, in the order they are taken.</summary>
    public static IReadOnlyList<string> Steps(DealKind kind) => kind switch
    {
        DealKind.EquityContribution => [AgreementSteps.ShareholderResolution, AgreementSteps.PatentTransferRegistration, AgreementSteps.BusinessRegistrationChange],
        _ => [PatentOfficeStep(kind)],
    };

    /// <summary>The steps that must come first: the investee's shareholders resolve before either registration.</summary>
    public static IReadOnlyList<string> Before(DealKind kind, string step) =>
        kind == DealKind.EquityContribution && step != AgreementSteps.ShareholderResolution ? [AgreementSteps.ShareholderResolution] : [];

    /// <summary>The step's name as the text, the documents and the pages call it.</summary>
    public static string StepName(string step) => step switch
    {
        AgreementSteps.PatentTransferRegistration => "专利权转移登记",
        AgreementSteps.LicenceContractFiling => "专利实施许可合同备案",
        AgreementSteps.ShareholderResolution => "被投资方股东会决议",
        AgreementSteps.BusinessRegistrationChange => "工商变更登记",
        _ => step,
    };

    /// <summary>The last day for a step, where the law sets one: the licence contract's filing, three months after the licence took effect.</summary>
    public static DateOnly? DueOn(Agreement agreement, string step) =>
        step == AgreementSteps.LicenceContractFiling && agreement.Licence is { } licence ? licence.StartsOn.AddMonths(FilingMonths) : null;

    /// <summary>
    /// The days a licence is in force when it takes effect on <paramref name="startsOn"/>: its term in
    /// months, but never past the last day any of its patents is in force.
    /// </summary>
    public static LicencePeriod LicencePeriod(DateOnly startsOn, LicenceTerms terms, IReadOnlyList<AgreementPatent> patents)
    {
        var end = startsOn.AddMonths(terms.TermMonths).AddDays(-1);
        if (patents.Count > 0)
        {
            var lastInForce = patents.Min(p => p.ExpiresOn).AddDays(-1);
            end = lastInForce < end ? lastInForce : end;
        }

        return new LicencePeriod(startsOn, end < startsOn ? startsOn : end);
    }

    /// <summary>The licence years: twelve months each from the first day, the last one cut at the end of the term.</summary>
    public static IReadOnlyList<RoyaltyPeriod> RoyaltyPeriods(LicencePeriod licence)
    {
        var periods = new List<RoyaltyPeriod>();
        for (var n = 1; ; n++)
        {
            var start = licence.StartsOn.AddMonths(12 * (n - 1));
            if (start > licence.EndsOn)
            {
                return periods;
            }

            var fullEnd = licence.StartsOn.AddMonths(12 * n).AddDays(-1);
            var end = fullEnd < licence.EndsOn ? fullEnd : licence.EndsOn;
            periods.Add(new RoyaltyPeriod(n, start, end, end.AddDays(RoyaltyDueDays)));
        }
    }

    /// <summary>The minimum royalty of a period: the annual minimum, prorated by days for a period shorter than a licence year.</summary>
    public static decimal Minimum(RoyaltyPeriod period, decimal? annualMinimum)
    {
        if (annualMinimum is not { } annual || annual <= 0)
        {
            return 0;
        }

        var yearDays = period.Start.AddMonths(12).DayNumber - period.Start.DayNumber;
        return period.Days >= yearDays ? annual : Fen(annual * period.Days / yearDays);
    }

    /// <summary>提成费: the rate of the net sales, to the fen (half a fen and more rounds up, 四舍五入), but not below the minimum.</summary>
    public static decimal Royalty(decimal sales, decimal? rate, decimal minimum)
    {
        var running = rate is { } r ? Fen(sales * r) : 0;
        return running > minimum ? running : minimum;
    }

    public static decimal Fen(decimal amount) => decimal.Round(amount, 2, MidpointRounding.AwayFromZero);
}
