using System.Diagnostics.Metrics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using PhoneNumbers;
using Pickup.Abstractions.Configuration;
using Pickup.Abstractions.Limits;
using Pickup.Sms.Contracts;

namespace Pickup.Plugins.SmsOtp.Limits;

/// <summary>
/// Decides whether a code may be sent, per <c>[security.sms_limits]</c>: allowed countries, refused number types
/// (premium-rate and the like, as libphonenumber classifies them), per-number, per-user and per-address counts in
/// a window, and a daily budget for all numbers together. SMS pumping costs real money, so every check is on by
/// default; 0 turns a count off. Once per server. The counts live in the engine's <see cref="IWindowCounter"/>, so
/// they hold across nodes when the engine keeps them in Redis.
/// </summary>
public sealed class SmsSendPolicy
{
    /// <summary>The meter of SMS metrics: codes sent versus verified is the tell-tale of pumping.</summary>
    public const string MeterName = "Pickup.Sms";

    // Keys share the engine's counter with other plugins: ours start with the plugin's id.
    private const string KeyPrefix = "sms_otp:";

    private static readonly PhoneNumberUtil Phones = PhoneNumberUtil.GetInstance();
    private readonly IDeploymentSections? _sections;
    private readonly IWindowCounter _counter;
    private readonly TimeProvider _time;
    private readonly ILogger<SmsSendPolicy> _logger;
    private volatile Limits _limits;
    private readonly Counter<long> _sent;
    private readonly Counter<long> _refused;
    private readonly Counter<long> _failed;
    private string? _budgetExhaustedDay;

    /// <summary>A policy with fixed limits.</summary>
    public SmsSendPolicy(SmsLimitsOptions limits, IWindowCounter counter, TimeProvider time, ILogger<SmsSendPolicy> logger, IMeterFactory meters)
        : this(null, Limits.Of(limits, null), counter, time, logger, meters)
    {
    }

    /// <summary>
    /// Created once per server by the container: follows <c>[security.sms_limits]</c> as the engine serves it, so a
    /// live reload of the configuration changes the limits for the next send (the counts so far are kept).
    /// </summary>
    public SmsSendPolicy(IDeploymentSections sections, IWindowCounter counter, TimeProvider time, ILogger<SmsSendPolicy> logger, IMeterFactory meters)
        : this(sections, Limits.Read(sections), counter, time, logger, meters)
    {
    }

    private SmsSendPolicy(IDeploymentSections? sections, Limits limits, IWindowCounter counter, TimeProvider time, ILogger<SmsSendPolicy> logger, IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        _sections = sections;
        _limits = limits;
        _counter = counter;
        _time = time;
        _logger = logger;
        var meter = meters.Create(MeterName);
        _sent = meter.CreateCounter<long>("pickup.sms.sent", description: "Codes handed to an SMS provider that accepted them.");
        _refused = meter.CreateCounter<long>("pickup.sms.refused", description: "Sends refused by [security.sms_limits] before reaching a provider, by reason.");
        _failed = meter.CreateCounter<long>("pickup.sms.failed", description: "Sends an SMS provider refused or could not take, by provider and reason.");
    }

    /// <summary>Checks the limits for one send and counts it; returns a failed result when it must not go out.</summary>
    public async ValueTask<SmsSendResult?> RefuseAsync(SmsMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var limits = CurrentLimits();
        if (RefuseNumber(message.Number, limits) is { } numberProblem)
        {
            _refused.Add(1, new KeyValuePair<string, object?>("reason", NumberReason(numberProblem)));
            _logger.LogWarning("SMS to {Number} refused: {Reason}", PhoneNumberMask.Mask(message.Number), numberProblem);
            return SmsSendResult.Failed(numberProblem, SmsFailureReason.NumberRefused);
        }

        var window = TimeSpan.FromSeconds(Math.Max(1, limits.Options.WindowSeconds));
        var checks = new (int Limit, string? Key, string What, string Reason)[]
        {
            (limits.Options.PerNumber, KeyPrefix + "number:" + message.Number, "codes to this number", "per_number"),
            (limits.Options.PerUser, message.UserId is null ? null : KeyPrefix + "user:" + message.UserId, "codes for this user", "per_user"),
            (limits.Options.PerIp, ClientAddressKey.For(message.ClientAddress) is { } address ? KeyPrefix + "address:" + address : null, "codes asked from this address", "per_ip"),
        };
        foreach (var (limit, key, what, reason) in checks)
        {
            if (limit > 0 && key is not null && await _counter.IncrementAsync(key, window, cancellationToken) > limit)
            {
                _refused.Add(1, new KeyValuePair<string, object?>("reason", reason));
                _logger.LogWarning("SMS to {Number} refused: more than {Limit} {What} in {Window} s", PhoneNumberMask.Mask(message.Number), limit, what, window.TotalSeconds);
                return SmsSendResult.Failed($"send limit reached: more than {limit} {what} in {window.TotalSeconds} s", SmsFailureReason.RateLimited);
            }
        }

        if (limits.Options.DailyBudget > 0)
        {
            var day = _time.GetUtcNow().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            if (await _counter.IncrementAsync(KeyPrefix + "budget:" + day, TimeSpan.FromDays(1), cancellationToken) > limits.Options.DailyBudget)
            {
                _refused.Add(1, new KeyValuePair<string, object?>("reason", "daily_budget"));
                if (Interlocked.Exchange(ref _budgetExhaustedDay, day) != day)
                {
                    _logger.LogCritical(
                        "The daily SMS budget of {Budget} codes is spent for {Day} (UTC): no more codes are sent today. If this is not expected traffic, it may be SMS pumping; raise [security.sms_limits] daily_budget only after checking.",
                        limits.Options.DailyBudget,
                        day);
                }

                return SmsSendResult.Failed("the daily SMS budget is spent", SmsFailureReason.RateLimited);
            }
        }

        return null;
    }

    /// <summary>Counts a message the provider accepted.</summary>
    public void RecordSent(SmsMessage message) => _sent.Add(1);

    /// <summary>Counts a send the provider refused or could not take (the reason is a fixed word, never its text).</summary>
    public void RecordFailed(string provider, SmsFailureReason reason) =>
        _failed.Add(1, new KeyValuePair<string, object?>("provider", provider), new KeyValuePair<string, object?>("reason", reason.Label()));

    // The refusal's label: which rule of the number check refused it.
    private static string NumberReason(string problem) =>
        problem.StartsWith("country", StringComparison.Ordinal) ? "country"
        : problem.StartsWith("number type", StringComparison.Ordinal) ? "number_type"
        : "invalid_number";

    private static string? RefuseNumber(string digits, Limits limits)
    {
        PhoneNumber number;
        try
        {
            number = Phones.Parse("+" + digits, null);
        }
        catch (NumberParseException)
        {
            return "not a phone number";
        }

        if (!Phones.IsValidNumber(number))
        {
            return "not a valid phone number";
        }

        var region = Phones.GetRegionCodeForNumber(number);
        if (limits.Countries.Count > 0 && !limits.Countries.Contains(region))
        {
            return $"country {region} is not in allowed_countries";
        }

        var type = Phones.GetNumberType(number);
        return limits.BlockedTypes.Contains(type) ? $"number type {type} is in blocked_number_types" : null;
    }

    // The limits as the engine serves them now: read again when a reload brought a new table.
    private Limits CurrentLimits()
    {
        var limits = _limits;
        if (_sections is null)
        {
            return limits;
        }

        var table = _sections.Table(SmsLimitsOptions.Section);
        if (ReferenceEquals(table, limits.Table))
        {
            return limits;
        }

        var next = Limits.Of(SmsLimitsOptions.Read(table), table);
        _limits = next;
        _logger.LogInformation("SMS limits of [security.sms_limits] re-read after a configuration reload");
        return next;
    }

    private sealed record Limits(SmsLimitsOptions Options, PluginParameters? Table, HashSet<string> Countries, HashSet<PhoneNumberType> BlockedTypes)
    {
        public static Limits Read(IDeploymentSections sections)
        {
            var table = sections.Table(SmsLimitsOptions.Section);
            return Of(SmsLimitsOptions.Read(table), table);
        }

        public static Limits Of(SmsLimitsOptions options, PluginParameters? table)
        {
            ArgumentNullException.ThrowIfNull(options);
            return new Limits(
                options,
                table,
                options.AllowedCountries.ToHashSet(StringComparer.OrdinalIgnoreCase),
                [.. options.BlockedNumberTypes.Select(t => Enum.Parse<PhoneNumberType>(t, ignoreCase: true))]);
        }
    }
}
