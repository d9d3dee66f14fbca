using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
using IpExchange.Contracts;
using IpExchange.ServiceDefaults;

namespace IpExchange.Matching.Demands;

public sealed partial record DemandRequest(
    [Required] string? Title,
    [Required] string? Description,
    IReadOnlyList<string>? IpcCodes,
    decimal? BudgetMin,
    decimal? BudgetMax,
    IReadOnlyList<DealKind>? DealKinds,
    string? Region,
    [Required] DateOnly? Deadline)
{
    [GeneratedRegex(@"^[A-H](\d{2}([A-Z](\d{1,4}(/\d{2,6})?)?)?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex IpcPrefix();

    /// <summary>Checks the form and returns the terms; every field problem is reported at once.</summary>
    public DemandTerms Validate(DateOnly today)
    {
        var errors = new FieldErrors();
        var title = errors.Text("title", Title, 200, multiLine: false);
        var description = errors.Text("description", Description, 5000);
        var region = errors.Text("region", Region, 50, required: false, multiLine: false);

        var codes = new List<string>();
        errors.Check((IpcCodes?.Count ?? 0) <= 20, "ipcCodes", FieldCodes.TooMany, "At most 20 IPC codes.", ("max", 20));
        foreach (var (code, i) in (IpcCodes ?? []).Take(20).Select((c, i) => (c, i)))
        {
            var compact = (code ?? "").Trim().ToUpperInvariant().Replace(" ", "", StringComparison.Ordinal);
            if (IpcPrefix().IsMatch(compact))
            {
                codes.Add(Normalize(compact));
            }
            else
            {
                errors.Add($"ipcCodes[{i}]", "ipc.invalid", $"'{code}' is not an IPC code or prefix (e.g. H02M, H02M 7, H02M 7/48).");
            }
        }

        Money.Check(errors, "budgetMin", BudgetMin, required: false, allowZero: true);
        Money.Check(errors, "budgetMax", BudgetMax, required: false, allowZero: true);
        errors.Check(BudgetMin is not { } min || BudgetMax is not { } max || max >= min, "budgetMax", "demand.budget-reversed",
            "The budget's upper end is at or above its lower end.", ("min", BudgetMin));
        errors.Check(Deadline is { } deadline && deadline >= today && deadline <= today.AddYears(2), "deadline", FieldCodes.DateOutOfRange,
            "The deadline is required, not in the past and within two years.", ("min", today), ("max", today.AddYears(2)));
        errors.Check((DealKinds?.Count ?? 0) <= Enum.GetValues<DealKind>().Length, "dealKinds", FieldCodes.TooMany,
            "Each deal kind at most once.", ("max", Enum.GetValues<DealKind>().Length));
        errors.ThrowIfAny();

        return new DemandTerms(title!, description!, codes.Distinct().ToList(), BudgetMin, BudgetMax, (DealKinds ?? []).Distinct().ToList(),
            region, Deadline!.Value);
    }

    /// <summary>"H02M7/48" → "H02M 7/48"; prefixes without a group stay as they are.</summary>
    private static string Normalize(string compact) =>
        compact.Length > 4 ? $"{compact[..4]} {compact[4..].TrimStart('0')}" : compact;
}
