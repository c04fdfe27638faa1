using Pickup.Abstractions.Configuration;

namespace Pickup.Core.Configuration.Loading;

/// <summary>One identity provider file as read, with where its name is (for cross-file messages).</summary>
internal sealed record LoadedIdentityProvider(string File, IdentityProviderConfig Config, SourceLocation NameLocation);

/// <summary>Reads one <c>conf/identity-providers/&lt;Name&gt;.toml</c>.</summary>
internal static class IdentityProviderFileReader
{
    private const string FederatedKey = "federated";
    private const string EnableKey = "enable";
    private const string DefaultKey = "default";
    private const string ProviderKey = "provider";

    private static readonly string[] TopLevelKeys = ["name", FederatedKey];

    /// <summary>Reads the file; null when it is not valid TOML (the errors are recorded).</summary>
    public static LoadedIdentityProvider? Read(string fullPath, LoadContext context)
    {
        if (TomlDocument.Load(fullPath, context) is not { } document)
        {
            return null;
        }

        var root = document.Root;
        root.RejectUnknownKeys(TopLevelKeys);
        var name = root.GetRequiredString("name") ?? string.Empty;
        var federated = ReadFederated(root, name);

        var config = new IdentityProviderConfig
        {
            Name = name,
            Location = root.KeyLocation("name"),
            Federated = federated,
        };
        return new LoadedIdentityProvider(document.File, config, root.KeyLocation("name"));
    }

    private static List<FederatedAuthenticatorConfig> ReadFederated(TomlTableReader root, string name)
    {
        var federated = new List<FederatedAuthenticatorConfig>();
        if (root.GetTable(FederatedKey) is not { } tables)
        {
            return federated;
        }

        FederatedAuthenticatorConfig? firstDefault = null;
        foreach (var id in tables.Keys)
        {
            if (tables.GetTable(id) is not { } table)
            {
                continue;
            }

            var properties = table.ToPluginParameters([EnableKey, DefaultKey]);
            var authenticator = new FederatedAuthenticatorConfig
            {
                AuthenticatorId = id,
                Enable = table.GetBoolean(EnableKey, true),
                Default = table.GetBoolean(DefaultKey, false),
                Provider = ReadProvider(table, properties),
                Properties = properties,
                Location = table.Location,
            };

            if (authenticator is { Enable: true, Default: true })
            {
                if (firstDefault is null)
                {
                    firstDefault = authenticator;
                }
                else
                {
                    table.AddError(
                        DefaultKey,
                        $"identity provider '{name}' already has an enabled default federated authenticator, [federated.{firstDefault.AuthenticatorId}]: set default = true on one only");
                }
            }

            federated.Add(authenticator);
        }

        return federated;
    }

    // Read from the parameters, not the table again: an unset ${env:...} in it is then reported once.
    private static string? ReadProvider(TomlTableReader table, PluginParameters properties)
    {
        if (!properties.TryGetValue(ProviderKey, out var provider))
        {
            return null;
        }

        if (provider.Value is string text)
        {
            return text;
        }

        table.AddError(ProviderKey, $"'{ProviderKey}' in {table.Description} must be a string naming an id a plugin provides (see pickup plugins list)");
        return null;
    }
}
