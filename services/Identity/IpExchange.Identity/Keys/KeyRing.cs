using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Dapper;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Npgsql;
using OpenIddict.Server;

namespace IpExchange.Identity.Keys;

/// <summary>A key of the ring: a signing ('sig') or encryption ('enc') certificate and when it is valid.</summary>
public sealed record RingKey(Guid Id, string Use, DateTimeOffset NotBefore, DateTimeOffset NotAfter, X509SecurityKey Key);

/// <summary>
/// The OpenID Connect server's keys, kept in PostgreSQL (<c>oidc_keys</c>): shared by every replica and
/// kept across restarts, so tokens and refresh tokens outlive a deployment. Rotation: when the newest
/// key of a use has less than <c>KeyRolloverDays</c> left, a successor is made whose validity starts
/// <c>KeyPublishLeadHours</c> ahead. OpenIddict publishes every signing key in its JWKS but signs with the
/// valid key that expires last, so the successor is announced first (services cache the JWKS for up to
/// 12 hours) and signs once valid. A key is retired once nothing it signed or encrypted can still be alive.
/// </summary>
public sealed class KeyRing(NpgsqlDataSource db, EventStore.EventStore store, IdentitySettings settings, TimeProvider clock)
{
    private const string Signing = "sig";
    private const string Encryption = "enc";

    private readonly Dictionary<Guid, RingKey> _loaded = [];
    private volatile IReadOnlyList<RingKey> _keys = [];
    private string _fingerprint = "";

    public IReadOnlyList<RingKey> Keys => _keys;

    /// <summary>
    /// Reads the table, making, rotating and retiring keys under an advisory lock so that replicas never
    /// make two successors; true when what OpenIddict should use changed.
    /// </summary>
    public async Task<bool> Sync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var lifetime = TimeSpan.FromDays(settings.KeyLifetimeDays);
        var retention = TimeSpan.FromDays(settings.RefreshTokenDays) + TimeSpan.FromMinutes(settings.AccessTokenMinutes);

        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_xact_lock(hashtext('ipx-keys:' || @schema))",
            new { schema = store.Schema }, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            store.Sql("UPDATE {schema}.oidc_keys SET retired_at = @now WHERE retired_at IS NULL AND not_after + @retention < @now"),
            new { now, retention }, transaction, cancellationToken: cancellationToken));

        var rows = await Read(connection, transaction, cancellationToken);
        foreach (var use in new[] { Signing, Encryption })
        {
            var newest = rows.Where(r => r.Use == use).MaxBy(r => r.NotAfter);
            if (newest is null)
            {
                await Insert(connection, transaction, use, now.AddMinutes(-5), lifetime, cancellationToken); // the first key: valid at once
            }
            else if (newest.NotAfter - now < TimeSpan.FromDays(settings.KeyRolloverDays))
            {
                await Insert(connection, transaction, use, now.AddHours(settings.KeyPublishLeadHours), lifetime, cancellationToken);
            }
        }

        rows = await Read(connection, transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return Load(rows, now);
    }

    /// <summary>Makes a successor now, valid after <paramref name="lead"/> (tests watch a rollover happen without waiting days).</summary>
    public async Task<bool> Rotate(string use, TimeSpan lead, CancellationToken cancellationToken = default)
    {
        await using (var connection = await db.OpenConnectionAsync(cancellationToken))
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
        {
            await Insert(connection, transaction, use, clock.GetUtcNow() + lead, TimeSpan.FromDays(settings.KeyLifetimeDays), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        return await Sync(cancellationToken);
    }

    /// <summary>The key OpenIddict signs (or encrypts) with now: the valid one that expires last.</summary>
    public static RingKey? Current(IEnumerable<RingKey> keys, string use, DateTimeOffset now) =>
        keys.Where(k => k.Use == use && k.NotBefore <= now && now < k.NotAfter).MaxBy(k => k.NotAfter);

    public RingKey? CurrentSigningKey() => Current(_keys, Signing, clock.GetUtcNow());

    private bool Load(IReadOnlyList<KeyRow> rows, DateTimeOffset now)
    {
        var keys = new List<RingKey>();
        foreach (var row in rows)
        {
            if (!_loaded.TryGetValue(row.Id, out var key))
            {
                var certificate = X509CertificateLoader.LoadPkcs12(row.Pkcs12, settings.KeyPassword, X509KeyStorageFlags.EphemeralKeySet);
                key = new RingKey(row.Id, row.Use, row.NotBefore, row.NotAfter, new X509SecurityKey(certificate));
                _loaded[row.Id] = key;
            }

            keys.Add(key);
        }

        // What OpenIddict does with the keys depends on the set and on which of them is current.
        var fingerprint = string.Join(",", keys.OrderBy(k => k.Id).Select(k => k.Key.KeyId))
            + "|" + Current(keys, Signing, now)?.Key.KeyId + "|" + Current(keys, Encryption, now)?.Key.KeyId;
        _keys = keys;
        var changed = fingerprint != _fingerprint;
        _fingerprint = fingerprint;
        return changed;
    }

    private async Task<IReadOnlyList<KeyRow>> Read(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken) =>
        [.. await connection.QueryAsync<KeyRow>(new CommandDefinition(
            store.Sql("SELECT id, use, pkcs12, not_before AS NotBeforeUtc, not_after AS NotAfterUtc FROM {schema}.oidc_keys WHERE retired_at IS NULL ORDER BY created_at"),
            transaction: transaction, cancellationToken: cancellationToken))];

    private async Task Insert(NpgsqlConnection connection, NpgsqlTransaction transaction, string use, DateTimeOffset notBefore, TimeSpan lifetime,
        CancellationToken cancellationToken)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest($"CN=IpExchange Identity {(use == Signing ? "signing" : "encryption")} {notBefore:yyyyMMddHHmmss}",
            rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        // OpenIddict refuses a signing certificate without DigitalSignature and an encryption one without KeyEncipherment.
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            use == Signing ? X509KeyUsageFlags.DigitalSignature : X509KeyUsageFlags.KeyEncipherment, critical: true));
        using var certificate = request.CreateSelfSigned(notBefore, notBefore + lifetime);
        // X.509 keeps whole seconds: store what the certificate says, so the table and OpenIddict agree.
        await connection.ExecuteAsync(new CommandDefinition(
            store.Sql("INSERT INTO {schema}.oidc_keys (id, use, pkcs12, not_before, not_after) VALUES (@id, @use, @pkcs12, @notBefore, @notAfter)"),
            new
            {
                id = Guid.CreateVersion7(),
                use,
                pkcs12 = certificate.Export(X509ContentType.Pkcs12, settings.KeyPassword),
                notBefore = new DateTimeOffset(certificate.NotBefore.ToUniversalTime(), TimeSpan.Zero),
                notAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero),
            }, transaction, cancellationToken: cancellationToken));
    }

    // Npgsql reads timestamptz as a UTC DateTime.
    private sealed record KeyRow(Guid Id, string Use, byte[] Pkcs12, DateTime NotBeforeUtc, DateTime NotAfterUtc)
    {
        public DateTimeOffset NotBefore => new(NotBeforeUtc, TimeSpan.Zero);

        public DateTimeOffset NotAfter => new(NotAfterUtc, TimeSpan.Zero);
    }
}

/// <summary>Hands the ring's keys to OpenIddict each time its options are built.</summary>
public sealed class KeyRingServerOptions(KeyRing ring) : IConfigureOptions<OpenIddictServerOptions>
{
    public void Configure(OpenIddictServerOptions options)
    {
        foreach (var key in ring.Keys)
        {
            if (key.Use == "sig")
            {
                options.SigningCredentials.Add(new SigningCredentials(key.Key, SecurityAlgorithms.RsaSha256));
            }
            else
            {
                options.EncryptionCredentials.Add(new EncryptingCredentials(key.Key, SecurityAlgorithms.RsaOAEP, SecurityAlgorithms.Aes256CbcHmacSha512));
            }
        }
    }
}

/// <summary>
/// Loads the ring before the service takes requests (OpenIddict's options need a key), then reads it
/// again every <c>KeyCheckSeconds</c>; when it changed, drops OpenIddict's cached options so that the
/// next request builds them with the new set (no restart: OpenIddict reads its options per request).
/// </summary>
public sealed partial class KeyRotation(KeyRing ring, IdentitySettings settings, IOptionsMonitorCache<OpenIddictServerOptions> cache,
    ILogger<KeyRotation> logger) : BackgroundService
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await ring.Sync(cancellationToken);
        Reload();
        await base.StartAsync(cancellationToken);
    }

    /// <summary>Forgets OpenIddict's options: the next request builds them from the ring as it is now.</summary>
    public void Reload() => cache.TryRemove(Options.DefaultName);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(1, settings.KeyCheckSeconds)));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                if (await ring.Sync(stoppingToken))
                {
                    LogKeysChanged(logger);
                    Reload();
                }
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                LogCheckFailed(logger, e);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The signing keys changed; OpenIddict uses the new set from the next request")]
    private static partial void LogKeysChanged(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading the signing keys failed; the current keys stay in use")]
    private static partial void LogCheckFailed(ILogger logger, Exception exception);
}
