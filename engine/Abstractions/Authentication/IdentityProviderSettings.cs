using Pickup.Abstractions.Configuration;

namespace Pickup.Abstractions.Authentication;

/// <summary>An identity provider from <c>conf/identity-providers/&lt;Name&gt;.toml</c>, as one authenticator sees it.</summary>
/// <param name="Name">The identity provider's <c>name</c>.</param>
/// <param name="Properties">Its <c>[federated.&lt;id&gt;]</c> table for this authenticator.</param>
/// <remarks>Created once per server; shared by all requests.</remarks>
public sealed record IdentityProviderSettings(string Name, PluginParameters Properties);
