namespace Pickup.Plugins.Totp.Steps;

/// <summary>What the step remembers between requests, in <see cref="Abstractions.Authentication.AuthenticationStepContext.State"/>.</summary>
internal sealed class TotpState
{
    public const string AwaitingCode = "code";
    public const string AwaitingEnrollment = "enroll";

    private const string PhaseKey = "totp.phase";
    private const string PendingKey = "totp.pending";

    private readonly IDictionary<string, string> _state;

    public TotpState(IDictionary<string, string> state)
    {
        _state = state;
    }

    /// <summary><see cref="AwaitingCode"/>, <see cref="AwaitingEnrollment"/>, or null before the step started (or after it ended).</summary>
    public string? Phase
    {
        get => _state.TryGetValue(PhaseKey, out var phase) ? phase : null;
        set => Set(PhaseKey, value);
    }

    /// <summary>The sealed secret waiting for its first code (see <see cref="Enrollment.PendingSecret"/>).</summary>
    public string? SealedPendingSecret
    {
        get => _state.TryGetValue(PendingKey, out var value) ? value : null;
        set => Set(PendingKey, value);
    }

    /// <summary>Forgets everything: the step is over, or starts again.</summary>
    public void Clear()
    {
        _state.Remove(PhaseKey);
        _state.Remove(PendingKey);
    }

    private void Set(string key, string? value)
    {
        if (value is null)
        {
            _state.Remove(key);
        }
        else
        {
            _state[key] = value;
        }
    }
}
