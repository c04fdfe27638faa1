using FluentValidation;

namespace Pickup.Core.Configuration.Validation;

/// <summary>Validates <c>[security]</c>'s own keys (its sub-tables have validators of their own).</summary>
public sealed class SecurityOptionsValidator : AbstractValidator<SecurityOptions>
{
    /// <summary>Creates the rules.</summary>
    public SecurityOptionsValidator()
    {
        RuleFor(o => o.KeyEncryptionKey)
            .Must(value => DecodeKeyEncryptionKey(value!, out _) is not null)
            .When(o => o.KeyEncryptionKey is not null)
            .WithMessage(o =>
            {
                DecodeKeyEncryptionKey(o.KeyEncryptionKey!, out var problem);
                return $"'key_encryption_key' in [security] {problem}";
            });
    }

    /// <summary>
    /// The 32 bytes <paramref name="value"/> holds in base64; null, with the problem (which never repeats the value),
    /// when it holds anything else.
    /// </summary>
    public static byte[]? DecodeKeyEncryptionKey(string value, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(value);
        const string Expected = "must be 32 random bytes in base64 (for example from `openssl rand -base64 32`, set in the environment and referred to as \"${env:NAME}\")";
        byte[] key;
        try
        {
            key = Convert.FromBase64String(value.Trim());
        }
        catch (FormatException)
        {
            problem = Expected + ", and is not base64";
            return null;
        }

        if (key.Length != 32)
        {
            problem = $"{Expected}, not {key.Length} bytes";
            return null;
        }

        problem = null;
        return key;
    }
}
