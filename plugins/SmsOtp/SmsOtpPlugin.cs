using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Pickup.Abstractions.Authentication;
using Pickup.Abstractions.Plugins;
using Pickup.Plugins.SmsOtp;

[assembly: PickupPlugin(typeof(SmsOtpPlugin), Authenticators = [SmsOtpAuthenticatorFactory.AuthenticatorId])]

namespace Pickup.Plugins.SmsOtp;

/// <summary>Registers the SMS one-time-code authenticator (<c>sms_otp</c>). SMS providers come from other plugins.</summary>
public sealed class SmsOtpPlugin : IPickupPlugin
{
    /// <inheritdoc />
    public void ConfigureServices(IServiceCollection services) =>
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAuthenticatorFactory, SmsOtpAuthenticatorFactory>());
}
