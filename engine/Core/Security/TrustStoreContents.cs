using System.Security.Cryptography.X509Certificates;

namespace Pickup.Core.Security;

/// <summary>What the trust store held when it was read.</summary>
/// <param name="Entries">Readable entries, by alias.</param>
/// <param name="Certificates">The same entries' certificates, for chain building.</param>
/// <param name="Problems">One sentence per file that was left out.</param>
public sealed record TrustStoreContents(
    IReadOnlyList<TrustedCertificate> Entries,
    X509Certificate2Collection Certificates,
    IReadOnlyList<string> Problems);
