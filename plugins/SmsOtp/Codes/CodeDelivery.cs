using Microsoft.Extensions.Logging;
using Pickup.Abstractions.Authentication;
using Pickup.Plugins.SmsOtp.Configuration;
using Pickup.Plugins.SmsOtp.Phones;
using Pickup.Sms.Contracts;
using Scriban.Syntax;

namespace Pickup.Plugins.SmsOtp.Codes;

/// <summary>Per request: makes a new code, sends it through the identity provider's SMS provider, and stores its hash.</summary>
internal sealed class CodeDelivery
{
    /// <summary>The identity-provider property naming the SMS provider.</summary>
    public const string ProviderKey = "provider";

    private readonly SmsOtpOptions _options;
    private readonly IReadOnlyList<ISmsSender> _senders;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly byte[] _codeKey;

    public CodeDelivery(SmsOtpOptions options, IReadOnlyList<ISmsSender> senders, TimeProvider time, ILogger logger, byte[] codeKey)
    {
        _codeKey = codeKey;
        _options = options;
        _senders = senders;
        _time = time;
        _logger = logger;
    }

    /// <summary>
    /// Sends a fresh code to <paramref name="number"/>. On success the new code's hash replaces the old one in
    /// <paramref name="state"/> (the old code dies) and null is returned; on failure the old code is killed too and
    /// the reason is returned (<see cref="SmsFailureReason.Misconfigured"/> when no sender could be found).
    /// </summary>
    public async Task<SmsFailureReason?> SendNewCodeAsync(
        AuthenticationStepContext context,
        SmsOtpState state,
        string number,
        CancellationToken cancellationToken)
    {
        // Whatever happens next, the previous code must not stay usable once a new one was asked for.
        state.ClearCode();

        var provider = context.IdentityProvider?.Properties.GetString(ProviderKey, string.Empty) ?? string.Empty;
        var sender = _senders.FirstOrDefault(s => string.Equals(s.Provider, provider, StringComparison.Ordinal));
        if (context.IdentityProvider is null || sender is null)
        {
            _logger.LogError(
                "Cannot send an SMS code for attempt {Attempt}: {Problem}",
                context.AttemptLogId,
                context.IdentityProvider is null
                    ? "the step names the sms_otp authenticator directly; use { idp = \"...\" } so an identity provider says which SMS provider sends"
                    : $"SMS provider '{provider}' of identity provider '{context.IdentityProvider.Name}' is not loaded");
            return SmsFailureReason.Misconfigured;
        }

        var code = OneTimeCode.Generate(_options.TokenLength, _options.AlphanumericToken);
        var masked = PhoneNumberMask.Mask(number);
        SmsSendResult result;
        try
        {
            // The user and the browser's address let the engine's send limits count per user and per address.
            var message = new SmsMessage(number, MessageText(code, context.ServiceProvider), code)
            {
                UserId = context.User?.UserId,
                Username = context.User?.Username,
                ClientAddress = context.RemoteAddress,
            };
            result = await sender.SendAsync(message, context.IdentityProvider.Properties, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The SDK says senders never throw; one that does must not turn a driver's login into a server error page.
            // Only the exception's type is logged: a careless sender could have put the message text in its message.
            _logger.LogError("SMS provider '{Provider}' threw {ExceptionType} sending a code to {Number}", provider, exception.GetType().FullName, masked);
            return SmsFailureReason.Unreachable;
        }

        if (!result.Succeeded)
        {
            _logger.LogWarning(
                "SMS provider '{Provider}' could not send a code to {Number} ({Reason}): {FailureDetail}",
                provider,
                masked,
                result.Reason,
                result.FailureDetail);
            // A failed result that names no reason is still a failure.
            return result.Reason == SmsFailureReason.None ? SmsFailureReason.Rejected : result.Reason;
        }

        var salt = OneTimeCode.NewSalt();
        var now = _time.GetUtcNow();
        state.StoreCode(OneTimeCode.Hash(_codeKey, code, salt), salt, now.AddSeconds(_options.TokenExpirySeconds), now, number);
        _logger.LogInformation("Sent a sign-in code to {Number} through '{Provider}' for attempt {Attempt}", masked, provider, context.AttemptLogId);
        return null;
    }

    /// <summary>
    /// What the driver is told about a failed send: an untrusted provider certificate and a reached send limit are
    /// worth telling apart (an admin must act; the driver must wait); everything else is <c>unable.send.code</c>.
    /// </summary>
    public static string FailureKeyOf(SmsFailureReason reason) => reason switch
    {
        SmsFailureReason.Untrusted => Pages.FailureKeys.ProviderUntrusted,
        SmsFailureReason.RateLimited => Pages.FailureKeys.SmsRateLimited,
        _ => Pages.FailureKeys.UnableToSendCode,
    };

    private string MessageText(string code, string app)
    {
        var minutes = (_options.TokenExpirySeconds + 59) / 60;
        try
        {
            return _options.Message.Render(code, app, minutes);
        }
        catch (ScriptRuntimeException exception)
        {
            // Start-up rendered the template with the same variables, so this is a Scriban surprise; the driver still
            // gets a usable text. The exception's message may quote the template's values (the code): not logged.
            _logger.LogError("SmsMessageTemplate failed to render ({ExceptionType}); the default text was sent", exception.GetType().Name);
            return MessageTemplate.Default.Render(code, app, minutes);
        }
    }
}
