namespace IpExchange.Finance;

/// <summary>A rule of pledge financing forbids the command in the loan's current state: 422 with the rule's code.</summary>
public static class Rule
{
    public static DomainRuleViolationException Broken(string rule, string field, string message, params (string Name, object? Value)[] parameters) =>
        new(rule, field, message, parameters);
}
