using IpExchange.ServiceDefaults;

namespace IpExchange.Listing;

/// <summary>A rule of the exchange forbids the command in the current state.</summary>
public static class Rule
{
    public static DomainRuleViolationException Broken(string rule, string field, string message, params (string Name, object? Value)[] parameters) =>
        new(rule, field, message, parameters);
}
