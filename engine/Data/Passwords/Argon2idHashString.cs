using System.Globalization;

namespace Pickup.Data.Passwords;

/// <summary>
/// An Argon2id hash in the PHC string format, <c>$argon2id$v=19$m=19456,t=2,p=1$&lt;salt&gt;$&lt;hash&gt;</c>
/// (unpadded standard base64), so each stored hash carries the cost it was made with.
/// </summary>
internal sealed record Argon2idHashString(int MemoryKib, int Iterations, int Parallelism, byte[] Salt, byte[] Hash)
{
    private const string Prefix = "$argon2id$v=19$";

    public string Format() =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"{Prefix}m={MemoryKib},t={Iterations},p={Parallelism}${ToBase64(Salt)}${ToBase64(Hash)}");

    /// <summary>Parses a stored hash; false for anything that is not a version-19 Argon2id PHC string.</summary>
    public static bool TryParse(string? text, out Argon2idHashString? result)
    {
        result = null;
        if (text is null || !text.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var parts = text[Prefix.Length..].Split('$');
        if (parts.Length != 3)
        {
            return false;
        }

        int? memory = null, iterations = null, parallelism = null;
        foreach (var pair in parts[0].Split(','))
        {
            var separator = pair.IndexOf('=', StringComparison.Ordinal);
            if (separator <= 0
                || !int.TryParse(pair.AsSpan(separator + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var value)
                || value <= 0)
            {
                return false;
            }

            switch (pair[..separator])
            {
                case "m": memory = value; break;
                case "t": iterations = value; break;
                case "p": parallelism = value; break;
                default: return false;
            }
        }

        if (memory is null || iterations is null || parallelism is null
            || !TryFromBase64(parts[1], out var salt) || !TryFromBase64(parts[2], out var hash)
            || salt.Length == 0 || hash.Length == 0)
        {
            return false;
        }

        result = new Argon2idHashString(memory.Value, iterations.Value, parallelism.Value, salt, hash);
        return true;
    }

    private static string ToBase64(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=');

    private static bool TryFromBase64(string text, out byte[] bytes)
    {
        var padded = text.PadRight(text.Length + ((4 - (text.Length % 4)) % 4), '=');
        bytes = new byte[padded.Length];
        if (Convert.TryFromBase64String(padded, bytes, out var written))
        {
            bytes = bytes[..written];
            return true;
        }

        bytes = [];
        return false;
    }
}
