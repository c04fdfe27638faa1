using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Pickup.Abstractions.Sms;
using Pickup.Core.Auditing;
using Pickup.Core.Sms.Limits;
using Pickup.Core.Tests.Flow;
using Pickup.Testing;

namespace Pickup.Core.Tests.SmsLimits;

/// <summary>Every provider a plugin registers ends up behind the limits, however it was registered.</summary>
public sealed class AddSmsSendLimitsTests
{
    private static readonly string Number = PolicyHarness.SriLankanMobile(0);

    [Fact]
    public void AddSmsSendLimits_SendersByTypeInstanceAndFactory_WrapsEveryOne()
    {
        using var provider = Build(services =>
        {
            services.TryAddEnumerable(ServiceDescriptor.Singleton<ISmsSender, TypeRegisteredSender>());
            services.AddSingleton<ISmsSender>(new RecordingSmsSender("instance"));
            services.AddSingleton<ISmsSender>(_ => new RecordingSmsSender("factory"));
        });

        var senders = provider.GetServices<ISmsSender>().ToList();

        Assert.All(senders, s => Assert.IsType<GuardedSmsSender>(s));
        Assert.Equal(["by-type", "instance", "factory"], senders.Select(s => s.Provider));
    }

    [Fact]
    public async Task AddSmsSendLimits_TwoProviders_ShareOneSetOfCounts()
    {
        var first = new RecordingSmsSender("first");
        var second = new RecordingSmsSender("second");
        using var provider = Build(services =>
        {
            services.AddSingleton<ISmsSender>(first);
            services.AddSingleton<ISmsSender>(second);
        });
        var senders = provider.GetServices<ISmsSender>().ToList();
        var message = new SmsMessage(Number, "text", "1");

        await senders[0].SendAsync(message, TestParameters.From(), CancellationToken.None);
        var viaOther = await senders[1].SendAsync(message, TestParameters.From(), CancellationToken.None);

        Assert.Equal(SmsFailureReason.RateLimited, viaOther.Reason);
        Assert.Single(first.Sent);
        Assert.Empty(second.Sent);
    }

    [Fact]
    public async Task AddSmsSendLimits_CalledTwice_CountsEachSendOnce()
    {
        var sender = new RecordingSmsSender("first");
        using var provider = Build(services =>
        {
            services.AddSingleton<ISmsSender>(sender);
            services.AddSmsSendLimits(PolicyHarness.NoLimits(l => l.PerNumber = 1));
        });
        var wrapped = provider.GetServices<ISmsSender>().Single();

        var result = await wrapped.SendAsync(new SmsMessage(Number, "text", "1"), TestParameters.From(), CancellationToken.None);

        Assert.True(result.Succeeded, result.FailureDetail);
        Assert.Single(sender.Sent);
    }

    [Fact]
    public void AddSmsSendLimits_NoSenders_AddsNone()
    {
        using var provider = Build(_ => { });

        Assert.Empty(provider.GetServices<ISmsSender>());
        Assert.NotNull(provider.GetService<SmsSendPolicy>());
    }

    private static ServiceProvider Build(Action<IServiceCollection> registerSenders)
    {
        var services = new ServiceCollection();
        registerSenders(services);
        services.AddLogging();
        services.AddSingleton<TimeProvider>(new ManualClock());
        services.AddSingleton<IAuditLog>(new RecordingAuditLog());
        services.AddSmsSendLimits(PolicyHarness.NoLimits(l => l.PerNumber = 1));
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    // Registered by type, so the container (not the test) constructs it.
    private sealed class TypeRegisteredSender : ISmsSender
    {
        private readonly RecordingSmsSender _inner = new("by-type");

        public string Provider => _inner.Provider;

        public IReadOnlyCollection<string> Keys => _inner.Keys;

        public void Validate(Pickup.Abstractions.Configuration.PluginParameters properties) => _inner.Validate(properties);

        public Task<SmsSendResult> SendAsync(SmsMessage message, Pickup.Abstractions.Configuration.PluginParameters properties, CancellationToken cancellationToken) =>
            _inner.SendAsync(message, properties, cancellationToken);
    }
}
