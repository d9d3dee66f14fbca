using System.Globalization;

namespace IpExchange.ServiceDefaults;

/// <summary>Collects every field problem of a request so the caller sees them all at once.</summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, List<FieldProblem>> _problems = new(StringComparer.Ordinal);

    public bool Any => _problems.Count > 0;

    /// <summary>Whether <paramref name="field"/> already has a problem (so a later rule about its value is not checked on a bad value).</summary>
    public bool Has(string field) => _problems.ContainsKey(field);

    /// <summary>A problem with a stable code and the parameters its sentence needs.</summary>
    public void Add(string field, string code, string message, params (string Name, object? Value)[] parameters)
    {
        if (!_problems.TryGetValue(field, out var list))
        {
            _problems[field] = list = [];
        }

        list.Add(new FieldProblem(code, message, parameters.Length == 0 ? null : parameters.ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal)));
    }

    public void Add(string field, FieldProblem problem)
    {
        if (!_problems.TryGetValue(field, out var list))
        {
            _problems[field] = list = [];
        }

        list.Add(problem);
    }

    /// <summary>A problem without a specific code: <c>invalid</c>, the message says why.</summary>
    public void Add(string field, string message) => Add(field, FieldCodes.Invalid, message);

    public void Check(bool ok, string field, string message)
    {
        if (!ok)
        {
            Add(field, message);
        }
    }

    public void Check(bool ok, string field, string code, string message, params (string Name, object? Value)[] parameters)
    {
        if (!ok)
        {
            Add(field, code, message, parameters);
        }
    }

    /// <summary>Required text within a length, Chinese or English alike (counted in characters).</summary>
    public string? Text(string field, string? value, int max, bool required = true, bool multiLine = true)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            if (required)
            {
                Add(field, FieldCodes.Required, "This field is required.");
            }

            return null;
        }

        if (trimmed.Length > max)
        {
            Add(field, FieldCodes.TooLong, string.Create(CultureInfo.InvariantCulture, $"At most {max} characters."), ("max", max));
        }

        if (SafeText.Check(trimmed, multiLine) is { } unsafeText)
        {
            Add(field, unsafeText);
        }

        return trimmed;
    }

    /// <summary>A number within bounds (inclusive).</summary>
    public void Range(string field, decimal? value, decimal min, decimal max, bool required = true)
    {
        if (value is null)
        {
            if (required)
            {
                Add(field, FieldCodes.Required, "This field is required.");
            }

            return;
        }

        if (value < min || value > max)
        {
            Add(field, FieldCodes.OutOfRange, string.Create(CultureInfo.InvariantCulture, $"Must be from {min} to {max}."), ("min", min), ("max", max));
        }
    }

    public IReadOnlyDictionary<string, FieldProblem[]> ToProblems() =>
        _problems.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);

    public IReadOnlyDictionary<string, string[]> ToDictionary() =>
        _problems.ToDictionary(e => e.Key, e => e.Value.Select(p => p.Message).ToArray(), StringComparer.Ordinal);

    public void ThrowIfAny()
    {
        if (_problems.Count > 0)
        {
            throw new ValidationFailedException(ToProblems());
        }
    }
}
