using Pickup.Abstractions.Authentication;
using Pickup.Abstractions.Users;
using Pickup.Plugins.SmsOtp;

namespace Pickup.Plugins.SmsOtp.Phones;

/// <summary>
/// The mobile number claim: normalised to country code and number, digits only (<see cref="PhoneNumberNormalizer"/>),
/// held by at most one user (a code sent to it proves its owner), released as <c>phone_number</c> under the
/// <c>phone</c> scope. Contributed by <see cref="SmsOtpPlugin.Describe"/>; the engine applies it wherever the claim is
/// written or read.
/// </summary>
/// <remarks>Stateless and thread-safe.</remarks>
public sealed class MobileNumberClaimRule : ClaimRule
{
    /// <inheritdoc />
    public override string ClaimUri => SmsOtpClaims.Mobile;

    /// <inheritdoc />
    public override bool Unique => true;

    /// <inheritdoc />
    public override string? OidcClaim => "phone_number";

    /// <inheritdoc />
    public override string? OidcScope => "phone";

    /// <inheritdoc />
    public override bool TryNormalize(string value, out string normalized, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (PhoneNumberNormalizer.TryNormalize(value, out var number, out problem))
        {
            normalized = number;
            return true;
        }

        normalized = value;
        return false;
    }
}
