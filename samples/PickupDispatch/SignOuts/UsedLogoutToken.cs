namespace Pickup.Samples.PickupDispatch.SignOuts;

/// <summary>The <c>jti</c> of a logout token already acted on, kept until the token expires so a replay is refused.</summary>
public sealed class UsedLogoutToken
{
    /// <summary>Maximum length of <see cref="TokenId"/>.</summary>
    public const int TokenIdMaxLength = 255;

    /// <summary>The token's <c>jti</c> (the key).</summary>
    public required string TokenId { get; set; }

    /// <summary>The token's <c>exp</c>, in Unix milliseconds: after it the token is refused anyway.</summary>
    public long ExpiresAtMs { get; set; }
}
