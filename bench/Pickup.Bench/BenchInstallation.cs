using System.Net;
using System.Net.Sockets;
using System.Reflection;

namespace Pickup.Bench;

/// <summary>Where the build put the engine's installation, and the repository the results file belongs to.</summary>
internal static class BenchInstallation
{
    public static string InstallDirectory { get; } = Metadata("PickupInstallDir");

    public static string RepositoryRoot { get; } = Metadata("RepoRoot");

    public static string HostDll => Path.Combine(InstallDirectory, "Pickup.Host.dll");

    /// <summary>A TCP port free on 127.0.0.1 right now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Metadata(string key) =>
        typeof(BenchInstallation).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
}
