using Pickup.Abstractions.Auditing;
using Pickup.Core.Plugins;

namespace Pickup.Core.Auditing;

/// <summary>
/// The SDK's <see cref="IAuditTrail"/> over the engine's audit log: a plugin writes only event types it (or the
/// engine) declared, so <c>pickup audit tail --type</c> knows every type that can appear.
/// </summary>
public sealed class AuditTrail(IAuditLog log, PluginContributionRegistry contributions) : IAuditTrail
{
    private readonly IReadOnlySet<string> _types = contributions.AllAuditEventTypes;

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">The type was never declared (a plugin's bug).</exception>
    public Task WriteAsync(AuditRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (!_types.Contains(record.Type))
        {
            throw new InvalidOperationException(
                $"The audit event type '{record.Type}' was not declared: a plugin declares its types in IPickupPlugin.Describe (contributions.AuditEvent).");
        }

        return log.WriteAsync(
            new AuditEvent(record.Type)
            {
                UserId = record.UserId,
                Username = record.Username,
                ClientId = record.ClientId,
                RemoteAddress = record.RemoteAddress,
                Detail = record.Detail,
            },
            cancellationToken);
    }
}
