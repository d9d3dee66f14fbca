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
    [GeneratedRegex(@"^[A-H](\d{2}([A-Z](\d{1,4}(/\d{2,6})?)?)?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex IpcPrefix();

    /// <summary>Checks the form and returns the terms; every field problem is reported at once.</summary>
    public DemandTerms Validate(DateOnly today)
    {
        var errors = new FieldErrors();
        var title = errors.Text("title", Title, 200);
        var description = errors.Text("description", Description, 5000);
        errors.Text("region", Region, 50, required: false);

        var codes = new List<string>();
        foreach (var (code, i) in (IpcCodes ?? []).Select((c, i) => (c, i)))
        {
            var compact = (code ?? "").Trim().ToUpperInvariant().Replace(" ", "", StringComparison.Ordinal);
            if (IpcPrefix().IsMatch(compact))
            {
                codes.Add(Normalize(compact));
            }
            else
            {
                errors.Add($"ipcCodes[{i}]", $"'{code}' is not an IPC code or prefix (e.g. H02M, H02M 7, H02M 7/48).");
            }
        }

        errors.Check(codes.Count <= 20, "ipcCodes", "At most 20 IPC codes.");
        foreach (var (field, value) in new[] { ("budgetMin", BudgetMin), ("budgetMax", BudgetMax) })
        {
            if (value is { } v && Money.Problem(v, allowZero: true) is { } problem)
            {
                errors.Add(field, problem);
            }
        }

        errors.Check(BudgetMin is not { } min || BudgetMax is not { } max || max >= min, "budgetMax", "The budget's upper end is at or above its lower end.");
        errors.Check(Deadline is { } deadline && deadline >= today && deadline <= today.AddYears(2), "deadline",
            "The deadline is required, not in the past and within two years.");
        errors.ThrowIfAny();

        return new DemandTerms(title!, description!, codes.Distinct().ToList(), BudgetMin, BudgetMax, (DealKinds ?? []).Distinct().ToList(),
            string.IsNullOrWhiteSpace(Region) ? null : Region.Trim(), Deadline!.Value);
    }

    /// <summary>"H02M7/48" → "H02M 7/48"; prefixes without a group stay as they are.</summary>
    private static string Normalize(string compact) =>
        compact.Length > 4 ? $"{compact[..4]} {compact[4..].TrimStart('0')}" : compact;
}
