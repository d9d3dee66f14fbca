using System.Reflection;
using IpExchange.EventStore;
using Microsoft.EntityFrameworkCore;

namespace IpExchange.Identity.Accounts;

/// <summary>
/// The service's tables beside Marten's, applied once each by the event store's migration (recorded in
/// <c>schema_migrations</c>, under its advisory lock): 0001 is the DDL EF Core derives from
/// <see cref="AccountsDb"/>'s model (Identity, OpenIddict, Data Protection), printed by
/// <c>IpExchange.Identity.dll print-schema</c> and committed; 0002 the signing keys. A test compares a
/// fresh print with the committed file, so an upgrade that changes the model gets a new step instead of
/// a silent drift. Neither EnsureCreated (it does nothing in a database that has other tables) nor the
/// dotnet-ef tool is used.
/// </summary>
public static class IdentitySchema
{
    public const string DefaultName = "identity";

    /// <summary>The schema EF Core prints the DDL for; replaced by the store's <c>{schema}</c> placeholder.</summary>
    internal const string PrintedSchema = "ipx_accounts_print";

    public static IReadOnlyList<Migration> Migrations { get; } =
    [
        new("identity-0001-accounts", Read("0001_accounts")),
        new("identity-0002-signing-keys", Read("0002_signing_keys")),
    ];

    /// <summary>The DDL of the current model, as committed in 0001 (without its comment lines and schema creation).</summary>
    public static string PrintModel(string connectionString)
    {
        using var db = new AccountsDb(new DbContextOptionsBuilder<AccountsDb>()
            .UseNpgsql(connectionString)
            .ReplaceService<Microsoft.EntityFrameworkCore.Infrastructure.IModelCacheKeyFactory, SchemaModelCacheKeyFactory>()
            .Options, new AccountsSchema(PrintedSchema));
        var script = db.Database.GenerateCreateScript();
        // The store creates the schema; the rest names it through the placeholder.
        var start = script.IndexOf("CREATE TABLE", StringComparison.Ordinal);
        return script[start..].Replace($"{PrintedSchema}.", "{schema}.", StringComparison.Ordinal).Trim() + "\n";
    }

    /// <summary>A committed step without its comment lines, to compare with <see cref="PrintModel"/>.</summary>
    public static string CommittedModel() =>
        string.Join('\n', Read("0001_accounts").Split('\n').Where(l => !l.StartsWith("--", StringComparison.Ordinal))).Trim() + "\n";

    private static string Read(string step)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"Schema.{step}.sql")
            ?? throw new InvalidOperationException($"The schema step {step} is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
