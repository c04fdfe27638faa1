using Pickup.Core.Configuration;
using Pickup.Core.Templates;

namespace Pickup.Core.Flow;

/// <summary>
/// One validated configuration as the engine serves it: the files' fingerprint, the authenticators configured from
/// it and the page renderer of its templates. Immutable; a live reload makes a new one.
/// </summary>
/// <param name="Id">The fingerprint of the files it was loaded from (SHA-256, hex): the same files give the same id on every node.</param>
/// <param name="Registry">The authenticators configured from it, initialised.</param>
/// <param name="Renderer">Its page renderer, or null where no page is rendered (tests of the flow alone).</param>
public sealed record ConfigurationGeneration(string Id, AuthenticatorRegistry Registry, TemplateRenderer? Renderer)
{
    /// <summary>The configuration itself.</summary>
    public PickupConfiguration Configuration => Registry.Configuration;
}
