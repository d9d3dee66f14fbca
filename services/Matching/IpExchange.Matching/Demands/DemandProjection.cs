using IpExchange.EventStore;
using IpExchange.Text;

namespace IpExchange.Matching.Demands;

/// <summary>Keeps the <c>demands</c> table (lists, matching candidates) in step with the demand streams.</summary>
public sealed class DemandProjection : IInlineProjection
{
    public async Task Apply(ProjectionContext context, StoredEvent @event, CancellationToken cancellationToken)
    {
        if (!@event.StreamId.StartsWith("demand-", StringComparison.Ordinal))
        {
            return;
        }

        var id = @event.StreamId["demand-".Length..];
        var (sql, terms, extra) = @event.Data switch
        {
            DemandPosted e => ("""
                INSERT INTO {schema}.demands (id, owner_org, owner_name, title, description, ipc_codes, budget_min, budget_max, deal_kinds,
                    region, deadline, terms, status, version, created_at, updated_at)
                VALUES (@id, @owner, @owner_name, @title, @description, @ipc, @min, @max, @kinds, @region, @deadline, @terms, 'Open', @version, @at, @at)
                """, e.Terms, (e.OwnerOrganisationId, e.OwnerOrganisationName)),
            DemandEdited e => ("""
                UPDATE {schema}.demands SET title = @title, description = @description, ipc_codes = @ipc, budget_min = @min, budget_max = @max,
                    deal_kinds = @kinds, region = @region, deadline = @deadline, terms = @terms, version = @version, updated_at = @at
                WHERE id = @id
                """, e.Terms, default((string, string)?)),
            DemandClosed => ("UPDATE {schema}.demands SET status = 'Closed', version = @version, updated_at = @at WHERE id = @id", null, null),
            _ => (null, null, null),
        };
        if (sql is null)
        {
            return;
        }

        await using var cmd = context.Command(sql);
        cmd.Parameters.AddWithValue("id", id);
        cmd.Parameters.AddWithValue("version", @event.Version);
        cmd.Parameters.AddWithValue("at", @event.Timestamp);
        if (terms is not null)
        {
            cmd.Parameters.AddWithValue("title", terms.Title);
            cmd.Parameters.AddWithValue("description", terms.Description);
            cmd.Parameters.AddWithValue("ipc", terms.IpcCodes.ToArray());
            cmd.Parameters.AddWithValue("min", (object?)terms.BudgetMin ?? DBNull.Value);
            cmd.Parameters.AddWithValue("max", (object?)terms.BudgetMax ?? DBNull.Value);
            cmd.Parameters.AddWithValue("kinds", terms.DealKinds.Select(k => k.ToString()).ToArray());
            cmd.Parameters.AddWithValue("region", (object?)terms.Region ?? DBNull.Value);
            cmd.Parameters.AddWithValue("deadline", terms.Deadline);
            cmd.Parameters.AddWithValue("terms", SearchTerms.Of($"{terms.Title} {terms.Description}").Distinct().ToArray());
        }

        if (extra is { } owner)
        {
            cmd.Parameters.AddWithValue("owner", owner.Item1);
            cmd.Parameters.AddWithValue("owner_name", owner.Item2);
        }

        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }
}
