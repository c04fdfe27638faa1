using System.Globalization;
using System.Text;
using Pickup.Abstractions.Configuration;
using Pickup.Sms.Contracts;

namespace Pickup.Plugins.Outbox;

/// <summary>
/// The <c>outbox</c> SMS provider, for development: each message becomes a file in <c>&lt;home&gt;/data/outbox/</c>
/// and one console line, so a developer can log in without a real SMS account. Once per server; thread-safe.
/// </summary>
/// <remarks>
/// The console line carries the code on purpose and goes to a <see cref="TextWriter"/>, never to the logging
/// pipeline, which may ship logs elsewhere. Refused unless the server listens on a loopback address only.
/// </remarks>
public sealed class OutboxSmsSender : ISmsSender
{
    /// <summary>The id an identity provider's <c>provider</c> names.</summary>
    public const string ProviderId = "outbox";

    /// <summary>The message recorded when the server is reachable from other machines.</summary>
    public const string NotLoopbackMessage =
        "the outbox SMS provider is for development only and is refused unless [server] bind is a loopback address";

    // Two messages to one number within the same tick get "-2", "-3", ... instead of overwriting each other.
    private const int MaxNameAttempts = 100;

    private readonly string _outboxDirectory;
    private readonly bool _serverIsLoopback;
    private readonly TextWriter _console;
    private readonly TimeProvider _time;

    /// <summary>Creates the sender.</summary>
    /// <param name="outboxDirectory">Where message files go (<c>&lt;home&gt;/data/outbox</c>); created on first send.</param>
    /// <param name="serverIsLoopback">True when <c>[server] bind</c> is a loopback address.</param>
    /// <param name="console">Where the one-line notice goes (normally <see cref="Console.Out"/>).</param>
    /// <param name="time">The clock for file names.</param>
    public OutboxSmsSender(string outboxDirectory, bool serverIsLoopback, TextWriter console, TimeProvider time)
    {
        ArgumentException.ThrowIfNullOrEmpty(outboxDirectory);
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(time);
        _outboxDirectory = outboxDirectory;
        _serverIsLoopback = serverIsLoopback;
        _console = TextWriter.Synchronized(console); // concurrent sends must not interleave lines
        _time = time;
    }

    /// <inheritdoc />
    public string Provider => ProviderId;

    /// <inheritdoc />
    public IReadOnlyCollection<string> Keys => [];

    /// <inheritdoc />
    public void Validate(PluginParameters properties)
    {
        ArgumentNullException.ThrowIfNull(properties);
        if (!_serverIsLoopback)
        {
            properties.AddError("provider", NotLoopbackMessage);
        }
    }

    /// <inheritdoc />
    public async Task<SmsSendResult> SendAsync(SmsMessage message, PluginParameters properties, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!_serverIsLoopback)
        {
            return SmsSendResult.Failed(NotLoopbackMessage); // start-up refuses this; defence in depth
        }

        try
        {
            await WriteFileAsync(message, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return SmsSendResult.Failed($"could not write to the outbox folder {_outboxDirectory}: {ex.GetType().Name}");
        }

        var oneLine = message.Text.ReplaceLineEndings(" ");
        await _console.WriteLineAsync($"[outbox] SMS to {message.Number}: {oneLine}".AsMemory(), cancellationToken);
        await _console.FlushAsync(cancellationToken);
        return SmsSendResult.Sent;
    }

    private async Task WriteFileAsync(SmsMessage message, CancellationToken cancellationToken)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(_outboxDirectory);
        }
        else
        {
            // Codes are credentials while they live: only the engine's user may read them.
            Directory.CreateDirectory(_outboxDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var content = Encoding.UTF8.GetBytes($"To: {message.Number}\n\n{message.Text}\n");
        var baseName = $"{_time.GetUtcNow().UtcDateTime.ToString("yyyyMMdd'T'HHmmss.fffffff'Z'", CultureInfo.InvariantCulture)}-{SafeFileName(message.Number)}";
        for (var attempt = 1; ; attempt++)
        {
            var path = Path.Combine(_outboxDirectory, attempt == 1 ? $"{baseName}.txt" : $"{baseName}-{attempt}.txt");
            try
            {
                await using var file = new FileStream(path, NewFileOptions());
                await file.WriteAsync(content, cancellationToken);
                return;
            }
            catch (IOException) when (attempt < MaxNameAttempts && File.Exists(path))
            {
                // Taken by a concurrent send; try the next suffix.
            }
        }
    }

    private static FileStreamOptions NewFileOptions()
    {
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.None,
            Options = FileOptions.Asynchronous,
        };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        return options;
    }

    // Numbers are digits only by contract; anything else must not steer the path.
    private static string SafeFileName(string number)
    {
        var safe = new string(number.Select(c => char.IsAsciiDigit(c) ? c : '_').ToArray());
        return safe.Length == 0 ? "unknown" : safe;
    }
}
