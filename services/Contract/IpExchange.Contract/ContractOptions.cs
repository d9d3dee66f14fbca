namespace IpExchange.Contract;

/// <summary>The <c>Contract</c> section.</summary>
public sealed class ContractOptions
{
    public const string Section = "Contract";

    /// <summary>How long the parties have to sign a drafted (or amended) agreement before it is cancelled.</summary>
    public TimeSpan SigningDeadline { get; set; } = TimeSpan.FromDays(7);
}
