using Pickup.Abstractions.Configuration;

namespace Pickup.Core.Configuration.Loading;

/// <summary>What one <see cref="ConfigurationLoader.Load"/> call shares between its readers: the errors found so far and the environment.</summary>
internal sealed class LoadContext
{
    private readonly List<ConfigurationError> _errors = [];

    public LoadContext(Func<string, string?> environment)
    {
        Environment = environment;
    }

    /// <summary>Looks up an environment variable; null when it is not set.</summary>
    public Func<string, string?> Environment { get; }

    public IReadOnlyList<ConfigurationError> Errors => _errors;

    public void AddError(SourceLocation location, string message) => _errors.Add(new ConfigurationError(location, message));

    /// <summary>The path an administrator sees in messages: relative to the current directory, as a shell would show it.</summary>
    public static string DisplayPath(string fullPath) => Path.GetRelativePath(System.Environment.CurrentDirectory, fullPath);
}
