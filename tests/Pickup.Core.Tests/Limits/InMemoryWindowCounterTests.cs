using Microsoft.Extensions.Time.Testing;
using Pickup.Core.Limits;

namespace Pickup.Core.Tests.Limits;

/// <summary>Fixed-window counts per key.</summary>
public sealed class InMemoryWindowCounterTests
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(10);

    // A whole hour, so fixed windows of minutes start exactly here.
    private static readonly DateTimeOffset WholeHour = new(2025, 3, 14, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task IncrementAsync_SameKeyInWindow_CountsUp()
    {
        var counter = new InMemoryWindowCounter(new FakeTimeProvider(WholeHour));

        var counts = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            counts.Add(await counter.IncrementAsync("k", Window, CancellationToken.None));
        }

        Assert.Equal([1L, 2L, 3L], counts);
        Assert.Equal(1, await counter.IncrementAsync("other", Window, CancellationToken.None));
    }

    [Fact]
    public async Task IncrementAsync_WindowBoundaryCrossed_StartsAtOne()
    {
        var clock = new FakeTimeProvider(WholeHour + TimeSpan.FromMinutes(9));
        var counter = new InMemoryWindowCounter(clock);
        await counter.IncrementAsync("k", Window, CancellationToken.None);

        // Fixed windows: one minute later is a new window although only a minute passed.
        clock.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(1, await counter.IncrementAsync("k", Window, CancellationToken.None));
    }

    [Fact]
    public async Task IncrementAsync_ManyAtOnce_LosesNoCount()
    {
        var counter = new InMemoryWindowCounter(new FakeTimeProvider(WholeHour));

        var counts = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => Task.Run(async () => await counter.IncrementAsync("k", Window, CancellationToken.None))));

        Assert.Equal(Enumerable.Range(1, 200).Select(i => (long)i), counts.Order());
    }
}
