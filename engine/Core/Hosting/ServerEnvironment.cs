using Pickup.Abstractions.Hosting;

namespace Pickup.Core.Hosting;

/// <summary>The engine's answer to <see cref="IServerEnvironment"/>. Once per server.</summary>
/// <param name="DataDirectory">The home's <c>data</c> folder (absolute).</param>
/// <param name="IsLoopbackOnly">True when <c>[server] bind</c> is a loopback address.</param>
/// <param name="Console">Standard output, or the writer a test gave.</param>
public sealed record ServerEnvironment(string DataDirectory, bool IsLoopbackOnly, TextWriter Console) : IServerEnvironment;
