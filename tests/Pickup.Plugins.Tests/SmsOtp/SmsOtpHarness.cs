using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Pickup.Abstractions.Auditing;
using Pickup.Abstractions.Authentication;
using Pickup.Abstractions.Configuration;
using Pickup.Abstractions.Credentials;
using Pickup.Abstractions.Limits;
using Pickup.Abstractions.Pages;
using Pickup.Abstractions.Security;
using Pickup.Abstractions.Users;
using Pickup.Plugins.SmsOtp;
using Pickup.Sms.Contracts;

namespace Pickup.Plugins.Tests.SmsOtp;

/// <summary>
/// The SMS OTP plugin wired as the engine wires it (plugin registration, a real container, one scope per request),
/// with test doubles for the directory, the SMS provider and the clock, and one login attempt for user "alex".
/// </summary>
internal sealed partial class SmsOtpHarness : IDisposable
{
    public const string UserId = "u-alex";
    public const string Mobile = "94778888888";

    private readonly ServiceProvider _services;

    public SmsOtpHarness(params (string Key, object Value)[] parameters)
        : this(new Dictionary<string, string> { [SmsOtpClaims.Mobile] = Mobile }, parameters)
    {
    }

    public SmsOtpHarness(IReadOnlyDictionary<string, string> claims, params (string Key, object Value)[] parameters)
    {
        Directory.Add(UserId, "alex", claims);
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddProvider(Logs).SetMinimumLevel(LogLevel.Trace));
        services.AddSingleton<TimeProvider>(Time);
        services.AddSingleton<ISmsSender>(Sender);
        services.AddSingleton<IServerSecrets>(Secrets);
        services.AddScoped<IUserDirectory>(_ => Directory);
        services.AddScoped<ICredentialStore>(_ => Credentials);
        services.AddSingleton<IAuditTrail>(Audit);
        services.AddSingleton<IWindowCounter>(new SmsLimits.WindowCounter(Time));
        services.AddSingleton<IDeploymentSections>(new NoSendLimits());
        new SmsOtpPlugin().ConfigureServices(services);
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });

        Factory = _services.GetServices<IAuthenticatorFactory>().Single(f => f.Id == "sms_otp");
        var table = Parameters.Of(parameters);
        Factory.Configure(table);
        Assert.Empty(table.Errors);

        var idp = new IdentityProviderSettings { Name = "SMSOTP", Properties = Parameters.Of(("provider", FakeSmsSender.Id), ("sms_url", "https://sms.example/send")) };
        Factory.ValidateIdentityProvider(idp);
        Assert.Empty(idp.Properties.Errors);
        Context = NewContext(idp);
    }

    public FakeUserDirectory Directory { get; } = new();

    public FakeCredentialStore Credentials { get; } = new();

    public FakeSmsSender Sender { get; } = new();

    /// <summary>What the plugin wrote to the audit trail (<c>code.sent</c>, <c>code.send.failed</c>).</summary>
    internal SmsLimits.RecordingAuditTrail Audit { get; } = new();

    public FakeServerSecrets Secrets { get; } = new();

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2025, 3, 1, 8, 0, 0, TimeSpan.Zero));

    public CapturingLoggerProvider Logs { get; } = new();

    public IAuthenticatorFactory Factory { get; }

    public AuthenticationStepContext Context { get; set; }

    /// <summary>The code in the last message sent, read from the text as a driver would read it.</summary>
    public string LastCode
    {
        get
        {
            var message = Assert.IsType<SmsMessage>(Sender.Sent.LastOrDefault());
            return CodeWord().Match(message.Text).Groups[1].Value;
        }
    }

    public static AuthenticationStepContext NewContext(IdentityProviderSettings? idp, AuthenticatedUser? user = null, bool hasOtherOptions = false) =>
        new()
        {
            SessionDataKey = "sdk-1",
            ServiceProvider = "pickup-dispatch",
            StepNumber = 2,
            User = user ?? new AuthenticatedUser { UserId = UserId, Username = "alex" },
            State = new Dictionary<string, string>(),
            IdentityProvider = idp,
            RemoteAddress = "127.0.0.1",
            HasOtherOptions = hasOtherOptions,
        };

    /// <summary>The step offers other options too (the driver came through the multi-option page).</summary>
    public void OfferOtherOptions() => Context = NewContext(Context.IdentityProvider, hasOtherOptions: true);

    public Task<AuthenticatorResult> InitiateAsync() =>
        InRequest(a => a.InitiateAsync(Context, CancellationToken.None));

    public Task<AuthenticatorResult> PostAsync(params (string Field, string Value)[] form) =>
        InRequest(a => a.ProcessAsync(Context, form.ToDictionary(f => f.Field, f => f.Value), CancellationToken.None));

    public Task<AuthenticatorResult> SubmitCodeAsync(string code) => PostAsync(("OTPcode", code));

    public Task<AuthenticatorResult> ResendAsync() => PostAsync(("OTPcode", string.Empty), ("resendCode", "true"));

    public Task<PageView?> RenderAsync(string template, params (string Key, string Value)[] query) =>
        InRequest(a => a.RenderPageAsync(Context, new PageRequest { Template = template, Query = query.ToDictionary(q => q.Key, q => q.Value) }, CancellationToken.None));

    public void Dispose() => _services.Dispose();

    private async Task<T> InRequest<T>(Func<IAuthenticator, Task<T>> action)
    {
        await using var scope = _services.CreateAsyncScope();
        return await action(Factory.Create(scope.ServiceProvider));
    }

    [GeneratedRegex(@"(?<![0-9A-Za-z])([0-9A-Z]{4,10})(?![0-9A-Za-z])")]
    private static partial Regex CodeWord();

    // [security.sms_limits] with every count off: these tests are about the step, not the send limits.
    private sealed class NoSendLimits : IDeploymentSections
    {
        public PluginParameters Table(string path) => Parameters.Of(
            ("per_number", 0L), ("per_user", 0L), ("per_ip", 0L), ("daily_budget", 0L), ("blocked_number_types", Array.Empty<string>()));
    }
}
