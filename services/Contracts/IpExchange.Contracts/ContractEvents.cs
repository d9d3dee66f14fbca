namespace IpExchange.Contracts.Agreements;

/// <summary>交割完成: everything paid and the patent office registration recorded.</summary>
public sealed record ContractCompleted(string AgreementId, string DealId, string ListingId, string SellerOrganisationId, string BuyerOrganisationId, decimal Price, DateTimeOffset CompletedAt);

/// <summary>The agreement failed (not signed in time, cancelled by both or by the exchange).</summary>
public sealed record ContractCancelled(string AgreementId, string DealId, string ListingId, string Reason, DateTimeOffset CancelledAt);
