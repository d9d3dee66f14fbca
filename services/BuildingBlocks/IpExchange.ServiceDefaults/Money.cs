using System.Globalization;

namespace IpExchange.ServiceDefaults;

/// <summary>Amounts are yuan with two decimal places; anything above 100 billion is a typing error.</summary>
public static class Money
{
    public const decimal Ceiling = 100_000_000_000m;

    public const string NotPositive = "money.not-positive";
    public const string Negative = "money.negative";
    public const string TooLarge = "money.too-large";
    public const string TooPrecise = "money.too-many-decimals";

    /// <summary>Null when the amount is acceptable, else why not, with a stable code and its limits.</summary>
    public static FieldProblem? Problem(decimal amount, bool allowZero = false)
    {
        if (amount < 0 || (!allowZero && amount == 0))
        {
            return allowZero
                ? new FieldProblem(Negative, "The amount cannot be negative.", new Dictionary<string, object?> { ["min"] = 0m })
                : new FieldProblem(NotPositive, "The amount must be greater than zero.", new Dictionary<string, object?> { ["min"] = 0.01m });
        }

        if (amount > Ceiling)
        {
            return new FieldProblem(TooLarge, string.Create(CultureInfo.InvariantCulture, $"The amount is above {Ceiling:N0} yuan; check the figure."),
                new Dictionary<string, object?> { ["max"] = Ceiling });
        }

        return decimal.Round(amount, 2) != amount
            ? new FieldProblem(TooPrecise, "Amounts are in yuan with at most two decimal places.", new Dictionary<string, object?> { ["decimals"] = 2 })
            : null;
    }

    /// <summary>Checks an amount field: required or not, zero allowed or not. Returns the amount (0 when missing).</summary>
    public static decimal Check(FieldErrors errors, string field, decimal? amount, bool required = true, bool allowZero = false)
    {
        if (amount is not { } value)
        {
            if (required)
            {
                errors.Add(field, FieldCodes.Required, "The amount (yuan, two decimal places) is required.");
            }

            return 0;
        }

        if (Problem(value, allowZero) is { } problem)
        {
            errors.Add(field, problem);
        }

        return value;
    }
}
