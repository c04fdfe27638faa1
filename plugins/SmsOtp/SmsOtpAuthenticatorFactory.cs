using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Pickup.Abstractions.Authentication;
using Pickup.Abstractions.Configuration;
using Pickup.Abstractions.Pages;
using Pickup.Plugins.SmsOtp.Codes;
using Pickup.Plugins.SmsOtp.Configuration;
using Pickup.Plugins.SmsOtp.Pages;
using Pickup.Sms.Contracts;

namespace Pickup.Plugins.SmsOtp;

/// <summary>The <c>sms_otp</c> authenticator: a one-time code sent by text message to the user's mobile number.</summary>
/// <remarks>
/// Once per server. <see cref="Configure"/> reads <c>[authentication.authenticator.sms_otp.parameters]</c> (see
/// <see cref="SmsOtpParameters"/>); each identity provider names the SMS provider that sends with <c>provider</c>.
/// </remarks>
public sealed class SmsOtpAuthenticatorFactory : IAuthenticatorFactory
{
    /// <summary>The id in <c>[authentication.authenticator.sms_otp]</c>.</summary>
    public const string AuthenticatorId = "sms_otp";

    /// <summary>The audit event of a passed step (declared in <see cref="SmsOtpPlugin.Describe"/>).</summary>
    public const string CodeVerified = "code.verified";

    // Table keys the engine itself reads in [federated.<id>]; harmless if it already removed them.
    private static readonly string[] EngineKeys = ["enable", "default"];

    private readonly IReadOnlyList<ISmsSender> _senders;
    private readonly ILogger _logger;
    private SmsOtpOptions _options = new();

    /// <summary>Created by the engine's container.</summary>
    /// <param name="senders">Every SMS provider loaded (singletons).</param>
    /// <param name="logger">For start-up notes about settings that have no effect.</param>
    public SmsOtpAuthenticatorFactory(IEnumerable<ISmsSender> senders, ILogger<SmsOtpAuthenticatorFactory>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(senders);
        _senders = senders.ToArray();
        _logger = logger ?? NullLogger<SmsOtpAuthenticatorFactory>.Instance;
    }

    /// <inheritdoc />
    public string Id => AuthenticatorId;

    /// <inheritdoc />
    public string DisplayName => "SMS one-time code";

    /// <inheritdoc />
    public string AuthenticationMethod => "sms";

    /// <inheritdoc />
    /// <remarks>A code (or backup code) was typed and matched; a skipped step records nothing.</remarks>
    public string? SuccessAuditEvent => CodeVerified;

    /// <summary>The settings read by <see cref="Configure"/> (defaults before).</summary>
    public SmsOtpOptions Options => _options;

    /// <inheritdoc />
    public IReadOnlyCollection<string> Templates =>
        new[] { _options.CodePage, _options.ErrorPage, _options.MobilePage }.Distinct(StringComparer.Ordinal).ToArray();

    /// <inheritdoc />
    /// <remarks>The page names come from the parameters (<c>CodePage</c>, <c>ErrorPage</c>, <c>MobilePage</c>), so a renamed page is checked too.</remarks>
    public IReadOnlyCollection<PageDeclaration> Pages =>
        new[]
        {
            PageDeclaration.For<SmsOtpPageModel>(_options.CodePage),
            PageDeclaration.For<SmsOtpErrorPageModel>(_options.ErrorPage),
            PageDeclaration.For<MobilePageModel>(_options.MobilePage),
        }.DistinctBy(p => p.Template, StringComparer.Ordinal).ToArray();

    /// <inheritdoc />
    /// <remarks>The mobile number with <c>CaptureAndUpdateMobileNumber = true</c> (the mobile page saves a verified one).</remarks>
    public IReadOnlyCollection<string> WritableClaims => _options.CaptureAndUpdateMobileNumber ? [SmsOtpClaims.Mobile] : [];

    /// <inheritdoc />
    public void Configure(PluginParameters parameters)
    {
        var options = SmsOtpOptions.Read(parameters);
        if (options.SendOtpDirectlyToMobile && !options.Mandatory)
        {
            // Not an error: WSO2 accepts the combination too; it just never acts.
            _logger.LogWarning(
                "{Key} = true acts only with {Mandatory} = true; users not in the local store fail with user.not.found",
                SmsOtpParameters.SendOtpDirectlyToMobile,
                SmsOtpParameters.Mandatory);
        }

        _options = options;
    }

    /// <inheritdoc />
    public void ValidateIdentityProvider(IdentityProviderSettings identityProvider)
    {
        ArgumentNullException.ThrowIfNull(identityProvider);
        var properties = identityProvider.Properties;
        var provider = properties.GetRequiredString(CodeDelivery.ProviderKey);
        if (provider.Length == 0)
        {
            return;
        }

        var sender = _senders.FirstOrDefault(s => string.Equals(s.Provider, provider, StringComparison.Ordinal));
        if (sender is null)
        {
            var known = _senders.Select(s => s.Provider).Order(StringComparer.Ordinal).ToArray();
            properties.AddError(
                CodeDelivery.ProviderKey,
                known.Length == 0
                    ? $"SMS provider '{provider}' is not loaded, and no SMS provider plugin is enabled"
                    : $"SMS provider '{provider}' is not loaded; the providers that exist are: {string.Join(", ", known)}");
            return;
        }

        sender.Validate(properties);
        properties.RejectUnknownKeys(EngineKeys.Append(CodeDelivery.ProviderKey).Concat(sender.Keys));
    }

    /// <inheritdoc />
    public IAuthenticator Create(IServiceProvider requestServices) => new SmsOtpAuthenticator(requestServices, _options, _senders);
}
