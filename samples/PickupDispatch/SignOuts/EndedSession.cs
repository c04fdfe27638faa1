namespace Pickup.Samples.PickupDispatch.SignOuts;

/// <summary>
/// A session the engine ended by a back-channel logout token: one sign-in (<see cref="SessionId"/>), or, when the token
/// names only the driver, every sign-in of <see cref="Subject"/> made before <see cref="EndedAtMs"/>.
/// </summary>
public sealed class EndedSession
{
    /// <summary>Maximum length of <see cref="SessionId"/> and <see cref="Subject"/>.</summary>
    public const int ValueMaxLength = 255;

    /// <summary>Database key.</summary>
    public long Id { get; set; }

    /// <summary>The token's <c>sid</c>: the engine's session, as the ID token's <c>sid</c> named it; null when absent.</summary>
    public string? SessionId { get; set; }

    /// <summary>The token's <c>sub</c>: the driver; null when absent.</summary>
    public string? Subject { get; set; }

    /// <summary>When the token was received, in Unix milliseconds.</summary>
    public long EndedAtMs { get; set; }
}
