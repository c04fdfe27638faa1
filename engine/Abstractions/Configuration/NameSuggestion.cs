namespace Pickup.Abstractions.Configuration;

/// <summary>
/// Finds the known name an administrator most likely meant when they wrote an unknown one (a misspelt key, a
/// mistyped id), for a "did you mean …?" in a configuration error.
/// </summary>
/// <remarks>
/// Names are compared without regard to case, by edit distance counting a swap of two neighbouring letters as one
/// edit (<c>RetryEnabel</c> is one edit from <c>RetryEnable</c>). A name is suggested only when it is close (at
/// most one edit per three letters, and at most three) and no other known name is as close: a guess between two
/// is no help.
/// </remarks>
public static class NameSuggestion
{
    /// <summary>The one known name close to <paramref name="name"/>, or null.</summary>
    /// <param name="name">What was written.</param>
    /// <param name="known">The names that exist.</param>
    public static string? Closest(string name, IEnumerable<string> known)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(known);
        var limit = Math.Clamp(name.Length / 3, 1, 3);
        string? best = null;
        var bestDistance = int.MaxValue;
        var tie = false;
        foreach (var candidate in known.Distinct(StringComparer.Ordinal))
        {
            if (string.Equals(candidate, name, StringComparison.Ordinal))
            {
                return null; // Not unknown at all.
            }

            var distance = Distance(name, candidate, limit);
            if (distance > limit)
            {
                continue;
            }

            if (distance < bestDistance)
            {
                (best, bestDistance, tie) = (candidate, distance, false);
            }
            else if (distance == bestDistance)
            {
                tie = true;
            }
        }

        return tie ? null : best;
    }

    /// <summary>
    /// <c>" did you mean 'X'?"</c> when <see cref="Closest"/> finds one, else the empty string: ready to append to a
    /// sentence ending in a full stop or semicolon.
    /// </summary>
    /// <param name="name">What was written.</param>
    /// <param name="known">The names that exist.</param>
    public static string DidYouMean(string name, IEnumerable<string> known) =>
        Closest(name, known) is { } suggestion ? $" did you mean '{suggestion}'?" : string.Empty;

    // Optimal string alignment distance, case-insensitive; stops early once every path exceeds the limit.
    private static int Distance(string a, string b, int limit)
    {
        if (Math.Abs(a.Length - b.Length) > limit)
        {
            return limit + 1;
        }

        var previous2 = new int[b.Length + 1];
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var rowMinimum = current[0];
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = char.ToUpperInvariant(a[i - 1]) == char.ToUpperInvariant(b[j - 1]) ? 0 : 1;
                var value = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1
                    && char.ToUpperInvariant(a[i - 1]) == char.ToUpperInvariant(b[j - 2])
                    && char.ToUpperInvariant(a[i - 2]) == char.ToUpperInvariant(b[j - 1]))
                {
                    value = Math.Min(value, previous2[j - 2] + 1);
                }

                current[j] = value;
                rowMinimum = Math.Min(rowMinimum, value);
            }

            if (rowMinimum > limit)
            {
                return limit + 1;
            }

            (previous2, previous, current) = (previous, current, previous2);
        }

        return previous[b.Length];
    }
}
