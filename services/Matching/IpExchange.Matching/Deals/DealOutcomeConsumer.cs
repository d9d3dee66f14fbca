using Dapper;
using IpExchange.Contracts.Agreements;
using IpExchange.Contracts.Listings;
using IpExchange.Messaging;
using MassTransit;

namespace IpExchange.Matching.Deals;

/// <summary>
/// What became of a struck deal, from the Listing service's answers: reserved, licensed, sold,
/// refused (the parties see why) or released when its agreement failed (the listing reopens and
/// can be dealt again); and from the Contract service's: completed (a licence is never "sold",
/// so its completion is the agreement's) and the price of an accepted amendment. Each answer moves
/// the deal only from the states that may precede it, so a later state never goes back to an
/// earlier one whatever order the answers arrive in (a sale that overtakes its reservation
/// completes the deal; the late reservation then changes nothing), and an amendment's price is
/// kept only when no later amendment's is.
/// </summary>
public sealed class DealOutcomeConsumer(EventStore.EventStore store) :
    IConsumer<ListingReserved>, IConsumer<ListingLicensed>, IConsumer<ListingSold>, IConsumer<DealRefused>, IConsumer<ListingReopened>,
    IConsumer<ContractCompleted>, IConsumer<AgreementAmended>
{
    public Task Consume(ConsumeContext<ContractCompleted> context) =>
        Move(context, context.Message.DealId, DealBook.Completed, null, context.Message.CompletedAt, DealBook.Struck, DealBook.Reserved, DealBook.Licensed);

    public Task Consume(ConsumeContext<AgreementAmended> context) =>
        store.HandleOnce(context, "matching-deal-outcome", async session =>
        {
            var m = context.Message;
            var connection = await session.Connection(context.CancellationToken);
            await connection.ExecuteAsync(new CommandDefinition(store.Sql("""
                UPDATE {schema}.deals SET price = @Price, price_amended_at = @AmendedAt, updated_at = greatest(updated_at, @AmendedAt)
                WHERE deal_id = @DealId AND (price_amended_at IS NULL OR price_amended_at < @AmendedAt)
                """), new { m.Price, m.AmendedAt, m.DealId }, cancellationToken: context.CancellationToken));
        });

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
            var connection = await session.Connection(context.CancellationToken);
            await connection.ExecuteAsync(new CommandDefinition(store.Sql("""
                UPDATE {schema}.deals SET status = @status, reason = coalesce(@reason, reason), updated_at = @at
                WHERE deal_id = @dealId AND status = ANY(@from)
                """), new { dealId, status, reason, at, from }, cancellationToken: context.CancellationToken));
        });
}
