using IpExchange.EventStore;

namespace IpExchange.Listing.Patents;

/// <summary>Keeps the <c>patents</c> table (for lists and search) in step with the patent streams.</summary>
public sealed class PatentProjection : IInlineProjection
{
    public async Task Apply(ProjectionContext context, StoredEvent @event, CancellationToken cancellationToken)
    {
        var id = @event.StreamId.StartsWith("patent-", StringComparison.Ordinal) ? @event.StreamId["patent-".Length..] : null;
        if (id is null)
        {
            return;
        }

        var (sql, parameters) = @event.Data switch
        {
            PatentRegistered e => ("""
                INSERT INTO {schema}.patents (id, owner_org, owner_name, title, title_en, type, ipc_codes, filing_date, expires_on,
                    legal_status, pledged, claims_count, registered_at, updated_at)
                VALUES (@id, @owner, @name, @title, @title_en, @type, @ipc, @filing, @expires, @status, @pledged, @claims, @at, @at)
                """, new Dictionary<string, object?>
                {
                    ["owner"] = e.OwnerOrganisationId, ["name"] = e.OwnerOrganisationName, ["title"] = e.Title, ["title_en"] = e.TitleEn,
                    ["type"] = e.Type.ToString(), ["ipc"] = e.IpcCodes.ToArray(), ["filing"] = e.FilingDate, ["expires"] = e.ExpiresOn,
                    ["status"] = e.LegalStatus.ToString(), ["pledged"] = e.Pledge is not null, ["claims"] = e.ClaimsCount,
                }),
            PatentLegalStatusChanged e => ("UPDATE {schema}.patents SET legal_status = @status, updated_at = @at WHERE id = @id",
                new Dictionary<string, object?> { ["status"] = e.Status.ToString() }),
            PatentPledged => ("UPDATE {schema}.patents SET pledged = true, updated_at = @at WHERE id = @id", []),
            PatentPledgeReleased => ("UPDATE {schema}.patents SET pledged = false, updated_at = @at WHERE id = @id", []),
            PatentOffered => ("UPDATE {schema}.patents SET active_listings = active_listings + 1, updated_at = @at WHERE id = @id", []),
            PatentReleased => ("UPDATE {schema}.patents SET active_listings = greatest(0, active_listings - 1), updated_at = @at WHERE id = @id", []),
            PatentAssigned e => ("UPDATE {schema}.patents SET owner_org = @owner, active_listings = greatest(0, active_listings - 1), updated_at = @at WHERE id = @id",
                new Dictionary<string, object?> { ["owner"] = e.NewOwnerOrganisationId }),
            _ => (null, null),
        };
        if (sql is null)
        {
            return;
        }

        await using var cmd = context.Command(sql);
        cmd.Parameters.AddWithValue("id", id);
        cmd.Parameters.AddWithValue("at", @event.Timestamp);
        foreach (var (name, value) in parameters!)
        {
            cmd.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }
}
