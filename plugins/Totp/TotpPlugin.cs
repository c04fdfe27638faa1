using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Pickup.Abstractions.Authentication;
using Pickup.Abstractions.Plugins;
using Pickup.Plugins.Totp;
using Pickup.Plugins.Totp.Commands;
using Pickup.Plugins.Totp.Steps;

[assembly: PickupPlugin(typeof(TotpPlugin), Authenticators = [TotpAuthenticatorFactory.AuthenticatorId])]

namespace Pickup.Plugins.Totp;

/// <summary>Registers the authenticator-app factor (<c>totp</c>) and declares its credential type, audit events and command.</summary>
public sealed class TotpPlugin : IPickupPlugin
{
    /// <summary>Audit event: a user confirmed a new authenticator app with its first code.</summary>
    public const string EnrolledEvent = "totp.enrolled";

    /// <summary>Audit event: a code passed a step (recorded by the engine).</summary>
    public const string VerifiedEvent = "totp.verified";

    /// <summary>Audit event: an administrator removed a user's authenticator app.</summary>
    public const string ResetEvent = "totp.reset";

    /// <inheritdoc />
    public void ConfigureServices(IServiceCollection services) =>
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAuthenticatorFactory, TotpAuthenticatorFactory>());

    /// <inheritdoc />
    public void Describe(PluginContributions contributions)
    {
        ArgumentNullException.ThrowIfNull(contributions);
        contributions
            .CredentialType(TotpCredentials.Type, "an authenticator app's shared secret (encrypted), with the last time step used")
            .AuditEvent(EnrolledEvent, "a user added an authenticator app at sign-in")
            .AuditEvent(VerifiedEvent, "an authenticator app's code passed a sign-in step")
            .AuditEvent(ResetEvent, "an administrator removed a user's authenticator app")
            .Command(new TotpResetCommand());
    }
}
