namespace Pickup.Host.Oidc;

/// <summary>One of the OpenID Connect server's keys, by the name of its first generation.</summary>
/// <param name="BaseName">The first generation's row name; later ones are <c>BASE.2</c>, <c>BASE.3</c>, ….</param>
/// <param name="Rsa">True for an RSA key (PKCS#8 PEM), false for a 256-bit symmetric key (base64).</param>
/// <param name="Signs">True when it signs tokens, false when it encrypts them.</param>
/// <param name="LegacyFile">The file in <c>data/keys/</c> a home from before keys lived in the database holds it in.</param>
/// <param name="Rotates">False for the one key that is never rotated (see <see cref="OidcEncryption"/>).</param>
internal sealed record OidcKeyKind(string BaseName, bool Rsa, bool Signs, string LegacyFile, bool Rotates)
{
    /// <summary>RSA: signs identity tokens, published in the JWKS for clients to check them.</summary>
    public static readonly OidcKeyKind IdentitySigning = new("oidc-signing", Rsa: true, Signs: true, "signing.pem", Rotates: true);

    /// <summary>
    /// RSA, not rotated: the symmetric <see cref="TokenEncryption"/> key encrypts every token the engine makes (OpenIddict
    /// prefers symmetric keys), so this one encrypts nothing; it stays to read tokens made before the symmetric keys
    /// existed, is never published, and a new generation would never be used.
    /// </summary>
    public static readonly OidcKeyKind OidcEncryption = new("oidc-encryption", Rsa: true, Signs: false, "encryption.pem", Rotates: false);

    /// <summary>Symmetric: signs the codes, access and refresh tokens only the engine reads back.</summary>
    public static readonly OidcKeyKind TokenSigning = new("tokens-signing", Rsa: false, Signs: true, "tokens-signing.key", Rotates: true);

    /// <summary>Symmetric: encrypts the codes, access and refresh tokens only the engine reads back.</summary>
    public static readonly OidcKeyKind TokenEncryption = new("tokens-encryption", Rsa: false, Signs: false, "tokens-encryption.key", Rotates: true);

    /// <summary>Every kind, in the order OpenIddict is given them (symmetric first: it prefers them for its own tokens).</summary>
    public static IReadOnlyList<OidcKeyKind> All { get; } = [TokenSigning, IdentitySigning, TokenEncryption, OidcEncryption];

    /// <summary>The kind <paramref name="rowName"/> is a generation of, if any.</summary>
    public static OidcKeyKind? Of(string rowName) =>
        All.FirstOrDefault(k => Pickup.Data.Keys.ServerKeyInfo.GenerationOf(rowName, k.BaseName) is not null);

    /// <summary>What <c>keys list</c> shows as the key's kind.</summary>
    public string Description => (Rsa, Signs) switch
    {
        (true, true) => "RSA 2048, RS256: signs identity tokens (published)",
        (true, false) => "RSA 2048, RSA-OAEP: reads tokens from before the symmetric keys",
        (false, true) => "256-bit, HS256: signs codes, access and refresh tokens",
        (false, false) => "256-bit, A256KW: encrypts codes, access and refresh tokens",
    };

    /// <summary>How long a new generation waits before it is used.</summary>
    public TimeSpan Lead(bool now) => Rsa && Signs && !now ? KeyRotationPolicy.PublicationLead : Rsa ? TimeSpan.Zero : KeyRotationPolicy.EngineKeyLead;
}
