namespace Pickup.Plugins.SmsOtp;

/// <summary>Mobile numbers in the stored form: country code and number, digits only (<c>94778888888</c>).</summary>
internal static class PhoneNumbers
{
    private const int MinDigits = 8;
    private const int MaxDigits = 15; // E.164 allows at most 15 digits.

    /// <summary>
    /// Strips <c>+</c>, spaces and dashes; returns the digits when 8 to 15 remain, otherwise null (letters, brackets
    /// and other characters are refused rather than guessed at).
    /// </summary>
    public static string? Normalise(string? typed)
    {
        if (string.IsNullOrWhiteSpace(typed))
        {
            return null;
        }

        var digits = new System.Text.StringBuilder(typed.Length);
        foreach (var c in typed)
        {
            if (char.IsAsciiDigit(c))
            {
                digits.Append(c);
            }
            else if (c is not ('+' or '-' or ' ' or '\t' or '\u00A0'))
            {
                return null;
            }
        }

        return digits.Length is >= MinDigits and <= MaxDigits ? digits.ToString() : null;
    }

    /// <summary>Shows only the last four digits, with a fixed-width mask so the length is not revealed either.</summary>
    public static string Mask(string digits) => "******" + (digits.Length > 4 ? digits[^4..] : digits);
}
