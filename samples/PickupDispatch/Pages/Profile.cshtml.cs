using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.IdentityModel.JsonWebTokens;
using Pickup.Samples.PickupDispatch.Authentication;

namespace Pickup.Samples.PickupDispatch.Pages;

/// <summary>The driver's identity as the engine issued it: ID token claims and the userinfo answer.</summary>
[Authorize]
public sealed class ProfileModel : PageModel
{
    // Numeric dates in the ID token, shown with a readable UTC time beside the raw value.
    private static readonly HashSet<string> TimeClaims = new(StringComparer.Ordinal) { "exp", "iat", "nbf", "auth_time", "updated_at" };

    /// <summary>Claims of the saved ID token, in token order.</summary>
    public IReadOnlyList<ClaimRow> IdTokenClaims { get; private set; } = [];

    /// <summary>Members of the userinfo response, or empty when none was saved.</summary>
    public IReadOnlyList<ClaimRow> UserInfoClaims { get; private set; } = [];

    /// <summary>Reads the tokens saved at sign-in.</summary>
    public async Task OnGetAsync()
    {
        var result = await HttpContext.AuthenticateAsync(AuthSchemes.Cookie);
        var idToken = result.Properties?.GetTokenValue("id_token");
        if (idToken is not null)
        {
            // Validated by the handler at sign-in; here it is only read for display.
            IdTokenClaims = [.. new JsonWebToken(idToken).Claims.Select(c => new ClaimRow(c.Type, Describe(c.Type, c.Value)))];
        }

        if (result.Properties?.Items.TryGetValue(AuthSchemes.UserInfoItem, out var userInfo) == true && userInfo is not null)
        {
            UserInfoClaims = ReadUserInfo(userInfo);
        }
    }

    private static List<ClaimRow> ReadUserInfo(string json)
    {
        using var document = JsonDocument.Parse(json);
        return [.. document.RootElement.EnumerateObject().Select(p => new ClaimRow(
            p.Name,
            p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText()))];
    }

    private static string Describe(string type, string value) =>
        TimeClaims.Contains(type) && long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? string.Create(CultureInfo.InvariantCulture, $"{value} ({DateTimeOffset.FromUnixTimeSeconds(seconds):yyyy-MM-dd HH:mm:ss} UTC)")
            : value;

    /// <summary>One row of a claims table.</summary>
    /// <param name="Type">The claim type as the engine named it.</param>
    /// <param name="Value">The value as text.</param>
    public sealed record ClaimRow(string Type, string Value);
}
