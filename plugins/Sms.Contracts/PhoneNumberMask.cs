namespace Pickup.Sms.Contracts;

/// <summary>
/// The one way a phone number is shown where it must not be read in full (the code page, logs, the audit trail):
/// the last four digits behind a fixed-width mask, <c>*******8888</c>, so neither the number nor its length shows.
/// </summary>
public static class PhoneNumberMask
{
    private const string Stars = "*******";

    /// <summary>Masks <paramref name="digits"/>; a number of four digits or fewer shows none of them.</summary>
    /// <param name="digits">Country code and number, digits only (<c>94778888888</c>).</param>
    public static string Mask(string digits)
    {
        ArgumentNullException.ThrowIfNull(digits);
        return digits.Length > 4 ? Stars + digits[^4..] : Stars;
    }
}
