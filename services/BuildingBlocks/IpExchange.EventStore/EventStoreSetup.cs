using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Weasel.Core;

namespace IpExchange.EventStore;

/// <summary>What a service tells its event store: its event types, aggregates, projections, tables.</summary>
public sealed class EventStoreBuilder
{
    internal List<Type> EventTypes { get; } = [];
    internal List<Action<StoreOptions>> Aggregates { get; } = [];
    internal List<Migration> Migrations { get; } = [];
    internal List<Action<StoreOptions, IServiceProvider>> MartenOptions { get; } = [];
    internal Type? IntegrationEventsType { get; private set; }
    internal bool RunsAsyncProjections { get; private set; }

    /// <summary>
    /// The domain events the service stores, each under its short type name: the names are part of
    /// the evidence, so a type is never renamed without mapping its old name here.
    /// </summary>
    public EventStoreBuilder Events(params IEnumerable<Type> types)
    {
        EventTypes.AddRange(types);
        return this;
    }

    /// <summary>A state folded live from its stream by its own <c>Evolve</c>, for <see cref="EventSession.Load{TState}(string, CancellationToken)"/>.</summary>
    public EventStoreBuilder Aggregate<TState>()
        where TState : IAggregateState<TState>
    {
        Aggregates.Add(options => options.Projections.Add(new Fold<TState>(), ProjectionLifecycle.Live));
        return this;
    }

    /// <summary>SQL of the service's own tables that Marten does not manage (each applied once, in order).</summary>
    public EventStoreBuilder Tables(IEnumerable<Migration> migrations)
    {
        Migrations.AddRange(migrations);
        return this;
    }

    /// <summary>Marten's own settings: projections, document indexes.</summary>
    public EventStoreBuilder Marten(Action<StoreOptions, IServiceProvider> configure)
    {
        MartenOptions.Add(configure);
        return this;
    }

    public EventStoreBuilder Marten(Action<StoreOptions> configure) => Marten((options, _) => configure(options));

    /// <summary>The service's map from domain events to integration events (see <see cref="IIntegrationEvents"/>).</summary>
    public EventStoreBuilder IntegrationEvents<TMap>()
        where TMap : class, IIntegrationEvents
    {
        IntegrationEventsType = typeof(TMap);
        return this;
    }

    /// <summary>Runs Marten's async daemon for the projections registered as Async (one node leads, by advisory lock).</summary>
    public EventStoreBuilder AsyncProjections()
    {
        RunsAsyncProjections = true;
        return this;
    }
}

public static partial class EventStoreSetup
{
    /// <summary>
    /// The service's event store: Marten on <c>ConnectionStrings:EventStore</c> in its own schema,
    /// migrated at start-up before anything else runs, with the durable timer worker and a readiness
    /// check of PostgreSQL.
    /// </summary>
    public static IServiceCollection AddEventStore(
        this IServiceCollection services,
        IConfiguration configuration,
        string schema,
        Action<EventStoreBuilder> configure)
    {
        var connectionString = configuration.GetConnectionString("EventStore")
            ?? throw new InvalidOperationException("ConnectionStrings:EventStore is not configured.");
        var builder = new EventStoreBuilder();
        configure(builder);
        CheckSchemaName(schema);

        services.AddSingleton(_ => CreateDataSource(connectionString));
        if (builder.IntegrationEventsType is { } map)
        {
            services.AddSingleton(typeof(IIntegrationEvents), map);
        }

        services.AddSingleton(sp => new EventStore(
            sp.GetRequiredService<IDocumentStore>(),
            sp.GetRequiredService<NpgsqlDataSource>(),
            schema,
            builder.Migrations,
            sp.GetService<IIntegrationEvents>(),
            sp.GetService<TimeProvider>()));

        // First hosted service: the schema exists before the relay, the timers or the daemon start.
        services.AddHostedService<StoreMigration>();

        var marten = services.AddMarten(sp => MartenOptions(sp.GetRequiredService<NpgsqlDataSource>(), schema, builder, sp));
        if (builder.RunsAsyncProjections)
        {
            marten.AddAsyncDaemon(DaemonMode.HotCold);
        }

        services.AddSingleton<StoreGauges>();
        services.AddHostedService(sp => sp.GetRequiredService<StoreGauges>());
        services.AddSingleton<TimerWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<TimerWorker>());
        services.AddHealthChecks().Add(new HealthCheckRegistration(
            PostgresHealthCheck.Name,
            sp => new PostgresHealthCheck(sp.GetRequiredService<NpgsqlDataSource>()),
            HealthStatus.Unhealthy,
            PostgresHealthCheck.Tags,
            TimeSpan.FromSeconds(5)));
        return services;
    }

    /// <summary>
    /// A store outside dependency injection (tests, benchmarks, tools), configured as
    /// <see cref="AddEventStore"/> would; dispose it to close its connections. Not migrated yet.
    /// </summary>
    public static EventStore CreateEventStore(string connectionString, string schema, Action<EventStoreBuilder> configure, IServiceProvider? services = null, TimeProvider? time = null)
    {
        CheckSchemaName(schema);
        var builder = new EventStoreBuilder();
        configure(builder);
        var dataSource = CreateDataSource(connectionString);
        var marten = new DocumentStore(MartenOptions(dataSource, schema, builder, services ?? EmptyServices.Instance));
        var map = builder.IntegrationEventsType is { } type ? (IIntegrationEvents)Activator.CreateInstance(type)! : null;
        return new EventStore(marten, dataSource, schema, builder.Migrations, map, time) { OwnsConnections = true };
    }

    /// <summary>
    /// The service's data source. Npgsql traces a command only inside an activity (a request, a
    /// consumer, a relay publish, a timer's firing): the relay's and the timers' polls, several a
    /// second, would otherwise each be a trace of their own and bury the deals.
    /// </summary>
    internal static NpgsqlDataSource CreateDataSource(string connectionString)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        builder.ConfigureTracing(tracing => tracing
            .ConfigureCommandFilter(_ => System.Diagnostics.Activity.Current is not null)
            .ConfigureBatchFilter(_ => System.Diagnostics.Activity.Current is not null)
            .EnableFirstResponseEvent(false));
        return builder.Build();
    }

    internal static StoreOptions MartenOptions(NpgsqlDataSource dataSource, string schema, EventStoreBuilder builder, IServiceProvider services)
    {
        var options = new StoreOptions();
        options.Connection(dataSource);
        options.DatabaseSchemaName = schema;
        options.Events.DatabaseSchemaName = schema;
        options.Events.StreamIdentity = StreamIdentity.AsString;
        options.Events.MetadataConfig.EnableAll();
        options.Events.MetadataConfig.UserNameEnabled = true;
        // Racing appends must not burn sequence numbers: a gap stalls the async daemon.
        options.Events.UseExclusiveLockOnConcurrentAppends = true;
        // The daemon's leader lock is a database-wide advisory lock (Marten's default id 4444): every
        // service shares one database, each in its own schema, so one id for all would let only one
        // service's daemon run at a time. One id per schema, stable across restarts and replicas.
        options.Projections.DaemonLockId = DaemonLockIdOf(schema);
        options.UseSystemTextJsonForSerialization(StoreJson.Options, EnumStorage.AsString, Casing.CamelCase);
        options.AutoCreateSchemaObjects = JasperFx.AutoCreate.CreateOrUpdate;
        foreach (var type in builder.EventTypes)
        {
            options.Events.MapEventType(type, type.Name);
        }

        foreach (var aggregate in builder.Aggregates)
        {
            aggregate(options);
        }

        foreach (var configureMarten in builder.MartenOptions)
        {
            configureMarten(options, services);
        }

        return options;
    }

    /// <summary>A stable (not per-process) 31-bit number for the schema: <see cref="string.GetHashCode()"/> is randomised per process.</summary>
    internal static int DaemonLockIdOf(string schema) =>
        (int)(BitConverter.ToUInt32(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("ipx-daemon:" + schema)), 0) & 0x7FFFFFFF);

    private static void CheckSchemaName(string schema)
    {
        if (string.IsNullOrWhiteSpace(schema) || !schema.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_'))
        {
            throw new ArgumentException("The schema name must be lower-case letters, digits and underscores.", nameof(schema));
        }
    }

    private sealed class EmptyServices : IServiceProvider
    {
        public static readonly EmptyServices Instance = new();

        public object? GetService(Type serviceType) => null;
    }

    private sealed partial class StoreMigration(EventStore store, ILogger<StoreMigration> logger) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            try
            {
                await store.Migrate(cancellationToken);
            }
            catch (PreviousStoreException e)
            {
                // One line, no stack trace: the operator has one thing to do, and nothing has started yet.
                LogPreviousStore(logger, e.Message);
                await Console.Error.WriteLineAsync(e.Message);
                Environment.Exit(3);
            }
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        [LoggerMessage(Level = LogLevel.Critical, Message = "{Reason}")]
        private static partial void LogPreviousStore(ILogger logger, string reason);
    }
}
