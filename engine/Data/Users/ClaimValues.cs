using Pickup.Abstractions.Authentication;

namespace Pickup.Data.Users;

/// <summary>The one place claim URIs and values are checked and normalised (by the claim's rule, if any) before they are stored.</summary>
internal static class ClaimValues
{
    public const int MaxUriLength = 512;
    public const int MaxValueLength = 2048;

    /// <summary>Returns the value to store, or throws <see cref="ArgumentException"/> with a sentence an admin understands.</summary>
    public static string Normalize(UniqueClaims rules, string claimUri, string value)
    {
        if (string.IsNullOrWhiteSpace(claimUri) || claimUri.Length > MaxUriLength || claimUri.Any(char.IsWhiteSpace))
        {
            throw new ArgumentException($"'{claimUri}' is not a claim URI (for example {ClaimUris.Email}).", nameof(claimUri));
        }

        if (value.Length > MaxValueLength)
        {
            throw new ArgumentException($"The value of {claimUri} is longer than {MaxValueLength} characters.", nameof(value));
        }

        if (rules.RuleFor(claimUri) is not { } rule)
        {
            return value;
        }

        if (!rule.TryNormalize(value, out var normalized, out var problem))
        {
            throw new ArgumentException(problem ?? $"'{value}' is not a valid value of {claimUri}.", nameof(value));
        }

        return normalized.Length <= MaxValueLength
            ? normalized
            : throw new ArgumentException($"The value of {claimUri} is longer than {MaxValueLength} characters.", nameof(value));
    }

    /// <summary>The value to store, or null when <see cref="Normalize"/> would refuse it.</summary>
    public static string? TryNormalize(UniqueClaims rules, string claimUri, string value)
    {
        try
        {
            return value.Length == 0 ? null : Normalize(rules, claimUri, value);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
