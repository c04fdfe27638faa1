using Pickup.Abstractions.Configuration;

namespace Pickup.Core.Configuration;

/// <summary>The outcome of <see cref="ConfigurationLoader.Load"/>.</summary>
/// <param name="Configuration">
/// What was read. Null when <c>deployment.toml</c> is missing or not valid TOML; otherwise present even when
/// <paramref name="Errors"/> is not empty (bad values then hold their defaults), so tools such as
/// <c>pickup plugins list</c> can still show something. Start a server only when <see cref="IsValid"/>.
/// </param>
/// <param name="Errors">Every problem found, ordered by file and position.</param>
public sealed record ConfigurationResult(PickupConfiguration? Configuration, IReadOnlyList<ConfigurationError> Errors)
{
    /// <summary>True when there is a configuration and nothing is wrong with it.</summary>
    public bool IsValid => Errors.Count == 0 && Configuration is not null;
}
