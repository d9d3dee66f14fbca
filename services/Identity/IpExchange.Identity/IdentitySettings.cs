namespace IpExchange.Identity;

/// <summary>A confidential client of a machine integration (client credentials), acting for one organisation.</summary>
public sealed class MachineClientSettings
{
    public string ClientId { get; set; } = "";

    /// <summary>A secret from the deployment's secret store; OpenIddict keeps only its hash.</summary>
    public string Secret { get; set; } = "";

    public string DisplayName { get; set; } = "";

    /// <summary>The member organisation the integration acts for: its tokens carry that organisation.</summary>
    public string OrganisationId { get; set; } = "";

    /// <summary>API scopes it may ask for (default: the IpExchange API).</summary>
    public List<string> Scopes { get; set; } = [];
}

/// <summary>The <c>Identity</c> section.</summary>
public sealed class IdentitySettings
{
    public const string Section = "Identity";

    /// <summary>The API scope every IpExchange client asks for; its resource is the tokens' audience.</summary>
    public const string ApiScope = "ipexchange";

    /// <summary>
    /// The public issuer, the same whichever address a request came through: the gateway's public
    /// origin with the trailing slash (e.g. <c>http://127.0.0.1:5100/</c>). Every token carries it, every
    /// service compares it; changing it invalidates every token issued before.
    /// </summary>
    public string Issuer { get; set; } = "";

    /// <summary>The audience of the API scope's tokens (services' <c>Auth:Audience</c>).</summary>
    public string Audience { get; set; } = "ipexchange";

    /// <summary>Further API scopes and their audiences (scope → resource), for APIs outside IpExchange's own.</summary>
    public Dictionary<string, string> OtherApiScopes { get; set; } = [];

    /// <summary>Plain HTTP accepted (a developer machine; or TLS ends before this service and no proxy says so).</summary>
    public bool AllowHttp { get; set; }

    /// <summary>
    /// The JSON <c>POST /auth/token</c> and the OAuth password grant, for scripts and tests that need a
    /// user's token without a browser. Refused at start-up outside the Development and Testing environments.
    /// </summary>
    public bool DevelopmentTokens { get; set; }

    /// <summary>Networks (CIDR) whose X-Forwarded-* headers are believed: the gateway's. Loopback always is.</summary>
    public List<string> TrustedProxyNetworks { get; set; } = [];

    /// <summary>Password of the PKCS#12 blobs of the signing and encryption keys in the database: a secret.</summary>
    public string KeyPassword { get; set; } = "";

    public int KeyLifetimeDays { get; set; } = 90;

    /// <summary>A successor key is made when the newest key of a use has less than this left.</summary>
    public int KeyRolloverDays { get; set; } = 14;

    /// <summary>
    /// A successor is published this long before it signs: longer than the services' cache of the keys
    /// (12 h) plus <see cref="KeyCheckSeconds"/>, so that no service meets a key it has not seen.
    /// </summary>
    public int KeyPublishLeadHours { get; set; } = 24;

    /// <summary>How often the key ring reads the table again (another replica may have rotated).</summary>
    public int KeyCheckSeconds { get; set; } = 3600;

    /// <summary>Access tokens cannot be revoked once issued (they are checked by signature alone): keep them short.</summary>
    public int AccessTokenMinutes { get; set; } = 10;

    public int RefreshTokenDays { get; set; } = 14;

    /// <summary>A redeemed refresh token still works this long (two tabs refreshing at once); a later reuse revokes the chain.</summary>
    public int RefreshTokenReuseLeewaySeconds { get; set; } = 30;

    public int MaxFailedAccessAttempts { get; set; } = 5;

    public int LockoutMinutes { get; set; } = 15;

    public int PasswordMinimumLength { get; set; } = 8;

    /// <summary>The web UI's redirect URIs (its <c>/signin-callback</c> at each public origin it is served from).</summary>
    public List<string> WebRedirectUris { get; set; } = [];

    /// <summary>Where the web UI may send the browser after signing out (its origins).</summary>
    public List<string> WebPostLogoutRedirectUris { get; set; } = [];

    public List<MachineClientSettings> MachineClients { get; set; } = [];

    /// <summary>The login page lists the demo users (Development).</summary>
    public bool ShowDemoUsers { get; set; }

    public Uri IssuerUri => new(Issuer.EndsWith('/') ? Issuer : Issuer + "/");

    /// <summary>An address under the public issuer, for links in letters.</summary>
    public Uri PublicUrl(string relative) => new(IssuerUri, relative);

    /// <summary>Reads and checks the section; what cannot run is refused before anything starts.</summary>
    public static IdentitySettings From(IConfiguration configuration, IHostEnvironment environment)
    {
        var settings = configuration.GetSection(Section).Get<IdentitySettings>() ?? new IdentitySettings();
        if (!Uri.TryCreate(settings.Issuer, UriKind.Absolute, out _))
        {
            throw new InvalidOperationException("Identity:Issuer must be the public address of the OpenID Connect issuer, e.g. http://127.0.0.1:5100/.");
        }

        if (string.IsNullOrEmpty(settings.KeyPassword))
        {
            throw new InvalidOperationException("Identity:KeyPassword must be set (a secret): it protects the signing keys kept in the database.");
        }

        if (settings.DevelopmentTokens && !(environment.IsDevelopment() || environment.IsEnvironment("Testing")))
        {
            // A production host must never hand out tokens for a password posted as JSON, whatever its settings say.
            throw new InvalidOperationException(
                $"Identity:DevelopmentTokens (POST /auth/token and the password grant) is refused in the {environment.EnvironmentName} environment; it exists for Development and Testing only.");
        }

        return settings;
    }
}
