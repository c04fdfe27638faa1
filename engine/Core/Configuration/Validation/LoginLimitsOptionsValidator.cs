using FluentValidation;

namespace Pickup.Core.Configuration.Validation;

/// <summary>Validates <c>[security.login_limits]</c>.</summary>
public sealed class LoginLimitsOptionsValidator : AbstractValidator<LoginLimitsOptions>
{
    /// <summary>Creates the rules.</summary>
    public LoginLimitsOptionsValidator()
    {
        RuleFor(o => o.PerIpPerMinute).GreaterThanOrEqualTo(0).WithMessage(o => NotNegative("per_ip_per_minute", o.PerIpPerMinute));
        RuleFor(o => o.AuthorizePerIpPerMinute).GreaterThanOrEqualTo(0).WithMessage(o => NotNegative("authorize_per_ip_per_minute", o.AuthorizePerIpPerMinute));
        RuleFor(o => o.AttemptStoreCapacity)
            .GreaterThanOrEqualTo(1)
            .WithMessage(o => $"'attempt_store_capacity' in [security.login_limits] must be 1 or more (it cannot be turned off), not {o.AttemptStoreCapacity}");
        RuleFor(o => o.LockoutAfter).GreaterThanOrEqualTo(0).WithMessage(o => NotNegative("lockout_after", o.LockoutAfter));
        RuleFor(o => o.LockoutSeconds).GreaterThanOrEqualTo(0).WithMessage(o => NotNegative("lockout_seconds", o.LockoutSeconds));
        RuleFor(o => o.LockoutMaxSeconds)
            .Cascade(CascadeMode.Stop)
            .GreaterThanOrEqualTo(0)
            .WithMessage(o => NotNegative("lockout_max_seconds", o.LockoutMaxSeconds))
            .GreaterThanOrEqualTo(o => o.LockoutSeconds)
            .When(o => o.LockoutMaxSeconds > 0, ApplyConditionTo.CurrentValidator)
            .WithMessage(o => $"'lockout_max_seconds' in [security.login_limits] must not be less than lockout_seconds ({o.LockoutSeconds}), not {o.LockoutMaxSeconds}");
    }

    private static string NotNegative(string key, int value) =>
        $"'{key}' in [security.login_limits] must be 0 (off) or more, not {value}";
}
