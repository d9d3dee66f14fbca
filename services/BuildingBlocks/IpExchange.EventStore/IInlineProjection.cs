using Npgsql;

namespace IpExchange.EventStore;

/// <summary>
/// Updates read-model tables from events inside the append's own transaction, so a read model is
/// never behind or ahead of the events it was built from.
/// </summary>
public interface IInlineProjection
{
    Task Apply(ProjectionContext context, StoredEvent @event, CancellationToken cancellationToken);
}

/// <summary>The append's connection and transaction, and the service's schema for its SQL.</summary>
public sealed class ProjectionContext(NpgsqlConnection connection, NpgsqlTransaction transaction, EventStore store)
{
    public NpgsqlConnection Connection { get; } = connection;
    public NpgsqlTransaction Transaction { get; } = transaction;

    /// <summary>A command in the append's transaction; <c>{schema}</c> in the SQL names the service's schema.</summary>
    public NpgsqlCommand Command(string sql) => new(store.Sql(sql), Connection, Transaction);
}
