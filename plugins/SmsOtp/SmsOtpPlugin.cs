using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Pickup.Abstractions.Auditing;
using Pickup.Abstractions.Authentication;
using Pickup.Abstractions.Configuration;
using Pickup.Abstractions.Limits;
using Pickup.Abstractions.Plugins;
using Pickup.Plugins.SmsOtp;
using Pickup.Plugins.SmsOtp.BackupCodes;
using Pickup.Plugins.SmsOtp.Limits;
using Pickup.Plugins.SmsOtp.Phones;
using Pickup.Sms.Contracts;

[assembly: PickupPlugin(typeof(SmsOtpPlugin), Authenticators = [SmsOtpAuthenticatorFactory.AuthenticatorId])]

namespace Pickup.Plugins.SmsOtp;

/// <summary>
/// Registers the SMS one-time-code authenticator (<c>sms_otp</c>) and the send limits of
/// <c>[security.sms_limits]</c> in front of every SMS provider; the providers come from other plugins.
/// </summary>
public sealed class SmsOtpPlugin : IPickupPlugin
{
    /// <inheritdoc />
    public void ConfigureServices(IServiceCollection services)
    {
        services.AddMetrics();
        services.TryAddSingleton(provider => new SmsSendPolicy(
            provider.GetRequiredService<IDeploymentSections>(),
            provider.GetRequiredService<IWindowCounter>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILogger<SmsSendPolicy>>(),
            provider.GetRequiredService<IMeterFactory>()));

        // Every provider, whichever plugin brought it, sends only within the limits, through one shared policy.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAuthenticatorFactory, SmsOtpAuthenticatorFactory>(provider =>
            new SmsOtpAuthenticatorFactory(
                GuardedSmsSender.GuardAll(
                    provider.GetServices<ISmsSender>(),
                    provider.GetRequiredService<SmsSendPolicy>(),
                    provider.GetRequiredService<IAuditTrail>()),
                provider.GetService<ILogger<SmsOtpAuthenticatorFactory>>())));
    }

    /// <inheritdoc />
    public void Describe(PluginContributions contributions)
    {
        ArgumentNullException.ThrowIfNull(contributions);
        contributions
            .CredentialType(BackupCodeCredentials.Type, "single-use backup codes, accepted in the code field (hashed)")
            .AuditEvent(BackupCodesCommand.IssuedEvent, "a fresh batch of backup codes replaced the user's old ones (detail: how many)")
            .Command(new BackupCodesCommand())
            .ClaimRule(new MobileNumberClaimRule())
            .ConfigurationSection(SmsLimitsOptions.Section, table => SmsLimitsOptions.Read(table))
            .AuditEvent(GuardedSmsSender.CodeSent, "An SMS provider accepted a code (detail: the masked number and the provider).")
            .AuditEvent(GuardedSmsSender.CodeSendFailed, "A code could not be sent, or the send limits refused it (detail: the reason and the masked number).")
            .AuditEvent(SmsOtpAuthenticatorFactory.CodeVerified, "The SMS code step succeeded (with the texted code or a backup code).");
    }
}
