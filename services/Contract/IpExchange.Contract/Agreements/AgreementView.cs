using IpExchange.Contracts;

namespace IpExchange.Contract.Agreements;

public sealed record MilestoneView(string Id, string Name, decimal Amount, DateOnly? DueOn, decimal Paid, decimal Outstanding, bool Overdue);

public sealed record SignatureView(string OrganisationId, string OrganisationName, string UserId, string UserName, string ContentHash, DateTimeOffset SignedAt);

public sealed record AmendmentView(int Number, string ProposedBy, string Reason, decimal Price, IReadOnlyList<MilestoneView> Milestones,
    decimal? RoyaltyRate, IReadOnlyList<string> Clauses, DateTimeOffset ProposedAt, string? AcceptedBy);

/// <summary>An agreement as its parties and the exchange see it.</summary>
public sealed record AgreementView(
    string Id, string DealId, string ListingId, string ListingTitle, AgreementStatus Status, DealKind DealKind, TradingMode TradingMode,
    PricingMethod PricingMethod, Party Seller, Party Buyer, decimal Price, decimal? RoyaltyRate, IReadOnlyList<MilestoneView> Milestones,
    decimal Outstanding, IReadOnlyList<string> Clauses, int Revision, string ContentHash, DateTimeOffset SigningDeadline,
    IReadOnlyList<SignatureView> Signatures, IReadOnlyList<AmendmentView> Amendments, int? PendingAmendment, string? RecordNumber,
    DateTimeOffset? RecordedAt, Registration? Registration, IReadOnlyList<string> CancellationRequestedBy, string? CancellationReason,
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
                m.Terms.Clauses, m.ProposedAt, m.AcceptedBy)).ToList(),
            a.PendingAmendment?.Number, a.RecordNumber, a.RecordedAt, a.Registration, [.. a.CancellationRequestedBy.Order(StringComparer.Ordinal)],
            a.CancellationReason, d.DraftedAt, a.EndedAt, version);
    }

    private static List<MilestoneView> MilestoneViews(IEnumerable<Milestone> milestones) =>
        milestones.Select(m => new MilestoneView(m.Id, m.Name, m.Amount, m.DueOn, m.Paid, m.Outstanding, m.Overdue)).ToList();
}
