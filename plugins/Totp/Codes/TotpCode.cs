using OtpNet;

namespace Pickup.Plugins.Totp.Codes;

/// <summary>
/// RFC 6238 as authenticator apps use it: HMAC-SHA1, 30-second steps, 6 digits, accepted one step either side of the
/// server's clock (a phone a little fast or slow, a code typed as it changed).
/// </summary>
internal static class TotpCode
{
    public const int Digits = 6;
    public const int PeriodSeconds = 30;
    public const int StepsEitherSide = 1;

    /// <summary>What the driver typed, without the spaces apps and phone keyboards put in ("123 456"); empty when nothing.</summary>
    public static string Canonical(string? typed) =>
        string.Concat((typed ?? string.Empty).Where(c => !char.IsWhiteSpace(c) && c != '-'));

    /// <summary>True when <paramref name="code"/> could be a code at all: exactly <see cref="Digits"/> ASCII digits.</summary>
    public static bool IsWellFormed(string code) => code.Length == Digits && code.All(char.IsAsciiDigit);

    /// <summary>The time step (seconds since the Unix epoch / 30) of <paramref name="time"/>.</summary>
    public static long StepOf(DateTimeOffset time) => time.ToUnixTimeSeconds() / PeriodSeconds;

    /// <summary>
    /// The time step whose code is <paramref name="code"/>, within one step of <paramref name="now"/>, or null. The
    /// comparison is constant-time (Otp.NET compares every digit).
    /// </summary>
    public static long? Match(byte[] secret, string code, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(secret);
        if (!IsWellFormed(code))
        {
            return null;
        }

        var totp = new OtpNet.Totp(secret, PeriodSeconds, OtpHashMode.Sha1, Digits);
        var window = new VerificationWindow(previous: StepsEitherSide, future: StepsEitherSide);
        return totp.VerifyTotp(now.UtcDateTime, code, out var step, window) ? step : null;
    }

    /// <summary>The code of <paramref name="time"/> (tests and nothing else need to compute one).</summary>
    public static string Compute(byte[] secret, DateTimeOffset time) =>
        new OtpNet.Totp(secret, PeriodSeconds, OtpHashMode.Sha1, Digits).ComputeTotp(time.UtcDateTime);
}
