using Pickup.Abstractions.Auditing;
using Pickup.Abstractions.Commands;
using Pickup.Abstractions.Credentials;
using Pickup.Abstractions.Testing.Credentials;
using Pickup.Abstractions.Testing.Users;
using Pickup.Abstractions.Users;

namespace Contoso.Pin.Tests;

public sealed class SetPinCommandTests
{
    private readonly FakeUserDirectory _users = new();
    private readonly FakeCredentialStore _credentials = new(declaredTypes: [PinNames.CredentialType]);
    private readonly RecordingAuditTrail _audit = new();
    private readonly StringWriter _output = new();
    private readonly StringWriter _error = new();

    private Task<int> RunAsync(string stdin, params string[] args) =>
        new SetPinCommand().RunAsync(new CommandContext
        {
            Arguments = args,
            Services = new Services(_users, _credentials, _audit),
            Input = new StringReader(stdin),
            Output = _output,
            Error = _error,
        }, default);

    [Fact]
    public async Task Set_PrintsANewPinOnce_AndKeepsOnlyItsHash()
    {
        var alex = _users.AddUser("alex", "p");
        await _credentials.AddAsync(alex.Id, new CredentialDraft { Type = PinNames.CredentialType, Secret = "1111", SecretKind = CredentialSecretKind.Hashed }, default);

        Assert.Equal(0, await RunAsync("", "alex"));

        var pin = _output.ToString().Trim();
        Assert.Matches("^[0-9]{6}$", pin);
        var stored = await _credentials.FindBySecretAsync(alex.Id, PinNames.CredentialType, pin, default);
        Assert.NotNull(stored);
        Assert.Null(await _credentials.RevealAsync(stored.Id, default));
        Assert.Null(await _credentials.FindBySecretAsync(alex.Id, PinNames.CredentialType, "1111", default));
        Assert.Equal(PinNames.PinSetEvent, Assert.Single(_audit.Records).Type);
        Assert.DoesNotContain(pin, _audit.Records[0].Detail ?? string.Empty, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Set_FromStdin_StoresThatPin_AndPrintsNothing()
    {
        var alex = _users.AddUser("alex", "p");

        Assert.Equal(0, await RunAsync("2468\n", "alex", "--pin-stdin"));

        Assert.Empty(_output.ToString());
        Assert.NotNull(await _credentials.FindBySecretAsync(alex.Id, PinNames.CredentialType, "2468", default));
    }

    [Theory]
    [InlineData("12")]
    [InlineData("abcd")]
    public async Task Set_FromStdin_BadPin_IsRefused(string pin)
    {
        _users.AddUser("alex", "p");

        Assert.Equal(1, await RunAsync(pin + "\n", "alex", "--pin-stdin"));
        Assert.Empty(_credentials.All);
    }

    [Fact]
    public async Task Set_UnknownUser_IsRefusedWithExitOne()
    {
        Assert.Equal(1, await RunAsync("", "nobody"));
        Assert.Contains("no user is named 'nobody'", _error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Set_WithoutAName_IsAUsageError() =>
        await Assert.ThrowsAsync<CommandUsageException>(() => RunAsync("", []));

    private sealed class RecordingAuditTrail : IAuditTrail
    {
        public List<AuditRecord> Records { get; } = [];

        public Task WriteAsync(AuditRecord record, CancellationToken cancellationToken)
        {
            Records.Add(record);
            return Task.CompletedTask;
        }
    }

    private sealed class Services(IUserDirectory users, ICredentialStore credentials, IAuditTrail audit) : IServiceProvider
    {
        public object? GetService(Type serviceType) =>
            serviceType == typeof(IUserDirectory) ? users
            : serviceType == typeof(ICredentialStore) ? credentials
            : serviceType == typeof(IAuditTrail) ? audit
            : null;
    }
}
