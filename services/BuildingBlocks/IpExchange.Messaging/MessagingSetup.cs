using IpExchange.ServiceDefaults;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace IpExchange.Messaging;

public static class MessagingSetup
{
    /// <summary>
    /// MassTransit on RabbitMQ, configured from the <c>Messaging</c> section: endpoint names are
    /// prefixed with the service's name, consumers retry then are redelivered later, then land in
    /// their _error queue; prefetch and concurrency limits apply to every endpoint.
    /// </summary>
    public static IServiceCollection AddIpExchangeMessaging(
        this IServiceCollection services,
        IConfiguration configuration,
        string serviceName,
        Action<IBusRegistrationConfigurator>? consumers = null,
        bool withOutboxRelay = true)
    {
        var section = configuration.GetSection(MessagingOptions.Section);
        services.Configure<MessagingOptions>(section);
        var options = section.Get<MessagingOptions>() ?? new MessagingOptions();

        services.AddMassTransit(x =>
        {
            // On by default, MassTransit reports usage to its vendor over the internet; our telemetry is OpenTelemetry's.
            x.DisableUsageTelemetry();
            x.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter(options.EndpointPrefix ?? serviceName, includeNamespace: false));
            consumers?.Invoke(x);
            if (options.QuorumQueues)
            {
                // Per endpoint: the bus-level SetQuorumQueue() does not reach the endpoints that
                // ConfigureEndpoints creates (checked on RabbitMQ 3.10: they stayed classic).
                x.AddConfigureEndpointsCallback((_, _, endpoint) =>
                {
                    if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbit)
                    {
                        rabbit.SetQuorumQueue();
                    }
                });
            }

            x.UsingRabbitMq((context, cfg) =>
            {
                cfg.Host(options.Host, (ushort)options.Port, options.VirtualHost, h =>
                {
                    h.Username(options.Username);
                    h.Password(options.Password);
                    h.PublisherConfirmation = true;
                    h.Heartbeat(TimeSpan.FromSeconds(10));
                });
                cfg.PrefetchCount = options.PrefetchCount;
                cfg.ConcurrentMessageLimit = options.ConcurrentMessageLimit;
                cfg.UseRedelivery(context, options);
                if (options.RetryIntervals.Length > 0)
                {
                    cfg.UseMessageRetry(r => r.Intervals(options.RetryIntervals));
                }
                cfg.ConfigureEndpoints(context);
            });
        });

        // Redelivery waits in the store's timers (see AddEventStore, which runs the timer worker).
        services.AddScoped<IpExchange.EventStore.ITimerHandler, RedeliveryTimerHandler>();

        if (withOutboxRelay)
        {
            services.AddSingleton<OutboxRelay>();
            services.AddHostedService(sp => sp.GetRequiredService<OutboxRelay>());
            services.AddHealthChecks()
                .AddCheck<OutboxRelayHealthCheck>(OutboxRelayHealthCheck.Name, HealthStatus.Unhealthy, [HealthTags.Ready])
                .AddCheck<OutboxBacklogHealthCheck>(OutboxBacklogHealthCheck.Name, HealthStatus.Unhealthy, [HealthTags.Ready], TimeSpan.FromSeconds(5));
        }

        return services;
    }
}
