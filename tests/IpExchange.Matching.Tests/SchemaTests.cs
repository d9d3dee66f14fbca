using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace IpExchange.Matching.Tests;

/// <summary>The read models' keys as Marten declares them are what PostgreSQL holds: a restart changes nothing.</summary>
[Collection("matching-api")]
public sealed class SchemaTests(MatchingApi api)
{
    [Fact]
    public async Task A_restarted_service_finds_its_documents_and_their_partial_unique_keys_unchanged()
    {
        await using var restarted = new MatchingApi { Schema = api.Schema };
        await restarted.InitializeAsync();
        var migration = await restarted.Services.GetRequiredService<IDocumentStore>().Storage.Database.CreateMigrationAsync();
        var sql = new StringWriter();
        migration.WriteAllUpdates(sql, new Weasel.Postgresql.PostgresqlMigrator(), JasperFx.AutoCreate.CreateOrUpdate);

        // A predicate written otherwise than PostgreSQL prints it back would be dropped and rebuilt at every start.
        Assert.True(migration.Difference == Weasel.Core.SchemaPatchDifference.None, $"{migration.Difference}: {sql}");
    }
}
