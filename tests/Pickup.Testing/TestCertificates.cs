using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Pickup.Testing;

/// <summary>Certificates made in the test, for real TLS on 127.0.0.1: self-signed leaves, a private root and its leaves.</summary>
public static class TestCertificates
{
    private const string ServerAuthOid = "1.3.6.1.5.5.7.3.1";

    /// <summary>A self-signed server certificate for <paramref name="dnsNames"/> and 127.0.0.1 (SAN), with its key.</summary>
    public static X509Certificate2 CreateSelfSigned(string commonName = "fake-vonage.test", params string[] dnsNames)
    {
        using var key = RSA.Create(2048);
        var request = ServerRequest(commonName, key, dnsNames.Length == 0 ? ["localhost"] : dnsNames, withLoopbackIp: true);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(2));
        return Reload(certificate);
    }

    /// <summary>A private root CA (self-signed, CA:true), with its key.</summary>
    public static X509Certificate2 CreateRoot(string commonName = "Pickup Test Root CA")
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(2));
        return Reload(certificate);
    }

    /// <summary>
    /// A server certificate issued by <paramref name="issuer"/> for <paramref name="dnsNames"/>, plus 127.0.0.1 unless
    /// <paramref name="withLoopbackIp"/> is false (to provoke a name mismatch), with its key.
    /// </summary>
    public static X509Certificate2 CreateIssued(X509Certificate2 issuer, string commonName, bool withLoopbackIp = true, params string[] dnsNames)
    {
        ArgumentNullException.ThrowIfNull(issuer);
        using var key = RSA.Create(2048);
        var request = ServerRequest(commonName, key, dnsNames.Length == 0 ? ["localhost"] : dnsNames, withLoopbackIp);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, true, false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F; // positive
        using var issued = request.Create(issuer, DateTimeOffset.UtcNow.AddMinutes(-4), DateTimeOffset.UtcNow.AddDays(1), serial);
        using var withKey = issued.CopyWithPrivateKey(key);
        return Reload(withKey);
    }

    private static CertificateRequest ServerRequest(string commonName, RSA key, IEnumerable<string> dnsNames, bool withLoopbackIp)
    {
        var request = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        foreach (var name in dnsNames)
        {
            names.AddDnsName(name);
        }

        if (withLoopbackIp)
        {
            names.AddIpAddress(IPAddress.Loopback);
        }

        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(ServerAuthOid)], false));
        return request;
    }

    // Through PKCS#12, so the key is usable by SslStream on every platform (an ephemeral key is not, on Windows).
    private static X509Certificate2 Reload(X509Certificate2 certificate) =>
        X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
}
