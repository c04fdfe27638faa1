using FluentValidation;

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
            .NotEmpty()
            .When(o => o.Store == "redis")
            .WithMessage("'connection' in [session] must not be empty when store = \"redis\"");
    }
}
