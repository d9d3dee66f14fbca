using System.ComponentModel.DataAnnotations;
using IpExchange.Contracts.Deals;
using IpExchange.ServiceDefaults;

namespace IpExchange.Matching.Offers;

public sealed record MilestoneRequest([Required] string? Name, [Required] decimal? Amount, [Required] DateOnly? DueOn);

/// <summary>The money part of an offer: the price and, optionally, a payment schedule of milestones that adds up to it.</summary>
public static class OfferTerms
{
    public const int MaxMilestones = 12;
    public const int MaxScheduleYears = 10;

    public static decimal Price(FieldErrors errors, decimal? price, string field = "price") => Money.Check(errors, field, price);

    /// <summary>The proposed milestones, checked: each named, positive, due today or later, together equal to the price. None given: an empty list.</summary>
    public static IReadOnlyList<PaymentTerm> Schedule(FieldErrors errors, IReadOnlyList<MilestoneRequest>? schedule, decimal price, DateOnly today)
    {
        if (schedule is null || schedule.Count == 0)
        {
            return [];
        }

        if (schedule.Count > MaxMilestones)
        {
            errors.Add("schedule", FieldCodes.TooMany, $"At most {MaxMilestones} milestones.", ("max", MaxMilestones));
            return [];
        }

        var terms = new List<PaymentTerm>();
        for (var i = 0; i < schedule.Count; i++)
        {
            var m = schedule[i];
            if (m is null)
            {
                errors.Add($"schedule[{i}]", FieldCodes.Required, "A milestone has a name, an amount and a due date.");
                continue;
            }

            var name = errors.Text($"schedule[{i}].name", m.Name, 60, multiLine: false);
            Money.Check(errors, $"schedule[{i}].amount", m.Amount);
            if (m.DueOn is not { } due)
            {
                errors.Add($"schedule[{i}].dueOn", FieldCodes.Required, "The due date is required.");
            }
            else
            {
                errors.Check(due >= today, $"schedule[{i}].dueOn", FieldCodes.DateInPast, "The due date cannot be in the past.", ("min", today));
                errors.Check(due <= today.AddYears(MaxScheduleYears), $"schedule[{i}].dueOn", FieldCodes.DateOutOfRange,
                    $"The due date is within {MaxScheduleYears} years.", ("min", today), ("max", today.AddYears(MaxScheduleYears)));
            }

            terms.Add(new PaymentTerm(name ?? "", m.Amount ?? 0, m.DueOn ?? today));
        }

        var sum = terms.Sum(t => t.Amount);
        errors.Check(sum == price, "schedule", "offer.schedule-sum", $"The milestones add up to {sum:0.00} yuan, not the price {price:0.00}.", ("sum", sum), ("price", price));
        return terms;
    }

    /// <summary>The schedule of the deal: the agreed milestones, or the whole price 30 days after the deal.</summary>
    public static IReadOnlyList<PaymentTerm> OrLumpSum(IReadOnlyList<PaymentTerm> schedule, decimal price, DateTimeOffset struckAt) =>
        schedule.Count > 0 ? schedule : [new PaymentTerm("合同价款", price, DateOnly.FromDateTime(struckAt.UtcDateTime).AddDays(30))];
}
