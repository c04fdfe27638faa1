namespace Pickup.Core.Tests.Configuration;

/// <summary>[server] management_port and management_bind: where /metrics and the health probes are served.</summary>
public sealed class ManagementListenerOptionsTests : IDisposable
{
    private const string Deployment = "conf/deployment.toml";

    private readonly TempHome _home = new();

    public void Dispose() => _home.Dispose();

    [Fact]
    public void Load_NoManagementKeys_NoListenerOnLoopbackByDefault()
    {
        _home.WriteDeployment(TempHome.MinimalDeployment);

        var server = ResultAssert.Valid(_home.Load()).Deployment.Server;

        Assert.Equal(0, server.ManagementPort);
        Assert.Equal("127.0.0.1", server.ManagementBind);
    }

    [Theory]
    [InlineData("9464", "127.0.0.1")]
    [InlineData("65535", "::1")]
    [InlineData("1", "0.0.0.0")]
    public void Load_ValidManagementListener_IsTaken(string port, string bind)
    {
        _home.WriteDeployment($"[server]\nport = 9443\nmanagement_port = {port}\nmanagement_bind = \"{bind}\"\n\n" + TempHome.MinimalDeployment);

        var server = ResultAssert.Valid(_home.Load()).Deployment.Server;

        Assert.Equal(int.Parse(port, System.Globalization.CultureInfo.InvariantCulture), server.ManagementPort);
        Assert.Equal(bind, server.ManagementBind);
    }

    [Theory]
    [InlineData("70000", "'management_port' in [server] must be between 1 and 65535 (or left out for no management listener), not 70000")]
    [InlineData("-1", "'management_port' in [server] must be between 1 and 65535 (or left out for no management listener), not -1")]
    [InlineData("9443", "'management_port' in [server] must differ from 'port' (9443): metrics are never served on the login port")]
    public void Load_BadManagementPort_IsReportedAtTheKey(string port, string message)
    {
        _home.WriteDeployment($"[server]\nport = 9443\n  management_port = {port}\n\n" + TempHome.MinimalDeployment);

        var error = Assert.Single(_home.Load().Errors);

        Assert.Equal(_home.At(Deployment, 3, 3), error.Location);
        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData("metrics.example.com")]
    [InlineData("127.1")]
    [InlineData("")]
    public void Load_ManagementBindNotAnAddress_IsReportedAtTheKey(string bind)
    {
        _home.WriteDeployment($"[server]\nmanagement_port = 9464\nmanagement_bind = \"{bind}\"\n\n" + TempHome.MinimalDeployment);

        var error = Assert.Single(_home.Load().Errors);

        Assert.Equal(_home.At(Deployment, 3, 1), error.Location);
        Assert.Equal($"'management_bind' in [server] must be an IP address or \"localhost\", not \"{bind}\"", error.Message);
    }

    [Fact]
    public void Load_ManagementPortNotANumber_IsATypeError()
    {
        _home.WriteDeployment("[server]\nmanagement_port = \"9464\"\n\n" + TempHome.MinimalDeployment);

        var error = Assert.Single(_home.Load().Errors);

        Assert.Equal(_home.At(Deployment, 2, 1), error.Location);
        Assert.Contains("management_port", error.Message, StringComparison.Ordinal);
    }
}
