using IpExchange.Contracts.Deals;
using IpExchange.ServiceDefaults;

namespace IpExchange.Matching.Offers;

public sealed record MilestoneRequest(string? Name, decimal? Amount, DateOnly? DueOn);

/// <summary>The money part of an offer: the price and, optionally, a payment schedule of milestones that adds up to it.</summary>
public static class OfferTerms
{
    public const int MaxMilestones = 12;

    public static decimal Price(FieldErrors errors, decimal? price, string field = "price")
    {
        if (price is not { } p)
        {
            errors.Add(field, "The price is required (yuan, two decimal places).");
            return 0;
        }

        if (Money.Problem(p) is { } problem)
        {
            errors.Add(field, problem);
        }

        return p;
    }

    /// <summary>The proposed milestones, checked: each named, positive, due today or later, together equal to the price. None given: an empty list.</summary>
    public static IReadOnlyList<PaymentTerm> Schedule(FieldErrors errors, IReadOnlyList<MilestoneRequest>? schedule, decimal price, DateOnly today)
    {
        if (schedule is null || schedule.Count == 0)
        {
            return [];
        }

        if (schedule.Count > MaxMilestones)
        {
            errors.Add("schedule", $"At most {MaxMilestones} milestones.");
            return [];
        }

        var terms = new List<PaymentTerm>();
        for (var i = 0; i < schedule.Count; i++)
        {
            var m = schedule[i];
            var name = errors.Text($"schedule[{i}].name", m.Name, 60);
            if (m.Amount is not { } amount || Money.Problem(amount) is not null)
            {
                errors.Add($"schedule[{i}].amount", m.Amount is { } a ? Money.Problem(a)! : "The milestone's amount is required.");
            }

            if (m.DueOn is not { } due || due < today)
            {
                errors.Add($"schedule[{i}].dueOn", "The due date is required and cannot be in the past.");
            }

            terms.Add(new PaymentTerm(name ?? "", m.Amount ?? 0, m.DueOn ?? today));
        }

        var sum = terms.Sum(t => t.Amount);
        errors.Check(sum == price, "schedule", $"The milestones add up to {sum:0.00} yuan, not the price {price:0.00}.");
        return terms;
    }

    /// <summary>The schedule of the deal: the agreed milestones, or the whole price 30 days after the deal.</summary>
    public static IReadOnlyList<PaymentTerm> OrLumpSum(IReadOnlyList<PaymentTerm> schedule, decimal price, DateTimeOffset struckAt) =>
        schedule.Count > 0 ? schedule : [new PaymentTerm("合同价款", price, DateOnly.FromDateTime(struckAt.UtcDateTime).AddDays(30))];
}
