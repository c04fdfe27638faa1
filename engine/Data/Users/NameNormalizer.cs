using System.Text;

namespace Pickup.Data.Users;

/// <summary>
/// Turns usernames and role names into the unique lookup key: Unicode compatibility form, then upper case, so
/// <c>Alex</c>, <c>ALEX</c> and full-width <c>ａｌｅｘ</c> are one account and cannot be registered twice.
/// </summary>
internal static class NameNormalizer
{
    public const int MaxLength = 256;

    public static string Normalize(string name) => name.Normalize(NormalizationForm.FormKC).ToUpperInvariant();

    /// <summary>Why a name cannot be used, or null when it can.</summary>
    public static string? Problem(string? name, string what)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return $"The {what} is empty.";
        }

        if (name.Length > MaxLength)
        {
            return $"The {what} is longer than {MaxLength} characters.";
        }

        if (!string.Equals(name, name.Trim(), StringComparison.Ordinal))
        {
            return $"The {what} '{name}' starts or ends with white space.";
        }

        return name.Any(char.IsControl) ? $"The {what} contains control characters." : null;
    }
}
