using System.ComponentModel.DataAnnotations;
using System.Globalization;
using IpExchange.Contract.Agreements.Drafting;
using IpExchange.Contracts;
using Microsoft.Extensions.Options;

namespace IpExchange.Contract.Agreements.Amending;

public sealed record MilestoneRequest([Required] string? Name, [Required] decimal? Amount, DateOnly? DueOn);

/// <summary>A licence's terms as an amendment changes them; what is left out stays as it is.</summary>
public sealed record LicenceChangeRequest(int? TermMonths, string? Territory, string? FieldOfUse, bool? SublicensingAllowed, decimal? MinimumAnnualRoyalty);

/// <summary>作价入股: the investee's legal name and its registered capital before and after the contribution.</summary>
public sealed record EquityRequest(string? InvesteeName, decimal? RegisteredCapitalBefore, decimal? RegisteredCapitalAfter);

public sealed record AppraisalRequest(string? Appraiser, string? ReportNumber, decimal? Value, DateOnly? Date);

/// <summary>A proposed change; what is left out stays as it is.</summary>
public sealed record AmendmentRequest(
    decimal? Price, IReadOnlyList<MilestoneRequest>? PaymentSchedule, decimal? RoyaltyRate, IReadOnlyList<string>? Clauses, [Required] string? Reason,
    LicenceChangeRequest? Licence = null, EquityRequest? Equity = null, AppraisalRequest? Appraisal = null);

/// <summary>
/// 合同变更: one party proposes new terms (price, schedule, royalty, clauses; a licence's term,
/// territory, field, sublicensing and minimum royalty; a contribution's equity and appraisal: the
/// investee states its registered capital this way before the agreement is signed); when the other accepts,
/// the text is rendered again, its hash changes, every signature is void and the signing deadline
/// starts again. Only before the exchange records the agreement: a recorded agreement is changed by
/// cancelling it.
/// </summary>
public static class AmendAgreement
{
    public static AmendmentProposed Propose(Agreement agreement, AmendmentRequest request, Caller caller, DateOnly today, DateTimeOffset now)
    {
        AgreementAccess.RequireParty(agreement, caller, agreement.Id ?? "", "propose amendments");
        var current = agreement.Terms!;
        var errors = new FieldErrors();
        var reason = errors.Text("reason", request.Reason, 1000);
        var price = request.Price ?? current.Price;
        Money.Check(errors, "price", price);

        var kind = agreement.Draft!.DealKind;
        var milestones = current.Milestones;
        errors.Check(request.PaymentSchedule is null || kind != DealKind.EquityContribution, "paymentSchedule",
            "A contribution in kind (作价入股) is paid in equity: it has no cash milestones.");
        if (request.PaymentSchedule is { } schedule && kind != DealKind.EquityContribution)
        {
            errors.Check(schedule.Count >= 1, "paymentSchedule", FieldCodes.TooFew, "A schedule has at least one milestone.", ("min", 1));
            errors.Check(schedule.Count <= 24, "paymentSchedule", FieldCodes.TooMany, "A schedule has at most 24 milestones.", ("max", 24));
            milestones = schedule.Take(24).Select((m, i) =>
            {
                var field = string.Create(CultureInfo.InvariantCulture, $"paymentSchedule[{i}]");
                if (m is null)
                {
                    errors.Add(field, FieldCodes.Required, "A milestone has a name, an amount and a due date.");
                    return new Milestone(string.Create(CultureInfo.InvariantCulture, $"M{i + 1}"), "", 0, null);
                }

                var name = errors.Text($"{field}.name", m.Name, 100, multiLine: false) ?? "";
                Money.Check(errors, $"{field}.amount", m.Amount);
                errors.Check(m.DueOn is null || m.DueOn >= today, $"{field}.dueOn", FieldCodes.DateInPast, "A due date cannot be in the past.", ("min", today));
                errors.Check(m.DueOn is null || m.DueOn <= today.AddYears(10), $"{field}.dueOn", FieldCodes.DateOutOfRange, "A due date is within ten years.",
                    ("min", today), ("max", today.AddYears(10)));
                return new Milestone(string.Create(CultureInfo.InvariantCulture, $"M{i + 1}"), name, m.Amount ?? 0, m.DueOn);
            }).ToList();
        }

        errors.Check(milestones.Sum(m => m.Amount) <= price, "paymentSchedule", "amendment.schedule-above-price",
            $"The milestones add up to {AgreementText.Yuan(milestones.Sum(m => m.Amount))} yuan, more than the price of {AgreementText.Yuan(price)} yuan.");
        var royalty = request.RoyaltyRate ?? current.RoyaltyRate;
        if (request.RoyaltyRate is not null)
        {
            errors.Check(kind.IsLicence(), "royaltyRate", "amendment.royalty-not-licence", "Only licences carry a royalty.");
            errors.Check(request.RoyaltyRate is > 0 and <= 0.5m && decimal.Round(request.RoyaltyRate.Value, 4) == request.RoyaltyRate, "royaltyRate", FieldCodes.OutOfRange,
                "A royalty rate is a fraction of net sales above 0 and at most 0.5 (50%), with at most four decimals.", ("min", 0.0001m), ("max", 0.5m), ("decimals", 4));
        }

        var licence = current.Licence;
        if (request.Licence is { } change)
        {
            errors.Check(kind.IsLicence() && licence is not null, "licence", "Only a licence has licence terms.");
            licence ??= LicenceTerms.Default;
            errors.Check(change.TermMonths is null or (>= 1 and <= 240), "licence.termMonths", FieldCodes.OutOfRange,
                "A licence runs 1 to 240 months (never past the patents' term).", ("min", 1), ("max", 240));
            var territory = errors.Text("licence.territory", change.Territory, 200, required: false, multiLine: false);
            var field = errors.Text("licence.fieldOfUse", change.FieldOfUse, 500, required: false);
            if (change.MinimumAnnualRoyalty is { } minimum && Money.Problem(minimum) is { } minimumProblem)
            {
                errors.Add("licence.minimumAnnualRoyalty", minimumProblem);
            }

            licence = licence with
            {
                TermMonths = change.TermMonths ?? licence.TermMonths,
                Territory = territory ?? licence.Territory,
                FieldOfUse = field ?? licence.FieldOfUse,
                SublicensingAllowed = change.SublicensingAllowed ?? licence.SublicensingAllowed,
                MinimumAnnualRoyalty = change.MinimumAnnualRoyalty ?? licence.MinimumAnnualRoyalty,
            };
        }

        licence = licence is null ? null : licence with { RoyaltyRate = royalty };
        var equity = current.Equity;
        if (request.Equity is { } e)
        {
            errors.Check(kind == DealKind.EquityContribution, "equity", "Only a contribution in kind (作价入股) is paid in equity.");
            var investee = errors.Text("equity.investeeName", e.InvesteeName, 200, required: false, multiLine: false) ?? equity?.InvesteeName ?? agreement.Buyer.Name;
            var before = e.RegisteredCapitalBefore ?? equity?.RegisteredCapitalBefore;
            var after = e.RegisteredCapitalAfter ?? equity?.RegisteredCapitalAfter;
            Money.Check(errors, "equity.registeredCapitalBefore", before, allowZero: true);
            Money.Check(errors, "equity.registeredCapitalAfter", after);
            if (before is { } b && after is { } a && !errors.Has("equity.registeredCapitalBefore") && !errors.Has("equity.registeredCapitalAfter"))
            {
                errors.Check(a > b, "equity.registeredCapitalAfter", "equity.capital-not-increased",
                    "The registered capital after the contribution is above the capital before it.", ("min", b));
                errors.Check(a - b <= price, "equity.registeredCapitalAfter", "equity.capital-above-valuation",
                    $"The contributor subscribes {AgreementText.Yuan(a - b)} yuan of capital, more than the valuation of {AgreementText.Yuan(price)} yuan.", ("max", b + price));
            }

            equity = new EquityTerms(investee, before ?? 0, after ?? 0);
        }

        var appraisal = current.Appraisal;
        if (request.Appraisal is { } r)
        {
            var appraiser = errors.Text("appraisal.appraiser", r.Appraiser, 200, multiLine: false);
            var report = errors.Text("appraisal.reportNumber", r.ReportNumber, 100, multiLine: false);
            Money.Check(errors, "appraisal.value", r.Value);
            errors.Check(r.Date is { } d && d <= today && d >= today.AddYears(-2), "appraisal.date", FieldCodes.DateOutOfRange,
                "The appraisal date is required, not in the future and not older than two years.", ("min", today.AddYears(-2)), ("max", today));
            appraisal = new AppraisalReport(appraiser ?? "", report ?? "", r.Value ?? 0, r.Date ?? today);
        }

        var clauses = current.Clauses;
        if (request.Clauses is { } asked)
        {
            errors.Check(asked.Count <= 20, "clauses", FieldCodes.TooMany, "At most 20 clauses.", ("max", 20));
            clauses = asked.Take(20).Select((c, i) => errors.Text(string.Create(CultureInfo.InvariantCulture, $"clauses[{i}]"), c, 2000) ?? "").ToList();
        }

        errors.ThrowIfAny();
        AgreementAccess.RequireNotEnded(agreement);
        RequireNotRecorded(agreement);
        var terms = new AgreementTerms(price, milestones, royalty, clauses, licence, equity, appraisal);
        if (AgreementText.Chinese(agreement.Draft!, terms, agreement.Revision) == agreement.Text)
        {
            throw Rule.Broken("amendment.no-change", "price", "The proposal changes nothing in the agreement's text.");
        }

        return new AmendmentProposed(agreement.Amendments.Count + 1, caller.OrganisationId, caller.UserId, terms, reason!, now);
    }

    public static AmendmentAccepted Accept(Agreement agreement, int number, Caller caller, DateTimeOffset now, TimeSpan signingWindow)
    {
        AgreementAccess.RequireParty(agreement, caller, agreement.Id ?? "", "accept amendments");
        AgreementAccess.RequireNotEnded(agreement);
        RequireNotRecorded(agreement);
        if (agreement.PendingAmendment is not { } pending || pending.Number != number)
        {
            throw Rule.Broken("amendment.not-pending", "number",
                agreement.PendingAmendment is { } other
                    ? string.Create(CultureInfo.InvariantCulture, $"Amendment {number} is not the open proposal; amendment {other.Number} is.")
                    : string.Create(CultureInfo.InvariantCulture, $"Amendment {number} is not open: there is no proposal to accept."));
        }

        if (pending.ProposedBy == caller.OrganisationId)
        {
            throw Rule.Broken("amendment.own-proposal", "number", "The other party accepts a proposal, not the party that made it.");
        }

        var revision = agreement.Revision + 1;
        var text = AgreementText.Chinese(agreement.Draft!, pending.Terms, revision);
        return new AmendmentAccepted(number, caller.OrganisationId, caller.UserId, pending.Terms.Price, revision, text, AgreementText.Hash(text), now + signingWindow, now);
    }

    private static void RequireNotRecorded(Agreement agreement)
    {
        if (agreement.Status == AgreementStatus.Effective)
        {
            throw Rule.Broken("agreement.recorded", "status", "The agreement is recorded and in effect; it can no longer be amended, only cancelled.");
        }
    }

    public static void Map(RouteGroupBuilder agreements)
    {
        agreements.MapPost("/{id}/amendments", (string id, AmendmentRequest? request, HttpContext http, EventStore.EventStore store) =>
        {
            var caller = http.Caller();
            var now = store.Now();
            return store.Command(http, id, agreement =>
                [Propose(agreement, request ?? new AmendmentRequest(null, null, null, null, null), caller, DateOnly.FromDateTime(now.UtcDateTime), now)]);
        }).Produces<AgreementView>().WithSummary("Propose an amendment (price, paymentSchedule, royaltyRate, clauses, licence, equity, appraisal, reason); the other party accepts it");

        agreements.MapPost("/{id}/amendments/{number:int}/accept", (string id, int number, HttpContext http, EventStore.EventStore store, IOptions<ContractOptions> options) =>
        {
            var caller = http.Caller();
            return store.Command(http, id, agreement => [Accept(agreement, number, caller, store.Now(), options.Value.SigningDeadline)]);
        }).Produces<AgreementView>().WithSummary("Accept the other party's open amendment: new text and hash, signatures reset, signing deadline restarts");
    }
}
