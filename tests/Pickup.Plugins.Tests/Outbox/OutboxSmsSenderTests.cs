using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Pickup.Abstractions.Hosting;
using Pickup.Plugins.Outbox;
using Pickup.Sms.Contracts;
using Pickup.Testing;

namespace Pickup.Plugins.Tests.Outbox;

public sealed class OutboxSmsSenderTests : IDisposable
{
    private static readonly SmsMessage Message = new("94778888888", "Your Pickup code is 482913", "482913");
    private static readonly DateTimeOffset Now = new(2025, 3, 14, 9, 26, 53, 589, TimeSpan.Zero);

    private readonly string _home = Path.Combine(Path.GetTempPath(), "pickup-outbox-" + Guid.NewGuid().ToString("N"));
    private readonly StringWriter _console = new();

    private string Outbox => Path.Combine(_home, "data", "outbox");

    public void Dispose()
    {
        _console.Dispose();
        if (Directory.Exists(_home))
        {
            Directory.Delete(_home, recursive: true);
        }
    }

    [Fact]
    public async Task SendAsync_OnLoopback_WritesFileNamedByUtcTimeAndNumberWithNumberAndText()
    {
        var sender = new OutboxSmsSender(Outbox, serverIsLoopback: true, _console, new FakeTimeProvider(Now));

        var result = await sender.SendAsync(Message, TestParameters.From(), CancellationToken.None);

        Assert.True(result.Succeeded, result.FailureDetail);
        var file = Assert.Single(Directory.GetFiles(Outbox));
        Assert.Equal("20250314T092653.5890000Z-94778888888.txt", Path.GetFileName(file));
        var content = await File.ReadAllTextAsync(file);
        Assert.Contains("94778888888", content, StringComparison.Ordinal);
        Assert.Contains("Your Pickup code is 482913", content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_OnLoopback_PrintsOneConsoleLineWithNumberAndText()
    {
        var sender = new OutboxSmsSender(Outbox, serverIsLoopback: true, _console, new FakeTimeProvider(Now));

        await sender.SendAsync(Message, TestParameters.From(), CancellationToken.None);

        Assert.Equal("[outbox] SMS to 94778888888: Your Pickup code is 482913" + Environment.NewLine, _console.ToString());
    }

    [Fact]
    public async Task SendAsync_TwoMessagesInTheSameTick_KeepsBothFiles()
    {
        var sender = new OutboxSmsSender(Outbox, serverIsLoopback: true, _console, new FakeTimeProvider(Now));
        var second = Message with { Text = "Your Pickup code is 111222", Code = "111222" };

        await Task.WhenAll(
            sender.SendAsync(Message, TestParameters.From(), CancellationToken.None),
            sender.SendAsync(second, TestParameters.From(), CancellationToken.None));

        var contents = await Task.WhenAll(Directory.GetFiles(Outbox).Select(f => File.ReadAllTextAsync(f)));
        Assert.Equal(2, contents.Length);
        Assert.Contains(contents, c => c.Contains("482913", StringComparison.Ordinal));
        Assert.Contains(contents, c => c.Contains("111222", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SendAsync_OnUnix_FileIsReadableByOwnerOnly()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Unix permissions only
        }

        var sender = new OutboxSmsSender(Outbox, serverIsLoopback: true, _console, new FakeTimeProvider(Now));

        await sender.SendAsync(Message, TestParameters.From(), CancellationToken.None);

        var file = Assert.Single(Directory.GetFiles(Outbox));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
    }

    [Fact]
    public void Validate_ServerNotOnLoopback_RecordsDevelopmentOnlyError()
    {
        var sender = new OutboxSmsSender(Outbox, serverIsLoopback: false, _console, new FakeTimeProvider(Now));
        var properties = TestParameters.From(("provider", "outbox"));

        sender.Validate(properties);

        var error = Assert.Single(properties.Errors);
        Assert.Equal(OutboxSmsSender.NotLoopbackMessage, error.Message);
        Assert.Equal(2, error.Location.Line);
    }

    [Fact]
    public void Validate_ServerOnLoopback_RecordsNoError()
    {
        var sender = new OutboxSmsSender(Outbox, serverIsLoopback: true, _console, new FakeTimeProvider(Now));
        var properties = TestParameters.From(("provider", "outbox"));

        sender.Validate(properties);

        Assert.Empty(properties.Errors);
    }

    [Fact]
    public async Task SendAsync_ServerNotOnLoopback_FailsWithoutWritingOrPrinting()
    {
        var sender = new OutboxSmsSender(Outbox, serverIsLoopback: false, _console, new FakeTimeProvider(Now));

        var result = await sender.SendAsync(Message, TestParameters.From(), CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.False(Directory.Exists(Outbox));
        Assert.Empty(_console.ToString());
    }

    [Fact]
    public async Task SendAsync_OutboxPathIsAFile_FailsInsteadOfThrowing()
    {
        Directory.CreateDirectory(_home);
        var blocked = Path.Combine(_home, "not-a-folder");
        await File.WriteAllTextAsync(blocked, "x");
        var sender = new OutboxSmsSender(blocked, serverIsLoopback: true, _console, new FakeTimeProvider(Now));

        var result = await sender.SendAsync(Message, TestParameters.From(), CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.DoesNotContain("482913", result.FailureDetail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConfigureServices_CalledTwice_RegistersOneOutboxSenderWritingUnderDataOutboxAndTheServerConsole()
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(new FakeTimeProvider(Now));
        services.AddSingleton<IServerEnvironment>(new Server(Path.Combine(_home, "data"), true, _console));
        new OutboxPlugin().ConfigureServices(services);
        new OutboxPlugin().ConfigureServices(services);

        using var provider = services.BuildServiceProvider();

        var sender = Assert.Single(provider.GetServices<ISmsSender>());
        Assert.Equal("outbox", sender.Provider);
        Assert.Empty(sender.Keys);
        var result = await sender.SendAsync(Message, TestParameters.From(), CancellationToken.None);
        Assert.True(result.Succeeded, result.FailureDetail);
        Assert.Single(Directory.GetFiles(Outbox));
        Assert.StartsWith("[outbox] SMS to 94778888888", _console.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ConfigureServices_ServerNotOnLoopback_SenderRefusesTheIdentityProvider()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IServerEnvironment>(new Server(Path.Combine(_home, "data"), false, _console));
        new OutboxPlugin().ConfigureServices(services);
        using var provider = services.BuildServiceProvider();
        var properties = TestParameters.From(("provider", "outbox"));

        provider.GetRequiredService<ISmsSender>().Validate(properties);

        Assert.Equal(OutboxSmsSender.NotLoopbackMessage, Assert.Single(properties.Errors).Message);
    }

    private sealed record Server(string DataDirectory, bool IsLoopbackOnly, TextWriter Console) : IServerEnvironment;
}
