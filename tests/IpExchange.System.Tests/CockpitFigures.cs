using System.Text.Json;

namespace IpExchange.SystemTesting;

/// <summary>
/// The cockpit's figures (GET /api/cockpit/live's pushes) beside the counts of the services that own
/// each fact: the Listing service's listings by status and review queue, the Matching service's
/// deals, the Contract service's agreements by status.
/// </summary>
public static class CockpitFigures
{
    private static readonly string[] ListingStatuses = ["Submitted", "Rejected", "Public", "Reserved", "Sold", "Withdrawn", "Expired"];
    private static readonly string[] ExclusiveKinds = ["Assignment", "ExclusiveLicence", "SoleLicence", "EquityContribution"];

    /// <summary>The cockpit's figures and the owners' counts once they agree, or the last of both at the deadline (90 s).</summary>
    public static async Task<(JsonElement Cockpit, Dictionary<string, decimal> Owners)> Agreeing(ExchangeClient client, CancellationToken ct)
    {
        // The cockpit folds the facts a moment later than the services decide: its live feed pushes the
        // figures on every change (and every 15 s), and each push is compared with the services' counts
        // until they agree or the deadline passes; then each figure is asserted, so a disagreement fails
        // naming the figure and both counts.
        var (cockpit, owners) = (default(JsonElement), new Dictionary<string, decimal>());
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(TimeSpan.FromSeconds(90));
        try
        {
            await foreach (var figures in client.Events(DemoUsers.Exchange, "/api/cockpit/live", "figures", deadline.Token))
            {
                (cockpit, owners) = (figures, await OwnersCounts(client, deadline.Token));
                if (Differences(cockpit, owners).Count == 0)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // The deadline: the caller asserts the differences, which name the figures that disagree.
        }

        return (cockpit, owners);
    }

    /// <summary>Each cockpit figure that differs from its owner's count, as "figure: cockpit ≠ owner".</summary>
    public static List<string> Differences(JsonElement cockpit, Dictionary<string, decimal> owners)
    {
        var listings = Stages(cockpit.GetProperty("listings"));
        var deals = Stages(cockpit.GetProperty("deals"));
        var d = cockpit.GetProperty("deals");
        var conversion = cockpit.GetProperty("conversion");
        var figures = new Dictionary<string, decimal>
        {
            ["listings.total"] = cockpit.GetProperty("listings").GetProperty("total").GetInt64(),
            ["listings.sum-of-stages"] = listings.Values.Sum(),
            ["deals.total"] = d.GetProperty("total").GetInt64(),
            ["deals.sum-of-stages"] = deals.Values.Sum(),
            ["deals.completed"] = d.GetProperty("completed").GetInt64(),
            ["deals.amount"] = d.GetProperty("amount").GetDecimal(),
            ["deals.Struck"] = deals["Struck"],
            ["deals.Drafted"] = deals["Drafted"],
            ["deals.Signed"] = deals["Signed"],
            ["deals.Recorded+Paying"] = deals["Recorded"] + deals["Paying"],
            ["deals.Completed"] = deals["Completed"],
            ["deals.Cancelled"] = deals["Cancelled"],
            ["deals.Refused"] = deals["Refused"],
            ["listings.Sold = completed exclusive deals"] = listings["Sold"],
            ["conversion.withDeal"] = conversion.GetProperty("withDeal").GetInt64(),
            ["conversion.completed"] = conversion.GetProperty("completed").GetInt64(),
        };
        foreach (var status in ListingStatuses)
        {
            figures[$"listings.{status}"] = listings[status];
        }

        return figures.Where(f => owners.GetValueOrDefault(f.Key, -1) != f.Value).Select(f => $"{f.Key}: cockpit {f.Value} ≠ owner {owners.GetValueOrDefault(f.Key, -1)}").ToList();
    }

    /// <summary>The same figures as each owning service counts them through its own API.</summary>
    public static async Task<Dictionary<string, decimal>> OwnersCounts(ExchangeClient client, CancellationToken ct)
    {
        var owners = new Dictionary<string, decimal>();
        foreach (var status in ListingStatuses)
        {
            owners[$"listings.{status}"] = await Total(client, $"/api/listings?status={status}&pageSize=1", ct);
        }

        owners["listings.total"] = ListingStatuses.Sum(s => owners[$"listings.{s}"]);
        owners["listings.sum-of-stages"] = owners["listings.total"];
        // 待审核 on the cockpit is the exchange's review queue.
        owners["listings.Submitted"] = await Total(client, "/api/listings/review-queue?pageSize=1", ct);

        var matchingDeals = await Items(client, "/api/deals", ct);
        var refused = matchingDeals.Count(x => x.GetProperty("status").GetString() == "Refused");
        var agreements = await Items(client, "/api/agreements", ct);
        int Agreements(params string[] statuses) => agreements.Count(a => statuses.Contains(a.GetProperty("status").GetString()));
        owners["deals.total"] = matchingDeals.Count;
        owners["deals.sum-of-stages"] = matchingDeals.Count;
        owners["deals.Refused"] = refused;
        owners["deals.Struck"] = matchingDeals.Count - refused - agreements.Count;
        owners["deals.Drafted"] = Agreements("AwaitingSignatures");
        owners["deals.Signed"] = Agreements("SignedByBoth");
        owners["deals.Recorded+Paying"] = Agreements("Effective");
        owners["deals.Completed"] = Agreements("Completed");
        owners["deals.completed"] = Agreements("Completed");
        owners["deals.Cancelled"] = Agreements("Cancelled");
        // The amount: the agreed price of every deal still alive (the agreement's, else the deal's).
        var prices = agreements.ToDictionary(a => a.GetProperty("dealId").GetString()!, a => (Price: a.GetProperty("price").GetDecimal(), Status: a.GetProperty("status").GetString()));
        owners["deals.amount"] = matchingDeals
            .Where(x => x.GetProperty("status").GetString() != "Refused")
            .Select(x => prices.TryGetValue(x.GetProperty("dealId").GetString()!, out var a) ? (a.Status == "Cancelled" ? 0 : a.Price) : x.GetProperty("price").GetDecimal())
            .Sum();
        owners["listings.Sold = completed exclusive deals"] = agreements.Count(a => a.GetProperty("status").GetString() == "Completed"
            && ExclusiveKinds.Contains(a.GetProperty("dealKind").GetString()));
        owners["conversion.withDeal"] = matchingDeals.Where(x => x.GetProperty("status").GetString() != "Refused")
            .Select(x => x.GetProperty("listingId").GetString()).Distinct().Count();
        owners["conversion.completed"] = agreements.Where(a => a.GetProperty("status").GetString() == "Completed")
            .Select(a => a.GetProperty("listingId").GetString()).Distinct().Count();
        return owners;
    }

    public static Dictionary<string, decimal> Stages(JsonElement figures) =>
        figures.GetProperty("byStage").EnumerateArray().ToDictionary(s => s.GetProperty("stage").GetString()!, s => (decimal)s.GetProperty("count").GetInt64());

    private static async Task<long> Total(ExchangeClient client, string path, CancellationToken ct) =>
        (await client.Get(DemoUsers.Exchange, path, ct)).Expect(200, path).GetProperty("total").GetInt64();

    /// <summary>Every item of a paged list, as exchange staff see it.</summary>
    public static async Task<List<JsonElement>> Items(ExchangeClient client, string path, CancellationToken ct)
    {
        var items = new List<JsonElement>();
        for (var page = 1; ; page++)
        {
            var body = (await client.Get(DemoUsers.Exchange, $"{path}?page={page}&pageSize=100", ct)).Expect(200, path);
            items.AddRange(body.GetProperty("items").EnumerateArray());
            if (items.Count >= body.GetProperty("total").GetInt64() || body.GetProperty("items").GetArrayLength() == 0)
            {
                return items;
            }
        }
    }
}
