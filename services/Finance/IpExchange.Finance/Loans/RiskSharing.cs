using IpExchange.Contracts.Finance;

namespace IpExchange.Finance.Loans;

/// <summary>
/// 风险补偿: a default's loss shared among the parties. An eligible loan (the borrower's loans in
/// total at most the cap, the guarantee fee at most its cap) shares it by the configured weights
/// (Chongqing: guarantor 4, re-guarantor 2, national fund 2, bank 2); any other loan by its own
/// terms: the guarantor bears the coverage it approved, the bank the rest.
/// <para>
/// Rounding, to the fen: every party's share but the bank's is the loss · its ratio rounded toward
/// zero; the bank, as the lender who holds the loan, takes what remains, so the shares add up to
/// the loss exactly and no party pays a fen more than its ratio.
/// </para>
/// </summary>
public static class RiskSharing
{
    public static bool Eligible(decimal borrowerTotal, decimal guaranteeFeeRate, RiskSharingOptions options) =>
        borrowerTotal <= options.BorrowerTotalCap && guaranteeFeeRate <= options.GuaranteeFeeCap;

    public static IReadOnlyList<CompensationShare> Split(Loan loan, decimal loss, RiskSharingOptions options)
    {
        var eligible = loan.Terms!.RiskSharingEligible;
        (string Party, string Name, decimal Ratio)[] ratios;
        if (eligible)
        {
            var total = options.Guarantor + options.ReGuarantor + options.NationalFund + options.Bank;
            ratios =
            [
                (Parties.Guarantor, loan.Guarantor.Name, options.Guarantor / total),
                (Parties.ReGuarantor, options.ReGuarantorName, options.ReGuarantor / total),
                (Parties.NationalFund, options.NationalFundName, options.NationalFund / total),
                (Parties.Bank, loan.Bank.Name, options.Bank / total),
            ];
        }
        else
        {
            var coverage = loan.Guarantee!.Coverage;
            ratios = [(Parties.Guarantor, loan.Guarantor.Name, coverage), (Parties.Bank, loan.Bank.Name, 1 - coverage)];
        }

        return Apportion(loss, ratios);
    }

    /// <summary>
    /// Divides <paramref name="amount"/> by the ratios: each party's part rounded toward zero to the
    /// fen, the bank's the remainder (the same rule as the loss).
    /// </summary>
    public static IReadOnlyList<CompensationShare> Apportion(decimal amount, IReadOnlyList<(string Party, string Name, decimal Ratio)> ratios)
    {
        var shares = ratios.Where(r => r.Party != Parties.Bank)
            .Select(r => new CompensationShare(r.Party, r.Name, decimal.Round(r.Ratio, 6), decimal.Round(amount * r.Ratio, 2, MidpointRounding.ToZero)))
            .ToList();
        var bank = ratios.Single(r => r.Party == Parties.Bank);
        shares.Add(new CompensationShare(bank.Party, bank.Name, decimal.Round(bank.Ratio, 6), amount - shares.Sum(s => s.Amount)));
        return shares;
    }
}
