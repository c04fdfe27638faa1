namespace Pickup.Core.Flow;

/// <summary>One node's gate: a fixed set of semaphores, an attempt mapped to one by its key's hash.</summary>
public sealed class InMemoryAttemptGate : IAttemptGate
{
    private readonly SemaphoreSlim[] _gates = Enumerable.Range(0, 256).Select(_ => new SemaphoreSlim(1, 1)).ToArray();

    /// <inheritdoc />
    public async ValueTask<IAsyncDisposable> EnterAsync(string sessionDataKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sessionDataKey);
        var gate = _gates[(uint)StringComparer.Ordinal.GetHashCode(sessionDataKey) % (uint)_gates.Length];
        await gate.WaitAsync(cancellationToken);
        return new Release(gate);
    }

    private sealed class Release(SemaphoreSlim gate) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            gate.Release();
            return ValueTask.CompletedTask;
        }
    }
}
