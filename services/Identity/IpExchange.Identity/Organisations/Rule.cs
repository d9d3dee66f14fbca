namespace IpExchange.Identity.Organisations;

/// <summary>A rule of the exchange forbids the command in the current state: 422 with a stable code.</summary>
public static class Rule
{
    public static DomainRuleViolationException Broken(string rule, string field, string message) => new(rule, field, message);
}
