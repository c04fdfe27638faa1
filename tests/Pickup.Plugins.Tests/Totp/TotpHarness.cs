using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OtpNet;
using Pickup.Abstractions.Auditing;
using Pickup.Abstractions.Authentication;
using Pickup.Abstractions.Credentials;
using Pickup.Abstractions.Pages;
using Pickup.Abstractions.Plugins;
using Pickup.Abstractions.Security;
using Pickup.Abstractions.Users;
using Pickup.Plugins.Totp;
using Pickup.Plugins.Totp.Pages;
using Pickup.Testing;

namespace Pickup.Plugins.Tests.Totp;

/// <summary>
/// The TOTP plugin wired as the engine wires it (its registration, a real container, one scope per request), with
/// fakes for the directory, the credential store, the audit trail and the clock, and user "alex" signed in by step 1.
/// </summary>
internal sealed class TotpHarness : IDisposable
{
    public const string UserId = "u-alex";
    public const string Username = "alex";

    private readonly ServiceProvider _services;
    private int _attempts;

    public TotpHarness(params (string Key, object Value)[] parameters)
    {
        Directory.Add(UserId, Username);
        var contributions = new PluginContributions();
        Plugin.Describe(contributions);
        Contributions = contributions;
        Audit = new FakeAuditTrail(contributions.AuditEvents.Select(e => e.Type));

        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(Time);
        services.AddSingleton<IServerSecrets>(Secrets);
        services.AddScoped<IUserDirectory>(_ => Directory);
        services.AddScoped<ICredentialStore>(_ => Store);
        services.AddScoped<IAuditTrail>(_ => Audit);
        Plugin.ConfigureServices(services);
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });

        Factory = _services.GetServices<IAuthenticatorFactory>().Single(f => f.Id == "totp");
        var table = TestParameters.From(parameters);
        Factory.Configure(table);
        Assert.Empty(table.Errors);
        Context = NewAttempt();
    }

    public TotpPlugin Plugin { get; } = new();

    public PluginContributions Contributions { get; }

    public FakeTotpDirectory Directory { get; } = new();

    public FakeCredentialStore Store { get; } = new();

    public FakeAuditTrail Audit { get; }

    public SmsOtp.FakeServerSecrets Secrets { get; } = new();

    // A fixed instant in the middle of a 30-second step, so that moving by whole steps never lands on a boundary.
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 3, 1, 8, 0, 15, TimeSpan.Zero));

    public IAuthenticatorFactory Factory { get; }

    public AuthenticationStepContext Context { get; set; }

    public IServiceProvider Services => _services;

    /// <summary>A fresh login attempt of alex at step 2 (its own session key and state).</summary>
    public AuthenticationStepContext NewAttempt(bool hasOtherOptions = false) =>
        new()
        {
            SessionDataKey = $"sdk-{++_attempts}",
            ServiceProvider = "pickup-dispatch",
            StepNumber = 2,
            User = new AuthenticatedUser { UserId = UserId, Username = Username },
            State = new Dictionary<string, string>(),
            RemoteAddress = "127.0.0.1",
            HasOtherOptions = hasOtherOptions,
        };

    public Task<AuthenticatorResult> InitiateAsync(AuthenticationStepContext? context = null) =>
        InRequest(a => a.InitiateAsync(context ?? Context, CancellationToken.None));

    public Task<AuthenticatorResult> SubmitCodeAsync(string code, AuthenticationStepContext? context = null) =>
        InRequest(a => a.ProcessAsync(context ?? Context, new Dictionary<string, string> { [TotpPages.CodeField] = code }, CancellationToken.None));

    public Task<PageView?> RenderAsync(string template, AuthenticationStepContext? context = null, params (string Key, string Value)[] query) =>
        InRequest(a => a.RenderPageAsync(context ?? Context, new PageRequest { Template = template, Query = query.ToDictionary(q => q.Key, q => q.Value) }, CancellationToken.None));

    /// <summary>Runs the enrolment page as a driver would: reads the key off the page, types the app's code. Returns the secret.</summary>
    public async Task<byte[]> EnrollAsync()
    {
        var context = NewAttempt();
        Assert.Equal(TotpPages.EnrollPage, (await InitiateAsync(context)).Template);
        var secret = await SecretShownAsync(context);
        Assert.Equal(AuthenticatorResultKind.Succeeded, (await SubmitCodeAsync(CodeAt(secret, TimeSpan.Zero), context)).Kind);
        return secret;
    }

    /// <summary>The key the enrolment page shows as text, decoded as an authenticator app would.</summary>
    public async Task<byte[]> SecretShownAsync(AuthenticationStepContext? context = null)
    {
        var view = Assert.IsType<PageView>(await RenderAsync(TotpPages.EnrollPage, context));
        var model = Assert.IsType<TotpEnrollPageModel>(view.Model);
        return Base32Encoding.ToBytes(model.SecretGroups.Replace(" ", string.Empty, StringComparison.Ordinal));
    }

    /// <summary>What an authenticator app holding <paramref name="secret"/> shows at the harness's time plus <paramref name="offset"/>.</summary>
    public string CodeAt(byte[] secret, TimeSpan offset) =>
        new OtpNet.Totp(secret, 30, OtpHashMode.Sha1, 6).ComputeTotp((Time.GetUtcNow() + offset).UtcDateTime);

    public void Dispose() => _services.Dispose();

    private async Task<T> InRequest<T>(Func<IAuthenticator, Task<T>> action)
    {
        await using var scope = _services.CreateAsyncScope();
        return await action(Factory.Create(scope.ServiceProvider));
    }
}
