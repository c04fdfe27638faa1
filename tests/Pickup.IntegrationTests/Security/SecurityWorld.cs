using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Pickup.Data.Users;
using Pickup.FakeVonage;
using Pickup.IntegrationTests.Infrastructure;
using Pickup.IntegrationTests.SmsOtp;
using Pickup.Testing;

namespace Pickup.IntegrationTests.Security;

/// <summary>
/// The scenario's world for the security tests: a fake Vonage that checks the api_key and api_secret, a home whose
/// sms_url carries them, the engine with every log line captured and a movable clock, and three drivers: Alex (the
/// one whose record must never change), Blake (the target of code-page abuse) and Casey (no mobile number yet).
/// </summary>
internal sealed class SecurityWorld : IAsyncDisposable
{
    public const string ApiKey = "vonage-key-4c1d";
    public const string ApiSecret = "vonage-api-secret-9e27b3";
    public const string AlexPassword = "alex-password-Vq8!";
    public const string BlakePassword = "blake-password-Zt3?";
    public const string CaseyPassword = "casey-password-Mk5%";
    public const string BlakeMobile = "94771234567";

    private SecurityWorld(FakeVonageServer vonage, TestHome home, OffsetClock clock)
    {
        Vonage = vonage;
        Home = home;
        Clock = clock;
    }

    public FakeVonageServer Vonage { get; private set; }

    public TestHome Home { get; }

    public EngineServer Engine { get; private set; } = null!;

    /// <summary>What the engine's log shows with its own filters: what an admin reads.</summary>
    public CapturedLogs Logs { get; } = new();

    /// <summary>Every category at every level, framework diagnostics included (only when asked for).</summary>
    public CapturedLogs? TraceLogs { get; private set; }

    public OffsetClock Clock { get; }

    /// <summary>Starts the world; <paramref name="timeoutSeconds"/> is the identity provider's <c>timeout</c>.</summary>
    /// <param name="traceLogs">Also capture every category at every level into <see cref="TraceLogs"/>.</param>
    /// <param name="timeoutSeconds">The identity provider's send timeout.</param>
    public static async Task<SecurityWorld> StartAsync(bool traceLogs = false, int timeoutSeconds = 10)
    {
        var vonage = await FakeVonageServer.StartAsync();
        vonage.RespondWith(FakeVonageBehavior.Accept().RequireCredentials(ApiKey, ApiSecret));
        var home = new TestHome(vonage.SmsUrl(ApiKey, ApiSecret));
        home.Write("conf/identity-providers/SMSOTP.toml", TestHome.IdentityProvider(vonage.SmsUrl(ApiKey, ApiSecret))
            .Replace("timeout = 10", "timeout = " + timeoutSeconds.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal));
        var world = new SecurityWorld(vonage, home, new OffsetClock()) { TraceLogs = traceLogs ? new CapturedLogs() : null };
        var clock = world.Clock;
        world.Engine = await EngineServer.StartAsync(home, configureServices: services =>
        {
            services.AddSingleton<TimeProvider>(clock);
            LogCapture.Into(world.Logs)(services);
            if (world.TraceLogs is { } all)
            {
                LogCapture.Into(all, LogLevel.Trace)(services);
            }
        });
        await world.Engine.AddDriverAsync("alex", AlexPassword, ScenarioTest.AlexMobile);
        await world.Engine.AddDriverAsync("blake", BlakePassword, BlakeMobile);
        await world.Engine.AddDriverAsync("casey", CaseyPassword, mobile: null);
        return world;
    }

    /// <summary>Replaces the fake Vonage by a new one on the same port (after <see cref="StopVonageAsync"/>).</summary>
    public async Task RestartVonageAsync()
    {
        Vonage = await FakeVonageServer.StartAsync(Vonage.BaseUrl.Port);
        Vonage.RespondWith(FakeVonageBehavior.Accept().RequireCredentials(ApiKey, ApiSecret));
    }

    /// <summary>Takes the fake Vonage off the network: its port refuses connections.</summary>
    public async Task StopVonageAsync() => await Vonage.DisposeAsync();

    /// <summary>Runs <paramref name="action"/> with the engine's own user administration.</summary>
    public async Task<T> UsersAsync<T>(Func<UserAdministration, Task<T>> action)
    {
        await using var scope = Engine.App.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<UserAdministration>());
    }

    /// <summary>
    /// Everything a hostile request must not change about a user: roles, claims, failure count, lock-out and backup
    /// codes, as one comparable line.
    /// </summary>
    public Task<string> RecordOfAsync(string username) => UsersAsync(async users =>
    {
        var user = await users.FindAsync(username, CancellationToken.None)
            ?? throw new InvalidOperationException($"user {username} is gone");
        var claims = string.Join("; ", user.Claims.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key}={c.Value}"));
        return $"{user.Username} roles=[{string.Join(",", user.Roles)}] claims=[{claims}] failures={user.FailedAttempts} "
            + $"locked={user.IsLocked} backup={user.UnusedBackupCodes()}";
    });

    public async ValueTask DisposeAsync()
    {
        await Engine.DisposeAsync();
        await Vonage.DisposeAsync();
        Home.Dispose();
    }
}
