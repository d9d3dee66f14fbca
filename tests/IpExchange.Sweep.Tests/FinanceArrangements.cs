extern alias listing;

using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using IpExchange.Contracts;
using IpExchange.Contracts.Listings;
using IpExchange.ServiceDefaults;
using static IpExchange.Sweep.Tests.People;

namespace IpExchange.Sweep.Tests;

/// <summary>
/// The Finance service's loans, each in the stage its endpoint acts on: applied for against a patent
/// the borrower owns (the Listing service's PatentChanged on the bus), guaranteed, approved, registered
/// (running), and in default once the clock passed the first due day and the durable timer fired.
/// </summary>
public sealed class FinanceArrangements(ISweptService service, Sweep sweep) : Arrangements(service, sweep)
{
    public override IReadOnlyDictionary<string, Func<Task<Target>>> All => new Dictionary<string, Func<Task<Target>>>(StringComparer.Ordinal)
    {
        ["POST /api/loans"] = async () => new Target(Borrower, "/api/loans", Application(await KnownPatent()), "/api/loans"),
        ["POST /api/loans/{id}/guarantee"] = async () => Step(Guarantor, await Loan(0), "guarantee", new { feeRate = 0.01m, coverage = 0.8m }),
        ["POST /api/loans/{id}/guarantee/refusal"] = async () => Step(Guarantor, await Loan(0), "guarantee/refusal", new { reason = "反担保措施不足" }),
        ["POST /api/loans/{id}/approval"] = async () => Step(Bank, await Loan(1), "approval", new { amount = 1_000_000m, annualRate = 0.0365m, termMonths = 3 }),
        ["POST /api/loans/{id}/refusal"] = async () => Step(Bank, await Loan(1), "refusal", new { reason = "授信额度不足" }),
        ["POST /api/loans/{id}/pledge-registration"] = async () => Step(Staff, await Loan(2), "pledge-registration", new { noticeNumber = "Y2026000123", noticeDate = Date(Today) }),
        ["POST /api/loans/{id}/repayments"] = async () => Step(Bank, await Loan(3), "repayments", new { amount = 1_000m, reference = "还款 1" }),
        ["POST /api/loans/{id}/default"] = async () => Step(Bank, await Overdue(), "default", new { reason = "第一期逾期未还" }),
        ["POST /api/loans/{id}/compensation"] = async () =>
        {
            var id = await Defaulted();
            return new Target(Bank, $"/api/loans/{id}/compensation", null, $"/api/loans/{id}", IfMatch: true);
        },
        ["POST /api/loans/{id}/disposal"] = async () => Step(Bank, await Defaulted(), "disposal",
            new { method = "ReverseLicence", counterparty = "渌江精密刀具有限公司", proceeds = 1_200_000m, costs = 36_000m, note = "转让后许可借款人继续实施" }),
    };

    private static Target Step(Caller caller, string loanId, string step, object body) =>
        new(caller, $"/api/loans/{loanId}/{step}", Json(body), $"/api/loans/{loanId}", IfMatch: true);

    private JsonObject Application(string patentId) => Json(new
    {
        bankOrganisationId = Bank.OrganisationId,
        guarantorOrganisationId = Guarantor.OrganisationId,
        amount = 1_000_000m,
        termMonths = 3,
        purpose = "流动资金周转：采购牵引变流器功率模块。",
        patentIds = new[] { patentId },
        valuation = new { reference = "VAL-2026-0042", value = 2_100_000m },
        appraisal = new { appraiser = "重庆华信资产评估有限公司", reportNumber = "华信评报字[2026]第018号", value = 2_000_000m, date = Date(Today.AddDays(-10)) },
    });

    /// <summary>A patent the borrower owns, as the Listing service would announce it, once the Finance service knows it.</summary>
    private async Task<string> KnownPatent()
    {
        var digits = string.Create(CultureInfo.InvariantCulture, $"20191{Random.Shared.Next(1_000_000, 9_999_999)}");
        var check = listing::IpExchange.Listing.Patents.PatentNumber.CheckCharacter(digits);
        var id = $"{digits}.{check}";
        await Service.Bus.Publish(new PatentChanged(id, "一种轨道车辆牵引变流器的控制方法", PatentType.Invention, Borrower.OrganisationId, true, new DateOnly(2039, 3, 15),
            null, null, 1, Now, ["H02M 7/48"]));
        await Eventually(async () => (await Ok(Borrower, "GET", "/api/loans/patents")).EnumerateArray().Any(p => p.GetProperty("id").GetString() == id), "the patent known");
        return id;
    }

    /// <summary>A loan after this many of its steps: 0 applied, 1 guaranteed, 2 approved, 3 registered (running).</summary>
    private async Task<string> Loan(int steps)
    {
        var id = (await Ok(Borrower, "POST", "/api/loans", Application(await KnownPatent()))).GetProperty("id").GetString()!;
        if (steps >= 1)
        {
            await Ok(Guarantor, "POST", $"/api/loans/{id}/guarantee", Json(new { feeRate = 0.01m, coverage = 0.8m }));
        }

        if (steps >= 2)
        {
            await Ok(Bank, "POST", $"/api/loans/{id}/approval", Json(new { amount = 1_000_000m, annualRate = 0.0365m, termMonths = 3 }));
        }

        if (steps >= 3)
        {
            await Ok(Staff, "POST", $"/api/loans/{id}/pledge-registration", Json(new { noticeNumber = "Y2026000123", noticeDate = Date(Today) }));
        }

        return id;
    }

    /// <summary>A running loan whose first instalment the durable timer found overdue (the service's clock moved past its due day).</summary>
    private async Task<string> Overdue()
    {
        var id = await Loan(3);
        var firstDue = DateOnly.Parse((await Ok(Bank, "GET", $"/api/loans/{id}")).GetProperty("schedule")[0].GetProperty("dueOn").GetString()!, CultureInfo.InvariantCulture);
        var overdueFrom = new DateTimeOffset(firstDue.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(8));
        Service.Clock.Advance(overdueFrom - Now + TimeSpan.FromMinutes(1));
        await Service.DueTimersFired();
        await Eventually(async () => (await Ok(Bank, "GET", $"/api/loans/{id}")).GetProperty("schedule")[0].GetProperty("overdue").GetBoolean(), "the first instalment overdue");
        return id;
    }

    private async Task<string> Defaulted()
    {
        var id = await Overdue();
        await Ok(Bank, "POST", $"/api/loans/{id}/default", Json(new { reason = "第一期逾期未还" }));
        return id;
    }
}
