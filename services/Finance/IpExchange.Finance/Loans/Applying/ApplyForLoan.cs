using System.ComponentModel.DataAnnotations;
using System.Globalization;
using IpExchange.Contracts;
using IpExchange.Contracts.Members;
using IpExchange.EventStore;
using IpExchange.Finance.Patents;
using IpExchange.Members;
using Microsoft.Extensions.Options;

namespace IpExchange.Finance.Loans.Applying;

public sealed record ValuationInput([Required] string? Reference, [Required] decimal? Value);

public sealed record AppraisalInput([Required] string? Appraiser, [Required] string? ReportNumber, [Required] decimal? Value, [Required] DateOnly? Date);

public sealed record LoanApplication(
    [Required] string? BankOrganisationId,
    [Required] string? GuarantorOrganisationId,
    [Required] decimal? Amount,
    [Required] int? TermMonths,
    [Required] string? Purpose,
    [Required] IReadOnlyList<string>? PatentIds,
    [Required] ValuationInput? Valuation,
    [Required] AppraisalInput? Appraisal);

/// <summary>What the application is decided against: the patents and members this service knows, the borrower's open loans, today.</summary>
public sealed record ApplicationFacts(
    IReadOnlyDictionary<string, KnownPatent> Patents,
    IReadOnlyDictionary<string, MemberRecord> Members,
    IReadOnlyList<LoanSummary> OpenLoans,
    DateOnly Today);

/// <summary>
/// 申请质押融资: an enterprise applies for a loan against patents it owns (registered by it, or
/// received through a completed deal: the Listing service's <c>PatentChanged</c> says who owns
/// them now), naming its bank and guarantor, with the valuation from comparable deals and an
/// appraisal report. A patent already pledged, or pledged in another open application, is refused.
/// </summary>
public static class ApplyForLoan
{
    public const int MaxPatents = 20;

    public static LoanApplicationSubmitted Decide(string loanId, LoanApplication request, Caller caller, ApplicationFacts facts, FinanceOptions options, DateTimeOffset now)
    {
        if (!caller.IsEnterprise)
        {
            throw new ForbiddenException("Only enterprises apply for pledge loans.");
        }

        var errors = new FieldErrors();
        var bankId = errors.Text("bankOrganisationId", request.BankOrganisationId, 100, multiLine: false);
        var guarantorId = errors.Text("guarantorOrganisationId", request.GuarantorOrganisationId, 100, multiLine: false);
        CheckKind(errors, "bankOrganisationId", bankId, OrganisationKind.Bank, facts.Members, "a bank (银行)");
        CheckKind(errors, "guarantorOrganisationId", guarantorId, OrganisationKind.GuaranteeInstitution, facts.Members, "a guarantee institution (担保机构)");
        var amount = Money.Check(errors, "amount", request.Amount);
        if (amount > options.MaxLoanAmount)
        {
            errors.Add("amount", "loan.amount-over-cap",
                string.Create(CultureInfo.InvariantCulture, $"A pledge loan is at most {options.MaxLoanAmount:0.00} yuan."), ("max", options.MaxLoanAmount));
        }

        errors.Range("termMonths", request.TermMonths, 1, options.MaxTermMonths);
        var purpose = errors.Text("purpose", request.Purpose, 500);
        var patentIds = request.PatentIds ?? [];
        errors.Check(patentIds.Count > 0, "patentIds", FieldCodes.TooFew, "Pledge at least one patent.", ("min", 1));
        errors.Check(patentIds.Count <= MaxPatents, "patentIds", FieldCodes.TooMany, $"At most {MaxPatents} patents in one pledge.", ("max", MaxPatents));
        var patents = new List<KnownPatent>();
        for (var k = 0; k < Math.Min(patentIds.Count, MaxPatents); k++)
        {
            var id = errors.Text($"patentIds[{k}]", patentIds[k], 40, multiLine: false);
            if (id is null)
            {
                continue;
            }

            // Someone else's patent and an unknown one get the same answer: whose patents exist is not told.
            if (!facts.Patents.TryGetValue(id, out var patent) || patent.OwnerOrganisationId != caller.OrganisationId)
            {
                errors.Add($"patentIds[{k}]", "loan.patent-not-owned", $"Patent {id} is not among your patents on the exchange.", ("patent", id));
            }
            else if (patents.Any(p => p.Id == id))
            {
                errors.Add($"patentIds[{k}]", "loan.patent-repeated", $"Patent {id} is named twice.", ("patent", id));
            }
            else
            {
                patents.Add(patent);
            }
        }

        var valuationReference = errors.Text("valuation.reference", request.Valuation?.Reference, 100, multiLine: false);
        var valuation = Money.Check(errors, "valuation.value", request.Valuation?.Value);
        var appraiser = errors.Text("appraisal.appraiser", request.Appraisal?.Appraiser, 200, multiLine: false);
        var reportNumber = errors.Text("appraisal.reportNumber", request.Appraisal?.ReportNumber, 100, multiLine: false);
        var appraised = Money.Check(errors, "appraisal.value", request.Appraisal?.Value);
        errors.Check(request.Appraisal?.Date is not null, "appraisal.date", FieldCodes.Required, "The appraisal report's date is required.");
        errors.Check(request.Appraisal?.Date is not { } d || d <= facts.Today, "appraisal.date", FieldCodes.DateInFuture,
            "The appraisal report's date cannot be in the future.", ("max", facts.Today));
        // An asset appraisal report is valid for one year from its date (资产评估报告有效期一年): an older one values nothing today.
        errors.Check(request.Appraisal?.Date is not { } date || date > facts.Today || date >= facts.Today.AddYears(-1), "appraisal.date", "loan.appraisal-outdated",
            "The appraisal report is valid for one year from its date: this one is older.", ("min", facts.Today.AddYears(-1)));
        errors.ThrowIfAny();

        foreach (var patent in patents)
        {
            var field = $"patentIds[{patentIds.ToList().IndexOf(patent.Id)}]";
            if (patent.Pledged)
            {
                throw Rule.Broken("loan.patent-already-pledged", field, $"Patent {patent.Id} is already pledged to {patent.Pledgee}.", ("patent", patent.Id));
            }

            if (facts.OpenLoans.FirstOrDefault(l => l.PatentIds.Contains(patent.Id)) is { } other)
            {
                throw Rule.Broken("loan.patent-already-pledged", field, $"Patent {patent.Id} is pledged in another open loan application.", ("patent", patent.Id), ("loan", other.Id));
            }

            if (!patent.InForce || patent.ExpiresOn <= facts.Today)
            {
                throw Rule.Broken("loan.patent-not-in-force", field, $"Patent {patent.Id} is not in force: only granted, valid patents are pledged.", ("patent", patent.Id));
            }
        }

        if (amount > decimal.Round(appraised * options.MaxLoanToValue, 2, MidpointRounding.ToZero))
        {
            var max = decimal.Round(appraised * options.MaxLoanToValue, 2, MidpointRounding.ToZero);
            throw Rule.Broken("loan.over-pledge-rate", "amount",
                string.Create(CultureInfo.InvariantCulture, $"The loan is at most {options.MaxLoanToValue:P0} of the appraised value: {max:0.00} yuan."), ("max", max));
        }

        var borrower = new LoanParty(caller.OrganisationId, caller.OrganisationName);
        return new LoanApplicationSubmitted(
            loanId, borrower, caller.Region, Party(bankId!, facts.Members), Party(guarantorId!, facts.Members), amount, request.TermMonths!.Value, purpose!,
            patents.Select(p => new PledgedPatent(p.Id, p.Title, p.Type, p.ExpiresOn, p.IpcCodes)).ToList(),
            new ValuationReference(valuationReference!, valuation),
            new AppraisalReport(appraiser!, reportNumber!, appraised, request.Appraisal!.Date!.Value),
            caller.UserId, now);
    }

    /// <summary>A member this service knows must be of the kind; one not heard of yet is taken at its word (only verified members get tokens).</summary>
    private static void CheckKind(FieldErrors errors, string field, string? id, OrganisationKind kind, IReadOnlyDictionary<string, MemberRecord> members, string what)
    {
        if (id is not null && members.TryGetValue(id, out var member) && member.Kind != kind)
        {
            errors.Add(field, "loan.wrong-member-kind", $"{member.LegalName} is not {what}.", ("kind", kind.ToString()));
        }
    }

    private static LoanParty Party(string id, IReadOnlyDictionary<string, MemberRecord> members) =>
        new(id, members.TryGetValue(id, out var m) ? m.LegalName : id);

    public static void Map(RouteGroupBuilder loans) =>
        loans.MapPost("/", async (LoanApplication request, HttpContext http, EventStore.EventStore store, IOptions<FinanceOptions> options) =>
        {
            var caller = http.Caller();
            var id = $"LN-{Guid.NewGuid():N}"[..15].ToUpperInvariant();
            var after = await store.Execute<Loan>(http, Loan.StreamId(id), async (loan, session) =>
            {
                var ct = http.RequestAborted;
                var facts = new ApplicationFacts(
                    await KnownPatents.Find(session, request.PatentIds?.Where(p => p is not null) ?? [], ct),
                    await MemberDirectory.Find(session.Marten, new[] { request.BankOrganisationId, request.GuarantorOrganisationId }.OfType<string>(), ct),
                    await LoanProcess.OpenLoansOf(session, caller.OrganisationId, ct),
                    ExchangeCalendar.Today(store.Now()));
                IReadOnlyList<object> events = [Decide(id, request, caller, facts, options.Value, store.Now())];
                await LoanProcess.Prepare(session, loan.State, events, ct);
                return events;
            });
            return Results.Created($"/api/loans/{id}", LoanView.From(after.State, after.Version));
        }).Produces<LoanView>(StatusCodes.Status201Created).WithSummary("Apply for a pledge loan (知识产权质押融资) against your patents (enterprise)");
}
