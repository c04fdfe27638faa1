using FluentValidation;

namespace Pickup.Core.Configuration.Validation;

/// <summary>Validates <c>[database]</c>.</summary>
public sealed class DatabaseOptionsValidator : AbstractValidator<DatabaseOptions>
{
    /// <summary>Creates the rules.</summary>
    public DatabaseOptionsValidator()
    {
        RuleFor(o => o.Type)
            .Must(t => t is "sqlite" or "postgres")
            .WithMessage(o => $"'type' in [database] must be \"sqlite\" or \"postgres\", not \"{o.Type}\"");

        // The connection string is not echoed: it may hold a password.
        RuleFor(o => o.Connection)
            .NotEmpty()
            .WithMessage("'connection' in [database] must not be empty");
    }
}
