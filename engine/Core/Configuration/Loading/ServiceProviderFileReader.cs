using Pickup.Abstractions.Authentication;
using Pickup.Abstractions.Configuration;
using Pickup.Core.Configuration.Validation;

namespace Pickup.Core.Configuration.Loading;

/// <summary>One service provider file as read, with where its unique keys are (for cross-file messages).</summary>
internal sealed record LoadedServiceProvider(string File, ServiceProviderConfig Config, SourceLocation NameLocation, SourceLocation ClientIdLocation);

/// <summary>Reads one <c>conf/service-providers/&lt;name&gt;.toml</c>; references to other files are checked later.</summary>
internal static class ServiceProviderFileReader
{
    private const string AuthenticatorKey = "authenticator";
    private const string IdentityProviderKey = "idp";
    private const string CallbackUrlsKey = "callback_urls";
    private const string PostLogoutKey = "post_logout_redirect_urls";
    private const string RequirePkceKey = "require_pkce";
    private const string BackchannelLogoutKey = "backchannel_logout_uri";

    private static readonly string[] TopLevelKeys = ["name", "oidc", "claims", "authentication"];
    private static readonly string[] OidcKeys = ["client_id", "client_secret", CallbackUrlsKey, PostLogoutKey, RequirePkceKey, BackchannelLogoutKey];
    private static readonly string[] StepKeys = ["use_subject", "use_attributes", "options"];

    /// <summary>Reads the file; null when it is not valid TOML (the errors are recorded).</summary>
    public static LoadedServiceProvider? Read(string fullPath, LoadContext context)
    {
        if (TomlDocument.Load(fullPath, context) is not { } document)
        {
            return null;
        }

        var root = document.Root;
        root.RejectUnknownKeys(TopLevelKeys);
        var name = root.GetRequiredString("name") ?? string.Empty;
        var (oidc, clientIdLocation) = ReadOidc(root, context, document.Start);
        var (subject, subjectLocation) = ReadSubjectClaimUri(root);

        var config = new ServiceProviderConfig
        {
            Name = name,
            Location = root.KeyLocation("name"),
            Oidc = oidc,
            SubjectClaimUri = subject,
            SubjectClaimUriLocation = subjectLocation,
            Steps = ReadSteps(root),
        };
        return new LoadedServiceProvider(document.File, config, root.KeyLocation("name"), clientIdLocation);
    }

    private static (OidcClientConfig Config, SourceLocation ClientIdLocation) ReadOidc(TomlTableReader root, LoadContext context, SourceLocation start)
    {
        if (root.GetTable("oidc") is not { } oidc)
        {
            if (!root.Contains("oidc"))
            {
                context.AddError(start, "an [oidc] table with client_id and callback_urls is required: every service provider is an OpenID Connect client");
            }

            return (new OidcClientConfig { ClientId = string.Empty, CallbackUrls = [], PostLogoutRedirectUrls = [] }, start);
        }

        oidc.RejectUnknownKeys(OidcKeys);
        var secret = oidc.GetString("client_secret");
        var requirePkce = oidc.GetBoolean(RequirePkceKey, true);
        if (!requirePkce && string.IsNullOrEmpty(secret))
        {
            oidc.AddError(RequirePkceKey, $"'{RequirePkceKey} = false' in [oidc] is only for a client with a client_secret: a public client must always use PKCE");
        }

        var config = new OidcClientConfig
        {
            ClientId = oidc.GetRequiredString("client_id") ?? string.Empty,

            // An empty secret (for example an environment variable set to "") makes a public client, like none.
            ClientSecret = string.IsNullOrEmpty(secret) ? null : secret,
            CallbackUrls = ReadUrls(oidc, CallbackUrlsKey, required: true, NetworkRules.IsHttpUrlWithoutFragment, "an absolute http or https URL without fragment"),
            PostLogoutRedirectUrls = ReadUrls(oidc, PostLogoutKey, required: false, NetworkRules.IsAbsoluteUrlWithoutFragment, "an absolute URL without fragment"),
            RequirePkce = requirePkce,
            BackchannelLogoutUri = ReadBackchannelLogoutUri(oidc),
        };
        return (config, oidc.KeyLocation("client_id"));
    }

    // The engine posts logout tokens there itself: plain http would carry them across the network in clear.
    private static string? ReadBackchannelLogoutUri(TomlTableReader oidc)
    {
        var url = oidc.GetString(BackchannelLogoutKey);
        if (url is not null && !NetworkRules.IsBackchannelLogoutUrl(url))
        {
            oidc.AddError(
                BackchannelLogoutKey,
                $"'{BackchannelLogoutKey}' in [oidc] is \"{url}\", which is not an absolute https URL without fragment (plain http only on localhost, 127.0.0.1 or [::1])");
        }

        return string.IsNullOrEmpty(url) ? null : url;
    }

    private static IReadOnlyList<string> ReadUrls(TomlTableReader oidc, string key, bool required, Func<string, bool> isValid, string expected)
    {
        if (!oidc.Contains(key))
        {
            if (required)
            {
                oidc.AddError($"'{key}' is required in [oidc]: list the URLs the application may be sent back to");
            }

            return [];
        }

        var urls = oidc.GetStringList(key);
        if (urls is null)
        {
            return [];
        }

        if (required && urls.Count == 0)
        {
            oidc.AddError(key, $"'{key}' in [oidc] must list at least one URL");
        }

        foreach (var url in urls.Where(u => !isValid(u)))
        {
            oidc.AddError(key, $"'{key}' in [oidc] has \"{url}\", which is not {expected}");
        }

        return urls;
    }

    private static (string Uri, SourceLocation? Location) ReadSubjectClaimUri(TomlTableReader root)
    {
        if (root.GetTable("claims") is not { } claims)
        {
            return (ClaimUris.Username, null);
        }

        claims.RejectUnknownKeys(["subject_claim_uri"]);
        var uri = claims.GetString("subject_claim_uri");
        if (uri is { Length: 0 })
        {
            claims.AddError("subject_claim_uri", "'subject_claim_uri' in [claims] must not be empty; leave it out to use http://wso2.org/claims/username");
        }

        return string.IsNullOrEmpty(uri) ? (ClaimUris.Username, null) : (uri, claims.KeyLocation("subject_claim_uri"));
    }

    private static List<AuthenticationStepConfig> ReadSteps(TomlTableReader root)
    {
        var steps = new List<AuthenticationStepConfig>();
        var authentication = root.GetTable("authentication");
        authentication?.RejectUnknownKeys(["steps"]);
        var stepTables = authentication?.GetTableList("steps", index => $"step {index + 1} of [[authentication.steps]]");
        if (stepTables is null || stepTables.Count == 0)
        {
            var message = "at least one [[authentication.steps]] with options = [{ authenticator = \"basic\" }] or the like is required";
            if (authentication is null)
            {
                if (!root.Contains("authentication"))
                {
                    root.AddError(message);
                }
            }
            else if (stepTables is not null || !authentication.Contains("steps"))
            {
                authentication.AddError("steps", message);
            }

            return steps;
        }

        for (var index = 0; index < stepTables.Count; index++)
        {
            var step = stepTables[index];
            step.RejectUnknownKeys(StepKeys);
            steps.Add(new AuthenticationStepConfig
            {
                UseSubject = step.GetBoolean("use_subject", false),
                UseAttributes = step.GetBoolean("use_attributes", false),
                Options = ReadOptions(step, index + 1),
                Location = step.Location,
            });
        }

        return steps;
    }

    private static List<StepOptionConfig> ReadOptions(TomlTableReader step, int stepNumber)
    {
        var options = new List<StepOptionConfig>();
        if (!step.Contains("options"))
        {
            step.AddError($"'options' is required in step {stepNumber}, such as options = [{{ authenticator = \"basic\" }}]");
            return options;
        }

        var optionTables = step.GetTableList("options", index => $"option {index + 1} of step {stepNumber}");
        if (optionTables is null)
        {
            return options;
        }

        if (optionTables.Count == 0)
        {
            step.AddError("options", $"'options' in step {stepNumber} must list at least one option");
        }

        foreach (var option in optionTables)
        {
            option.RejectUnknownKeys([AuthenticatorKey, IdentityProviderKey]);
            var authenticator = option.GetString(AuthenticatorKey);
            var identityProvider = option.GetString(IdentityProviderKey);
            if (option.Contains(AuthenticatorKey) == option.Contains(IdentityProviderKey))
            {
                option.AddError($"{option.Description} must have exactly one of 'authenticator' (a local authenticator id) or 'idp' (an identity provider name)");
            }
            else if (authenticator is { Length: 0 } || identityProvider is { Length: 0 })
            {
                option.AddError($"{option.Description} must not name an empty {(authenticator is null ? "identity provider" : "authenticator")}");
            }

            options.Add(new StepOptionConfig
            {
                Authenticator = authenticator,
                IdentityProvider = identityProvider,
                Location = option.Location,
            });
        }

        return options;
    }
}
