using IpExchange.Contracts;
using IpExchange.EventStore;
using IpExchange.ServiceDefaults;
using Npgsql;

namespace IpExchange.Matching.Catalogue;

/// <summary>A listing as the catalogue knows it from the Listing service's events. The reserve price never leaves the service.</summary>
public sealed record CatalogueEntry(
    string ListingId,
    string Title,
    string Status,
    string SellerOrganisationId,
    DealKind DealKind,
    PricingMethod PricingMethod,
    TradingMode TradingMode,
    decimal AskingPrice,
    decimal? ReservePrice,
    decimal? OpenLicenceFee,
    string? DirectedTo,
    string? AllianceId,
    IReadOnlyList<string> AllianceMembers)
{
    public bool IsPublic => Status == "Public";

    /// <summary>Directed listings show only to the named buyer, alliance listings only to members (and always to the seller and the exchange).</summary>
    public bool VisibleTo(Caller caller) =>
        caller.IsExchange || caller.OrganisationId == SellerOrganisationId ||
        ((DirectedTo is null || DirectedTo == caller.OrganisationId) && (AllianceId is null || AllianceMembers.Contains(caller.OrganisationId)));

    public static async Task<CatalogueEntry?> Find(EventSession session, EventStore.EventStore store, string listingId, CancellationToken cancellationToken)
    {
        await using var cmd = new NpgsqlCommand(store.Sql("""
            SELECT listing_id, title, status, owner_org, deal_kind, pricing_method, trading_mode, asking_price, reserve_price, open_licence_fee,
                   directed_to, alliance_id, alliance_members
            FROM {schema}.catalogue WHERE listing_id = @id
            """), session.Connection, session.Transaction);
        cmd.Parameters.AddWithValue("id", listingId);
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new CatalogueEntry(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), Enum.Parse<DealKind>(reader.GetString(4)),
                Enum.Parse<PricingMethod>(reader.GetString(5)), Enum.Parse<TradingMode>(reader.GetString(6)), reader.GetDecimal(7),
                reader.IsDBNull(8) ? null : reader.GetDecimal(8), reader.IsDBNull(9) ? null : reader.GetDecimal(9),
                reader.IsDBNull(10) ? null : reader.GetString(10), reader.IsDBNull(11) ? null : reader.GetString(11), reader.GetFieldValue<string[]>(12))
            : null;
    }
}
