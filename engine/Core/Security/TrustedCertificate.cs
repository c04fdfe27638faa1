namespace Pickup.Core.Security;

/// <summary>One entry of the trust store, as <c>pickup truststore list</c> shows it.</summary>
/// <param name="Alias">The entry's name (its file is <c>&lt;alias&gt;.pem</c>).</param>
/// <param name="Subject">The certificate's subject distinguished name.</param>
/// <param name="Issuer">The issuer's distinguished name (the subject again for a self-signed certificate).</param>
/// <param name="NotBefore">Start of validity.</param>
/// <param name="NotAfter">End of validity.</param>
/// <param name="Sha256Fingerprint">SHA-256 of the DER encoding, upper-case hex pairs joined by ':' (as <c>openssl x509 -fingerprint -sha256</c> prints it).</param>
public sealed record TrustedCertificate(
    string Alias,
    string Subject,
    string Issuer,
    DateTimeOffset NotBefore,
    DateTimeOffset NotAfter,
    string Sha256Fingerprint);
