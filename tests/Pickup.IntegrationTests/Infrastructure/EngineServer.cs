using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Pickup.Data.Users;
using Pickup.Host.Hosting;

namespace Pickup.IntegrationTests.Infrastructure;

/// <summary>The real engine, started in this process on 127.0.0.1 from a <see cref="TestHome"/>.</summary>
internal sealed class EngineServer : IAsyncDisposable
{
    private EngineServer(WebApplication app, TestHome home, StringWriter console)
    {
        App = app;
        Home = home;
        Console = console;
    }

    public WebApplication App { get; }

    public TestHome Home { get; }

    /// <summary>What the development outbox printed.</summary>
    public StringWriter Console { get; }

    public Uri BaseUrl => Home.BaseUrl;

    public static async Task<EngineServer> StartAsync(
        TestHome home,
        bool withTestPlugins = false,
        Action<IServiceCollection>? configureServices = null)
    {
        var result = await BuildAsync(home, withTestPlugins, configureServices);
        if (result.App is null)
        {
            throw new InvalidOperationException("The engine did not start:\n" + string.Join("\n", result.Errors));
        }

        await result.App.StartAsync();
        return new EngineServer(result.App, home, (StringWriter)result.App.Services.GetRequiredService<TextWriter>());
    }

    public static Task<EngineBuildResult> BuildAsync(
        TestHome home,
        bool withTestPlugins = false,
        Action<IServiceCollection>? configureServices = null) =>
        EngineHost.BuildAsync(
            new EngineOptions
            {
                HomeDirectory = home.Directory,
                InstallDirectory = TestInstallation.InstallDirectory,
                ExtraPluginDirectories = withTestPlugins ? [TestInstallation.TestPluginsDirectory] : [],
                Environment = name => name == "TEST_SECRET" ? "from-environment" : null,
                Console = new StringWriter(),
                ConfigureServices = configureServices,
            },
            initializeStorage: true,
            CancellationToken.None);

    /// <summary>Adds the scenario's role and a user (Alex by default) through the engine's own user store.</summary>
    public async Task AddDriverAsync(string username = "alex", string password = "alex-password", string? mobile = "94778888888", bool withLoginRole = true)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserAdministration>();
        await users.EnsureRoleAsync("driver", ["login"], CancellationToken.None);
        await users.EnsureRoleAsync("visitor", [], CancellationToken.None);
        var claims = new Dictionary<string, string>();
        if (mobile is not null)
        {
            claims["http://wso2.org/claims/mobile"] = mobile;
        }

        await users.AddUserAsync(username, password, [withLoginRole ? "driver" : "visitor"], claims, CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
