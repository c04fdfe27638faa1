namespace Pickup.Core.Flow;

/// <summary>
/// Lets one request at a time act on a login attempt, so a double click or parallel guesses cannot run an
/// authenticator twice (and send two codes). Once per server; safe for concurrent use.
/// </summary>
public interface IAttemptGate
{
    /// <summary>Waits until this request may act on <paramref name="sessionDataKey"/>; dispose the result to let the next in.</summary>
    ValueTask<IAsyncDisposable> EnterAsync(string sessionDataKey, CancellationToken cancellationToken);
}
