namespace Pickup.Host.Oidc.BackChannel;

/// <summary>How logout tokens are delivered (fixed in production; tests shorten the waits).</summary>
internal sealed class BackChannelLogoutOptions
{
    /// <summary>Retries after the first try, taken on a 5xx, 408 or 429 answer, a failed connection or a timeout.</summary>
    public int MaxRetries { get; set; } = 2;

    /// <summary>The wait before the first retry; doubled before each next one.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long one try may take before it counts as failed.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a logout token stays valid: long enough for every retry, short enough to be useless if stolen.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Deliveries waiting to be sent; more are dropped with a warning, so a logout never waits for room.</summary>
    public int QueueCapacity { get; set; } = 10_000;

    /// <summary>Deliveries in flight at once, so one client that hangs does not hold up the others.</summary>
    public int MaxConcurrentDeliveries { get; set; } = 16;
}
