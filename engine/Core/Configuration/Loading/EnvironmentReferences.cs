using System.Text.RegularExpressions;
using Pickup.Abstractions.Configuration;

namespace Pickup.Core.Configuration.Loading;

/// <summary>
/// Replaces <c>${env:NAME}</c> in TOML string values. It runs on parsed values, never on the file text, so comments
/// and keys are never touched, and a variable's value is never parsed as TOML.
/// </summary>
internal static partial class EnvironmentReferences
{
    private const string Opening = "${env:";

    [GeneratedRegex(@"\$\{env:(?<name>[^}]*)\}", RegexOptions.CultureInvariant)]
    private static partial Regex Reference();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex VariableName();

    /// <summary>Substitutes every reference in <paramref name="value"/>; records an error for each unset or malformed one.</summary>
    /// <param name="value">The parsed string.</param>
    /// <param name="key">The key the string belongs to, for messages.</param>
    /// <param name="location">Where the key is.</param>
    /// <param name="context">Supplies the environment and collects errors.</param>
    /// <param name="fromEnvironment">True when at least one reference was present (the result may hold a secret).</param>
    public static string Resolve(string value, string key, SourceLocation location, LoadContext context, out bool fromEnvironment)
    {
        fromEnvironment = false;
        if (!value.Contains(Opening, StringComparison.Ordinal))
        {
            return value;
        }

        fromEnvironment = true;
        if (Reference().Replace(value, string.Empty).Contains(Opening, StringComparison.Ordinal))
        {
            context.AddError(location, $"'{key}' has a '{Opening}' reference without its closing '}}'");
        }

        // A single pass: text coming from a variable is never searched for further references.
        return Reference().Replace(value, match =>
        {
            var name = match.Groups["name"].Value;
            if (!VariableName().IsMatch(name))
            {
                context.AddError(location, $"'{key}' refers to '{match.Value}', which is not a valid environment variable name (letters, digits and '_', not starting with a digit)");
                return string.Empty;
            }

            var resolved = context.Environment(name);
            if (resolved is null)
            {
                context.AddError(location, $"environment variable '{name}' is not set, but '{key}' refers to it as ${{env:{name}}}");
                return string.Empty;
            }

            return resolved;
        });
    }
}
