using Pickup.Abstractions.Authentication;

namespace Pickup.Core.Tests.Flow;

/// <summary>
/// A first factor: shows a login page, then identifies <c>user-&lt;username&gt;</c> when the password is "right".
/// It can hold each post for a while and records how many posts it handled at once.
/// </summary>
internal sealed class PasswordAuthenticatorFactory() : TestAuthenticatorFactory("password", "Password", Template)
{
    public const string Template = "testendpoint/login";
    public const string RightPassword = "right";

    private int _processCalls;
    private int _running;
    private int _mostRunning;

    /// <summary>How long each post takes: long enough for a second post to arrive while the first runs.</summary>
    public TimeSpan ProcessDelay { get; set; }

    public int ProcessCalls => Volatile.Read(ref _processCalls);

    /// <summary>The most posts that were inside <see cref="ProcessAsync"/> at the same time.</summary>
    public int MostRunningAtOnce => Volatile.Read(ref _mostRunning);

    public static string UserIdOf(string username) => "user-" + username;

    protected override Task<AuthenticatorResult> InitiateAsync(AuthenticationStepContext context, CancellationToken cancellationToken) =>
        Task.FromResult(AuthenticatorResult.ShowPage(Template));

    protected override async Task<AuthenticatorResult> ProcessAsync(
        AuthenticationStepContext context,
        IReadOnlyDictionary<string, string> form,
        CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _processCalls);
        var running = Interlocked.Increment(ref _running);
        InterlockedMax(ref _mostRunning, running);
        try
        {
            if (ProcessDelay > TimeSpan.Zero)
            {
                await Task.Delay(ProcessDelay, cancellationToken);
            }

            var username = form.GetValueOrDefault("username");
            return !string.IsNullOrEmpty(username) && form.GetValueOrDefault("password") == RightPassword
                ? AuthenticatorResult.Success(new AuthenticatedUser { UserId = UserIdOf(username), Username = username })
                : AuthenticatorResult.Retry(Template, "login.fail.message");
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
