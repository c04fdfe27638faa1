using Microsoft.Extensions.Logging;
using Pickup.Abstractions.Authentication;
using Pickup.Abstractions.Users;
using Pickup.Plugins.SmsOtp;
using Pickup.Plugins.SmsOtp.Phones;
using Pickup.Sms.Contracts;

namespace Pickup.Plugins.SmsOtp.Steps;

/// <summary>Per request: the user directory as the SMS step reads it.</summary>
internal sealed class StepUsers
{
    private readonly IUserDirectory _directory;
    private readonly ILogger _logger;

    public StepUsers(IUserDirectory directory, ILogger logger)
    {
        _directory = directory;
        _logger = logger;
    }

    public IUserDirectory Directory => _directory;

    /// <summary>The user an earlier step identified, from the local store; null when it is not there.</summary>
    /// <remarks>Call only when <see cref="AuthenticationStepContext.User"/> is set.</remarks>
    public async Task<DirectoryUser?> FindAsync(AuthenticationStepContext context, CancellationToken cancellationToken)
    {
        var user = await _directory.FindByIdAsync(context.User!.UserId, cancellationToken);
        if (user is null)
        {
            _logger.LogInformation("User {UserId} identified by an earlier step is not in the local store", context.User.UserId);
        }

        return user;
    }

    /// <summary>True when the user's claim turns SMS OTP off.</summary>
    public static bool HasTurnedSmsOtpOff(DirectoryUser user) =>
        user.Claims.TryGetValue(SmsOtpClaims.Disabled, out var disabled)
        && string.Equals(disabled.Trim(), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The user's mobile number (digits), or null when there is none or it is unusable.</summary>
    public string? MobileNumberOf(DirectoryUser user)
    {
        if (!user.Claims.TryGetValue(SmsOtpClaims.Mobile, out var stored) || string.IsNullOrWhiteSpace(stored))
        {
            return null;
        }

        var number = MobileNumbers.ParseStored(stored);
        if (number is null)
        {
            _logger.LogWarning("{Username}'s stored mobile number is not 8 to 15 digits; treated as missing", user.Username);
        }

        return number;
    }

    /// <summary>
    /// Writes a number whose code was just verified to the profile, unless the user got one meanwhile (a number is
    /// only ever added here, never replaced: otherwise whoever holds a password could redirect the codes). False when
    /// another user holds the number (saved between the mobile page and now): nothing was written.
    /// </summary>
    public async Task<bool> SaveVerifiedNumberAsync(DirectoryUser user, string number, CancellationToken cancellationToken)
    {
        if (MobileNumberOf(user) is not null)
        {
            _logger.LogWarning("{Username} got a mobile number during the login; the verified one was not saved", user.Username);
            return true;
        }

        try
        {
            await _directory.SetClaimAsync(user.Id, SmsOtpClaims.Mobile, number, cancellationToken);
            _logger.LogInformation("{Username} added mobile number {Number}", user.Username, PhoneNumberMask.Mask(number));
        }
        catch (ClaimValueTakenException)
        {
            _logger.LogWarning("{Username} verified mobile number {Number}, but another user saved it first; not saved", user.Username, PhoneNumberMask.Mask(number));
            return false;
        }
        catch (Exception exception) when (exception is ArgumentException or InvalidOperationException)
        {
            // The code was verified, so the login goes on; only the profile misses the number.
            _logger.LogWarning("The verified mobile number of {Username} could not be saved: {Problem}", user.Username, exception.Message);
        }

        return true;
    }
}
