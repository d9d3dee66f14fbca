using System.ComponentModel.DataAnnotations;
using IpExchange.Contracts.Finance;

namespace IpExchange.Finance.Loans.Disposing;

/// <param name="Counterparty">Who takes the patents: the auction's buyer, the assignee of a reverse licence; for debt-to-equity, the borrower whose equity the pledgee takes.</param>
/// <param name="Proceeds">The hammer price, the assignment price, or the value of the equity taken.</param>
/// <param name="Costs">The disposal's costs (auction and exchange fees, registration), paid from the proceeds first.</param>
public sealed record Disposal([Required] DisposalMethod? Method, [Required] string? Counterparty, [Required] decimal? Proceeds, [Required] decimal? Costs, string? Note);

/// <summary>
/// 质物处置: the pledgee disposes of a defaulted loan's patents by the method it chooses. The
/// proceeds pay the costs first, then the loss (to the parties in proportion to what each bore in
/// the risk compensation, by its rounding rule; all to the bank when none was settled), and the rest
/// goes to the borrower. A repaid loan is not disposed of, nor a loan twice.
/// </summary>
public static class DisposePledge
{
    public static PledgeDisposedOf Decide(Loan loan, Disposal request, Caller caller, DateTimeOffset now)
    {
        LoanAccess.RequireBank(loan, caller, loan.Id ?? "", "(the pledgee) disposes of the pledge");
        var errors = new FieldErrors();
        if (request.Method is null)
        {
            errors.Add("method", FieldCodes.Required, "The disposal method is required: Auction, ReverseLicence or DebtToEquity.", ("allowed", Enum.GetNames<DisposalMethod>()));
        }

        var counterparty = errors.Text("counterparty", request.Counterparty, 200, multiLine: false);
        var proceeds = Money.Check(errors, "proceeds", request.Proceeds);
        var costs = Money.Check(errors, "costs", request.Costs, allowZero: true);
        errors.Check(request.Proceeds is null || request.Costs is null || request.Costs <= request.Proceeds, "costs", "disposal.costs-over-proceeds",
            "The costs are paid from the proceeds: they cannot exceed them.", ("max", request.Proceeds));
        var note = errors.Text("note", request.Note, 1000, required: false);
        errors.ThrowIfAny();
        if (loan.Disposal is not null)
        {
            throw Rule.Broken("loan.already-disposed", "status", "The pledge of this loan was disposed of already.");
        }

        if (loan.Status == LoanStatus.Repaid)
        {
            throw Rule.Broken("loan.repaid", "status", "The loan is repaid in full: its pledge is released and cannot be disposed of.");
        }

        LoanAccess.RequireStatus(loan, LoanStatus.Defaulted, "status", "A pledge is disposed of only after the loan was declared in default");
        var method = request.Method!.Value;
        if (method == DisposalMethod.Auction)
        {
            // The hammer price is the marketplace's, not a figure typed in: the sale of the pledgee's listing disposes of the pledge.
            throw Rule.Broken("disposal.auction-in-marketplace", "method",
                "A pledge is auctioned in the exchange's marketplace: list the patents for disposal; the completed sale records the proceeds.");
        }

        return new PledgeDisposedOf(method.ToString(), counterparty!, proceeds, costs, Flows(loan, method, counterparty!, proceeds, costs), note, caller.UserId, now);
    }

    /// <summary>Where the proceeds go, in order: costs, the loss, the borrower.</summary>
    public static IReadOnlyList<MoneyFlow> Flows(Loan loan, DisposalMethod method, string counterparty, decimal proceeds, decimal costs)
    {
        var bank = loan.Bank.Name;
        var flows = new List<MoneyFlow>
        {
            method == DisposalMethod.DebtToEquity
                ? new MoneyFlow(loan.Borrower.Name, bank, proceeds, "equity taken for the debt (质权转股权)")
                : new MoneyFlow(counterparty, bank, proceeds, method == DisposalMethod.Auction ? "hammer price (拍卖成交价)" : "assignment price (转让价款, licensed back to the borrower)"),
        };
        if (costs > 0)
        {
            flows.Add(new MoneyFlow(bank, Parties.DisposalCosts, costs, "disposal costs (处置费用)"));
        }

        var net = proceeds - costs;
        var loss = loan.Default!.Loss;
        var recovered = Math.Min(net, loss);
        if (loan.Compensation is { } compensation && recovered > 0)
        {
            var ratios = compensation.Shares.Select(s => (s.Party, s.PartyName, loss == 0 ? 0 : s.Amount / loss)).ToList();
            foreach (var part in RiskSharing.Apportion(recovered, ratios).Where(p => p.Party != Parties.Bank && p.Amount > 0))
            {
                flows.Add(new MoneyFlow(bank, part.PartyName, part.Amount, "recovery of the compensation it paid (追偿)"));
            }
        }

        if (net > recovered)
        {
            flows.Add(new MoneyFlow(bank, loan.Borrower.Name, net - recovered, "the rest, to the borrower (余款退还)"));
        }

        return flows;
    }

    public static void Map(RouteGroupBuilder loans) =>
        loans.MapPost("/{id}/disposal", (string id, Disposal request, HttpContext http, EventStore.EventStore store) =>
            store.Command(http, id, loan => [Decide(loan, request, http.Caller(), store.Now())]))
            .Produces<LoanView>().WithSummary("Dispose of a defaulted loan's pledge: auction, reverse licence or debt-to-equity (the pledgee bank)");
}
