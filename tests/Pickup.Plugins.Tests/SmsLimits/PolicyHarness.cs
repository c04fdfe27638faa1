using System.Diagnostics.Metrics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using PhoneNumbers;
using Pickup.Plugins.SmsOtp.Limits;
using Pickup.Testing;

namespace Pickup.Plugins.Tests.SmsLimits;

/// <summary>An <see cref="SmsSendPolicy"/> on a fake clock, with its log lines and counters captured.</summary>
internal sealed class PolicyHarness : IDisposable
{
    private static readonly PhoneNumberUtil Phones = PhoneNumberUtil.GetInstance();

    private readonly ServiceProvider _services;
    private readonly LoggerFactory _loggers;

    public PolicyHarness(SmsLimitsOptions limits)
    {
        _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meters = _services.GetRequiredService<IMeterFactory>();
        // Tests run in parallel, each creating meters of the same name: this harness's factory (the meters' scope)
        // tells its own apart.
        Sent = new MetricCollector<long>(meters, SmsSendPolicy.MeterName, "pickup.sms.sent");
        Refused = new MetricCollector<long>(meters, SmsSendPolicy.MeterName, "pickup.sms.refused");
        Failed = new MetricCollector<long>(meters, SmsSendPolicy.MeterName, "pickup.sms.failed");
        _loggers = new LoggerFactory([Logs]);
        Policy = new SmsSendPolicy(limits, new WindowCounter(Clock), Clock, _loggers.CreateLogger<SmsSendPolicy>(), meters);
    }

    // A Friday morning at a whole hour, so fixed windows of minutes start exactly here.
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2025, 3, 14, 9, 0, 0, TimeSpan.Zero));

    public CapturedLogs Logs { get; } = new();

    /// <summary><c>pickup.sms.sent</c>.</summary>
    public MetricCollector<long> Sent { get; }

    /// <summary><c>pickup.sms.refused</c>, tagged with the <c>reason</c>.</summary>
    public MetricCollector<long> Refused { get; }

    /// <summary><c>pickup.sms.failed</c>, tagged with the <c>provider</c> and the <c>reason</c>.</summary>
    public MetricCollector<long> Failed { get; }

    public SmsSendPolicy Policy { get; }

    /// <summary>Limits with every check off, for a test to turn on the one it is about.</summary>
    public static SmsLimitsOptions NoLimits(Action<SmsLimitsOptions>? turnOn = null)
    {
        var limits = new SmsLimitsOptions
        {
            PerNumber = 0,
            PerUser = 0,
            PerIp = 0,
            DailyBudget = 0,
            AllowedCountries = [],
            BlockedNumberTypes = [],
        };
        turnOn?.Invoke(limits);
        return limits;
    }

    /// <summary>libphonenumber's own example of a number of <paramref name="type"/> in <paramref name="region"/>, as stored: digits only.</summary>
    public static string Example(string region, PhoneNumberType type)
    {
        var number = Phones.GetExampleNumberForType(region, type);
        return $"{number.CountryCode}{number.NationalNumber}";
    }

    /// <summary>Distinct valid Sri Lankan mobile numbers (077 888 80nn), for 0 &lt;= <paramref name="index"/> &lt; 100.</summary>
    public static string SriLankanMobile(int index) => "947788880" + index.ToString("D2", CultureInfo.InvariantCulture);

    public void Dispose()
    {
        Sent.Dispose();
        Refused.Dispose();
        Failed.Dispose();
        _loggers.Dispose();
        _services.Dispose();
    }
}
