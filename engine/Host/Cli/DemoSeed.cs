using Tomlyn;
using Tomlyn.Model;

namespace Pickup.Host.Cli;

/// <summary>
/// <c>conf/demo.toml</c>: the roles and users <c>pickup demo</c> seeds and the notes it prints. The demo's data, not
/// the engine's: which factor the demo user signs in with is the shipped configuration's business.
/// </summary>
internal sealed class DemoSeed
{
    public const string FileName = "demo.toml";

    public required IReadOnlyList<(string Name, IReadOnlyList<string> Permissions)> Roles { get; init; }

    public required IReadOnlyList<DemoUser> Users { get; init; }

    public required IReadOnlyList<(string Label, string Text)> Notes { get; init; }

    /// <summary>Reads <c>&lt;home&gt;/conf/demo.toml</c>; throws <see cref="InvalidDataException"/> naming the file and what is wrong.</summary>
    public static DemoSeed Read(string home)
    {
        var path = Path.Combine(home, "conf", FileName);
        var display = Path.GetRelativePath(Environment.CurrentDirectory, path);
        if (!File.Exists(path))
        {
            throw new InvalidDataException($"{display}: the file is missing: the demo needs its users (start from the repository's conf/{FileName})");
        }

        TomlTable root;
        try
        {
            root = TomlSerializer.Deserialize<TomlTable>(File.ReadAllText(path), new TomlSerializerOptions { SourceName = display })!;
        }
        catch (TomlException ex)
        {
            throw new InvalidDataException($"{display}: {ex.Message}", ex);
        }

        return new DemoSeed
        {
            Roles = [.. Tables(root, "roles", display).Select(t => (Text(t, "name", display), Strings(t, "permissions", display)))],
            Users = [.. Tables(root, "users", display).Select(t => new DemoUser(
                Text(t, "name", display),
                Strings(t, "roles", display),
                t.TryGetValue("note", out var note) ? note as string : null,
                t.TryGetValue("claims", out var claims) && claims is TomlTable table
                    ? table.ToDictionary(c => c.Key, c => c.Value as string ?? throw Wrong(display, $"claim '{c.Key}' must be a string"), StringComparer.Ordinal)
                    : new Dictionary<string, string>(StringComparer.Ordinal)))],
            Notes = [.. Tables(root, "notes", display).Select(t => (Text(t, "label", display), Text(t, "text", display)))],
        };
    }

    private static IEnumerable<TomlTable> Tables(TomlTable root, string key, string file) =>
        !root.TryGetValue(key, out var value) ? []
        : value as TomlTableArray as IEnumerable<TomlTable> ?? throw Wrong(file, $"'{key}' must be an array of tables ([[{key}]])");

    private static string Text(TomlTable table, string key, string file) =>
        table.TryGetValue(key, out var value) && value is string { Length: > 0 } text ? text : throw Wrong(file, $"'{key}' must be a non-empty string");

    private static List<string> Strings(TomlTable table, string key, string file) =>
        !table.TryGetValue(key, out var value) ? []
        : value is TomlArray array && array.All(i => i is string) ? [.. array.Cast<string>()]
        : throw Wrong(file, $"'{key}' must be a list of strings");

    private static InvalidDataException Wrong(string file, string problem) => new($"{file}: {problem}");
}

/// <summary>One user of <c>conf/demo.toml</c>.</summary>
/// <param name="Name">The username.</param>
/// <param name="Roles">Its roles.</param>
/// <param name="Note">Printed after the name and password, if any.</param>
/// <param name="Claims">Claims set on the user, by URI.</param>
internal sealed record DemoUser(string Name, IReadOnlyList<string> Roles, string? Note, IReadOnlyDictionary<string, string> Claims);
