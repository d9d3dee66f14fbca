using IpExchange.ServiceDefaults;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace IpExchange.EventStore;

/// <summary>PostgreSQL answers a <c>SELECT 1</c> through the event store's data source.</summary>
public sealed class PostgresHealthCheck(NpgsqlDataSource dataSource) : IHealthCheck
{
    public const string Name = "postgresql";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var command = dataSource.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy("PostgreSQL answers.");
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "PostgreSQL does not answer.", e);
        }
    }

    internal static string[] Tags => [HealthTags.Ready];
}
