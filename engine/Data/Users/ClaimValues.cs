using Pickup.Abstractions.Authentication;
using Pickup.Data.Phones;

namespace Pickup.Data.Users;

/// <summary>The one place claim URIs and values are checked and normalised before they are stored.</summary>
internal static class ClaimValues
{
    public const int MaxUriLength = 512;
    public const int MaxValueLength = 2048;

    /// <summary>Returns the value to store, or throws <see cref="ArgumentException"/> with a sentence an admin understands.</summary>
    public static string Normalize(string claimUri, string value)
    {
        if (string.IsNullOrWhiteSpace(claimUri) || claimUri.Length > MaxUriLength || claimUri.Any(char.IsWhiteSpace))
        {
            throw new ArgumentException($"'{claimUri}' is not a claim URI (for example {ClaimUris.Mobile}).", nameof(claimUri));
        }

        if (value.Length > MaxValueLength)
        {
            throw new ArgumentException($"The value of {claimUri} is longer than {MaxValueLength} characters.", nameof(value));
        }

        return string.Equals(claimUri, ClaimUris.Mobile, StringComparison.Ordinal)
            ? PhoneNumberNormalizer.Normalize(value)
            : value;
    }

    /// <summary>The value to store, or null when <see cref="Normalize"/> would refuse it.</summary>
    public static string? TryNormalize(string claimUri, string value)
    {
        try
        {
            return value.Length == 0 ? null : Normalize(claimUri, value);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
