namespace Pickup.Plugins.SmsOtp;

/// <summary>The claims the SMS OTP step reads besides the user's mobile number.</summary>
public static class SmsOtpClaims
{
    /// <summary>Whether SMS OTP is turned off for the user ("true" to turn it off); honoured with <c>SMSOTPEnableByUserClaim</c>.</summary>
    public const string Disabled = "http://wso2.org/claims/identity/smsotp_disabled";
}
