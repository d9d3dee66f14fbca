using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace IpExchange.EventStore;

public static class EventStoreSetup
{
    /// <summary>
    /// The service's event store on <c>ConnectionStrings:EventStore</c> in its own schema, migrated
    /// at start-up before anything else runs, with the durable timer worker.
    /// </summary>
    public static IServiceCollection AddEventStore(
        this IServiceCollection services,
        IConfiguration configuration,
        string schema,
        Action<EventTypeRegistry> registerEvents,
        IReadOnlyList<Migration>? migrations = null)
    {
        var connectionString = configuration.GetConnectionString("EventStore")
            ?? throw new InvalidOperationException("ConnectionStrings:EventStore is not configured.");
        var types = new EventTypeRegistry();
        registerEvents(types);
        services.AddSingleton(types);
        services.AddSingleton(sp => new EventStore(
            new EventStoreOptions { ConnectionString = connectionString, Schema = schema },
            types,
            sp.GetServices<IInlineProjection>(),
            sp.GetService<TimeProvider>()));
        services.AddHostedService(sp => new StoreMigration(sp.GetRequiredService<EventStore>(), migrations ?? []));
        services.AddSingleton<TimerWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<TimerWorker>());
        return services;
    }

    private sealed class StoreMigration(EventStore store, IReadOnlyList<Migration> migrations) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => store.Migrate(migrations, cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
