using Pickup.Core.Flow;

namespace Pickup.Core.Tests.Flow;

/// <summary>
/// An attempt store that lets a test slip another node's request in just before the next save, as two engine
/// nodes behind one load balancer can: the save that follows then meets a newer version.
/// </summary>
internal sealed class RacingStore(ILoginAttemptStore inner) : ILoginAttemptStore
{
    private Func<Task>? _beforeNextUpdate;

    /// <summary>Runs <paramref name="rival"/> once, right before the next <see cref="TryUpdateAsync"/> reaches the store.</summary>
    public void BeforeNextUpdate(Func<Task> rival) => _beforeNextUpdate = rival;

    public Task<LoginAttempt?> FindAsync(string sessionDataKey, CancellationToken cancellationToken) =>
        inner.FindAsync(sessionDataKey, cancellationToken);

    public Task CreateAsync(LoginAttempt attempt, CancellationToken cancellationToken) =>
        inner.CreateAsync(attempt, cancellationToken);

    public async Task<bool> TryUpdateAsync(LoginAttempt attempt, CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _beforeNextUpdate, null) is { } rival)
        {
            await rival();
        }

        return await inner.TryUpdateAsync(attempt, cancellationToken);
    }

    public Task<bool> TryRemoveAsync(string sessionDataKey, CancellationToken cancellationToken) =>
        inner.TryRemoveAsync(sessionDataKey, cancellationToken);
}
