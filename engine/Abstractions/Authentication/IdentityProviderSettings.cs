using Pickup.Abstractions.Configuration;

namespace Pickup.Abstractions.Authentication;

/// <summary>An identity provider from <c>conf/identity-providers/&lt;Name&gt;.toml</c>, as one authenticator sees it.</summary>
/// <remarks>Created once per server; shared by all requests.</remarks>
public sealed class IdentityProviderSettings
{
    /// <summary>The identity provider's <c>name</c>.</summary>
    public required string Name { get; init; }

    /// <summary>Its <c>[federated.&lt;id&gt;]</c> table for this authenticator.</summary>
    public required PluginParameters Properties { get; init; }
}
