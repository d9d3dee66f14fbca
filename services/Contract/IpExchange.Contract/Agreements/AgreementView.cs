using IpExchange.Contracts;

namespace IpExchange.Contract.Agreements;

public sealed record MilestoneView(string Id, string Name, decimal Amount, DateOnly? DueOn, decimal Paid, decimal Outstanding, bool Overdue);

public sealed record SignatureView(string OrganisationId, string OrganisationName, string UserId, string UserName, string ContentHash, DateTimeOffset SignedAt);

/// <summary>A contribution's equity with what follows from it: the subscribed capital, the share, the capital reserve.</summary>
public sealed record EquityView(string InvesteeName, decimal RegisteredCapitalBefore, decimal RegisteredCapitalAfter, decimal SubscribedCapital, decimal Percentage,
    decimal CapitalReserve)
{
    public static EquityView? From(AgreementTerms terms) => terms.Equity is { } e
        ? new EquityView(e.InvesteeName, e.RegisteredCapitalBefore, e.RegisteredCapitalAfter, e.SubscribedCapital, e.Percentage, terms.Price - e.SubscribedCapital)
        : null;
}

/// <summary>A licence's terms and, once its agreement took effect, its days and whether it is in force.</summary>
public sealed record LicenceView(int TermMonths, string Territory, string FieldOfUse, bool SublicensingAllowed, decimal? RoyaltyRate, decimal? MinimumAnnualRoyalty,
    DateOnly? StartsOn, DateOnly? EndsOn, bool InForce, DateTimeOffset? EndedAt);

/// <summary>A step of the deal kind: its name, its last day where one is set, and its document once recorded.</summary>
public sealed record StepView(string Step, string Name, DateOnly? DueOn, bool Overdue, string? DocumentNumber, DateOnly? DocumentDate, string? RecordedBy,
    DateTimeOffset? RecordedAt);

public sealed record AmendmentView(int Number, string ProposedBy, string Reason, decimal Price, IReadOnlyList<MilestoneView> Milestones,
    decimal? RoyaltyRate, IReadOnlyList<string> Clauses, DateTimeOffset ProposedAt, string? AcceptedBy, LicenceTerms? Licence, EquityView? Equity,
    AppraisalReport? Appraisal);

/// <summary>An agreement as its parties and the exchange see it.</summary>
public sealed record AgreementView(
    string Id, string DealId, string ListingId, string ListingTitle, AgreementStatus Status, DealKind DealKind, TradingMode TradingMode,
    PricingMethod PricingMethod, Party Seller, Party Buyer, decimal Price, decimal? RoyaltyRate, IReadOnlyList<MilestoneView> Milestones,
    decimal Outstanding, IReadOnlyList<string> Clauses, int Revision, string ContentHash, DateTimeOffset SigningDeadline,
    IReadOnlyList<SignatureView> Signatures, IReadOnlyList<AmendmentView> Amendments, int? PendingAmendment, string? RecordNumber,
    DateTimeOffset? RecordedAt, Registration? Registration, IReadOnlyList<StepView> Steps, LicenceView? Licence, EquityView? Equity,
    AppraisalReport? Appraisal, IReadOnlyList<string> CancellationRequestedBy, string? CancellationReason,
    DateTimeOffset DraftedAt, DateTimeOffset? EndedAt, long Version)
{
    public static AgreementView From(Agreement a, long version)
    {
        var d = a.Draft!;
        var t = a.Terms!;
        return new AgreementView(d.AgreementId, d.DealId, d.ListingId, d.ListingTitle, a.Status, d.DealKind, d.TradingMode, d.PricingMethod,
            d.Seller, d.Buyer, t.Price, t.RoyaltyRate, MilestoneViews(t.Milestones), a.Outstanding, t.Clauses, a.Revision, a.ContentHash!,
            a.SigningDeadline!.Value,
            a.Signatures.Values.OrderBy(s => s.SignedAt).Select(s => new SignatureView(s.OrganisationId, s.OrganisationName, s.UserId, s.UserName, s.ContentHash, s.SignedAt)).ToList(),
            a.Amendments.Select(m => new AmendmentView(m.Number, m.ProposedBy, m.Reason, m.Terms.Price, MilestoneViews(m.Terms.Milestones), m.Terms.RoyaltyRate,
                m.Terms.Clauses, m.ProposedAt, m.AcceptedBy, m.Terms.Licence, EquityView.From(m.Terms), m.Terms.Appraisal)).ToList(),
            a.PendingAmendment?.Number, a.RecordNumber, a.RecordedAt, a.Registration,
            AgreementPlan.Steps(d.DealKind).Select(s => Step(a, s)).ToList(),
            t.Licence is { } l
                ? new LicenceView(l.TermMonths, l.Territory, l.FieldOfUse, l.SublicensingAllowed, t.RoyaltyRate, l.MinimumAnnualRoyalty, a.Licence?.StartsOn,
                    a.Licence?.EndsOn, a.LicenceInForce, a.LicenceEndedAt)
                : null,
            EquityView.From(t), t.Appraisal,
            [.. a.CancellationRequestedBy.Order(StringComparer.Ordinal)], a.CancellationReason, d.DraftedAt, a.EndedAt, version);
    }

    private static StepView Step(Agreement a, string step)
    {
        var done = a.Steps.GetValueOrDefault(step);
        return new StepView(step, AgreementPlan.StepName(step), AgreementPlan.DueOn(a, step), a.OverdueSteps.Contains(step), done?.DocumentNumber,
            done?.DocumentDate, done?.RecordedBy, done?.RecordedAt);
    }

    private static List<MilestoneView> MilestoneViews(IEnumerable<Milestone> milestones) =>
        milestones.Select(m => new MilestoneView(m.Id, m.Name, m.Amount, m.DueOn, m.Paid, m.Outstanding, m.Overdue)).ToList();
}
