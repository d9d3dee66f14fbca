using IpExchange.DemoTrades;

// dotnet IpExchange.DemoTrades.dll [gateway address]: the demo users trade on the seeded listings.
var gateway = new Uri(args.Length > 0 ? args[0] : "http://127.0.0.1:5100/");
using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(10));
try
{
    var made = await new DemoTrader(gateway, Console.Out).Run(cancel.Token);
    Console.WriteLine(made.Skipped
        ? "Demo trades: the demo users already trade; nothing added."
        : $"Demo trades: {made.Deals} deals ({made.Completed} completed), {made.Negotiations} negotiations waiting for an answer, {made.Demands} demands.");
    return 0;
}
catch (Exception e) when (e is TradeStepFailedException or HttpRequestException or TimeoutException or OperationCanceledException)
{
    await Console.Error.WriteLineAsync($"Demo trades failed: {e.Message}");
    return 1;
}
