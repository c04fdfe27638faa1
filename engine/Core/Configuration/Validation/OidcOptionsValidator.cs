using FluentValidation;

namespace Pickup.Core.Configuration.Validation;

/// <summary>Validates <c>[oidc]</c>.</summary>
public sealed class OidcOptionsValidator : AbstractValidator<OidcOptions>
{
    /// <summary>The least absolute refresh token lifetime: a minute.</summary>
    public const int MinRefreshTokenLifetimeSeconds = 60;

    /// <summary>The greatest absolute refresh token lifetime: 365 days.</summary>
    public const int MaxRefreshTokenLifetimeSeconds = 365 * 24 * 3600;

    /// <summary>The longest automatic rotation period: 10 years.</summary>
    public const int MaxSigningKeyRotationDays = 3650;

    /// <summary>The longest key reload interval: a minute (the engine's keys are used 5 minutes after they are made).</summary>
    public const int MaxKeyReloadSeconds = 60;

    /// <summary>Creates the rules.</summary>
    public OidcOptionsValidator()
    {
        RuleFor(o => o.RefreshTokenLifetimeSeconds)
            .InclusiveBetween(MinRefreshTokenLifetimeSeconds, MaxRefreshTokenLifetimeSeconds)
            .WithMessage(o =>
                $"'refresh_token_lifetime_seconds' in [oidc] must be between {MinRefreshTokenLifetimeSeconds} and {MaxRefreshTokenLifetimeSeconds} (365 days), not {o.RefreshTokenLifetimeSeconds}");
        RuleFor(o => o.SigningKeyRotationDays)
            .InclusiveBetween(0, MaxSigningKeyRotationDays)
            .WithMessage(o =>
                $"'signing_key_rotation_days' in [oidc] must be between 0 (rotate only with 'pickup keys rotate') and {MaxSigningKeyRotationDays} (10 years), not {o.SigningKeyRotationDays}");
        RuleFor(o => o.KeyReloadSeconds)
            .InclusiveBetween(1, MaxKeyReloadSeconds)
            .WithMessage(o =>
                $"'key_reload_seconds' in [oidc] must be between 1 and {MaxKeyReloadSeconds}, not {o.KeyReloadSeconds} (new keys are used 5 minutes after they are made, and every node must have read them by then)");
    }
}
