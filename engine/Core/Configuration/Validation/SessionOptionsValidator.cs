using FluentValidation;
using Pickup.Core.Sessions;

namespace Pickup.Core.Configuration.Validation;

/// <summary>Validates <c>[session]</c>.</summary>
public sealed class SessionOptionsValidator : AbstractValidator<SessionOptions>
{
    /// <summary>Creates the rules.</summary>
    public SessionOptionsValidator()
    {
        RuleFor(o => o.Store)
            .Must(s => s is "memory" or "redis")
            .WithMessage(o => $"'store' in [session] must be \"memory\" or \"redis\", not \"{o.Store}\"");

        RuleFor(o => o.Connection)
            .Cascade(CascadeMode.Stop)
            .NotEmpty()
            .WithMessage("'connection' in [session] must not be empty when store = \"redis\"")
            .Must(c => RedisConnectionString.TryParse(c, out _, out _))
            .WithMessage(o => $"'connection' in [session] is not a Redis connection string (\"host:port,user=NAME,password=${{env:NAME}},ssl=true\"): {Problem(o.Connection)}")
            .When(o => o.Store == "redis");

        RuleFor(o => o.SsoIdleSeconds)
            .GreaterThanOrEqualTo(0)
            .WithMessage(o => $"'sso_idle_seconds' in [session] must be 0 (single sign-on off) or more, not {o.SsoIdleSeconds}");
        RuleFor(o => o.SsoMaxSeconds)
            .GreaterThanOrEqualTo(0)
            .WithMessage(o => $"'sso_max_seconds' in [session] must be 0 (single sign-on off) or more, not {o.SsoMaxSeconds}");
        RuleFor(o => o.SsoIdleSeconds)
            .LessThanOrEqualTo(o => o.SsoMaxSeconds)
            .WithMessage(o => $"'sso_idle_seconds' in [session] ({o.SsoIdleSeconds}) must not be more than 'sso_max_seconds' ({o.SsoMaxSeconds})")
            .When(o => o.SsoIdleSeconds > 0 && o.SsoMaxSeconds > 0);
    }

    private static string? Problem(string connection) =>
        RedisConnectionString.TryParse(connection, out _, out var problem) ? null : problem;
}
