namespace Pickup.Abstractions.Users;

/// <summary>
/// What a plugin says about one claim: how a value is normalised before it is stored, whether each user's value must
/// be different, and which OpenID Connect claim carries it. The engine applies it wherever the claim is written
/// (the plugin's pages, <c>pickup users add|set-claim</c>) and read (tokens, userinfo).
/// </summary>
public abstract class ClaimRule
{
    /// <summary>The claim URI, like <c>http://wso2.org/claims/emailaddress</c>.</summary>
    public abstract string ClaimUri { get; }

    /// <summary>True when no two users may hold the same (normalised) value.</summary>
    public virtual bool Unique => false;

    /// <summary>The OpenID Connect claim that carries the value (<c>phone_number</c>), or null.</summary>
    public virtual string? OidcClaim => null;

    /// <summary>The scope that releases <see cref="OidcClaim"/> (<c>phone</c>), or null.</summary>
    public virtual string? OidcScope => null;

    /// <summary>
    /// Normalises a value before it is stored or compared. Returns false with a sentence for the user or
    /// administrator when the value cannot be this claim's. The default keeps the value as it is.
    /// </summary>
    public virtual bool TryNormalize(string value, out string normalized, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(value);
        normalized = value;
        problem = null;
        return true;
    }
}
