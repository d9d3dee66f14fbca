using Dapper;
using IpExchange.Identity.Accounts;
using IpExchange.Identity.SigningIn;
using Microsoft.AspNetCore.Identity;
using Npgsql;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace IpExchange.Identity.Clients;

/// <summary>
/// Brings OpenIddict's clients and scopes and Identity's roles in line with the configuration at every
/// start (a changed redirect URI or secret takes effect at the next start), before requests are taken:
/// <list type="bullet">
/// <item><c>ipx-web</c>: the web UI, a public client: authorization code with PKCE, refresh tokens, revocation, end session.</item>
/// <item><c>ipx-dev-cli</c>: scripts and tests, the password grant; registered only where Identity:DevelopmentTokens is on, and the grant itself is off elsewhere.</item>
/// <item>each of <c>Identity:MachineClients</c>: confidential, client credentials, for one organisation.</item>
/// <item>the scope <c>ipexchange</c>, whose resource is the tokens' audience; and the roles administrator, operator, signer.</item>
/// </list>
/// Replicas starting together take turns (an advisory lock), so none registers a client twice.
/// </summary>
public sealed class ClientRegistry(IServiceProvider services, NpgsqlDataSource db, EventStore.EventStore store, IdentitySettings settings) : IHostedService
{
    public const string WebClientId = "ipx-web";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_lock(hashtext('ipx-clients:' || @schema))", new { schema = store.Schema }, cancellationToken: cancellationToken));
        try
        {
            await using var scope = services.CreateAsyncScope();
            var provider = scope.ServiceProvider;
            await Roles(provider.GetRequiredService<RoleManager<IdentityRole>>());
            await Scopes(provider.GetRequiredService<IOpenIddictScopeManager>(), cancellationToken);
            await Applications(provider.GetRequiredService<IOpenIddictApplicationManager>(), cancellationToken);
        }
        finally
        {
            await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_unlock(hashtext('ipx-clients:' || @schema))", new { schema = store.Schema }, cancellationToken: CancellationToken.None));
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static async Task Roles(RoleManager<IdentityRole> roles)
    {
        foreach (var role in OrganisationRoles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                AccountRules.Check(await roles.CreateAsync(new IdentityRole(role)), "");
            }
        }
    }

    private async Task Scopes(IOpenIddictScopeManager scopes, CancellationToken cancellationToken)
    {
        foreach (var (name, resource) in settings.OtherApiScopes.Append(KeyValuePair.Create(IdentitySettings.ApiScope, settings.Audience)))
        {
            var descriptor = new OpenIddictScopeDescriptor { Name = name, DisplayName = name, Resources = { resource } };
            if (await scopes.FindByNameAsync(name, cancellationToken) is { } existing)
            {
                await scopes.UpdateAsync(existing, descriptor, cancellationToken);
            }
            else
            {
                await scopes.CreateAsync(descriptor, cancellationToken);
            }
        }
    }

    private async Task Applications(IOpenIddictApplicationManager applications, CancellationToken cancellationToken)
    {
        var web = new OpenIddictApplicationDescriptor
        {
            ClientId = WebClientId,
            DisplayName = "IpExchange web UI",
            ClientType = ClientTypes.Public,
            ApplicationType = ApplicationTypes.Web,
            // The exchange's own web UI: nothing to consent to.
            ConsentType = ConsentTypes.Implicit,
            Permissions =
            {
                Permissions.Endpoints.Authorization, Permissions.Endpoints.Token, Permissions.Endpoints.Revocation, Permissions.Endpoints.EndSession,
                Permissions.GrantTypes.AuthorizationCode, Permissions.GrantTypes.RefreshToken, Permissions.ResponseTypes.Code,
                Permissions.Scopes.Profile, Permissions.Scopes.Email, Permissions.Prefixes.Scope + IdentitySettings.ApiScope,
            },
            Requirements = { Requirements.Features.ProofKeyForCodeExchange },
        };
        foreach (var uri in settings.WebRedirectUris)
        {
            web.RedirectUris.Add(new Uri(uri));
        }

        foreach (var uri in settings.WebPostLogoutRedirectUris)
        {
            web.PostLogoutRedirectUris.Add(new Uri(uri));
        }

        await Upsert(applications, web, cancellationToken);

        if (settings.DevelopmentTokens)
        {
            await Upsert(applications, new OpenIddictApplicationDescriptor
            {
                ClientId = DevelopmentTokens.ClientId,
                DisplayName = "Development scripts and tests",
                ClientType = ClientTypes.Public,
                Permissions =
                {
                    Permissions.Endpoints.Token, Permissions.Endpoints.Revocation,
                    Permissions.GrantTypes.Password, Permissions.GrantTypes.RefreshToken,
                    Permissions.Scopes.Profile, Permissions.Scopes.Email, Permissions.Prefixes.Scope + IdentitySettings.ApiScope,
                },
            }, cancellationToken);
        }

        foreach (var machine in settings.MachineClients)
        {
            var descriptor = new OpenIddictApplicationDescriptor
            {
                ClientId = machine.ClientId,
                ClientSecret = machine.Secret,
                DisplayName = string.IsNullOrEmpty(machine.DisplayName) ? machine.ClientId : machine.DisplayName,
                ClientType = ClientTypes.Confidential,
                Permissions = { Permissions.Endpoints.Token, Permissions.GrantTypes.ClientCredentials },
            };
            foreach (var scope in machine.Scopes.DefaultIfEmpty(IdentitySettings.ApiScope))
            {
                descriptor.Permissions.Add(Permissions.Prefixes.Scope + scope);
            }

            await Upsert(applications, descriptor, cancellationToken);
        }
    }

    private static async Task Upsert(IOpenIddictApplicationManager applications, OpenIddictApplicationDescriptor descriptor, CancellationToken cancellationToken)
    {
        if (await applications.FindByClientIdAsync(descriptor.ClientId!, cancellationToken) is { } existing)
        {
            await applications.UpdateAsync(existing, descriptor, cancellationToken);
        }
        else
        {
            await applications.CreateAsync(descriptor, cancellationToken);
        }
    }
}
