using System.Diagnostics;
using System.Security.Cryptography;
using Pickup.Abstractions.Authentication;
using Pickup.Data.Users;
using Pickup.Host.Hosting;

namespace Pickup.Host.Cli;

/// <summary>
/// <c>pickup demo</c>: the engine plus Pickup Dispatch, with the role <c>driver</c> and the user <c>alex</c>
/// seeded, codes delivered to the development outbox. Ctrl-C stops both.
/// </summary>
internal static class DemoCommand
{
    private const string SampleUrl = "http://localhost:8080";
    private const string DemoUser = "alex";
    private const string DemoMobile = "94778888888";

    public static async Task<int> RunAsync(string home, CancellationToken cancellationToken)
    {
        // The sample's client secret: the operator's, or a fresh one shared by the two processes of this demo.
        var secret = Environment.GetEnvironmentVariable("PICKUP_DISPATCH_SECRET");
        if (string.IsNullOrEmpty(secret))
        {
            secret = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
            Environment.SetEnvironmentVariable("PICKUP_DISPATCH_SECRET", secret);
        }

        var password = Environment.GetEnvironmentVariable("PICKUP_DEMO_PASSWORD") is { Length: > 0 } p ? p : "pickup-demo";
        var built = await EngineHost.BuildAsync(new EngineOptions { HomeDirectory = home }, initializeStorage: true, cancellationToken);
        if (built.App is not { } app)
        {
            return ServerCommands.ReportErrors(built.Errors);
        }

        await using (app)
        {
            await SeedAsync(app.Services, password, cancellationToken);
            await app.StartAsync(cancellationToken);
            var issuer = app.Services.GetRequiredService<Core.Configuration.PickupConfiguration>().Deployment.Server.Issuer;
            using var sample = StartSample(home, issuer, secret);
            if (sample is null)
            {
                await app.StopAsync(CancellationToken.None);
                return 1;
            }

            Console.WriteLine();
            Console.WriteLine("Pickup demo is running.");
            Console.WriteLine($"  Engine:          {issuer}   (health: {issuer}health)");
            Console.WriteLine($"  Pickup Dispatch: {SampleUrl}/pickup-dispatch");
            Console.WriteLine($"  Sign in as:      {DemoUser} / {password}   (mobile {DemoMobile})");
            Console.WriteLine($"  SMS codes:       printed here as [outbox] lines, and saved in {Path.Combine(home, "data", "outbox")}");
            Console.WriteLine("  Ctrl-C stops both.");
            Console.WriteLine();

            var stopped = new TaskCompletionSource();
            using var registration = app.Lifetime.ApplicationStopping.Register(() => stopped.TrySetResult());
            var sampleExited = sample.WaitForExitAsync(CancellationToken.None);
            var first = await Task.WhenAny(stopped.Task, sampleExited);
            if (!sample.HasExited)
            {
                sample.Kill(entireProcessTree: true);
                await sample.WaitForExitAsync(CancellationToken.None);
            }

            await app.StopAsync(CancellationToken.None);
            if (first == sampleExited && !stopped.Task.IsCompleted)
            {
                await Console.Error.WriteLineAsync($"Pickup Dispatch stopped unexpectedly (exit code {sample.ExitCode}); the demo stopped too.");
                return 1;
            }
        }

        return 0;
    }

    private static async Task SeedAsync(IServiceProvider services, string password, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserAdministration>();
        await users.EnsureRoleAsync("driver", ["login"], cancellationToken);
        await users.EnsureUserAsync(
            DemoUser,
            password,
            ["driver"],
            new Dictionary<string, string> { [ClaimUris.Mobile] = DemoMobile },
            cancellationToken);
    }

    private static Process? StartSample(string home, Uri issuer, string secret)
    {
        var dll = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "pickup-dispatch", "Pickup.Samples.PickupDispatch.dll"));
        if (!File.Exists(dll))
        {
            Console.Error.WriteLine($"Pickup Dispatch is not built ({dll} is missing); run ./pickup demo from the repository root.");
            return null;
        }

        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, WorkingDirectory = Path.GetDirectoryName(dll)! };
        start.ArgumentList.Add(dll);
        start.Environment["ASPNETCORE_URLS"] = SampleUrl;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Oidc__Authority"] = issuer.ToString();
        start.Environment["Oidc__ClientId"] = "pickup-dispatch";
        start.Environment["Oidc__ClientSecret"] = secret;
        start.Environment["Bookings__Database"] = Path.Combine(home, "data", "pickup-dispatch.db");
        return Process.Start(start);
    }
}
