using System.Diagnostics;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;

namespace Pickup.Host.Cli;

/// <summary>
/// <c>pickup plugins new NAME --id ID [--output DIR]</c>: a factor project from the installation's
/// <c>pickup-authenticator</c> template, building against the SDK package in the installation's <c>sdk/</c> feed;
/// <c>pickup plugins install DIR</c>: publishes that project into the installation's <c>plugins/NAME/</c>.
/// </summary>
/// <remarks>
/// Both run the .NET SDK (<c>dotnet new</c>, <c>dotnet publish</c>) as child processes. The template is installed in a
/// private hive under <c>&lt;home&gt;/data/</c>, so the user's own <c>dotnet new</c> templates are never touched.
/// </remarks>
internal static partial class PluginsCommand
{
    private const string InstalledMarker = ".pickup-installed";

    public const string NewUsage = "pickup plugins new NAME --id ID [--output DIR]";
    public const string InstallUsage = "pickup plugins install DIR";

    private const string TemplateShortName = "pickup-authenticator";
    private const string SdkPackage = "Pickup.Abstractions";
    private const string KitPackage = "Pickup.Abstractions.Testing";

    /// <summary>Runs <c>plugins new</c> or <c>plugins install</c>.</summary>
    /// <param name="args">The words after <c>plugins</c>.</param>
    /// <param name="home">The home (absolute).</param>
    /// <param name="stdout">Results.</param>
    /// <param name="stderr">Progress notes and errors.</param>
    /// <param name="cancellationToken">Stops the command (and the child processes).</param>
    /// <returns>0 done, 1 refused or failed, 2 usage error.</returns>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, string home, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        var command = args.Count > 0 ? args[0] : string.Empty;
        var usage = command switch
        {
            "new" => NewUsage,
            "install" => InstallUsage,
            _ => throw new UsageException($"pickup plugins: unknown sub-command '{command}'.{Environment.NewLine}usage: {NewUsage}{Environment.NewLine}       {InstallUsage}{Environment.NewLine}       pickup plugins list"),
        };

        try
        {
            var rest = args.Skip(1).ToList();
            return command == "new"
                ? await NewAsync(rest, home, AppContext.BaseDirectory, stdout, stderr, cancellationToken)
                : await InstallAsync(rest, home, AppContext.BaseDirectory, stdout, stderr, cancellationToken);
        }
        catch (UsageException exception)
        {
            await stderr.WriteLineAsync($"pickup plugins {command}: {exception.Message}");
            await stderr.WriteLineAsync("usage: " + usage);
            return 2;
        }
        catch (PluginCommandException exception)
        {
            await stderr.WriteLineAsync($"error: {exception.Message}");
            return 1;
        }
    }

    /// <summary>The SDK version this host was built with (its plugins must share the major version).</summary>
    public static string SdkVersion { get; } =
        typeof(PluginsCommand).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "PickupSdkVersion").Value!;

    private static async Task<int> NewAsync(List<string> args, string home, string install, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        string? name = null, id = null, output = null;
        for (var i = 0; i < args.Count; i++)
        {
            var (option, inline) = CliArguments.SplitOption(args[i]);
            switch (option)
            {
                case "--id":
                    id = inline ?? CliArguments.Value(args, ref i, "--id needs a value");
                    break;
                case "--output" or "-o":
                    output = inline ?? CliArguments.Value(args, ref i, "--output needs a folder");
                    break;
                default:
                    if (option.StartsWith('-') || name is not null)
                    {
                        throw new UsageException($"unexpected '{args[i]}'.");
                    }

                    name = args[i];
                    break;
            }
        }

        if (name is null || id is null)
        {
            throw new UsageException(name is null ? "a NAME is needed." : "--id ID is needed.");
        }

        if (!ProjectName().IsMatch(name))
        {
            throw new UsageException($"'{name}' is not a plugin name: dot-separated words of letters and digits, each starting with a letter (like Acme.Pin).");
        }

        if (!AuthenticatorId().IsMatch(id))
        {
            throw new UsageException($"'{id}' is not an authenticator id: lower case letters, digits and '_', starting with a letter (like acme_pin).");
        }

        var target = Path.GetFullPath(output ?? Path.Combine(home, "plugins", name));
        if (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any())
        {
            throw new PluginCommandException($"{target} exists and is not empty; choose another --output.");
        }

        var template = Path.Combine(install, "templates", TemplateShortName);
        if (!File.Exists(Path.Combine(template, ".template.config", "template.json")))
        {
            throw new PluginCommandException($"the installation has no plugin template ({template}); rebuild it (./pickup does).");
        }

        var feed = await EnsureFeedAsync(install, stderr, cancellationToken);
        var hive = Path.Combine(home, "data", "dotnet-new");
        Directory.CreateDirectory(hive);
        await RunDotnetAsync(["new", "install", template, "--force", "--debug:custom-hive", hive], install, "installing the template", cancellationToken);
        await RunDotnetAsync(
            ["new", TemplateShortName, "--name", name, "--id", id, "--sdk-feed", feed, "--sdk-version", SdkVersion, "--output", target, "--debug:custom-hive", hive],
            install,
            "creating the project",
            cancellationToken);

        await stdout.WriteLineAsync($"created {name} (authenticator id {id}) in {target}");
        await stdout.WriteLineAsync($"next: dotnet test {target}   then: pickup plugins install {target}");
        return 0;
    }

    private static async Task<int> InstallAsync(List<string> args, string home, string install, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        if (args.Count != 1 || args[0].StartsWith('-'))
        {
            throw new UsageException("give the plugin project's folder.");
        }

        var source = Path.GetFullPath(args[0]);
        var project = FindProject(source);
        var name = Path.GetFileNameWithoutExtension(project);
        // Into the installation's plugin folder, beside the plugins it ships (as Keycloak's kc.sh build does); a
        // folder there that this command did not install is the installation's own and is never replaced.
        var plugins = Path.Combine(install, "plugins");
        var target = Path.Combine(plugins, name);
        if (Directory.Exists(target) && !File.Exists(Path.Combine(target, InstalledMarker)))
        {
            throw new PluginCommandException($"the installation already ships a plugin named {name}; rename the project.");
        }

        if (IsWithin(source, target) || IsWithin(target, source))
        {
            throw new PluginCommandException($"the project is in {source}, which is where it would be installed ({target}); keep the source elsewhere (pickup plugins new ... --output DIR).");
        }

        Directory.CreateDirectory(plugins);
        var staging = Path.Combine(plugins, $".{name}.installing-{Guid.NewGuid():N}");
        try
        {
            await stderr.WriteLineAsync($"pickup: publishing {Path.GetRelativePath(Environment.CurrentDirectory, project)} (Release)...");
            await RunDotnetAsync(["publish", project, "-c", "Release", "-o", staging, "-nologo"], source, "the build failed", cancellationToken);
            if (!File.Exists(Path.Combine(staging, name + ".dll")))
            {
                throw new PluginCommandException($"the build made no {name}.dll; the project's AssemblyName must be its file name ({name}).");
            }

            if (File.Exists(Path.Combine(staging, "Pickup.Abstractions.dll")))
            {
                throw new PluginCommandException($"the build copied Pickup.Abstractions.dll beside the plugin; reference the SDK with ExcludeAssets=\"runtime\" (the engine provides it).");
            }

            // Marks the folder as installed by this command, so a later install of the same project may replace it.
            await File.WriteAllTextAsync(Path.Combine(staging, InstalledMarker), project + "\n", cancellationToken);
            Swap(staging, target);
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }

        await stdout.WriteLineAsync($"installed {name} into {target}");
        await stdout.WriteLineAsync("enable it with an [authentication.authenticator.<id>] table in conf/deployment.toml, then: pickup config check");
        return 0;
    }

    /// <summary>The feed folder, with this version's SDK and test kit packed into it when it lacks them.</summary>
    /// <remarks>The build of a checkout packs them again whenever the SDK's assemblies change.</remarks>
    private static async Task<string> EnsureFeedAsync(string install, TextWriter stderr, CancellationToken cancellationToken)
    {
        var feed = Path.Combine(install, "sdk");
        string[] packages = [$"{SdkPackage}.{SdkVersion}.nupkg", $"{KitPackage}.{SdkVersion}.nupkg"];
        if (packages.All(p => File.Exists(Path.Combine(feed, p))))
        {
            EvictStaleCachedPackages(feed, GlobalPackagesFolder(), stderr);
            return feed;
        }

        // An installation built from a checkout (artifacts/<Configuration>/pickup/) can pack them from its sources.
        var repository = Path.GetFullPath(Path.Combine(install, "..", "..", ".."));
        var kit = Path.Combine(repository, "engine", "Abstractions.Testing", $"{KitPackage}.csproj");
        if (!File.Exists(kit))
        {
            throw new PluginCommandException($"the installation's package folder {feed} lacks {string.Join(" and ", packages)}; rebuild the installation.");
        }

        await stderr.WriteLineAsync($"pickup: packing the SDK {SdkVersion} into {feed}...");
        foreach (var project in new[] { Path.Combine(repository, "engine", "Abstractions", $"{SdkPackage}.csproj"), kit })
        {
            await RunDotnetAsync(["pack", project, "-c", "Release", "-o", feed, $"-p:PackageVersion={SdkVersion}", "-nologo"], repository, "packing the SDK failed", cancellationToken);
        }

        EvictStaleCachedPackages(feed, GlobalPackagesFolder(), stderr);
        return feed;
    }

    /// <summary>NuGet's global packages folder: <c>NUGET_PACKAGES</c>, else <c>~/.nuget/packages</c>.</summary>
    private static string GlobalPackagesFolder() =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    /// <summary>
    /// Removes this version's SDK packages from NuGet's global packages folder when the copy there is not the one in
    /// <paramref name="feed"/>.
    /// </summary>
    /// <remarks>
    /// NuGet never looks at a feed again for an id and version it has extracted once. An installation built from a
    /// checkout packs its SDK from its sources under the same version, so without this a plugin would build against
    /// an earlier checkout's SDK. The folder NuGet extracted records its package's SHA-512, which is compared with
    /// the feed's file.
    /// </remarks>
    internal static void EvictStaleCachedPackages(string feed, string cache, TextWriter stderr)
    {
        foreach (var package in new[] { SdkPackage, KitPackage })
        {
            var id = package.ToLowerInvariant();
            var extracted = Path.Combine(cache, id, SdkVersion);
            var recorded = Path.Combine(extracted, $"{id}.{SdkVersion}.nupkg.sha512");
            if (!Directory.Exists(extracted))
            {
                continue;
            }

            using (var packed = File.OpenRead(Path.Combine(feed, $"{package}.{SdkVersion}.nupkg")))
            {
                var hash = Convert.ToBase64String(System.Security.Cryptography.SHA512.HashData(packed));
                if (File.Exists(recorded) && string.Equals(File.ReadAllText(recorded).Trim(), hash, StringComparison.Ordinal))
                {
                    continue;
                }
            }

            stderr.WriteLine($"pickup: removing an older build of {package} {SdkVersion} from {cache}");
            try
            {
                Directory.Delete(extracted, recursive: true);
            }
            catch (DirectoryNotFoundException)
            {
                // Another command removed it first.
            }
        }
    }

    /// <summary>The plugin project: the folder's one <c>*.csproj</c>, else the one in <c>src/*/</c>.</summary>
    private static string FindProject(string source)
    {
        if (!Directory.Exists(source))
        {
            throw new PluginCommandException($"{source} is not a folder.");
        }

        var candidates = Directory.GetFiles(source, "*.csproj");
        if (candidates.Length == 0 && Directory.Exists(Path.Combine(source, "src")))
        {
            candidates = [.. Directory.GetDirectories(Path.Combine(source, "src")).SelectMany(d => Directory.GetFiles(d, "*.csproj"))];
        }

        return candidates.Length switch
        {
            1 => candidates[0],
            0 => throw new PluginCommandException($"no plugin project in {source} (looked for *.csproj there and in src/*/)."),
            _ => throw new PluginCommandException($"{source} holds several projects ({string.Join(", ", candidates.Select(Path.GetFileName))}); give the plugin's own folder."),
        };
    }

    /// <summary>Puts <paramref name="staging"/> in place of <paramref name="target"/>: two renames in one folder, the old copy removed after.</summary>
    private static void Swap(string staging, string target)
    {
        var old = Directory.Exists(target) ? $"{Path.GetDirectoryName(target)}/.{Path.GetFileName(target)}.old-{Guid.NewGuid():N}" : null;
        if (old is not null)
        {
            Directory.Move(target, old);
        }

        try
        {
            Directory.Move(staging, target);
        }
        catch
        {
            if (old is not null)
            {
                Directory.Move(old, target);
            }

            throw;
        }

        if (old is not null)
        {
            Directory.Delete(old, recursive: true);
        }
    }

    private static bool IsWithin(string path, string folder)
    {
        var relative = Path.GetRelativePath(folder, path);
        return relative == "." || (!relative.StartsWith("..", StringComparison.Ordinal) && !Path.IsPathRooted(relative));
    }

    /// <summary>Runs the .NET SDK; on failure throws with its error lines (or the end of its output).</summary>
    private static async Task RunDotnetAsync(IReadOnlyList<string> arguments, string workingDirectory, string failure, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(DotnetExecutable())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // A clean SDK run: settings of an outer build (when this runs under dotnet test or run) must not leak in.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || k == "DOTNET_HOST_PATH").ToList())
        {
            start.Environment.Remove(key);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";

        using var process = Process.Start(start) ?? throw new PluginCommandException("the dotnet command could not be started.");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        if (process.ExitCode == 0)
        {
            return;
        }

        var all = (await output) + (await errors);
        var lines = all.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var shown = lines.Where(l => l.Contains(": error ", StringComparison.Ordinal) || l.StartsWith("Error", StringComparison.Ordinal))
            .Distinct(StringComparer.Ordinal).ToList();
        if (shown.Count == 0)
        {
            shown = [.. lines.TakeLast(20)];
        }

        var message = new StringBuilder($"{failure} (dotnet {arguments[0]} exited with {process.ExitCode}):");
        foreach (var line in shown)
        {
            message.Append(Environment.NewLine).Append("  ").Append(line);
        }

        throw new PluginCommandException(message.ToString());
    }

    /// <summary>The dotnet executable running this host (<c>dotnet Pickup.Host.dll</c>), else the one on the PATH.</summary>
    private static string DotnetExecutable()
    {
        var self = Environment.ProcessPath;
        return self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet";
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]*(\\.[A-Za-z][A-Za-z0-9]*)*$", RegexOptions.CultureInvariant)]
    private static partial Regex ProjectName();

    [GeneratedRegex("^[a-z][a-z0-9_]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex AuthenticatorId();
}

/// <summary>A plugin command that cannot be done; exit status 1 with the message.</summary>
internal sealed class PluginCommandException : Exception
{
    public PluginCommandException()
    {
    }

    public PluginCommandException(string message)
        : base(message)
    {
    }

    public PluginCommandException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
