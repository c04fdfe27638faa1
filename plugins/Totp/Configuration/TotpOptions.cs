using Pickup.Abstractions.Configuration;

namespace Pickup.Plugins.Totp.Configuration;

/// <summary>The settings of <c>[authentication.authenticator.totp.parameters]</c>, read once at start-up.</summary>
public sealed class TotpOptions
{
    /// <summary>Key: the name the authenticator app shows above the code (default <c>Pickup</c>).</summary>
    public const string IssuerKey = "issuer";

    /// <summary>Key: whether a user with no authenticator app may add one after the earlier step (default true).</summary>
    public const string AllowEnrollmentKey = "allow_enrollment";

    // Authenticator apps show the issuer on one line; ':' would split the otpauth label in two.
    private const int MaxIssuerLength = 64;

    /// <summary>The issuer written into the QR code.</summary>
    public string Issuer { get; private init; } = "Pickup";

    /// <summary>True when the step may enrol a user who has no authenticator app yet.</summary>
    public bool AllowEnrollment { get; private init; } = true;

    /// <summary>Reads and validates the table; problems are recorded in <paramref name="parameters"/>.</summary>
    public static TotpOptions Read(PluginParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        parameters.RejectUnknownKeys([IssuerKey, AllowEnrollmentKey]);
        var issuer = parameters.GetString(IssuerKey, "Pickup").Trim();
        if (issuer.Length == 0 || issuer.Length > MaxIssuerLength || issuer.Contains(':', StringComparison.Ordinal) || issuer.Any(char.IsControl))
        {
            parameters.AddError(IssuerKey, $"'{IssuerKey}' must be 1 to {MaxIssuerLength} characters, without ':' or control characters");
            issuer = "Pickup";
        }

        return new TotpOptions
        {
            Issuer = issuer,
            AllowEnrollment = parameters.GetBoolean(AllowEnrollmentKey, true),
        };
    }
}
