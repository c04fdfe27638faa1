using Microsoft.Extensions.Time.Testing;
using Pickup.Core.Flow;

namespace Pickup.Core.Tests.Flow;

/// <summary>
/// Which configuration a login is served under across live reloads: its own while the engine keeps it, the current
/// one for new logins, and nothing kept forever.
/// </summary>
public sealed class LiveConfigurationTests : IDisposable
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 4, 6, 0, 0, TimeSpan.Zero));
    private readonly List<FlowHarness> _harnesses = [];

    public void Dispose()
    {
        foreach (var harness in _harnesses)
        {
            harness.Dispose();
        }
    }

    [Fact]
    public void Activate_NewLoginsTakeTheNewOne_ALoginOfTheOldOneKeepsIt()
    {
        var (a, b) = (Generation("a"), Generation("b"));
        var live = new LiveConfiguration(a, _clock);

        live.Activate(b);

        Assert.Same(b, live.Current);
        Assert.Same(a, live.For("a"));
        Assert.Same(b, live.For("b"));
        Assert.Same(b, live.For(null));
        Assert.Same(b, live.For("made-by-another-node-from-other-files"));
    }

    [Fact]
    public void Resolve_AnOptionOfTheOldGeneration_IsResolvedByTheOldRegistry()
    {
        var (a, b) = (Generation("a"), Generation("b"));
        var live = new LiveConfiguration(a, _clock);
        var oldOption = FirstOption(a);
        var expected = a.Registry.Resolve(oldOption);

        live.Activate(b);

        Assert.Same(expected.Factory, live.Resolve(oldOption).Factory);
        Assert.NotSame(expected.Factory, b.Registry.Resolve(FirstOption(b)).Factory);
    }

    [Fact]
    public void Activate_AfterTheLongestLoginCouldLast_DropsTheOldGeneration()
    {
        var (a, b, c) = (Generation("a"), Generation("b"), Generation("c"));
        var live = new LiveConfiguration(a, _clock);
        live.Activate(b);
        var oldOption = FirstOption(a);

        _clock.Advance(LiveConfiguration.Retention + TimeSpan.FromSeconds(1));
        live.Activate(c);

        Assert.Same(c, live.For("a"));
        Assert.Same(b, live.For("b"));
        Assert.Equal(1, live.RetiredCount);
        Assert.Throws<KeyNotFoundException>(() => live.Resolve(oldOption));
    }

    [Fact]
    public void Activate_ManyTimesQuickly_KeepsAtMostMaxRetired()
    {
        var first = Generation("g0");
        var live = new LiveConfiguration(first, _clock);
        for (var i = 1; i <= LiveConfiguration.MaxRetired + 3; i++)
        {
            live.Activate(Generation("g" + i));
        }

        Assert.Equal(LiveConfiguration.MaxRetired, live.RetiredCount);
        Assert.Same(live.Current, live.For("g0"));
        Assert.Equal("g3", live.For("g3").Id);
    }

    private ConfigurationGeneration Generation(string id)
    {
        var harness = new FlowHarness();
        _harnesses.Add(harness);
        return new ConfigurationGeneration(id, harness.Registry, null);
    }

    private static Core.Configuration.StepOptionConfig FirstOption(ConfigurationGeneration generation) =>
        generation.Configuration.ServiceProviders.First(s => s.Steps.Count > 0).Steps[0].Options[0];
}
