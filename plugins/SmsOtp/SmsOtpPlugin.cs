using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Pickup.Abstractions.Authentication;
using Pickup.Abstractions.Plugins;
using Pickup.Plugins.SmsOtp;
using Pickup.Plugins.SmsOtp.BackupCodes;
using Pickup.Plugins.SmsOtp.Phones;

[assembly: PickupPlugin(typeof(SmsOtpPlugin), Authenticators = [SmsOtpAuthenticatorFactory.AuthenticatorId])]

namespace Pickup.Plugins.SmsOtp;

/// <summary>Registers the SMS one-time-code authenticator (<c>sms_otp</c>). SMS providers come from other plugins.</summary>
public sealed class SmsOtpPlugin : IPickupPlugin
{
    /// <inheritdoc />
    public void ConfigureServices(IServiceCollection services) =>
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAuthenticatorFactory, SmsOtpAuthenticatorFactory>());

    /// <inheritdoc />
    public void Describe(PluginContributions contributions)
    {
        ArgumentNullException.ThrowIfNull(contributions);
        contributions
            .CredentialType(BackupCodeCredentials.Type, "single-use backup codes, accepted in the code field (hashed)")
            .AuditEvent(BackupCodesCommand.IssuedEvent, "a fresh batch of backup codes replaced the user's old ones (detail: how many)")
            .Command(new BackupCodesCommand())
            .ClaimRule(new MobileNumberClaimRule());
    }
}
