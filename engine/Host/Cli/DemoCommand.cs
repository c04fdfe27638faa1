using System.Diagnostics;
using System.Security.Cryptography;
using Pickup.Data.Users;
using Pickup.Host.Hosting;

namespace Pickup.Host.Cli;

/// <summary>
/// <c>pickup demo</c>: the engine plus Pickup Dispatch, with the roles and users of <c>conf/demo.toml</c> seeded
/// and its notes printed. Ctrl-C stops both.
/// </summary>
internal static class DemoCommand
{
    private const string SampleUrl = "http://localhost:8080";

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
        DemoSeed seed;
        try
        {
            seed = DemoSeed.Read(home);
        }
        catch (InvalidDataException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            return 1;
        }

        var built = await EngineHost.BuildAsync(new EngineOptions { HomeDirectory = home }, initializeStorage: true, cancellationToken);
        if (built.App is not { } app)
        {
            return ServerCommands.ReportErrors(built.Errors);
        }

        await using (app)
        {
            await SeedAsync(app.Services, seed, password, cancellationToken);
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
            foreach (var user in seed.Users)
            {
                Console.WriteLine($"  Sign in as:      {user.Name} / {password}{(user.Note is { } note ? $"   ({note})" : string.Empty)}");
            }

            foreach (var (label, text) in seed.Notes)
            {
                Console.WriteLine($"  {(label + ":").PadRight(16)} {text.Replace("{data}", Path.Combine(home, "data"), StringComparison.Ordinal)}");
            }

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

    private static async Task SeedAsync(IServiceProvider services, DemoSeed seed, string password, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserAdministration>();
        foreach (var (name, permissions) in seed.Roles)
        {
            await users.EnsureRoleAsync(name, permissions, cancellationToken);
        }

        foreach (var user in seed.Users)
        {
            await users.EnsureUserAsync(user.Name, password, user.Roles, user.Claims, cancellationToken);
        }
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
