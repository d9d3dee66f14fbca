namespace IpExchange.SystemTesting;

/// <summary>A test class fixture: the whole system (every service with <paramref name="replicas"/> processes, the gateway) and signed-in demo users.</summary>
public abstract class RunningSystem(int replicas, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>? settingsOf = null) : IAsyncLifetime
{
    public SystemUnderTest System { get; private set; } = null!;
    public ExchangeClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        System = await SystemUnderTest.Start(new SystemOptions { Replicas = replicas, QuorumQueues = true, SettingsOf = settingsOf ?? new Dictionary<string, IReadOnlyDictionary<string, string>>() });
        Client = new ExchangeClient(System.GatewayAddress);
        await Client.SignInAll(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        if (System is not null)
        {
            await System.DisposeAsync();
        }
    }
}
