namespace Pickup.Core.Configuration;

/// <summary>Finds the home: the folder holding <c>conf/</c> and <c>data/</c>.</summary>
public static class HomeDirectory
{
    /// <summary>The environment variable that selects the home when <c>--home</c> is not given.</summary>
    public const string EnvironmentVariable = "PICKUP_HOME";

    /// <summary>The <c>--home</c> value, else <c>PICKUP_HOME</c>, else the current directory; always a full path.</summary>
    /// <param name="explicitHome">The <c>--home</c> value, or null when not given.</param>
    public static string Resolve(string? explicitHome) => Resolve(explicitHome, Environment.GetEnvironmentVariable);

    /// <summary>As <see cref="Resolve(string?)"/>, reading the environment through <paramref name="environment"/>.</summary>
    /// <param name="explicitHome">The <c>--home</c> value, or null when not given.</param>
    /// <param name="environment">Looks up an environment variable; null when unset.</param>
    public static string Resolve(string? explicitHome, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (!string.IsNullOrWhiteSpace(explicitHome))
        {
            return Path.GetFullPath(explicitHome);
        }

        var fromEnvironment = environment(EnvironmentVariable);
        return Path.GetFullPath(string.IsNullOrWhiteSpace(fromEnvironment) ? Environment.CurrentDirectory : fromEnvironment);
    }
}
