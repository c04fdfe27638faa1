using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;

namespace Pickup.Core.Security;

/// <summary>
/// The engine's own trusted certificates (the reference's <c>keytool -importcert</c>): one PEM file per alias in
/// <c>&lt;home&gt;/conf/security/</c>. Outbound TLS trusts the system's roots plus these. Read at start-up, so a
/// change takes effect at the next start.
/// </summary>
/// <remarks>Used by the <c>pickup truststore</c> commands and once at start-up; not for concurrent writers.</remarks>
public sealed partial class TrustStore
{
    /// <summary>The extension of every entry's file.</summary>
    public const string FileExtension = ".pem";

    /// <summary>Creates the store of a home (nothing is read or created yet).</summary>
    /// <param name="homeDirectory">The home holding <c>conf/</c>.</param>
    public TrustStore(string homeDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(homeDirectory);
        Directory = Path.Combine(homeDirectory, "conf", "security");
    }

    /// <summary><c>&lt;home&gt;/conf/security</c>.</summary>
    public string Directory { get; }

    /// <summary>True when <paramref name="alias"/> is 1 to 64 letters, digits, '-', '_' or '.', starting with a letter or digit.</summary>
    public static bool IsValidAlias(string? alias) => alias is not null && AliasPattern().IsMatch(alias);

    /// <summary>An alias made from <paramref name="text"/> (a host name, say): invalid characters become '-'.</summary>
    public static string SuggestAlias(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var cleaned = new string(text.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '-').ToArray())
            .Trim('-', '_', '.');
        if (cleaned.Length > 64)
        {
            cleaned = cleaned[..64].TrimEnd('-', '_', '.');
        }

        return IsValidAlias(cleaned) ? cleaned : "provider";
    }

    /// <summary>Adds the certificate in <paramref name="file"/> (PEM or DER) as <paramref name="alias"/>.</summary>
    /// <exception cref="TrustStoreException">The alias is invalid or taken, the certificate is already present, or the file is not one certificate.</exception>
    public TrustedCertificate Import(string file, string alias)
    {
        ArgumentNullException.ThrowIfNull(file);
        RequireValidAlias(alias);
        using var certificate = CertificateFile.Read(file);
        var entry = CertificateFile.Describe(alias, certificate);

        var existing = Load();
        foreach (var loaded in existing.Certificates)
        {
            loaded.Dispose(); // only the entries' descriptions are needed here
        }

        var taken = existing.Entries.FirstOrDefault(e => string.Equals(e.Alias, alias, StringComparison.OrdinalIgnoreCase));
        if (taken is not null || FindFile(alias) is not null)
        {
            throw new TrustStoreException(
                $"the trust store already has an entry named '{taken?.Alias ?? alias}'; remove it first ('pickup truststore remove {taken?.Alias ?? alias}') or choose another alias");
        }

        var same = existing.Entries.FirstOrDefault(e => e.Sha256Fingerprint == entry.Sha256Fingerprint);
        if (same is not null)
        {
            throw new TrustStoreException($"this certificate is already in the trust store as '{same.Alias}' (SHA-256 {same.Sha256Fingerprint})");
        }

        System.IO.Directory.CreateDirectory(Directory);
        try
        {
            // CreateNew: a concurrent import of the same alias fails instead of overwriting.
            using var stream = new FileStream(PathOf(alias), FileMode.CreateNew, FileAccess.Write);
            using var writer = new StreamWriter(stream);
            writer.Write(certificate.ExportCertificatePem());
            writer.Write('\n');
        }
        catch (IOException ex) when (File.Exists(PathOf(alias)))
        {
            throw new TrustStoreException($"the trust store already has an entry named '{alias}'", ex);
        }

        return entry;
    }

    /// <summary>Every readable entry, ordered by alias (problems are in <see cref="Load"/>).</summary>
    public IReadOnlyList<TrustedCertificate> List() => Load().Entries;

    /// <summary>Deletes the entry named <paramref name="alias"/> (case-insensitive) and returns what it was.</summary>
    /// <exception cref="TrustStoreException">There is no such entry.</exception>
    public TrustedCertificate Remove(string alias)
    {
        RequireValidAlias(alias);
        var path = FindFile(alias)
            ?? throw new TrustStoreException($"the trust store has no entry named '{alias}'; 'pickup truststore list' shows the aliases");
        var actualAlias = Path.GetFileNameWithoutExtension(path);
        TrustedCertificate removed;
        try
        {
            using var certificate = CertificateFile.Read(path);
            removed = CertificateFile.Describe(actualAlias, certificate);
        }
        catch (TrustStoreException)
        {
            // A broken entry must still be removable.
            removed = new TrustedCertificate(actualAlias, "(unreadable)", "(unreadable)", default, default, string.Empty);
        }

        File.Delete(path);
        return removed;
    }

    /// <summary>
    /// Reads every entry. Unreadable files and stray files are reported in <see cref="TrustStoreContents.Problems"/>
    /// and left out; they never stop the engine (the system's roots still apply).
    /// </summary>
    public TrustStoreContents Load()
    {
        var entries = new List<TrustedCertificate>();
        var certificates = new X509Certificate2Collection();
        var problems = new List<string>();
        if (!System.IO.Directory.Exists(Directory))
        {
            return new TrustStoreContents(entries, certificates, problems);
        }

        foreach (var path in System.IO.Directory.EnumerateFiles(Directory).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(path);
            var alias = Path.GetFileNameWithoutExtension(path);
            if (!name.EndsWith(FileExtension, StringComparison.Ordinal) || !IsValidAlias(alias))
            {
                problems.Add($"{path}: not used: the trust store reads only <alias>{FileExtension} files; add certificates with 'pickup truststore import --file FILE --alias NAME'");
                continue;
            }

            try
            {
                var certificate = CertificateFile.Read(path);
                certificates.Add(certificate);
                entries.Add(CertificateFile.Describe(alias, certificate));
            }
            catch (TrustStoreException ex)
            {
                problems.Add($"{ex.Message}; the entry is ignored");
            }
        }

        entries.Sort((a, b) => StringComparer.OrdinalIgnoreCase.Compare(a.Alias, b.Alias));
        return new TrustStoreContents(entries, certificates, problems);
    }

    private static void RequireValidAlias(string alias)
    {
        if (!IsValidAlias(alias))
        {
            throw new TrustStoreException(
                $"'{alias}' is not a valid alias: use 1 to 64 letters, digits, '-', '_' or '.', starting with a letter or digit");
        }
    }

    private string PathOf(string alias) => Path.Combine(Directory, alias + FileExtension);

    // Case-insensitive, so 'Gateway' and 'gateway' cannot both exist (and the store behaves alike on every file system).
    private string? FindFile(string alias) =>
        !System.IO.Directory.Exists(Directory)
            ? null
            : System.IO.Directory.EnumerateFiles(Directory, "*" + FileExtension)
                .FirstOrDefault(p => string.Equals(Path.GetFileNameWithoutExtension(p), alias, StringComparison.OrdinalIgnoreCase));

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex AliasPattern();
}
