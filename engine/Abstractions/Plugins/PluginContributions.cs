using Pickup.Abstractions.Commands;
using Pickup.Abstractions.Configuration;
using Pickup.Abstractions.Users;

namespace Pickup.Abstractions.Plugins;

/// <summary>
/// The names a plugin adds to the engine, declared once in <see cref="IPickupPlugin.Describe"/>: audit event types,
/// credential types, command-line commands and claim rules. The engine checks them at start-up: a name two plugins
/// both contribute is refused, naming both.
/// </summary>
public sealed class PluginContributions
{
    private readonly List<(string Type, string Description)> _auditEvents = [];
    private readonly List<(string Type, string Description)> _credentialTypes = [];
    private readonly List<PickupCommand> _commands = [];
    private readonly List<ClaimRule> _claimRules = [];
    private readonly List<PluginConfigurationSection> _configurationSections = [];

    /// <summary>Audit event types, with what each means.</summary>
    public IReadOnlyList<(string Type, string Description)> AuditEvents => _auditEvents;

    /// <summary>Credential types, with what each holds.</summary>
    public IReadOnlyList<(string Type, string Description)> CredentialTypes => _credentialTypes;

    /// <summary>Commands.</summary>
    public IReadOnlyList<PickupCommand> Commands => _commands;

    /// <summary>Claim rules.</summary>
    public IReadOnlyList<ClaimRule> ClaimRules => _claimRules;

    /// <summary>The <c>deployment.toml</c> tables the plugin reads itself.</summary>
    public IReadOnlyList<PluginConfigurationSection> ConfigurationSections => _configurationSections;

    /// <summary>
    /// Declares a <c>deployment.toml</c> table the plugin reads itself (see <see cref="PluginConfigurationSection"/>):
    /// the engine stops treating it as an unknown key, validates it with <paramref name="validate"/> at load, and
    /// serves it through <see cref="IDeploymentSections"/>.
    /// </summary>
    /// <param name="path">The table's dotted path (<c>security.send_limits</c>).</param>
    /// <param name="validate">Reads the table and records its problems in it; must not throw.</param>
    public PluginContributions ConfigurationSection(string path, Action<PluginParameters> validate)
    {
        _configurationSections.Add(new PluginConfigurationSection(path, validate));
        return this;
    }

    /// <summary>Declares an audit event type the plugin writes (<c>area.what</c>, lower case).</summary>
    public PluginContributions AuditEvent(string type, string description)
    {
        ArgumentException.ThrowIfNullOrEmpty(type);
        _auditEvents.Add((type, description));
        return this;
    }

    /// <summary>Declares a credential type the plugin keeps in the credential store.</summary>
    public PluginContributions CredentialType(string type, string description)
    {
        ArgumentException.ThrowIfNullOrEmpty(type);
        _credentialTypes.Add((type, description));
        return this;
    }

    /// <summary>Adds a command to the <c>pickup</c> command line.</summary>
    public PluginContributions Command(PickupCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        _commands.Add(command);
        return this;
    }

    /// <summary>Adds a rule for one claim.</summary>
    public PluginContributions ClaimRule(ClaimRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        _claimRules.Add(rule);
        return this;
    }
}
