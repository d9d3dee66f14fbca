using IpExchange.Contracts.Finance;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace IpExchange.Monitoring.Financing;

/// <summary>
/// A pledge loan as the cockpit knows it (质押融资): a Marten document folded from its stream of
/// facts (<c>loan-{LoanId}</c>) in any order. Each fact sets what it knows; counts and sums add, and
/// a message is kept once (the inbox), so the order never changes the result.
/// </summary>
public sealed record LoanView
{
    /// <summary>The stream's key, <c>loan-{LoanId}</c>.</summary>
    public string Id { get; init; } = "";

    public string LoanId { get; init; } = "";

    public string? BorrowerOrganisationId { get; init; }

    public string? BankOrganisationId { get; init; }

    public string? Region { get; init; }

    public decimal? AmountApplied { get; init; }

    public DateTimeOffset? AppliedAt { get; init; }

    public string? RefusedBy { get; init; }

    public decimal? AmountGranted { get; init; }

    public DateTimeOffset? GrantedAt { get; init; }

    public bool? RiskSharingEligible { get; init; }

    public DateTimeOffset? PledgeRegisteredAt { get; init; }

    public decimal Repaid { get; init; }

    public int InstalmentsOverdue { get; init; }

    public decimal SubsidyPaid { get; init; }

    public DateTimeOffset? ReleasedAt { get; init; }

    public DateTimeOffset? DefaultedAt { get; init; }

    public decimal? Loss { get; init; }

    public IReadOnlyList<CompensationShare> Compensation { get; init; } = [];

    public string? DisposalMethod { get; init; }

    public decimal? DisposalProceeds { get; init; }

    /// <summary>The pledged patents with their IPC codes (from <c>LoanGranted</c> or <c>PledgeRegistered</c>; empty in facts from before they were carried).</summary>
    public IReadOnlyList<PledgeCollateral> Collateral { get; init; } = [];

    /// <summary>
    /// The loan's industry: the IPC code of its first pledged patent's main classification (the
    /// first code), as the articles' figures count a loan once; null when no code is known.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public Pipeline.IpcCode? Industry => Collateral.SelectMany(p => p.IpcCodes.Take(1)).Select(Pipeline.IpcCode.Parse).FirstOrDefault(c => c is not null);

    public static readonly IReadOnlyList<Type> Facts =
    [
        typeof(LoanApplied), typeof(LoanRefused), typeof(LoanGranted), typeof(PledgeRegistered), typeof(LoanRepaymentReceived), typeof(LoanInstalmentOverdue),
        typeof(InterestSubsidyGranted), typeof(PledgeReleased), typeof(LoanDefaulted), typeof(RiskCompensationSettled), typeof(PledgeDisposed),
    ];

    public static string StreamOf(string loanId) => $"loan-{loanId}";

    public static LoanView Start(string streamId) => new() { Id = streamId, LoanId = streamId.StartsWith("loan-", StringComparison.Ordinal) ? streamId[5..] : streamId };

    public static LoanView Evolve(LoanView view, object fact) => fact switch
    {
        LoanApplied e => view with { BorrowerOrganisationId = e.BorrowerOrganisationId, BankOrganisationId = e.BankOrganisationId, AmountApplied = e.Amount, AppliedAt = e.AppliedAt },
        LoanRefused e => view with { BorrowerOrganisationId = e.BorrowerOrganisationId, RefusedBy = e.RefusedBy },
        LoanGranted e => view with
        {
            BorrowerOrganisationId = e.BorrowerOrganisationId, BankOrganisationId = e.BankOrganisationId, Region = e.Region,
            AmountGranted = e.Amount, GrantedAt = e.GrantedAt, RiskSharingEligible = e.RiskSharingEligible,
            Collateral = e.Collateral ?? view.Collateral,
        },
        PledgeRegistered e => view with { PledgeRegisteredAt = e.RegisteredAt, Collateral = e.Collateral ?? view.Collateral },
        LoanRepaymentReceived e => view with { Repaid = view.Repaid + e.Amount },
        LoanInstalmentOverdue => view with { InstalmentsOverdue = view.InstalmentsOverdue + 1 },
        InterestSubsidyGranted e => view with { SubsidyPaid = view.SubsidyPaid + e.Amount },
        PledgeReleased e => view with { ReleasedAt = e.ReleasedAt },
        LoanDefaulted e => view with { DefaultedAt = e.DefaultedAt, Loss = e.Loss },
        RiskCompensationSettled e => view with { Compensation = e.Shares, Loss = e.Loss },
        PledgeDisposed e => view with { DisposalMethod = e.Method, DisposalProceeds = e.Proceeds },
        _ => view,
    };
}

/// <summary>Keeps <see cref="LoanView"/> documents in Marten's async daemon.</summary>
public sealed class LoanViewProjection : SingleStreamProjection<LoanView, string>
{
    public LoanViewProjection()
    {
        foreach (var type in LoanView.Facts)
        {
            IncludeType(type);
        }
    }

    public override LoanView? Evolve(LoanView? snapshot, string id, IEvent e) => LoanView.Evolve(snapshot ?? LoanView.Start(id), e.Data);
}
