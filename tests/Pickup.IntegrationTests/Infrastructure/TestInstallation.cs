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

    // Ports handed out by FreePort in this process: never the same one twice.
    private static readonly HashSet<int> HandedOut = [];
    private static readonly Lock HandOutLock = new();

    /// <summary>
    /// A TCP port free on 127.0.0.1 right now, below the kernel's ephemeral range (Linux: 32768 and up), from which
    /// outgoing connections take their local ports: a port the system itself picked could be taken by any connection
    /// between this call and the server binding it. Never the same port twice in this process.
    /// </summary>
    public static int FreePort()
    {
        lock (HandOutLock)
        {
            for (var tries = 0; tries < 1000; tries++)
            {
                var port = Random.Shared.Next(20000, 32768);
                if (!HandedOut.Add(port))
                {
                    continue;
                }

                try
                {
                    using var listener = new TcpListener(IPAddress.Loopback, port);
                    listener.Start();
                    return port;
                }
                catch (SocketException)
                {
                    // In use by something else: try another.
                }
            }
        }

        throw new InvalidOperationException("No free TCP port between 20000 and 32767 on 127.0.0.1.");
    }

    private static string Metadata(string key) =>
        typeof(TestInstallation).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
}
