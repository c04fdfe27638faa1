namespace Pickup.Abstractions.Hosting;

/// <summary>
/// What any plugin may know of the server that hosts it: where it may keep files, whether it is reachable from
/// other machines, and where a development notice for the person at the console goes.
/// </summary>
/// <remarks>
/// Lifetime: once per server (singleton), registered by the engine before any plugin's services; resolve it from
/// the container. Thread-safe; its values never change while the server runs.
/// </remarks>
public interface IServerEnvironment
{
    /// <summary>
    /// The home's <c>data</c> folder (absolute). A plugin keeps its files in a sub-folder named after itself; the
    /// folder may not exist yet (<c>config check</c> creates nothing).
    /// </summary>
    string DataDirectory { get; }

    /// <summary>
    /// True when <c>[server] bind</c> is a loopback address (<c>127.0.0.0/8</c>, <c>::1</c>, <c>localhost</c>), so
    /// no other machine can reach the server: the only case where a development-only feature may be enabled.
    /// </summary>
    bool IsLoopbackOnly { get; }

    /// <summary>
    /// The console of the person running the server (standard output, or a test's writer). It is not the logging
    /// pipeline, which may ship lines elsewhere: only development-only features write here.
    /// </summary>
    TextWriter Console { get; }
}
