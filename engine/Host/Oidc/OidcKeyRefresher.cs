using Pickup.Core.Auditing;
using Pickup.Core.Configuration;
using Pickup.Data.Keys;

namespace Pickup.Host.Oidc;

/// <summary>
/// Keeps a node on the database's keys without a restart: every <c>[oidc] key_reload_seconds</c> it makes the next
/// generation of keys older than <c>signing_key_rotation_days</c> (one key even when every node does it at once), then
/// re-reads the generations and hands OpenIddict the keys in use now (a key made by <c>pickup keys rotate</c> or by
/// another node, one that activated or retired since). A database that cannot be read leaves the keys as they were.
/// Once per server.
/// </summary>
internal sealed partial class OidcKeyRefresher(
    OidcKeyRing ring,
    ServerKeyStore store,
    OidcOptions oidc,
    TimeProvider time,
    IAuditLog audit,
    ILogger<OidcKeyRefresher> logger) : BackgroundService
{
    private readonly OidcKeys _keys = new(store);

    /// <summary>One round: rotate what is due, re-read, update OpenIddict when anything changed.</summary>
    public async Task RefreshAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        foreach (var key in await _keys.RotateDueAsync(oidc, now, ct))
        {
            LogRotated(key.Name, key.KeyId, oidc.SigningKeyRotationDays, key.EffectiveActivation);
            await audit.WriteAsync(
                new AuditEvent(AuditEventTypes.KeysRotated) { Detail = $"{key.Name} (key id {key.KeyId}), automatic, in use from {key.EffectiveActivation:u}" },
                ct);
        }

        if (ring.Update(await _keys.ReadAsync(now, ct)))
        {
            LogReloaded(ring.Current.Fingerprint);
        }
    }

    /// <summary>Re-reads the keys only (a token named a key this node does not hold); a failure keeps the keys in use.</summary>
    public async Task ReloadAsync(CancellationToken ct)
    {
        try
        {
            if (ring.Update(await _keys.ReadAsync(time.GetUtcNow(), ct)))
            {
                LogReloaded(ring.Current.Fingerprint);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
        {
            LogFailed(ex);
        }
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromSeconds(oidc.KeyReloadSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(interval, time, stoppingToken);
                await RefreshAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                LogFailed(ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Made server key {Name} (key id {KeyId}): the previous one is older than [oidc] signing_key_rotation_days = {Days}; in use from {ActivatesAt:u}.")]
    private partial void LogRotated(string name, string keyId, int days, DateTimeOffset activatesAt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Token keys changed in the database; now using {Keys}")]
    private partial void LogReloaded(string keys);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not re-read the server keys from the database; keeping the ones in use.")]
    private partial void LogFailed(Exception exception);
}
