namespace Pickup.IntegrationTests.Infrastructure;

/// <summary>
/// A running engine's clock: the real time plus an offset a test moves forward, so code expiry and cool-downs are
/// tested without waiting. Not <c>FakeTimeProvider</c>, whose time stands still and whose timers fire only when a
/// test advances it: a whole engine runs on this clock (the SMS gateway's retry delays and timeouts, OpenIddict's
/// token times), and those must go on by themselves as they do in production.
/// </summary>
internal sealed class OffsetClock : TimeProvider
{
    private long _offsetTicks;

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);
}
