using Pickup.Abstractions.Configuration;

namespace Pickup.Host.Hosting;

/// <summary>Either a built engine ready to run, or every reason it cannot start.</summary>
/// <param name="App">The engine; null when <paramref name="Errors"/> is not empty.</param>
/// <param name="Errors">Configuration problems, each with file, line and column.</param>
public sealed record EngineBuildResult(WebApplication? App, IReadOnlyList<ConfigurationError> Errors)
{
    /// <summary>Things that work but are probably not meant (e.g. a subject claim users can change); never stop start-up.</summary>
    public IReadOnlyList<ConfigurationError> Warnings { get; init; } = [];
}
