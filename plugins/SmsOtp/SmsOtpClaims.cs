namespace Pickup.Plugins.SmsOtp;

/// <summary>The claims the SMS OTP step reads and writes.</summary>
public static class SmsOtpClaims
{
    /// <summary>The mobile number: country code and number, digits only (<c>94778888888</c>); unique among users.</summary>
    public const string Mobile = "http://wso2.org/claims/mobile";

    /// <summary>Whether SMS OTP is turned off for the user ("true" to turn it off); honoured with <c>SMSOTPEnableByUserClaim</c>.</summary>
    public const string Disabled = "http://wso2.org/claims/identity/smsotp_disabled";
}
