using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using PhoneNumbers;

namespace Pickup.Plugins.SmsOtp.Phones;

/// <summary>
/// Normalises mobile numbers to the form the reference stores and Vonage expects: country code and national number,
/// digits only (<c>+94 77 888 8888</c>, <c>94-778-888888</c> and <c>94778888888</c> all become <c>94778888888</c>).
/// </summary>
/// <remarks>Stateless and thread-safe. Numbers must carry their country code: there is no default region.</remarks>
public static class PhoneNumberNormalizer
{
    private const int MaxInputLength = 32;

    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    /// <summary>Normalises <paramref name="input"/> or explains why it is not a phone number.</summary>
    /// <param name="input">What the user typed.</param>
    /// <param name="normalized">Country code and national number, digits only.</param>
    /// <param name="problem">A sentence for the user when the number is refused.</param>
    public static bool TryNormalize(
        string? input,
        [NotNullWhen(true)] out string? normalized,
        [NotNullWhen(false)] out string? problem)
    {
        normalized = null;
        var text = input?.Trim() ?? string.Empty;
        if (text.Length == 0)
        {
            problem = "The mobile number is empty.";
            return false;
        }

        // Only what people type around digits is accepted; letters (vanity numbers) would be silently converted.
        var body = text[0] == '+' ? text[1..] : text;
        if (text.Length > MaxInputLength || !body.All(c => char.IsAsciiDigit(c) || c is ' ' or '-' or '.' or '(' or ')'))
        {
            problem = "The mobile number may contain only digits, spaces, dashes and a leading '+'.";
            return false;
        }

        // The stored form always starts with the country code, so a number without '+' is read as if it had one.
        var digits = new string(text.Where(char.IsAsciiDigit).ToArray());
        PhoneNumber number;
        try
        {
            number = Util.Parse("+" + digits, null);
        }
        catch (NumberParseException exception)
        {
            problem = exception.ErrorType switch
            {
                ErrorType.INVALID_COUNTRY_CODE =>
                    "The mobile number must start with a valid country code (for example 94 for Sri Lanka).",
                ErrorType.TOO_LONG => "The mobile number is too long.",
                _ => "The mobile number is too short.",
            };
            return false;
        }

        var possible = Util.IsPossibleNumberWithReason(number);
        if (possible is not PhoneNumberUtil.ValidationResult.IS_POSSIBLE)
        {
            problem = possible switch
            {
                PhoneNumberUtil.ValidationResult.TOO_LONG => "The mobile number is too long for its country code.",
                PhoneNumberUtil.ValidationResult.TOO_SHORT => "The mobile number is too short for its country code.",
                _ => "The mobile number is not a possible phone number for its country code.",
            };
            return false;
        }

        normalized = number.CountryCode.ToString(CultureInfo.InvariantCulture) + Util.GetNationalSignificantNumber(number);
        problem = null;
        return true;
    }

    /// <summary>Normalises <paramref name="input"/>.</summary>
    /// <exception cref="ArgumentException">The value is not a possible phone number (the message says why).</exception>
    public static string Normalize(string? input) =>
        TryNormalize(input, out var normalized, out var problem) ? normalized : throw new ArgumentException(problem, nameof(input));
}
