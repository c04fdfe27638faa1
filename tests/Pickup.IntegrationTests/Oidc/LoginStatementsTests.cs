using Microsoft.Extensions.Logging;
using Pickup.IntegrationTests.Infrastructure;
using Pickup.Testing;
using Xunit.Abstractions;

namespace Pickup.IntegrationTests.Oidc;

/// <summary>
/// The SQL one login makes, from the authorize request to the token exchange, as Entity Framework Core logs it:
/// the authorization code is never written, read or marked redeemed in the database.
/// </summary>
public sealed class LoginStatementsTests(ITestOutputHelper output) : ScenarioTest
{
    [Fact]
    public async Task OneLoginWithItsTokenExchange_TouchesTheTokenTableOnlyToInsertTheIssuedTokens()
    {
        var logs = new CapturedLogs();
        await RestartEngineAsync(LogCapture.Into(logs, LogLevel.Information));

        // A first login warms every cache up (clients, keys, plugins); the second is the one counted.
        using (var warm = new BrowserSession(Engine.BaseUrl))
        {
            var warmClient = new OidcTestClient(warm, Home.CallbackUrl);
            await warmClient.RedeemAsync(warmClient.CodeFrom(await SubmitCodeAsync(warm, await SignInAsync(warm, warmClient), await ReceivedCodeAsync())));
        }

        var before = logs.Lines.Count;
        using var browser = new BrowserSession(Engine.BaseUrl);
        var client = new OidcTestClient(browser, Home.CallbackUrl);
        var toApp = await SubmitCodeAsync(browser, await SignInAsync(browser, client), await ReceivedCodeAsync());
        await client.RedeemAsync(client.CodeFrom(toApp));

        var statements = logs.Lines.Skip(before)
            .Where(l => l.StartsWith("Microsoft.EntityFrameworkCore.Database.Command Information: Executed DbCommand", StringComparison.Ordinal))
            .ToList();
        var onTokens = statements.Where(s => s.Contains("\"OpenIddictTokens\"", StringComparison.Ordinal)).ToList();
        output.WriteLine($"{statements.Count} statements, {onTokens.Count} on the token table:");
        foreach (var statement in statements)
        {
            var line = string.Join(' ', statement.Split((char[])['\n', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            output.WriteLine(line[..Math.Min(line.Length, 400)]);
        }

        Assert.NotEmpty(statements);
        Assert.DoesNotContain(onTokens, s => s.Contains("UPDATE \"OpenIddictTokens\"", StringComparison.Ordinal));
        Assert.DoesNotContain(onTokens, s => s.Contains("FROM \"OpenIddictTokens\"", StringComparison.Ordinal));
    }
}
