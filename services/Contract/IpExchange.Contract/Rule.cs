namespace IpExchange.Contract;

/// <summary>A rule of the exchange forbids the command in the current state: 422 with the rule's code.</summary>
public static class Rule
{
    public static DomainRuleViolationException Broken(string rule, string field, string message, params (string Name, object? Value)[] parameters) =>
        new(rule, field, message, parameters);
}
