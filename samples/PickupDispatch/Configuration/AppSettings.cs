namespace Pickup.Samples.PickupDispatch.Configuration;

/// <summary>
/// The <c>App</c> configuration section: who this instance of the sample is, so the same app can run as a second client
/// of the engine beside Pickup Dispatch (<c>App__PathBase</c>, <c>App__DisplayName</c>, <c>App__CookieName</c>).
/// </summary>
public sealed class AppSettings
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "App";

    /// <summary>The path every page is served under: <c>/</c> and one or more segments, no trailing slash.</summary>
    public string PathBase { get; set; } = PickupDispatchApp.PathBase;

    /// <summary>The name the pages show.</summary>
    public string DisplayName { get; set; } = "Pickup Dispatch";

    /// <summary>The sign-in cookie's name; two instances on one host name need two names (browsers ignore the port).</summary>
    public string CookieName { get; set; } = "PickupDispatch";

    /// <summary>Checks the values; throws with the setting's name when one is unusable.</summary>
    /// <exception cref="InvalidOperationException">A value is unusable.</exception>
    public void Validate()
    {
        if (string.IsNullOrEmpty(PathBase) || PathBase[0] != '/' || PathBase.Length < 2 || PathBase.EndsWith('/')
            || PathBase.Split('/').Skip(1).Any(segment => segment.Length == 0 || !segment.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')))
        {
            throw new InvalidOperationException($"App:PathBase must be a path such as /pickup-dispatch (letters, digits, '-', '_', '.'; no trailing slash), not '{PathBase}'.");
        }

        if (string.IsNullOrWhiteSpace(DisplayName) || DisplayName.Length > 60)
        {
            throw new InvalidOperationException("App:DisplayName must be a name of 1 to 60 characters.");
        }

        if (string.IsNullOrEmpty(CookieName) || !CookieName.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            throw new InvalidOperationException($"App:CookieName must be letters, digits, '-', '_' or '.', not '{CookieName}'.");
        }
    }
}
