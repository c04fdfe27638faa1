using FluentValidation;
using PhoneNumbers;

namespace Pickup.Core.Configuration.Validation;

/// <summary>Validates <c>[security.sms_limits]</c>.</summary>
public sealed class SmsLimitsOptionsValidator : AbstractValidator<SmsLimitsOptions>
{
    private static readonly string[] NumberTypes = Enum.GetNames<PhoneNumberType>();

    /// <summary>Creates the rules.</summary>
    public SmsLimitsOptionsValidator()
    {
        // Counting "per window" needs a window: 0 would make every limit meaningless rather than off.
        RuleFor(o => o.WindowSeconds)
            .GreaterThanOrEqualTo(1)
            .WithMessage(o => $"'window_seconds' in [security.sms_limits] must be at least 1, not {o.WindowSeconds}");
        RuleFor(o => o.PerNumber).GreaterThanOrEqualTo(0).WithMessage(o => NotNegative("per_number", o.PerNumber));
        RuleFor(o => o.PerUser).GreaterThanOrEqualTo(0).WithMessage(o => NotNegative("per_user", o.PerUser));
        RuleFor(o => o.PerIp).GreaterThanOrEqualTo(0).WithMessage(o => NotNegative("per_ip", o.PerIp));
        RuleFor(o => o.DailyBudget).GreaterThanOrEqualTo(0).WithMessage(o => NotNegative("daily_budget", o.DailyBudget));

        RuleForEach(o => o.AllowedCountries)
            .Matches("^[A-Z]{2}$")
            .WithMessage((_, code) => $"'allowed_countries' in [security.sms_limits] must hold two-letter upper-case ISO 3166 codes such as \"LK\", not \"{code}\"");

        RuleForEach(o => o.BlockedNumberTypes)
            .Must(type => NumberTypes.Contains(type, StringComparer.Ordinal))
            .WithMessage((_, type) => $"'blocked_number_types' in [security.sms_limits] has \"{type}\", which is not one of: {string.Join(", ", NumberTypes)}");
    }

    private static string NotNegative(string key, int value) =>
        $"'{key}' in [security.sms_limits] must be 0 (off) or more, not {value}";
}
