using Microsoft.Extensions.DependencyInjection;
using Pickup.Data.Users;
using Pickup.FakeVonage;
using Pickup.IntegrationTests.Infrastructure;

namespace Pickup.IntegrationTests.SmsOtp;

/// <summary>
/// One fake Vonage for the whole table and one engine per parameter set: the table's rows come grouped by set, so
/// the engine restarts only when the set changes.
/// </summary>
public sealed class SmsOtpEngines : IAsyncLifetime
{
    private TestHome? _home;
    private EngineServer? _engine;
    private string? _setName;

    internal FakeVonageServer Vonage { get; private set; } = null!;

    internal EngineServer Engine => _engine ?? throw new InvalidOperationException("no engine started");

    internal OffsetClock Clock { get; private set; } = new();

    public async Task InitializeAsync() => Vonage = await FakeVonageServer.StartAsync();

    /// <summary>Makes the engine run <paramref name="set"/>'s configuration (starting it unless it already does).</summary>
    internal async Task UseAsync(ParameterSet set)
    {
        if (_setName == set.Name && _engine is not null)
        {
            return;
        }

        await StopAsync();
        _home = new TestHome(Vonage.SmsUrl());
        SmsOtpHome.Configure(_home, set);
        Clock = new OffsetClock();
        var clock = Clock;
        _engine = await EngineServer.StartAsync(_home, withTestPlugins: true, services => services.AddSingleton<TimeProvider>(clock));
        _setName = set.Name;
    }

    /// <summary>Runs <paramref name="action"/> with the engine's own user administration (what <c>pickup users</c> uses).</summary>
    internal async Task<T> UsersAsync<T>(Func<UserAdministration, Task<T>> action)
    {
        await using var scope = Engine.App.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<UserAdministration>());
    }

    /// <inheritdoc cref="UsersAsync{T}(Func{UserAdministration, Task{T}})"/>
    internal async Task UsersAsync(Func<UserAdministration, Task> action)
    {
        await using var scope = Engine.App.Services.CreateAsyncScope();
        await action(scope.ServiceProvider.GetRequiredService<UserAdministration>());
    }

    public async Task DisposeAsync()
    {
        await StopAsync();
        await Vonage.DisposeAsync();
    }

    private async Task StopAsync()
    {
        if (_engine is not null)
        {
            await _engine.DisposeAsync();
            _engine = null;
        }

        _home?.Dispose();
        _home = null;
        _setName = null;
    }
}
