using IpExchange.Contracts.Agreements;
using IpExchange.Contracts.Listings;
using IpExchange.EventStore;
using IpExchange.Members;
using IpExchange.Messaging;
using Marten;
using MassTransit;
using Microsoft.Extensions.Options;

namespace IpExchange.Finance.Loans.Disposing;

/// <summary>
/// 质物处置 by auction in the exchange's own marketplace: the pledgee lists the loan's patents in the
/// Listing service (a listing naming the loan), the exchange reviews and publishes it, the auction
/// strikes the deal, and when its agreement completes the buyer owns the patents. Here the loan
/// hears the listing go public, then the completed sale with its hammer price, and records the
/// disposal with its money flows from that price: costs first, the parties who bore the loss in
/// proportion, the rest to the borrower.
/// </summary>
public static class AuctionInMarketplace
{
    /// <summary>Who recorded a disposal the marketplace's sale made (not a user of this service).</summary>
    public const string Marketplace = "marketplace";

    /// <summary>The loan's answer to its pledgee's listing going public; null when it changes nothing (a repeat, another owner, a loan not in default or disposed of).</summary>
    public static PledgeListedForAuction? OnListed(Loan loan, ListingPublished published) =>
        loan is { Status: LoanStatus.Defaulted, Disposal: null } && published.OwnerOrganisationId == loan.Bank.OrganisationId
            && loan.AuctionListing?.ListingId != published.ListingId
            ? new PledgeListedForAuction(published.ListingId, published.Title, published.AskingPrice, published.PublishedAt)
            : null;

    /// <summary>
    /// The completed sale of the loan's listing disposes of the pledge at the hammer price; the costs
    /// are <paramref name="costRate"/> of it, rounded half away from zero to the fen. Null when the
    /// sale is not of this loan's listing or the pledge was disposed of already (a repeat).
    /// </summary>
    public static PledgeDisposedOf? OnSold(Loan loan, ContractCompleted completed, string buyerName, decimal costRate, DateTimeOffset now)
    {
        if (loan is not { Status: LoanStatus.Defaulted, Disposal: null } || loan.AuctionListing?.ListingId != completed.ListingId)
        {
            return null;
        }

        var costs = decimal.Round(completed.Price * costRate, 2, MidpointRounding.AwayFromZero);
        return new PledgeDisposedOf(nameof(DisposalMethod.Auction), buyerName, completed.Price, costs,
            DisposePledge.Flows(loan, DisposalMethod.Auction, buyerName, completed.Price, costs),
            $"交易中心拍卖成交，挂牌 {completed.ListingId}，合同 {completed.AgreementId}", Marketplace, now);
    }
}

/// <summary>Hears the pledgee's disposal listing go public in the marketplace.</summary>
public sealed class DisposalListingPublishedConsumer(EventStore.EventStore store) : IConsumer<ListingPublished>
{
    public Task Consume(ConsumeContext<ListingPublished> context) =>
        context.Message.PledgeLoanId is not { } loanId
            ? Task.CompletedTask
            : store.HandleOnce(context, "finance-disposal-listed", async session =>
            {
                var loan = await session.Load<Loan>(Loan.StreamId(loanId), context.CancellationToken);
                if (loan.State.Exists && AuctionInMarketplace.OnListed(loan.State, context.Message) is { } listed)
                {
                    await LoanProcess.Append(session, loan, [listed], context.CancellationToken);
                }
            });
}

/// <summary>Hears the completed sale of a disposal listing, with its hammer price.</summary>
public sealed class DisposalSaleCompletedConsumer(EventStore.EventStore store, IOptions<FinanceOptions> options, TimeProvider time) : IConsumer<ContractCompleted>
{
    public Task Consume(ConsumeContext<ContractCompleted> context) =>
        store.HandleOnce(context, "finance-disposal-sold", async session =>
        {
            var completed = context.Message;
            var summary = await session.Marten.Query<LoanSummary>().FirstOrDefaultAsync(l => l.AuctionListingId == completed.ListingId, context.CancellationToken);
            if (summary is null)
            {
                return; // an ordinary sale: no pledge disposed of
            }

            var loan = await session.Load<Loan>(Loan.StreamId(summary.Id), context.CancellationToken);
            var buyer = (await MemberDirectory.Find(session.Marten, [completed.BuyerOrganisationId], context.CancellationToken))
                .GetValueOrDefault(completed.BuyerOrganisationId)?.LegalName ?? "买受人";
            if (AuctionInMarketplace.OnSold(loan.State, completed, buyer, options.Value.AuctionCostRate, time.GetUtcNow()) is { } disposed)
            {
                await LoanProcess.Append(session, loan, [disposed], context.CancellationToken);
            }
        });
}
