using System.Net;
using System.Security.Cryptography;
using System.Text.Json;

namespace Pickup.Bench;

/// <summary>The pending-login mode: logins that stop on the SMS code page and are never finished.</summary>
internal sealed partial class VirtualDriver
{
    /// <summary>Logins left waiting for their code by this driver.</summary>
    public int Pending { get; private set; }

    /// <summary>
    /// Starts logins that stop on the SMS code page until <paramref name="stop"/> is set or <paramref name="budget"/>
    /// runs out; a login under way finishes its two requests. Each is a fresh browser whose cookies are then dropped:
    /// only the engine's state for it remains.
    /// </summary>
    public async Task PendAsync(LoginBudget budget, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested && budget.TryTake())
        {
            await PendOnceAsync();
        }
    }

    private async Task PendOnceAsync()
    {
        var step = Step.Authorize;
        var cookies = new CookieContainer();
        try
        {
            var verifier = Base64Url(RandomNumberGenerator.GetBytes(32));
            var state = Base64Url(RandomNumberGenerator.GetBytes(16));
            var loginHtml = await AuthorizeAsync(verifier, state, cookies);
            step = Step.Password;
            await PostPasswordAsync(loginHtml, cookies);
            Pending++;
        }
        catch (Exception e) when (e is BenchStepException or HttpRequestException or TaskCanceledException or TimeoutException or JsonException)
        {
            var kind = $"{step}: {(e is BenchStepException ? e.Message : e.GetType().Name)}";
            Errors[kind] = Errors.GetValueOrDefault(kind) + 1;
        }
    }
}
