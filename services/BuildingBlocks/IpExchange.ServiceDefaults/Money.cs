namespace IpExchange.ServiceDefaults;

/// <summary>Amounts are yuan with two decimal places; anything above 100 billion is a typing error.</summary>
public static class Money
{
    public const decimal Ceiling = 100_000_000_000m;

    /// <summary>Null when the amount is acceptable, else why not.</summary>
    public static string? Problem(decimal amount, bool allowZero = false)
    {
        if (amount < 0 || (!allowZero && amount == 0))
        {
            return allowZero ? "The amount cannot be negative." : "The amount must be greater than zero.";
        }

        if (amount > Ceiling)
        {
            return "The amount is above 100,000,000,000 yuan; check the figure.";
        }

        return decimal.Round(amount, 2) != amount ? "Amounts are in yuan with at most two decimal places." : null;
    }
}
