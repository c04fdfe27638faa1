using FluentValidation;
using Pickup.Abstractions.Configuration;
using Pickup.Core.Configuration.Validation;

namespace Pickup.Core.Configuration.Loading;

/// <summary><c>conf/deployment.toml</c> as read: the typed sections and the authenticator tables.</summary>
internal sealed record LoadedDeployment(
    string File,
    DeploymentOptions Options,
    IReadOnlyList<AuthenticatorConfig> Authenticators,
    IReadOnlyDictionary<string, PluginParameters> PluginSections);

/// <summary>Reads and validates <c>conf/deployment.toml</c>.</summary>
internal static class DeploymentFileReader
{
    private const string AuthenticationKey = "authentication";
    private const string AuthenticatorKey = "authenticator";

    private static readonly string[] AuthenticatorKeys = ["name", "enable", "parameters"];

    /// <summary>Reads the file; null when it is missing or not valid TOML (the errors are recorded).</summary>
    /// <param name="fullPath">The file.</param>
    /// <param name="homeDirectory">The home (absolute), where <c>[ui] theme</c> must name a folder under <c>themes/</c>.</param>
    /// <param name="pluginSections">Tables plugins read themselves; null when the plugins are not known.</param>
    /// <param name="context">Collects errors.</param>
    public static LoadedDeployment? Read(string fullPath, string homeDirectory, IReadOnlyCollection<PluginConfigurationSection>? pluginSections, LoadContext context)
    {
        if (!File.Exists(fullPath))
        {
            context.AddError(
                new SourceLocation(LoadContext.DisplayPath(fullPath), 1, 1),
                "the file is missing: every home needs conf/deployment.toml (start from the one shipped in the repository's conf/ folder)");
            return null;
        }

        if (TomlDocument.Load(fullPath, context) is not { } document)
        {
            return null;
        }

        var options = new DeploymentOptions();
        var sections = new Dictionary<string, TomlTableReader>(StringComparer.Ordinal);
        var claimed = pluginSections?.Select(s => s.Path).ToHashSet(StringComparer.Ordinal);
        OptionsBinder.Bind(document.Root, options, sections, [AuthenticationKey], claimed);
        ValidateSections(options, sections, document, homeDirectory, context);

        return new LoadedDeployment(document.File, options, ReadAuthenticators(document.Root), ReadPluginSections(document, pluginSections ?? [], context));
    }

    // Each plugin's own table, handed to the plugin's validation; its errors are the file's errors.
    private static Dictionary<string, PluginParameters> ReadPluginSections(
        TomlDocument document,
        IReadOnlyCollection<PluginConfigurationSection> declared,
        LoadContext context)
    {
        var tables = new Dictionary<string, PluginParameters>(StringComparer.Ordinal);
        var enginePaths = EnginePaths(typeof(DeploymentOptions), string.Empty).Append(AuthenticationKey).ToHashSet(StringComparer.Ordinal);
        foreach (var section in declared)
        {
            if (enginePaths.Contains(section.Path) || section.Path.StartsWith(AuthenticationKey + ".", StringComparison.Ordinal))
            {
                context.AddError(document.Start, $"a plugin declares [{section.Path}] as its own, but the engine reads that table itself");
                continue;
            }

            var reader = document.Root;
            foreach (var segment in section.Path.Split('.'))
            {
                reader = reader?.Contains(segment) == true ? reader.GetTable(segment) : null;
            }

            var table = reader?.ToPluginParameters([]) ?? PluginParameters.Empty(document.Start);
            try
            {
                section.Validate(table);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // A plugin's bug is an admin's start-up message, not a stack trace.
                table.AddError(table.TableLocation, $"[{section.Path}] could not be read by its plugin: {ex.GetType().Name}: {ex.Message}");
            }

            foreach (var error in table.Errors)
            {
                context.AddError(error.Location, error.Message);
            }

            tables[section.Path] = table;
        }

        return tables;
    }

    private static void ValidateSections(
        DeploymentOptions options,
        Dictionary<string, TomlTableReader> sections,
        TomlDocument document,
        string homeDirectory,
        LoadContext context)
    {
        Validate(new ServerOptionsValidator(), options.Server, "server");
        Validate(new DatabaseOptionsValidator(), options.Database, "database");
        Validate(new SessionOptionsValidator(), options.Session, "session");
        Validate(new SecurityOptionsValidator(), options.Security, "security");
        Validate(new PasswordHashOptionsValidator(), options.Security.PasswordHash, "security.password_hash");
        Validate(new LoginLimitsOptionsValidator(), options.Security.LoginLimits, "security.login_limits");
        Validate(new UiOptionsValidator(homeDirectory), options.Ui, "ui");
        Validate(new OidcOptionsValidator(), options.Oidc, "oidc");

        void Validate<T>(AbstractValidator<T> validator, T section, string path)
        {
            foreach (var failure in validator.Validate(section).Errors)
            {
                // "AllowedCountries[1]" names the key allowed_countries.
                var member = failure.PropertyName.Split('[')[0];
                var location = sections.TryGetValue(path, out var reader)
                    ? reader.KeyLocation(OptionsBinder.KeyOf(member))
                    : document.Start;
                context.AddError(location, failure.ErrorMessage);
            }
        }
    }

    // The dotted paths of the tables the engine binds itself (server, security.password_hash, ...).
    private static IEnumerable<string> EnginePaths(Type options, string prefix) =>
        options.GetProperties(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance)
            .Where(p => p.GetSetMethod() is not null && p.PropertyType.IsClass && p.PropertyType != typeof(string) && !p.PropertyType.IsGenericType)
            .SelectMany(p =>
            {
                var path = prefix + OptionsBinder.KeyOf(p.Name);
                return EnginePaths(p.PropertyType, path + ".").Prepend(path);
            });

    private static List<AuthenticatorConfig> ReadAuthenticators(TomlTableReader root)
    {
        var authenticators = new List<AuthenticatorConfig>();
        if (root.GetTable(AuthenticationKey) is not { } authentication)
        {
            return authenticators;
        }

        authentication.RejectUnknownKeys([AuthenticatorKey]);
        if (authentication.GetTable(AuthenticatorKey) is not { } tables)
        {
            return authenticators;
        }

        foreach (var id in tables.Keys)
        {
            if (tables.GetTable(id) is not { } table)
            {
                continue;
            }

            table.RejectUnknownKeys(AuthenticatorKeys);
            var parameters = table.GetTable("parameters")?.ToPluginParameters([]) ?? PluginParameters.Empty(table.Location);
            authenticators.Add(new AuthenticatorConfig
            {
                Id = id,
                Name = table.GetRequiredString("name") ?? id,
                Enable = table.GetBoolean("enable", true),
                Parameters = parameters,
                Location = table.Location,
            });
        }

        return authenticators;
    }
}
