using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Pickup.Core.Security;

/// <summary>Reads exactly one X.509 certificate from PEM or DER bytes, refusing anything else with a clear reason.</summary>
internal static class CertificateFile
{
    /// <summary>No certificate file an admin imports is anywhere near this; a larger one is not a certificate.</summary>
    public const int MaxBytes = 1024 * 1024;

    private const string PemMarker = "-----BEGIN ";

    /// <summary>Reads <paramref name="path"/>; throws <see cref="TrustStoreException"/> naming the file and the problem.</summary>
    public static X509Certificate2 Read(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new TrustStoreException($"{path}: no such file");
        }

        if (info.Length > MaxBytes)
        {
            throw new TrustStoreException($"{path}: is {info.Length} bytes, too large to be a certificate");
        }

        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new TrustStoreException($"{path}: cannot be read: {ex.Message}", ex);
        }

        return Parse(bytes, path);
    }

    /// <summary>Parses PEM (exactly one CERTIFICATE block, no private key) or DER.</summary>
    public static X509Certificate2 Parse(byte[] bytes, string name)
    {
        var text = TryDecodeText(bytes);
        return text is not null && text.Contains(PemMarker, StringComparison.Ordinal)
            ? ParsePem(text, name)
            : ParseDer(bytes, name);
    }

    /// <summary>The SHA-256 fingerprint as <c>AB:CD:...</c>.</summary>
    public static string Sha256Fingerprint(X509Certificate2 certificate) =>
        string.Join(':', certificate.GetCertHash(HashAlgorithmName.SHA256).Select(b => b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>The entry an administrator sees.</summary>
    public static TrustedCertificate Describe(string alias, X509Certificate2 certificate) => new(
        alias,
        certificate.Subject,
        certificate.Issuer,
        new DateTimeOffset(certificate.NotBefore.ToUniversalTime(), TimeSpan.Zero),
        new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero),
        Sha256Fingerprint(certificate));

    private static X509Certificate2 ParsePem(string text, string name)
    {
        var labels = new List<string>();
        var certificates = new List<byte[]>();
        var rest = text.AsMemory();
        while (PemEncoding.TryFind(rest.Span, out var fields))
        {
            var label = rest.Span[fields.Label].ToString();
            labels.Add(label);
            if (label.Contains("PRIVATE KEY", StringComparison.Ordinal))
            {
                // Never copy a key into conf/: the trust store needs only the public certificate.
                throw new TrustStoreException($"{name}: holds a private key ({label}); export the certificate alone, e.g. 'openssl x509 -in FILE -out cert.pem'");
            }

            if (label is "CERTIFICATE" or "X509 CERTIFICATE" or "TRUSTED CERTIFICATE")
            {
                certificates.Add(Convert.FromBase64String(rest.Span[fields.Base64Data].ToString()));
            }

            rest = rest[fields.Location.End.GetOffset(rest.Length)..];
        }

        if (certificates.Count == 0)
        {
            throw new TrustStoreException(labels.Count == 0
                ? $"{name}: looks like PEM but has no readable -----BEGIN CERTIFICATE----- block"
                : $"{name}: holds no certificate (found: {string.Join(", ", labels)})");
        }

        if (certificates.Count > 1)
        {
            throw new TrustStoreException($"{name}: holds {certificates.Count} certificates; import each under its own alias (usually the root CA is enough)");
        }

        return ParseDer(certificates[0], name);
    }

    private static X509Certificate2 ParseDer(byte[] der, string name)
    {
        try
        {
            return X509CertificateLoader.LoadCertificate(der);
        }
        catch (CryptographicException)
        {
            throw new TrustStoreException($"{name}: is not an X.509 certificate; expected PEM (-----BEGIN CERTIFICATE-----) or DER");
        }
    }

    private static string? TryDecodeText(byte[] bytes)
    {
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return null; // binary: DER
        }
    }
}
