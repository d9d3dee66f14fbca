using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace IpExchange.Identity.Accounts;

/// <summary>The schema the accounts live in: the service's own (the event store's), so one database user and one backup cover both.</summary>
public sealed record AccountsSchema(string Name);

/// <summary>
/// ASP.NET Core Identity's accounts, OpenIddict's applications, authorizations, scopes and tokens, and
/// the Data Protection keys (login cookies and antiforgery tokens survive restarts and are shared by
/// replicas), in the service's schema. The tables are made by the committed SQL of
/// <see cref="IdentitySchema"/>, never by EF Core at run time.
/// </summary>
public sealed class AccountsDb(DbContextOptions<AccountsDb> options, AccountsSchema schema)
    : IdentityDbContext<UserAccount>(options), IDataProtectionKeyContext
{
    public string SchemaName { get; } = schema.Name;

    public DbSet<DataProtectionKey> DataProtectionKeys { get; set; } = null!;

    protected override void OnModelCreating(ModelBuilder builder)
    {
        builder.HasDefaultSchema(SchemaName);
        base.OnModelCreating(builder);
        builder.UseOpenIddict();
        builder.Entity<UserAccount>(user =>
        {
            user.Property(u => u.OrganisationId).HasMaxLength(64);
            user.Property(u => u.DisplayName).HasMaxLength(64);
            user.Property(u => u.InvitedBy).HasMaxLength(64);
            user.HasIndex(u => u.OrganisationId);
        });
    }
}

/// <summary>EF Core caches one model per context type; the schema differs per host (tests run several), so it is part of the key.</summary>
internal sealed class SchemaModelCacheKeyFactory : IModelCacheKeyFactory
{
    public object Create(DbContext context, bool designTime) =>
        context is AccountsDb accounts ? (context.GetType(), accounts.SchemaName, designTime) : (object)(context.GetType(), designTime);
}
