using Pickup.Host.Cli;
using Pickup.Testing;

namespace Pickup.IntegrationTests.TrustStore;

/// <summary><c>pickup truststore import|list|remove</c> as an admin types them.</summary>
public sealed class TruststoreCommandTests : IDisposable
{
    private readonly string _home = Path.Combine(Path.GetTempPath(), "pickup-truststore-cli-" + Guid.NewGuid().ToString("N")[..12]);

    public TruststoreCommandTests() => Directory.CreateDirectory(_home);

    public void Dispose() => Directory.Delete(_home, recursive: true);

    [Fact]
    public async Task ImportListRemove_PemCertificate_RoundTrips()
    {
        using var certificate = TestCertificates.CreateSelfSigned("sms.example");
        var file = Path.Combine(_home, "provider.pem");
        await File.WriteAllTextAsync(file, certificate.ExportCertificatePem());

        var import = await RunAsync("import", "--file", file, "--alias", "sms-provider");
        Assert.Equal(0, import.Exit);
        Assert.Contains("Imported 'sms-provider': CN=sms.example", import.Stdout, StringComparison.Ordinal);
        Assert.Contains("next start", import.Stdout, StringComparison.Ordinal);

        var list = await RunAsync("list");
        Assert.Equal(0, list.Exit);
        Assert.StartsWith("sms-provider", list.Stdout, StringComparison.Ordinal);
        Assert.Contains("subject:   CN=sms.example", list.Stdout, StringComparison.Ordinal);
        Assert.Contains("SHA-256:", list.Stdout, StringComparison.Ordinal);
        Assert.Contains("not after:", list.Stdout, StringComparison.Ordinal);

        var remove = await RunAsync("remove", "sms-provider");
        Assert.Equal(0, remove.Exit);
        Assert.Contains("No certificates", (await RunAsync("list")).Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_DerWithInlineOptions_Works()
    {
        using var root = TestCertificates.CreateRoot();
        var file = Path.Combine(_home, "root.cer");
        await File.WriteAllBytesAsync(file, root.RawData);

        var import = await RunAsync("import", $"--file={file}", "--alias=private-root");

        Assert.Equal(0, import.Exit);
        Assert.True(File.Exists(Path.Combine(_home, "conf", "security", "private-root.pem")));
    }

    [Fact]
    public async Task Import_DuplicateAlias_FailsWithExit1OnStderr()
    {
        using var a = TestCertificates.CreateSelfSigned("a.example");
        using var b = TestCertificates.CreateSelfSigned("b.example");
        var fileA = Path.Combine(_home, "a.pem");
        var fileB = Path.Combine(_home, "b.pem");
        await File.WriteAllTextAsync(fileA, a.ExportCertificatePem());
        await File.WriteAllTextAsync(fileB, b.ExportCertificatePem());
        Assert.Equal(0, (await RunAsync("import", "--file", fileA, "--alias", "nexmo")).Exit);

        var second = await RunAsync("import", "--file", fileB, "--alias", "nexmo");

        Assert.Equal(1, second.Exit);
        Assert.Empty(second.Stdout);
        Assert.Contains("already has an entry named 'nexmo'", second.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_GarbageFile_FailsWithExit1()
    {
        var file = Path.Combine(_home, "notes.txt");
        await File.WriteAllTextAsync(file, "hello");

        var result = await RunAsync("import", "--file", file, "--alias", "x");

        Assert.Equal(1, result.Exit);
        Assert.Contains("is not an X.509 certificate", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Remove_UnknownAlias_FailsWithExit1()
    {
        var result = await RunAsync("remove", "ghost");

        Assert.Equal(1, result.Exit);
        Assert.Contains("no entry named 'ghost'", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new string[0], "a sub-command is needed")]
    [InlineData(new[] { "export" }, "unknown sub-command 'export'")]
    [InlineData(new[] { "import", "--alias", "x" }, "--file CERT is required")]
    [InlineData(new[] { "import", "--file", "x.pem" }, "--alias NAME is required")]
    [InlineData(new[] { "import", "--file" }, "--file needs a certificate file")]
    [InlineData(new[] { "remove" }, "the alias to remove is missing")]
    [InlineData(new[] { "list", "extra" }, "unexpected 'extra'")]
    public async Task RunAsync_UsageError_Exits2WithUsage(string[] args, string message)
    {
        var result = await RunAsync(args);

        Assert.Equal(2, result.Exit);
        Assert.Contains(message, result.Stderr, StringComparison.Ordinal);
        Assert.Contains("usage: pickup truststore import --file CERT --alias NAME", result.Stderr, StringComparison.Ordinal);
    }

    private async Task<(int Exit, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await TruststoreCommand.RunAsync(args, _home, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }
}
