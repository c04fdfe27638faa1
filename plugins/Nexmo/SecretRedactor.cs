using Pickup.Sms.Contracts;

namespace Pickup.Plugins.Nexmo;

/// <summary>
/// Masks what must never reach a log from text the provider wrote: the code, the message, the URL's query values
/// (api_key, api_secret) and header values (tokens). Providers sometimes echo their input in error texts.
/// </summary>
internal sealed class SecretRedactor
{
    private const string Mask = "***";

    // Shorter values ("0", "NEXMO") are not secrets, and masking them would garble the provider's words.
    private const int MinSecretLength = 4;

    private readonly string[] _secrets;

    private SecretRedactor(IEnumerable<string> secrets)
    {
        _secrets = secrets
            .Where(s => s.Length >= MinSecretLength)
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(s => s.Length) // longest first, so a secret containing another is masked whole
            .ToArray();
    }

    /// <summary>The redactor for one send.</summary>
    public static SecretRedactor For(NexmoSettings settings, SmsMessage message)
    {
        var secrets = new List<string> { message.Code, message.Text };
        secrets.AddRange(settings.Headers.Select(h => h.Value));
        if (Uri.TryCreate(settings.SmsUrl, UriKind.Absolute, out var uri))
        {
            foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                var value = pair[(pair.IndexOf('=', StringComparison.Ordinal) + 1)..];
                if (!value.Contains("$ctx.", StringComparison.Ordinal))
                {
                    secrets.Add(value);
                    secrets.Add(Uri.UnescapeDataString(value));
                }
            }
        }

        return new SecretRedactor(secrets);
    }

    /// <summary>The text with every secret masked.</summary>
    public string Redact(string text)
    {
        foreach (var secret in _secrets)
        {
            text = text.Replace(secret, Mask, StringComparison.Ordinal);
        }

        return text;
    }
}
