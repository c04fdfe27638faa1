namespace Pickup.IntegrationTests.Security;

/// <summary>
/// The security classes run one after another: the failing-provider tests measure how long a driver waits, and the
/// hostile batches would otherwise compete with them for a small machine's cores.
/// </summary>
[CollectionDefinition(Name)]
public sealed class SecuritySuite
{
    public const string Name = "Security";
}
