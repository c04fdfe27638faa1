using Pickup.Abstractions.Configuration;
using Pickup.Core.Configuration;

namespace Pickup.Core.Tests.Configuration;

/// <summary>A throw-away home folder with a conf/ tree written by the test.</summary>
internal sealed class TempHome : IDisposable
{
    /// <summary>A deployment.toml that is valid on its own: the two authenticators the scenario needs.</summary>
    public const string MinimalDeployment = """
        [authentication.authenticator.basic]
        name = "BasicAuthenticator"
        enable = true

        [authentication.authenticator.sms_otp]
        name = "SMSOTP"
        enable = true
        """;

    public const string SmsOtpIdentityProvider = """
        name = "SMSOTP"
        [federated.sms_otp]
        enable = true
        default = true
        provider = "outbox"
        """;

    public const string DispatchServiceProvider = """
        name = "pickup-dispatch"
        [oidc]
        client_id = "pickup-dispatch"
        callback_urls = ["http://localhost:8080/pickup-dispatch/oauth2client"]
        [[authentication.steps]]
        options = [{ authenticator = "basic" }]
        [[authentication.steps]]
        options = [{ idp = "SMSOTP" }]
        """;

    public TempHome()
    {
        Root = Path.Combine(Path.GetTempPath(), "pickup-conf-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(Root, "conf"));
    }

    public string Root { get; }

    /// <summary>Writes a file under the home, e.g. <c>conf/deployment.toml</c>.</summary>
    public TempHome Write(string relativePath, string text)
    {
        var path = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return this;
    }

    public TempHome WriteDeployment(string text) => Write("conf/deployment.toml", text);

    public TempHome WriteIdentityProvider(string name, string text) => Write($"conf/identity-providers/{name}.toml", text);

    public TempHome WriteServiceProvider(string name, string text) => Write($"conf/service-providers/{name}.toml", text);

    /// <summary>The file name the loader reports for a file of this home.</summary>
    public string Display(string relativePath) =>
        Path.GetRelativePath(Environment.CurrentDirectory, Path.Combine(Root, relativePath));

    public SourceLocation At(string relativePath, int line, int column) => new(Display(relativePath), line, column);

    /// <summary>
    /// The table a plugin declares as its own, as the SMS OTP plugin declares <c>[security.sms_limits]</c>: its
    /// validation refuses a negative <c>per_ip</c> and any key but <c>per_ip</c>, so tests see the engine report a
    /// plugin's errors.
    /// </summary>
    public static PluginConfigurationSection PluginTable { get; } = new("security.sms_limits", table =>
    {
        table.RejectUnknownKeys(["per_ip"]);
        if (table.GetInt32("per_ip", 0) < 0)
        {
            table.AddError("per_ip", "'per_ip' in [security.sms_limits] must be 0 (off) or more");
        }
    });

    /// <summary>Loads the home as the server does, knowing the plugins' tables (<see cref="PluginTable"/>).</summary>
    public ConfigurationResult Load(IReadOnlyDictionary<string, string>? environment = null) =>
        ConfigurationLoader.Load(Root, name => environment is not null && environment.TryGetValue(name, out var value) ? value : null, [PluginTable]);

    public void Dispose()
    {
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }
}

/// <summary>Assertions on a load result that print every error when they fail.</summary>
internal static class ResultAssert
{
    public static PickupConfiguration Valid(ConfigurationResult result)
    {
        Assert.True(result.IsValid, "expected no errors, got:\n" + string.Join("\n", result.Errors));
        return result.Configuration!;
    }

    /// <summary>Asserts one error at exactly <paramref name="location"/> whose message contains every fragment.</summary>
    public static ConfigurationError HasError(ConfigurationResult result, SourceLocation location, params string[] fragments)
    {
        var error = result.Errors.FirstOrDefault(e => e.Location == location && fragments.All(f => e.Message.Contains(f, StringComparison.Ordinal)));
        Assert.True(
            error is not null,
            $"expected an error at {location} containing [{string.Join(" | ", fragments)}], got:\n" + string.Join("\n", result.Errors));
        return error!;
    }
}
