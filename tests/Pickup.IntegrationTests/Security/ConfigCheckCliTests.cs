using System.Text.RegularExpressions;
using Pickup.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace Pickup.IntegrationTests.Security;

/// <summary>
/// The real <c>pickup config check</c> on homes made from the shipped conf/ (plus a Nexmo identity provider, so the
/// plugins' own validation runs too) with random edits: it never crashes, exits 0 only with "configuration is
/// valid", and otherwise prints only <c>file:line:col: message</c> lines pointing into files that exist.
/// </summary>
[Collection(SecuritySuite.Name)]
public sealed partial class ConfigCheckCliTests(ITestOutputHelper output)
{
    private const int Seed = 4_271_127;
    private const int Homes = 20;

    private const string NexmoIdentityProvider = """
        name = "NEXMO"
        [federated.sms_otp]
        enable = true
        default = true
        provider = "nexmo"
        sms_url = "https://rest.nexmo.com/sms/json?api_key=key&api_secret=secret&from=NEXMO&to=$ctx.num&text=$ctx.msg"
        http_method = "POST"
        http_headers = []
        http_payload = ""
        http_response_code = 0
        timeout = 10
        connect_timeout = 5
        """;

    // Values that pass TOML but not the engine or a plugin: wrong types, out of range, unknown names, bad URLs.
    private static readonly string[] Values =
    [
        "\"maybe\"", "-1", "0", "99999999", "99999999999999999999", "1e400", "[]", "{}", "\"\"", "\"${env:PICKUP_FUZZ_UNSET}\"",
        "\"not a url\"", "\"ftp://example.com/\"", "\"BREW\"", "[\"no colon header\"]", "\"nope\"", "true", "\"" + new string('x', 5000) + "\"",
    ];

    private static readonly string[] Tokens = ["[", "]", "\"", "=", "{", "[[", "\u0000", "\uFEFF", "🚕", "${env:"];

    [Fact]
    public async Task ConfigCheck_RandomlyEditedHomes_NeverCrashesAndPointsEveryProblemAtAFileLine()
    {
        var shipped = Path.Combine(TestInstallation.RepositoryRoot, "conf");
        var originals = Directory.EnumerateFiles(shipped, "*.toml", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(shipped, f), File.ReadAllText, StringComparer.Ordinal);
        // A literal secret: the command runs with the test's environment, which has no PICKUP_DISPATCH_SECRET.
        var dispatch = Path.Combine("service-providers", "pickup-dispatch.toml");
        originals[dispatch] = originals[dispatch].Replace("${env:PICKUP_DISPATCH_SECRET}", "cli-fuzz-secret", StringComparison.Ordinal);
        originals[Path.Combine("identity-providers", "NEXMO.toml")] = NexmoIdentityProvider;

        var problems = new List<string>();
        using (var baseline = new MutatedHome(originals))
        {
            var (exit, stdout, stderr) = await PickupCli.RunAsync(null, "--home", baseline.Directory, "config", "check");
            Assert.True(exit == 0 && stdout.Contains("configuration is valid", StringComparison.Ordinal), $"the unedited home must pass: {exit}\n{stdout}\n{stderr}");
        }

        var invalid = 0;
        for (var i = 0; i < Homes; i++)
        {
            var random = new Random(Seed + i);
            var files = originals.Keys.Order(StringComparer.Ordinal).ToList();
            var file = files[random.Next(files.Count)];
            var edited = new Dictionary<string, string>(originals, StringComparer.Ordinal) { [file] = Edit(random, originals[file], out var edit) };
            using var home = new MutatedHome(edited);
            var (exit, stdout, stderr) = await PickupCli.RunAsync(null, "--home", home.Directory, "config", "check");
            var name = $"seed {Seed + i} ({file}: {edit})";
            output.WriteLine($"{name}: exit {exit}, {stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length} stderr lines");
            invalid += exit == 0 ? 0 : 1;
            problems.AddRange(Judge(name, exit, stdout, stderr));
        }

        Assert.True(invalid >= Homes / 2, $"only {invalid} of {Homes} edits made the configuration invalid: the edits test nothing");
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    private static IEnumerable<string> Judge(string name, int exit, string stdout, string stderr)
    {
        if (stderr.Contains("Unhandled exception", StringComparison.Ordinal) || StackFrame().IsMatch(stderr))
        {
            yield return $"{name}: crashed:\n{stderr}";
            yield break;
        }

        if (exit == 0)
        {
            // A valid configuration may still draw warnings (file:line:col: warning: ...), never anything else.
            var notWarnings = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).Where(l => !WarningLine().IsMatch(l));
            if (!stdout.Contains("configuration is valid", StringComparison.Ordinal) || notWarnings.Any())
            {
                yield return $"{name}: exit 0 without saying the configuration is valid:\n{stdout}\n{stderr}";
            }

            yield break;
        }

        if (exit != 1)
        {
            yield return $"{name}: exit {exit}:\n{stderr}";
            yield break;
        }

        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();
        if (lines.Count < 2 || !lines[^1].Contains("the engine did not start", StringComparison.Ordinal))
        {
            yield return $"{name}: no closing summary line:\n{stderr}";
            yield break;
        }

        foreach (var line in lines.SkipLast(1))
        {
            var match = ErrorLine().Match(line);
            if (!match.Success)
            {
                yield return $"{name}: not file:line:col: message: {line}";
                continue;
            }

            var file = Path.GetFullPath(match.Groups["file"].Value, Path.GetTempPath());
            if (int.Parse(match.Groups["line"].Value, System.Globalization.CultureInfo.InvariantCulture) < 1
                || int.Parse(match.Groups["col"].Value, System.Globalization.CultureInfo.InvariantCulture) < 1
                || !File.Exists(file))
            {
                yield return $"{name}: does not point at a line of an existing file: {line}";
            }
        }
    }

    // One of a few edits that slip past TOML but not the engine, or break TOML itself.
    private static string Edit(Random random, string text, out string edit)
    {
        var lines = text.Split('\n').ToList();
        var keyLines = Enumerable.Range(0, lines.Count).Where(i => lines[i].Contains('=', StringComparison.Ordinal) && !lines[i].TrimStart().StartsWith('#')).ToList();
        var at = keyLines.Count > 0 ? keyLines[random.Next(keyLines.Count)] : 0;
        switch (random.Next(4))
        {
            case 0:
            case 1:
                var value = Values[random.Next(Values.Length)];
                edit = $"line {at + 1} = {(value.Length > 20 ? value[..20] + "..." : value)}";
                lines[at] = lines[at][..(lines[at].IndexOf('=', StringComparison.Ordinal) + 1)] + " " + value;
                break;
            case 2:
                var token = Tokens[random.Next(Tokens.Length)];
                var column = random.Next(lines[at].Length + 1);
                edit = $"insert {Uri.EscapeDataString(token)} at line {at + 1} column {column + 1}";
                lines[at] = lines[at].Insert(column, token);
                break;
            default:
                edit = $"delete line {at + 1}";
                lines.RemoveAt(at);
                break;
        }

        return string.Join('\n', lines);
    }

    [GeneratedRegex(@"^(?<file>.+):(?<line>-?\d+):(?<col>-?\d+): (?<message>\S.*)$", RegexOptions.CultureInvariant, 5000)]
    private static partial Regex ErrorLine();

    [GeneratedRegex(@"^.+:\d+:\d+: warning: \S.*$", RegexOptions.CultureInvariant, 5000)]
    private static partial Regex WarningLine();

    [GeneratedRegex(@"^\s+at \S+\(", RegexOptions.Multiline | RegexOptions.CultureInvariant, 5000)]
    private static partial Regex StackFrame();

    /// <summary>A temporary home whose conf/ holds the given files.</summary>
    private sealed class MutatedHome : IDisposable
    {
        public MutatedHome(IReadOnlyDictionary<string, string> files)
        {
            Directory = Path.Combine(Path.GetTempPath(), "pickup-cli-fuzz-" + Guid.NewGuid().ToString("N")[..12]);
            foreach (var (relative, text) in files)
            {
                var path = Path.Combine(Directory, "conf", relative);
                System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, text);
            }
        }

        public string Directory { get; }

        public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
    }
}
