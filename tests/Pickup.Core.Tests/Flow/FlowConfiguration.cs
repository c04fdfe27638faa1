using Pickup.Core.Configuration;
using Pickup.Core.Tests.Configuration;

namespace Pickup.Core.Tests.Flow;

/// <summary>
/// A real configuration, read from TOML by <see cref="ConfigurationLoader"/> as the server reads it, whose service
/// providers combine the test factors into the step shapes the sequencer must handle.
/// </summary>
internal static class FlowConfiguration
{
    public const string Deployment = """
        [authentication.authenticator.password]
        name = "PasswordAuthenticator"
        enable = true

        [authentication.authenticator.code]
        name = "CodeAuthenticator"
        enable = true

        [authentication.authenticator.ident]
        name = "IdentifyBob"
        enable = true

        [authentication.authenticator.fail]
        name = "Failing"
        enable = true

        [authentication.authenticator.decline]
        name = "Declining"
        enable = true
        """;

    /// <summary>An identity provider whose default federated authenticator is the code factor.</summary>
    public const string BackupIdentityProvider = """
        name = "Backup"
        [federated.code]
        enable = true
        default = true
        """;

    /// <summary>Service provider names, each also its client id.</summary>
    public const string TwoStep = "two-step";
    public const string MultiOption = "multi";
    public const string DeclineOnly = "decline-only";
    public const string FailOnly = "fail-only";
    public const string Mismatch = "mismatch";
    public const string IdentifyOnly = "ident-only";
    public const string CodeOnly = "code-only";

    /// <summary>Writes the whole conf/ tree into <paramref name="home"/>.</summary>
    public static TempHome WriteAll(TempHome home)
    {
        ArgumentNullException.ThrowIfNull(home);
        home.WriteDeployment(Deployment).WriteIdentityProvider("Backup", BackupIdentityProvider);
        WriteServiceProvider(home, TwoStep, """
            [[authentication.steps]]
            use_subject = true
            options = [{ authenticator = "password" }]
            [[authentication.steps]]
            options = [{ authenticator = "code" }]
            """);
        WriteServiceProvider(home, MultiOption, """
            [[authentication.steps]]
            options = [{ authenticator = "password" }, { authenticator = "decline" }, { idp = "Backup" }]
            [[authentication.steps]]
            options = [{ authenticator = "code" }]
            """);
        WriteServiceProvider(home, DeclineOnly, """
            [[authentication.steps]]
            options = [{ authenticator = "decline" }]
            """);
        WriteServiceProvider(home, FailOnly, """
            [[authentication.steps]]
            options = [{ authenticator = "fail" }]
            """);
        WriteServiceProvider(home, Mismatch, """
            [[authentication.steps]]
            options = [{ authenticator = "password" }]
            [[authentication.steps]]
            options = [{ authenticator = "ident" }]
            """);
        WriteServiceProvider(home, IdentifyOnly, """
            [[authentication.steps]]
            options = [{ authenticator = "ident" }]
            """);
        WriteServiceProvider(home, CodeOnly, """
            [[authentication.steps]]
            options = [{ authenticator = "code" }]
            """);
        return home;
    }

    /// <summary>Reads the configuration <see cref="WriteAll"/> writes; fails the test if the loader finds a problem.</summary>
    public static PickupConfiguration Load()
    {
        using var home = WriteAll(new TempHome());
        return ResultAssert.Valid(home.Load());
    }

    private static void WriteServiceProvider(TempHome home, string name, string steps) =>
        home.WriteServiceProvider(name, $"""
            name = "{name}"
            [oidc]
            client_id = "{name}"
            callback_urls = ["http://localhost:8080/{name}/callback"]
            {steps}
            """);
}
