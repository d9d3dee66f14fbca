using System.Text.RegularExpressions;
using IpExchange.Contracts;
using IpExchange.ServiceDefaults;

namespace IpExchange.Matching.Demands;

public sealed partial record DemandRequest(
    string? Title,
    string? Description,
    IReadOnlyList<string>? IpcCodes,
    decimal? BudgetMin,
    decimal? BudgetMax,
    IReadOnlyList<DealKind>? DealKinds,
    string? Region,
    DateOnly? Deadline)
{
    public const decimal Ceiling = 100_000_000_000m;

    [GeneratedRegex(@"^[A-H](\d{2}([A-Z](\d{1,4}(/\d{2,6})?)?)?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex IpcPrefix();

    /// <summary>Checks the form and returns the terms; every field problem is reported at once.</summary>
    public DemandTerms Validate(DateOnly today)
    {
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Add(string field, string message)
        {
            if (!errors.TryGetValue(field, out var list))
            {
                errors[field] = list = [];
            }

            list.Add(message);
        }

        var title = Title?.Trim();
        if (string.IsNullOrEmpty(title) || title.Length > 200)
        {
            Add("title", "A title of 1 to 200 characters is required.");
        }

        var description = Description?.Trim();
        if (string.IsNullOrEmpty(description) || description.Length > 5000)
        {
            Add("description", "A description of 1 to 5000 characters is required.");
        }

        var codes = new List<string>();
        foreach (var (code, i) in (IpcCodes ?? []).Select((c, i) => (c, i)))
        {
            var compact = (code ?? "").Trim().ToUpperInvariant().Replace(" ", "", StringComparison.Ordinal);
            if (!IpcPrefix().IsMatch(compact))
            {
                Add($"ipcCodes[{i}]", $"'{code}' is not an IPC code or prefix (e.g. H02M, H02M 7, H02M 7/48).");
                continue;
            }

            codes.Add(Normalize(compact));
        }

        if (codes.Count > 20)
        {
            Add("ipcCodes", "At most 20 IPC codes.");
        }

        foreach (var (field, value) in new[] { ("budgetMin", BudgetMin), ("budgetMax", BudgetMax) })
        {
            if (value is { } v && (v < 0 || v > Ceiling || decimal.Round(v, 2) != v))
            {
                Add(field, "A budget is between 0 and 100,000,000,000 yuan with at most two decimal places.");
            }
        }

        if (BudgetMin is { } min && BudgetMax is { } max && max < min)
        {
            Add("budgetMax", "The budget's upper end is at or above its lower end.");
        }

        if (Deadline is not { } deadline || deadline < today || deadline > today.AddYears(2))
        {
            Add("deadline", "The deadline is required, not in the past and within two years.");
        }

        if ((Region?.Length ?? 0) > 50)
        {
            Add("region", "At most 50 characters.");
        }

        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal));
        }

        return new DemandTerms(title!, description!, codes.Distinct().ToList(), BudgetMin, BudgetMax, (DealKinds ?? []).Distinct().ToList(),
            string.IsNullOrWhiteSpace(Region) ? null : Region.Trim(), Deadline!.Value);
    }

    /// <summary>"H02M7/48" → "H02M 7/48"; prefixes without a group stay as they are.</summary>
    private static string Normalize(string compact) =>
        compact.Length > 4 ? $"{compact[..4]} {compact[4..].TrimStart('0')}" : compact;
}
