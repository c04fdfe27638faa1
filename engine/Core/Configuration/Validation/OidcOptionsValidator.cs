using FluentValidation;

namespace Pickup.Core.Configuration.Validation;

/// <summary>Validates <c>[oidc]</c>.</summary>
public sealed class OidcOptionsValidator : AbstractValidator<OidcOptions>
{
    /// <summary>The least absolute refresh token lifetime: a minute.</summary>
    public const int MinRefreshTokenLifetimeSeconds = 60;

    /// <summary>The greatest absolute refresh token lifetime: 365 days.</summary>
    public const int MaxRefreshTokenLifetimeSeconds = 365 * 24 * 3600;

    /// <summary>Creates the rules.</summary>
    public OidcOptionsValidator()
    {
        RuleFor(o => o.RefreshTokenLifetimeSeconds)
            .InclusiveBetween(MinRefreshTokenLifetimeSeconds, MaxRefreshTokenLifetimeSeconds)
            .WithMessage(o =>
                $"'refresh_token_lifetime_seconds' in [oidc] must be between {MinRefreshTokenLifetimeSeconds} and {MaxRefreshTokenLifetimeSeconds} (365 days), not {o.RefreshTokenLifetimeSeconds}");
    }
}
