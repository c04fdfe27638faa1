namespace Pickup.Plugins.Tests.SmsLimits;

/// <summary>A clock that moves only when a test says so, so expiry and windows are tested without waiting.</summary>
internal sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    /// <summary>A Friday morning at a whole hour, so fixed windows of minutes start exactly here.</summary>
    public static readonly DateTimeOffset DefaultStart = new(2025, 3, 14, 9, 0, 0, TimeSpan.Zero);

    private long _utcTicks = start.UtcTicks;

    public ManualClock()
        : this(DefaultStart)
    {
    }

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _utcTicks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _utcTicks, by.Ticks);
}
