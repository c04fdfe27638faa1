using System.Security.Cryptography;
using System.Text;

namespace Pickup.Core.Auditing;

/// <summary>
/// Writes <see cref="AuditEventTypes.ConfigLoaded"/> at start-up: a SHA-256 over every file under
/// <c>&lt;home&gt;/conf</c>, and which files were added, changed or removed since the previous such event (of this
/// node or another sharing the database), so an admin can tell when a configuration change took effect.
/// </summary>
/// <remarks>
/// The detail ends with a short fingerprint per file (<c>| path:hash ...</c>, path segments URL-encoded); the next start
/// compares against it. 16 hex digits per file are plenty to notice a change and keep the detail short.
/// </remarks>
public static class ConfigurationAudit
{
    private const string FilesMarker = " | ";
    private const int FileHashLength = 16;

    /// <summary>Fingerprints <paramref name="confDirectory"/>, compares with the previous load, and writes the event.</summary>
    /// <returns>The event written.</returns>
    public static Task<AuditEvent> RecordLoadAsync(IAuditLog audit, string confDirectory, CancellationToken cancellationToken) =>
        RecordAsync(audit, AuditEventTypes.ConfigLoaded, confDirectory, null, cancellationToken);

    /// <summary>
    /// Writes <paramref name="type"/> (<see cref="AuditEventTypes.ConfigLoaded"/>, <see cref="AuditEventTypes.ConfigReloaded"/>
    /// or <see cref="AuditEventTypes.ConfigRejected"/>): the fingerprint of <paramref name="confDirectory"/>'s files and
    /// what changed since the configuration last taken into use (the latest loaded or reloaded event), then
    /// <paramref name="problems"/> when given.
    /// </summary>
    /// <returns>The event written.</returns>
    public static async Task<AuditEvent> RecordAsync(IAuditLog audit, string type, string confDirectory, string? problems, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(audit);
        var files = await FingerprintAsync(confDirectory, cancellationToken);
        var loaded = await audit.TailAsync(1, AuditEventTypes.ConfigLoaded, cancellationToken);
        var reloaded = await audit.TailAsync(1, AuditEventTypes.ConfigReloaded, cancellationToken);
        var previous = loaded.Concat(reloaded).OrderBy(e => e.At).LastOrDefault()?.Detail;
        var detail = Describe(files, previous);
        if (problems is not null)
        {
            // Before the file list, which the next comparison reads from the end.
            var marker = detail.LastIndexOf(FilesMarker, StringComparison.Ordinal);
            detail = $"{detail[..marker]} problems: {problems}{detail[marker..]}";
        }

        var auditEvent = new AuditEvent(type) { Detail = detail };
        await audit.WriteAsync(auditEvent, cancellationToken);
        return auditEvent;
    }

    /// <summary>
    /// The SHA-256 (hex) over every file under the folders given, with their paths relative to their folder: equal for
    /// equal files, wherever the folders are (so nodes with the same files agree).
    /// </summary>
    public static async Task<string> TotalFingerprintAsync(IEnumerable<string> directories, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(directories);
        var text = new StringBuilder();
        foreach (var directory in directories)
        {
            text.Append("--\n");
            foreach (var (path, hash) in await FingerprintAsync(directory, cancellationToken))
            {
                text.Append(path).Append('\n').Append(hash).Append('\n');
            }
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>The detail for <paramref name="files"/> given the previous event's detail (null when there was none).</summary>
    internal static string Describe(IReadOnlyDictionary<string, string> files, string? previousDetail)
    {
        var total = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
            string.Concat(files.Select(f => f.Key + "\n" + f.Value + "\n")))));
        var changes = previousDetail is null ? "first recorded load" : Compare(ParseFiles(previousDetail), files);
        var list = string.Join(' ', files.Select(f => Escape(f.Key) + ":" + f.Value[..FileHashLength]));
        return $"sha256={total} changed: {changes}{FilesMarker}{list}";
    }

    private static string Compare(Dictionary<string, string> before, IReadOnlyDictionary<string, string> now)
    {
        var changed = now.Where(f => before.TryGetValue(f.Key, out var old) && old != f.Value[..FileHashLength]).Select(f => f.Key).ToList();
        var added = now.Keys.Where(k => !before.ContainsKey(k)).ToList();
        var removed = before.Keys.Where(k => !now.ContainsKey(k)).Order(StringComparer.Ordinal).ToList();
        var parts = new List<string>();
        if (changed.Count > 0)
        {
            parts.Add(string.Join(", ", changed));
        }

        if (added.Count > 0)
        {
            parts.Add("added " + string.Join(", ", added));
        }

        if (removed.Count > 0)
        {
            parts.Add("removed " + string.Join(", ", removed));
        }

        return parts.Count == 0 ? "none" : string.Join("; ", parts);
    }

    private static Dictionary<string, string> ParseFiles(string detail)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var start = detail.LastIndexOf(FilesMarker, StringComparison.Ordinal);
        if (start < 0)
        {
            return result;
        }

        foreach (var entry in detail[(start + FilesMarker.Length)..].Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = entry.LastIndexOf(':');
            if (colon > 0)
            {
                result[Uri.UnescapeDataString(entry[..colon])] = entry[(colon + 1)..];
            }
        }

        return result;
    }

    // Each segment URL-encoded, so a space or colon in a name cannot break the list, while the slashes stay readable.
    private static string Escape(string path) => string.Join('/', path.Split('/').Select(Uri.EscapeDataString));

    /// <summary>Every file under the folder: relative path with <c>/</c> separators to its SHA-256 (hex), sorted.</summary>
    internal static async Task<SortedDictionary<string, string>> FingerprintAsync(string confDirectory, CancellationToken cancellationToken)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (!Directory.Exists(confDirectory))
        {
            return result;
        }

        foreach (var path in Directory.EnumerateFiles(confDirectory, "*", SearchOption.AllDirectories))
        {
            await using var stream = File.OpenRead(path);
            var hash = await SHA256.HashDataAsync(stream, cancellationToken);
            result[Path.GetRelativePath(confDirectory, path).Replace(Path.DirectorySeparatorChar, '/')] = Convert.ToHexStringLower(hash);
        }

        return result;
    }
}
