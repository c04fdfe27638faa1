namespace Pickup.IntegrationTests.SmsOtp;

/// <summary>The real time plus an offset a test can move forward, so code expiry and cool-downs are tested without waiting.</summary>
internal sealed class ManualClock : TimeProvider
{
    private long _offsetTicks;

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);
}
