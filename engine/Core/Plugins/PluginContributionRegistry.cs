using System.Text.RegularExpressions;
using Pickup.Abstractions.Commands;
using Pickup.Abstractions.Configuration;
using Pickup.Abstractions.Plugins;
using Pickup.Abstractions.Users;
using Pickup.Core.Auditing;

namespace Pickup.Core.Plugins;

/// <summary>
/// Every name the found plugins contribute through <see cref="IPickupPlugin.Describe"/> (audit event types,
/// credential types, commands, claim rules), each with the plugin it came from, and the problems with them: a
/// malformed name, or one name contributed twice (by two plugins, or by a plugin and the engine).
/// </summary>
/// <remarks>Once per server or command line; immutable after <see cref="Collect"/>.</remarks>
public sealed partial class PluginContributionRegistry
{
    /// <summary>Command groups and words the engine's own command line uses (a plugin may add words to <c>users</c>, not these).</summary>
    private static readonly Dictionary<string, string[]> EngineCommands = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["users"] = ["add", "list", "show", "set-claim", "unlock", "delete"],
        ["roles"] = ["add", "list"],
        ["serve"] = [],
        ["demo"] = [],
        ["config"] = [],
        ["plugins"] = [],
        ["truststore"] = [],
        ["audit"] = [],
        ["test"] = [],
        ["help"] = [],
        ["--help"] = [],
        ["-h"] = [],
        ["keys"] = [],
        ["sessions"] = [],
    };

    private readonly List<Contribution<string>> _auditEvents = [];
    private readonly List<Contribution<string>> _credentialTypes = [];
    private readonly List<Contribution<PickupCommand>> _commands = [];
    private readonly List<Contribution<ClaimRule>> _claimRules = [];
    private readonly List<Contribution<PluginConfigurationSection>> _configurationSections = [];
    private readonly List<ConfigurationError> _errors = [];

    private PluginContributionRegistry()
    {
    }

    /// <summary>An empty registry: the engine's own names only.</summary>
    public static PluginContributionRegistry Empty { get; } = new();

    /// <summary>Audit event types plugins declared, with their plugin.</summary>
    public IReadOnlyList<Contribution<string>> AuditEvents => _auditEvents;

    /// <summary>Credential types plugins declared, with their plugin.</summary>
    public IReadOnlyList<Contribution<string>> CredentialTypes => _credentialTypes;

    /// <summary>Commands plugins added, with their plugin.</summary>
    public IReadOnlyList<Contribution<PickupCommand>> Commands => _commands;

    /// <summary>Claim rules plugins added, with their plugin.</summary>
    public IReadOnlyList<Contribution<ClaimRule>> ClaimRules => _claimRules;

    /// <summary>The <c>deployment.toml</c> tables plugins read themselves, with their plugin.</summary>
    public IReadOnlyList<Contribution<PluginConfigurationSection>> ConfigurationSections => _configurationSections;

    /// <summary>Malformed or clashing names; the engine must not start (nor a command run) unless empty.</summary>
    public IReadOnlyList<ConfigurationError> Errors => _errors;

    /// <summary>Every audit event type that may be written: the engine's and the plugins'.</summary>
    public IReadOnlySet<string> AllAuditEventTypes =>
        _auditEvents.Select(a => a.Value).Concat(AuditEventTypes.All).ToHashSet(StringComparer.Ordinal);

    /// <summary>Asks every plugin of <paramref name="catalog"/> to describe itself, and checks what they say.</summary>
    public static PluginContributionRegistry Collect(IPluginCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var registry = new PluginContributionRegistry();
        foreach (var plugin in catalog.Plugins)
        {
            var contributions = new PluginContributions();
            try
            {
                catalog.CreateStartup(plugin).Describe(contributions);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                registry._errors.Add(new ConfigurationError(LocationOf(plugin), $"plugin {plugin.Name} failed while describing itself: {ex.GetType().Name}: {ex.Message}"));
                continue;
            }

            registry.Add(plugin, contributions);
        }

        registry.Check();
        return registry;
    }

    /// <summary>True when <c>pickup GROUP NAME</c> belongs to the engine's own command line, so no plugin may provide it.</summary>
    public static bool IsEngineCommand(string group, string name) =>
        EngineCommands.TryGetValue(group, out var words) && (words.Length == 0 || words.Contains(name, StringComparer.Ordinal));

    /// <summary>The plugin command <c>pickup GROUP NAME</c>, or null.</summary>
    public Contribution<PickupCommand>? FindCommand(string group, string name) =>
        _commands.FirstOrDefault(c => c.Value.Group == group && c.Value.Name == name);

    private static SourceLocation LocationOf(PluginDescriptor plugin) =>
        new(Path.GetRelativePath(Environment.CurrentDirectory, plugin.AssemblyPath), 1, 1);

    private void Add(PluginDescriptor plugin, PluginContributions contributions)
    {
        foreach (var (type, _) in contributions.AuditEvents)
        {
            Require(plugin, AuditEventName().IsMatch(type), $"audit event type '{type}' must be lower-case words joined by '.', like 'code.sent'");
            _auditEvents.Add(new Contribution<string>(plugin, type));
        }

        foreach (var (type, _) in contributions.CredentialTypes)
        {
            Require(plugin, WordName().IsMatch(type), $"credential type '{type}' must be a lower-case word (letters, digits, '-' or '_'), like 'pin'");
            _credentialTypes.Add(new Contribution<string>(plugin, type));
        }

        foreach (var command in contributions.Commands)
        {
            Require(plugin, CommandWord().IsMatch(command.Group ?? string.Empty) && CommandWord().IsMatch(command.Name ?? string.Empty),
                $"command '{command.Group} {command.Name}' must be two lower-case words (letters, digits, '-')");
            _commands.Add(new Contribution<PickupCommand>(plugin, command));
        }

        foreach (var rule in contributions.ClaimRules)
        {
            Require(plugin, Uri.TryCreate(rule.ClaimUri, UriKind.Absolute, out _), $"claim rule for '{rule.ClaimUri}' must name an absolute claim URI");
            _claimRules.Add(new Contribution<ClaimRule>(plugin, rule));
        }

        foreach (var section in contributions.ConfigurationSections)
        {
            Require(plugin, SectionPath().IsMatch(section.Path), $"configuration section '{section.Path}' must be lower-case words joined by '.', like 'security.send_limits'");
            _configurationSections.Add(new Contribution<PluginConfigurationSection>(plugin, section));
        }
    }

    private void Require(PluginDescriptor plugin, bool condition, string problem)
    {
        if (!condition)
        {
            _errors.Add(new ConfigurationError(LocationOf(plugin), $"plugin {plugin.Name}: {problem}"));
        }
    }

    private void Check()
    {
        var engineAudit = AuditEventTypes.All.ToHashSet(StringComparer.Ordinal);
        foreach (var clash in _auditEvents.Where(a => engineAudit.Contains(a.Value)))
        {
            _errors.Add(new ConfigurationError(LocationOf(clash.Plugin), $"plugin {clash.Plugin.Name} declares the audit event type '{clash.Value}', which is the engine's own"));
        }

        Clashes(_auditEvents, a => a.Value, "the audit event type");
        Clashes(_credentialTypes, c => c.Value, "the credential type");
        Clashes(_claimRules, r => r.Value.ClaimUri, "a rule for the claim");
        Clashes(_configurationSections, c => c.Value.Path, "the configuration section");
        Clashes(_commands, c => $"{c.Value.Group} {c.Value.Name}", "the command 'pickup");
        foreach (var command in _commands)
        {
            if (IsEngineCommand(command.Value.Group, command.Value.Name))
            {
                _errors.Add(new ConfigurationError(
                    LocationOf(command.Plugin),
                    $"plugin {command.Plugin.Name} adds the command 'pickup {command.Value.Group} {command.Value.Name}', which is the engine's own"));
            }
        }
    }

    private void Clashes<T>(List<Contribution<T>> items, Func<Contribution<T>, string> key, string what)
    {
        foreach (var group in items.GroupBy(key, StringComparer.Ordinal))
        {
            var plugins = group.Select(g => g.Plugin).Distinct().ToList();
            if (group.Count() > 1)
            {
                var name = what.EndsWith("'pickup", StringComparison.Ordinal) ? $"{what} {group.Key}'" : $"{what} '{group.Key}'";
                var by = plugins.Count > 1
                    ? $"plugins {string.Join(" and ", plugins.Select(p => p.Name))} both contribute {name}"
                    : $"plugin {plugins[0].Name} contributes {name} twice";
                _errors.Add(new ConfigurationError(LocationOf(plugins[^1]), $"{by}; names must be unique: rename one, or remove one plugin"));
            }
        }
    }

    [GeneratedRegex("^[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+$", RegexOptions.CultureInvariant)]
    private static partial Regex AuditEventName();

    [GeneratedRegex("^[a-z][a-z0-9_-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex WordName();

    [GeneratedRegex("^[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*$", RegexOptions.CultureInvariant)]
    private static partial Regex SectionPath();

    [GeneratedRegex("^[a-z][a-z0-9-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex CommandWord();
}

/// <summary>One name a plugin contributed.</summary>
/// <typeparam name="T">What was contributed.</typeparam>
/// <param name="Plugin">The plugin.</param>
/// <param name="Value">The contribution.</param>
public sealed record Contribution<T>(PluginDescriptor Plugin, T Value);
