namespace IpExchange.ServiceDefaults;

/// <summary>
/// The request's input is malformed (a missing field, a bad header): 400 with an <c>errors</c>
/// dictionary of field → messages, shaped like ASP.NET Core's ValidationProblemDetails, and a
/// <c>codes</c> dictionary of field → stable codes with their parameters.
/// </summary>
public sealed class ValidationFailedException : Exception
{
    public ValidationFailedException(IReadOnlyDictionary<string, FieldProblem[]> problems, string? message = null)
        : base(message ?? "One or more fields are invalid.")
    {
        Problems = problems;
    }

    public ValidationFailedException(IReadOnlyDictionary<string, string[]> errors, string? message = null)
        : this(errors.ToDictionary(e => e.Key, e => e.Value.Select(m => new FieldProblem(FieldCodes.Invalid, m)).ToArray(), StringComparer.Ordinal), message)
    {
    }

    public ValidationFailedException(string field, string message)
        : this(field, new FieldProblem(FieldCodes.Invalid, message))
    {
    }

    public ValidationFailedException(string field, FieldProblem problem)
        : this(new Dictionary<string, FieldProblem[]>(StringComparer.Ordinal) { [field] = [problem] }, problem.Message)
    {
    }

    public ValidationFailedException() : this(new Dictionary<string, FieldProblem[]>(StringComparer.Ordinal)) { }

    public ValidationFailedException(string message) : this(new Dictionary<string, FieldProblem[]>(StringComparer.Ordinal), message) { }

    public ValidationFailedException(string message, Exception innerException) : base(message, innerException)
    {
        Problems = new Dictionary<string, FieldProblem[]>(StringComparer.Ordinal);
    }

    public IReadOnlyDictionary<string, FieldProblem[]> Problems { get; }

    public IReadOnlyDictionary<string, string[]> Errors =>
        Problems.ToDictionary(e => e.Key, e => e.Value.Select(p => p.Message).ToArray(), StringComparer.Ordinal);
}

/// <summary>
/// The request is well formed but a business rule forbids it in the current state (a bid below the
/// increment, a listing already withdrawn): 422 with the rule's code, the same <c>errors</c>
/// dictionary as <see cref="ValidationFailedException"/>, and <c>codes</c>: the field with the rule's
/// code and the parameters its sentence needs (<c>bid.below-increment</c> with <c>minimum</c>).
/// </summary>
public sealed class DomainRuleViolationException : Exception
{
    public DomainRuleViolationException(string rule, string message, IReadOnlyDictionary<string, string[]>? errors = null)
        : base(message)
    {
        Rule = rule;
        Problems = (errors ?? new Dictionary<string, string[]>(StringComparer.Ordinal))
            .ToDictionary(e => e.Key, e => e.Value.Select(m => new FieldProblem(rule.Length > 0 ? rule : FieldCodes.Invalid, m)).ToArray(), StringComparer.Ordinal);
    }

    /// <summary>The rule <paramref name="rule"/> broken on <paramref name="field"/>, with what a translated sentence needs.</summary>
    public DomainRuleViolationException(string rule, string field, string message, params (string Name, object? Value)[] parameters)
        : base(message)
    {
        Rule = rule;
        Problems = new Dictionary<string, FieldProblem[]>(StringComparer.Ordinal)
        {
            [field] = [new FieldProblem(rule, message, parameters.Length == 0 ? null : parameters.ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal))],
        };
    }

    /// <summary>Several fields break rules at once, each with its own code and parameters; <paramref name="rule"/> is the first.</summary>
    public DomainRuleViolationException(string rule, string message, IReadOnlyDictionary<string, FieldProblem[]> problems)
        : base(message)
    {
        Rule = rule;
        Problems = problems;
    }

    public DomainRuleViolationException() : this("", "A business rule was violated.") { }

    public DomainRuleViolationException(string message) : this("", message) { }

    public DomainRuleViolationException(string message, Exception innerException) : base(message, innerException)
    {
        Rule = "";
        Problems = new Dictionary<string, FieldProblem[]>(StringComparer.Ordinal);
    }

    /// <summary>A stable code clients can branch on, e.g. <c>bid.below-increment</c>; empty when none.</summary>
    public string Rule { get; }

    public IReadOnlyDictionary<string, FieldProblem[]> Problems { get; }

    public IReadOnlyDictionary<string, string[]> Errors =>
        Problems.ToDictionary(e => e.Key, e => e.Value.Select(p => p.Message).ToArray(), StringComparer.Ordinal);
}

/// <summary>
/// A replacement (PUT) that does not say which version it replaces: 428. Without If-Match two
/// editors would silently overwrite each other (a lost update).
/// </summary>
public sealed class PreconditionRequiredException : Exception
{
    public PreconditionRequiredException() : base("Send If-Match with the ETag of the version you read; a replacement without it could overwrite someone else's change.") { }

    public PreconditionRequiredException(string message) : base(message) { }

    public PreconditionRequiredException(string message, Exception innerException) : base(message, innerException) { }
}

/// <summary>
/// The caller is known but may not do this: 403. The message is shown to the caller; a refusal a
/// client branches on (a suspended member, a role the user lacks) carries a stable <see cref="Rule"/>
/// code, e.g. <c>member.suspended</c>, as the problem's <c>rule</c>.
/// </summary>
public sealed class ForbiddenException : Exception
{
    public ForbiddenException() : this("You are not allowed to do this.") { }

    public ForbiddenException(string message) : base(message) => Rule = "";

    /// <summary>A refusal with a stable code (<paramref name="rule"/>) and the sentence for the caller.</summary>
    public ForbiddenException(string rule, string message) : base(message) => Rule = rule;

    public ForbiddenException(string message, Exception innerException) : base(message, innerException) => Rule = "";

    /// <summary>A stable code clients can branch on, e.g. <c>member.suspended</c>; empty when none.</summary>
    public string Rule { get; }
}

/// <summary>The addressed resource does not exist (or is hidden from the caller): 404.</summary>
public sealed class NotFoundException : Exception
{
    public NotFoundException(string resource, string id)
        : base($"{resource} '{id}' was not found.")
    {
        Resource = resource;
        Id = id;
    }

    public NotFoundException() : this("The resource was not found.") { }

    public NotFoundException(string message) : base(message) { }

    public NotFoundException(string message, Exception innerException) : base(message, innerException) { }

    public string? Resource { get; }
    public string? Id { get; }
}
