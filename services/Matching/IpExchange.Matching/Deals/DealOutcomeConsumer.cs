using IpExchange.Contracts.Listings;
using IpExchange.Messaging;
using MassTransit;
using Npgsql;

namespace IpExchange.Matching.Deals;

/// <summary>
/// What became of a struck deal, from the Listing service's answers: reserved, licensed, sold,
/// refused (the parties see why) or released when its agreement failed (the listing reopens and
/// can be dealt again). A later state never goes back to an earlier one.
/// </summary>
public sealed class DealOutcomeConsumer(EventStore.EventStore store) :
    IConsumer<ListingReserved>, IConsumer<ListingLicensed>, IConsumer<ListingSold>, IConsumer<DealRefused>, IConsumer<ListingReopened>
{
    public Task Consume(ConsumeContext<ListingReserved> context) =>
        Move(context, context.Message.DealId, DealBook.Reserved, null, context.Message.ReservedAt, DealBook.Struck);

    public Task Consume(ConsumeContext<ListingLicensed> context) =>
        Move(context, context.Message.DealId, DealBook.Licensed, null, context.Message.LicensedAt, DealBook.Struck);

    public Task Consume(ConsumeContext<ListingSold> context) =>
        Move(context, context.Message.DealId, DealBook.Completed, null, context.Message.SoldAt, DealBook.Struck, DealBook.Reserved);

    public Task Consume(ConsumeContext<DealRefused> context) =>
        Move(context, context.Message.DealId, DealBook.Refused, context.Message.Reason, context.Message.RefusedAt, DealBook.Struck);

    public Task Consume(ConsumeContext<ListingReopened> context) =>
        Move(context, context.Message.DealId, DealBook.Released, context.Message.Reason, context.Message.ReopenedAt, DealBook.Struck, DealBook.Reserved, DealBook.Licensed);

    private Task Move(ConsumeContext context, string dealId, string status, string? reason, DateTimeOffset at, params string[] from) =>
        store.HandleOnce(context, "matching-deal-outcome", async session =>
        {
            await using var cmd = new NpgsqlCommand(store.Sql("""
                UPDATE {schema}.deals SET status = @status, reason = coalesce(@reason, reason), updated_at = @at
                WHERE deal_id = @id AND status = ANY(@from)
                """), session.Connection, session.Transaction);
            cmd.Parameters.AddWithValue("id", dealId);
            cmd.Parameters.AddWithValue("status", status);
            cmd.Parameters.AddWithValue("reason", (object?)reason ?? DBNull.Value);
            cmd.Parameters.AddWithValue("at", at);
            cmd.Parameters.AddWithValue("from", from);
            await cmd.ExecuteNonQueryAsync(context.CancellationToken);
        });
}
