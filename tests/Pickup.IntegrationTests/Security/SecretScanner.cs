using System.Text.RegularExpressions;

namespace Pickup.IntegrationTests.Security;

/// <summary>The secrets of a run, by kind, and where any of them shows up in a text.</summary>
internal sealed class SecretScanner
{
    private readonly List<(string Kind, string Value)> _secrets = [];

    /// <summary>How many distinct secrets are watched.</summary>
    public int Count => _secrets.Count;

    /// <summary>Watches <paramref name="value"/> (ignored when empty).</summary>
    public void Add(string kind, string? value)
    {
        if (!string.IsNullOrEmpty(value) && !_secrets.Any(s => s.Value == value))
        {
            _secrets.Add((kind, value));
        }
    }

    /// <summary>"kind: where" for every secret found in <paramref name="text"/>, with a little context.</summary>
    public IReadOnlyList<string> Find(string text, string where)
    {
        var found = new List<string>();
        foreach (var (kind, value) in _secrets)
        {
            var index = IndexOf(text, value);
            if (index >= 0)
            {
                var start = Math.Max(0, index - 80);
                found.Add($"{kind} in {where}: ...{text[start..Math.Min(text.Length, index + value.Length + 40)]}...");
            }
        }

        return found;
    }

    // A short all-digit code is matched as a word of its own, so a port, a duration or a random token that happens
    // to contain its digits is not taken for it; longer secrets are matched anywhere.
    private static int IndexOf(string text, string value)
    {
        if (value.Length <= 10 && value.All(char.IsAsciiDigit))
        {
            var match = Regex.Match(text, $"(?<![0-9A-Za-z]){Regex.Escape(value)}(?![0-9A-Za-z])", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(5));
            return match.Success ? match.Index : -1;
        }

        return text.IndexOf(value, StringComparison.Ordinal);
    }
}
