using System.Net;
using System.Net.Sockets;
using System.Reflection;

namespace Pickup.IntegrationTests.Infrastructure;

/// <summary>Where the build put the engine's installation and the fixture plugins.</summary>
internal static class TestInstallation
{
    public static string InstallDirectory { get; } = Metadata("PickupInstallDir");

    public static string TestPluginsDirectory { get; } = Metadata("PickupTestPluginsDir");

    public static string HostDll => Path.Combine(InstallDirectory, "Pickup.Host.dll");

    /// <summary>The repository's root (the installation is built under its artifacts/).</summary>
    public static string RepositoryRoot { get; } = Path.GetFullPath(Path.Combine(InstallDirectory, "..", "..", ".."));

    /// <summary>A TCP port free on 127.0.0.1 right now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Metadata(string key) =>
        typeof(TestInstallation).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
}
