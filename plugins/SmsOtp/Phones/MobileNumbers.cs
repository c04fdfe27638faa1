using System.Globalization;
using PhoneNumbers;
using Pickup.Sms.Contracts;

namespace Pickup.Plugins.SmsOtp.Phones;

/// <summary>
/// Mobile numbers in the stored form (country code and number, digits only: <c>94778888888</c>), checked with
/// libphonenumber when a driver types one. Stateless and thread-safe.
/// </summary>
internal static class MobileNumbers
{
    private const int MaxTypedLength = 32;
    private const int MinDigits = 8;
    private const int MaxDigits = 15; // E.164 allows at most 15 digits.

    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    /// <summary>True when libphonenumber knows <paramref name="region"/> (upper-case ISO 3166 alpha-2).</summary>
    public static bool IsSupportedRegion(string region) => Util.GetSupportedRegions().Contains(region);

    /// <summary>
    /// Reads a number a driver typed: digits with spaces, dashes, dots, brackets and a leading <c>+</c>. Without
    /// <paramref name="defaultRegion"/> the number must start with its country code (<c>+</c> optional, as the stored
    /// form has none); with it, a national number (<c>0778888888</c> for <c>LK</c>) is read in that region. Returns the
    /// stored form of a number valid in its country's numbering plan (E.164), or null.
    /// </summary>
    public static string? ParseTyped(string? typed, string defaultRegion)
    {
        var text = typed?.Trim() ?? string.Empty;
        if (text.Length is 0 or > MaxTypedLength)
        {
            return null;
        }

        // Letters are refused rather than read as a keypad's vanity number.
        var international = text[0] == '+';
        var body = international ? text[1..] : text;
        if (!body.All(c => char.IsAsciiDigit(c) || c is ' ' or '-' or '.' or '(' or ')') || !body.Any(char.IsAsciiDigit))
        {
            return null;
        }

        var digits = new string(body.Where(char.IsAsciiDigit).ToArray());
        PhoneNumber number;
        try
        {
            number = international || defaultRegion.Length == 0
                ? Util.Parse("+" + digits, null)
                : Util.Parse(text, defaultRegion);
        }
        catch (NumberParseException)
        {
            return null;
        }

        return Util.IsValidNumber(number)
            ? number.CountryCode.ToString(CultureInfo.InvariantCulture) + Util.GetNationalSignificantNumber(number)
            : null;
    }

    /// <summary>
    /// Reads a number from the user's profile (the engine stores it normalised): 8 to 15 digits after dropping
    /// <c>+</c>, spaces and dashes, otherwise null.
    /// </summary>
    public static string? ParseStored(string? stored)
    {
        if (string.IsNullOrWhiteSpace(stored))
        {
            return null;
        }

        var digits = new System.Text.StringBuilder(stored.Length);
        foreach (var c in stored)
        {
            if (char.IsAsciiDigit(c))
            {
                digits.Append(c);
            }
            else if (c is not ('+' or '-' or ' '))
            {
                return null;
            }
        }

        return digits.Length is >= MinDigits and <= MaxDigits ? digits.ToString() : null;
    }

    /// <summary>What the code page shows: masked (<see cref="PhoneNumberMask"/>), or the whole number with its <c>+</c>.</summary>
    public static string Display(string digits, bool mask) => mask ? PhoneNumberMask.Mask(digits) : "+" + digits;
}
