namespace IpExchange.Finance.Loans;

/// <summary>
/// 等额本息: equal monthly instalments of principal and interest. Rounding, to the fen:
/// <list type="bullet">
/// <item>the instalment is P·r / (1 − (1 + r)^−n) with r the annual rate / 12, rounded half away from zero;</item>
/// <item>each month's interest is the opening balance · r, rounded half away from zero; its principal is the instalment less the interest;</item>
/// <item>the last instalment takes whatever principal remains, so the principals add up to the loan exactly (it differs from the others by a few fen at most);</item>
/// <item>at a rate of 0 the principal is the loan / n rounded down to the fen, the last instalment taking the remainder.</item>
/// </list>
/// Instalment k falls due k months after the start (the pledge registration's notice date); a day
/// past the end of a shorter month falls on its last day.
/// </summary>
public static class RepaymentSchedule
{
    public static IReadOnlyList<Instalment> EqualInstalments(decimal amount, decimal annualRate, int months, DateOnly start)
    {
        var r = annualRate / 12m;
        decimal payment;
        if (r == 0)
        {
            payment = decimal.Round(amount / months, 2, MidpointRounding.ToZero);
        }
        else
        {
            var growth = 1m;
            for (var k = 0; k < months; k++)
            {
                growth *= 1 + r;
            }

            payment = decimal.Round(amount * r * growth / (growth - 1), 2, MidpointRounding.AwayFromZero);
        }

        var balance = amount;
        var schedule = new List<Instalment>(months);
        for (var k = 1; k <= months; k++)
        {
            var interest = decimal.Round(balance * r, 2, MidpointRounding.AwayFromZero);
            var principal = k == months ? balance : Math.Min(balance, payment - interest);
            schedule.Add(new Instalment(k, start.AddMonths(k), principal, interest));
            balance -= principal;
        }

        return schedule;
    }

    /// <summary>A repayment pays the earliest unpaid instalments first; null when it is more than everything outstanding.</summary>
    public static IReadOnlyList<Allocation>? Allocate(IEnumerable<Instalment> schedule, decimal amount)
    {
        var left = amount;
        var allocations = new List<Allocation>();
        foreach (var i in schedule.OrderBy(i => i.Number).Where(i => i.Outstanding > 0))
        {
            if (left == 0)
            {
                break;
            }

            var paid = Math.Min(left, i.Outstanding);
            allocations.Add(new Allocation(i.Number, paid));
            left -= paid;
        }

        return left == 0 ? allocations : null;
    }

    /// <summary>A repayment is late from the first moment after the due date: midnight in China, the exchange's calendar.</summary>
    public static DateTimeOffset OverdueFrom(DateOnly dueOn) => new(dueOn.AddDays(1).ToDateTime(TimeOnly.MinValue), ExchangeCalendar.ChinaOffset);
}
