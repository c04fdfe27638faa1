using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;

namespace Pickup.Core.Security;

/// <summary>
/// Validates outbound TLS server certificates against the system's roots plus the trust store, and tells the
/// administrator exactly how to trust a certificate it refuses. Once per server; called concurrently.
/// </summary>
/// <remarks>
/// The host name is always checked: importing a certificate makes its issuer (or itself) trusted, never a
/// certificate for another name. An imported entry is a trust anchor even when it is not self-signed, as
/// <c>keytool</c> treats one; a leaf imported as such is accepted while it is within its validity.
/// </remarks>
public sealed class TrustStoreCertificateValidator
{
    private const string ServerAuthenticationOid = "1.3.6.1.5.5.7.3.1";

    private readonly X509Certificate2Collection _trusted;
    private readonly HashSet<string> _trustedFingerprints;
    private readonly IReadOnlyList<TrustedCertificate> _entries;
    private readonly string _homeDirectory;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates the validator over a snapshot of the store.</summary>
    /// <param name="contents">The store as read at start-up.</param>
    /// <param name="homeDirectory">The home, for the import command shown to the administrator.</param>
    /// <param name="logger">Where refusals are explained.</param>
    /// <param name="timeProvider">The clock (validity of imported leaves).</param>
    public TrustStoreCertificateValidator(TrustStoreContents contents, string homeDirectory, ILogger<TrustStoreCertificateValidator> logger, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(contents);
        _trusted = contents.Certificates;
        _trustedFingerprints = contents.Entries.Select(e => e.Sha256Fingerprint).ToHashSet(StringComparer.Ordinal);
        _entries = contents.Entries;
        _homeDirectory = homeDirectory;
        _logger = logger;
        _timeProvider = timeProvider ?? TimeProvider.System;
        foreach (var problem in contents.Problems)
        {
            _logger.LogWarning("Trust store: {Problem}", problem);
        }
    }

    /// <summary>A <see cref="RemoteCertificateValidationCallback"/> for <see cref="SocketsHttpHandler"/>.</summary>
    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        var host = TargetHost(sender);
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            _logger.LogWarning("TLS to {Host} refused: the server sent no certificate", host);
            return false;
        }

        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            // Importing cannot fix this, so no import command: the URL names another host than the certificate.
            _logger.LogWarning(
                "TLS to {Host} refused: the certificate (subject {Subject}, SHA-256 {Fingerprint}) is not issued for that name; use a host name the certificate names in the URL",
                host,
                leaf.Subject,
                CertificateFile.Sha256Fingerprint(leaf));
            return false;
        }

        if (_trusted.Count > 0 && ChainsToTrustStore(leaf, chain))
        {
            return true;
        }

        LogUntrusted(leaf, chain, host);
        return false;
    }

    /// <summary>The same check, in the shape <see cref="HttpClientHandler.ServerCertificateCustomValidationCallback"/> takes.</summary>
    public bool Validate(HttpRequestMessage request, X509Certificate2? certificate, X509Chain? chain, SslPolicyErrors errors) =>
        Validate((object)request, certificate, chain, errors);

    private bool ChainsToTrustStore(X509Certificate2 leaf, X509Chain? presented)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(_trusted);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck; // as SslStream's default; private CAs rarely publish CRLs
        chain.ChainPolicy.ApplicationPolicy.Add(new Oid(ServerAuthenticationOid));
        chain.ChainPolicy.VerificationTime = _timeProvider.GetUtcNow().UtcDateTime;
        chain.ChainPolicy.VerificationTimeIgnored = false;
        if (presented is not null)
        {
            // The intermediates the server sent.
            chain.ChainPolicy.ExtraStore.AddRange(presented.ChainPolicy.ExtraStore);
            foreach (var element in presented.ChainElements.Skip(1))
            {
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        try
        {
            if (chain.Build(leaf))
            {
                return true;
            }
        }
        finally
        {
            foreach (var element in chain.ChainElements)
            {
                element.Certificate.Dispose();
            }
        }

        var now = _timeProvider.GetLocalNow().DateTime;
        return _trustedFingerprints.Contains(CertificateFile.Sha256Fingerprint(leaf)) && now >= leaf.NotBefore && now <= leaf.NotAfter;
    }

    private void LogUntrusted(X509Certificate2 leaf, X509Chain? chain, string host)
    {
        var fingerprint = CertificateFile.Sha256Fingerprint(leaf);
        var alias = SuggestAlias(host, fingerprint);
        var problems = chain is null
            ? "no chain"
            : string.Join(", ", chain.ChainStatus.Select(s => s.Status.ToString()).Distinct(StringComparer.Ordinal));
        var saved = SaveForReview(leaf, alias, fingerprint);
        var file = saved ?? alias + TrustStore.FileExtension;
        var fetch = saved is null
            ? $"save it with: openssl s_client -connect {host}:PORT -servername {host} </dev/null | openssl x509 -outform PEM > {file} (PORT: the provider URL's port, 443 by default), or export it from a browser as PEM or DER"
            : $"the certificate the server sent was saved to {saved} (or fetch it yourself: openssl s_client -connect {host}:PORT -servername {host} </dev/null | openssl x509 -outform PEM, or export it from a browser)";
        _logger.LogWarning(
            "TLS to {Host} refused: its certificate is not trusted ({ChainProblems}): subject {Subject}, issuer {Issuer}, SHA-256 {Fingerprint}, "
            + "valid until {NotAfter:yyyy-MM-dd}. If you trust it (compare the SHA-256 fingerprint with the one the provider publishes; for a private CA, "
            + "import the CA's certificate instead): {Fetch}; then run: ./pickup --home {Home} truststore import --file {File} --alias {Alias} and restart the engine",
            host,
            problems,
            leaf.Subject,
            leaf.Issuer,
            fingerprint,
            leaf.NotAfter.ToUniversalTime(),
            fetch,
            _homeDirectory,
            file,
            alias);
    }

    // So the import command can name a real file. Only the public certificate, once per fingerprint, and bounded:
    // a hostile network cannot fill the disk with certificates.
    private string? SaveForReview(X509Certificate2 leaf, string alias, string fingerprint)
    {
        const int MaxSaved = 100;
        var directory = Path.Combine(_homeDirectory, "data", "security", "untrusted");
        var path = Path.Combine(directory, $"{alias}-{ShortFingerprint(fingerprint)}{TrustStore.FileExtension}");
        try
        {
            if (File.Exists(path))
            {
                return path;
            }

            Directory.CreateDirectory(directory);
            if (Directory.EnumerateFiles(directory).Take(MaxSaved).Count() >= MaxSaved)
            {
                return null;
            }

            using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
            using var writer = new StreamWriter(stream);
            writer.Write(leaf.ExportCertificatePem());
            writer.Write('\n');
            return path;
        }
        catch (IOException)
        {
            return File.Exists(path) ? path : null; // another send saved it first, or the disk refused: the log still says how to fetch it
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string ShortFingerprint(string fingerprint) =>
        fingerprint.Replace(":", string.Empty, StringComparison.Ordinal)[..8].ToLowerInvariant();

    // The host name, unless an entry has it already (a rotated certificate): then a name that cannot clash.
    private string SuggestAlias(string host, string fingerprint)
    {
        var alias = TrustStore.SuggestAlias(host);
        return _entries.Any(e => string.Equals(e.Alias, alias, StringComparison.OrdinalIgnoreCase))
            ? TrustStore.SuggestAlias($"{alias}-{ShortFingerprint(fingerprint)}")
            : alias;
    }

    // SocketsHttpHandler passes the SslStream, HttpClientHandler the request.
    private static string TargetHost(object sender) => sender switch
    {
        HttpRequestMessage { RequestUri: { } uri } => uri.Host,
        SslStream { TargetHostName.Length: > 0 } ssl => ssl.TargetHostName,
        _ => "the provider",
    };
}
