using System.Diagnostics;
using Pickup.Abstractions.Configuration;
using Pickup.Core.Configuration;
using Xunit.Abstractions;

namespace Pickup.Core.Tests.ConfigurationFuzz;

/// <summary>
/// Thousands of random edits to the shipped conf/ files (plus a Nexmo identity provider as the product brief writes
/// it), each loaded as <c>pickup config check</c> loads them: the loader never throws, and every problem it reports
/// names an existing file, a line of it and a column, with a message.
/// </summary>
public sealed class ConfigurationMutationTests(ITestOutputHelper output) : IDisposable
{
    private const int Seed = 20_261_127;
    private const int Mutations = 3000;
    private static readonly TimeSpan TimeBudget = TimeSpan.FromSeconds(60);

    private const string NexmoIdentityProvider = """
        name = "NEXMO"
        [federated.sms_otp]
        enable = true
        default = true
        provider = "nexmo"       # which SMS provider plugin sends
        sms_url = "https://rest.nexmo.com/sms/json?api_key=${env:NEXMO_API_KEY}&api_secret=${env:NEXMO_API_SECRET}&from=NEXMO&to=$ctx.num&text=$ctx.msg"
        http_method = "POST"
        http_headers = []        # each "Name: value"
        http_payload = ""        # body template for POST; $ctx.num, $ctx.msg, $ctx.otp
        http_response_code = 0   # 0: any 2xx; otherwise exactly this status
        timeout = 10
        connect_timeout = 5
        """;

    private static readonly Dictionary<string, string> Environment = new(StringComparer.Ordinal)
    {
        ["PICKUP_DISPATCH_SECRET"] = "fuzz-client-secret",
        ["NEXMO_API_KEY"] = "fuzz-key",
        ["NEXMO_API_SECRET"] = "fuzz-secret",
        ["HOSTILE"] = "a\"b\nc = ${env:NEXMO_API_KEY} [table] \0",
    };

    private readonly string _home = Path.Combine(Path.GetTempPath(), "pickup-fuzz-" + Guid.NewGuid().ToString("N")[..12]);

    [Fact]
    public void Load_ThousandsOfRandomEdits_NeverThrowsAndEveryErrorPointsAtALineOfAnExistingFile()
    {
        var originals = CopyShippedConf();
        Assert.True(Load().IsValid, "the unmutated home must be valid, or the mutations prove nothing:\n" + string.Join("\n", Load().Errors));

        var problems = new List<string>();
        var invalid = 0;
        var errors = 0;
        var done = 0;
        var clock = Stopwatch.StartNew();
        for (; done < Mutations && clock.Elapsed < TimeBudget; done++)
        {
            // One seed per mutation: a failure names it, and the same edits come back from it alone.
            var random = new Random(Seed + done);
            var mutated = MutateSome(random, originals, out var applied);
            ConfigurationResult result;
            try
            {
                result = Load();
            }
#pragma warning disable CA1031 // Anything thrown is the defect under test; it is reported with its seed below.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                problems.Add($"seed {Seed + done} ({applied}): the loader threw {ex.GetType().Name}: {ex.Message}\n{ex.StackTrace}");
                Restore(originals, mutated);
                continue;
            }

            invalid += result.IsValid ? 0 : 1;
            errors += result.Errors.Count;
            problems.AddRange(result.Errors.Select(e => Check(e)).OfType<string>().Select(p => $"seed {Seed + done} ({applied}): {p}"));
            Restore(originals, mutated);
        }

        output.WriteLine($"{done} mutated homes in {clock.Elapsed.TotalSeconds:0.0} s: {invalid} invalid, {errors} errors reported, {problems.Count} problems");
        Assert.True(done >= 1000, $"only {done} mutations ran within {TimeBudget}");
        Assert.True(invalid > done / 3, $"only {invalid} of {done} mutations broke the configuration: the mutator is too gentle to test anything");
        Assert.True(problems.Count == 0, string.Join("\n", problems.Take(10)));
    }

    public void Dispose()
    {
        if (Directory.Exists(_home))
        {
            Directory.Delete(_home, recursive: true);
        }
    }

    private ConfigurationResult Load() => ConfigurationLoader.Load(_home, name => Environment.GetValueOrDefault(name));

    // An error must lead an admin somewhere: a file that is there, a line within it (or just past its end, for
    // "the file ended too soon"), a column, and words.
    private static string? Check(ConfigurationError error)
    {
        var location = error.Location;
        if (string.IsNullOrWhiteSpace(error.Message))
        {
            return $"{location}: empty message";
        }

        if (location.Line < 1 || location.Column < 1)
        {
            return $"{location}: line and column must be 1 or more ({error.Message})";
        }

        var path = Path.GetFullPath(location.File);
        if (!File.Exists(path))
        {
            return $"{location}: names a file that does not exist ({error.Message})";
        }

        var lines = File.ReadAllText(path).Split('\n');
        if (location.Line > lines.Length + 1)
        {
            return $"{location}: line {location.Line} is past the end of the file ({lines.Length} lines) ({error.Message})";
        }

        // A column may stand just past the line's last character ("expected a value here"), never further. A lone
        // carriage return is one character to the parser but no line break to this split: the line is right, its
        // column counts what the split does not show.
        var length = location.Line <= lines.Length ? lines[location.Line - 1].TrimEnd('\r').Length : 0;
        if (error.Message.Contains("\\r not followed by \\n", StringComparison.Ordinal))
        {
            length = location.Line <= lines.Length ? lines[location.Line - 1].Length + 2 : 2;
        }

        return location.Column > length + 2
            ? $"{location}: column {location.Column} is past the end of line {location.Line} ({length} characters) ({error.Message})"
            : null;
    }

    private Dictionary<string, string> CopyShippedConf()
    {
        var shipped = Path.Combine(RepositoryRoot(), "conf");
        var originals = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(shipped, "*.toml", SearchOption.AllDirectories))
        {
            originals[Path.GetRelativePath(shipped, file)] = File.ReadAllText(file);
        }

        originals[Path.Combine("identity-providers", "NEXMO.toml")] = NexmoIdentityProvider;
        Assert.Contains("deployment.toml", originals.Keys);
        foreach (var (relative, text) in originals)
        {
            Write(relative, text);
        }

        return originals;
    }

    // Usually one file, sometimes two: a problem in one file must not hide or misplace those of another.
    private List<string> MutateSome(Random random, Dictionary<string, string> originals, out string applied)
    {
        var files = originals.Keys.Order(StringComparer.Ordinal).ToList();
        var chosen = random.Next(4) == 0
            ? files.OrderBy(_ => random.Next()).Take(2).ToList()
            : [files[random.Next(files.Count)]];
        var mutator = new TomlMutator(random);
        var descriptions = new List<string>();
        foreach (var file in chosen)
        {
            Write(file, mutator.Mutate(originals[file], out var edits));
            descriptions.Add($"{file}: {edits}");
        }

        applied = string.Join("; ", descriptions);
        return chosen;
    }

    private void Restore(Dictionary<string, string> originals, List<string> mutated)
    {
        foreach (var file in mutated)
        {
            Write(file, originals[file]);
        }
    }

    private void Write(string relative, string text)
    {
        var path = Path.Combine(_home, "conf", relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, TomlMutator.Encode(text));
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        for (var depth = 0; directory is not null && depth < 32; depth++, directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Pickup.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"Pickup.sln not found above {AppContext.BaseDirectory}");
    }
}
