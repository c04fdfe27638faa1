using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Time.Testing;
using Pickup.Abstractions.Users;
using Pickup.Data.Passwords;
using Pickup.Data.Users;

namespace Pickup.Data.Tests.Users;

/// <summary>
/// A locked account tells only someone who typed its right password that it is locked; everything else gets the
/// answer, the cost and the database statements of any wrong password.
/// </summary>
public sealed class LockedAccountAnswerTests
{
    private const string RightPassword = "correct horse 42";

    [Fact]
    public async Task VerifyPassword_LockedAccount_WrongPasswordFailsLikeAnyOther_RightPasswordIsToldLocked()
    {
        await using var db = await TestDatabase.CreateAsync();
        await db.Get<UserAdministration>().AddUserAsync("alex", RightPassword, [], [], CancellationToken.None);
        var wrongWhileOpen = await db.Get<IUserDirectory>().VerifyPasswordAsync("alex", "wrong-0", CancellationToken.None);
        await LockAsync(db);

        var wrongWhileLocked = await db.Get<IUserDirectory>().VerifyPasswordAsync("alex", "wrong-9", CancellationToken.None);
        var unknown = await db.Get<IUserDirectory>().VerifyPasswordAsync("nobody", "wrong-9", CancellationToken.None);
        var rightWhileLocked = await db.Get<IUserDirectory>().VerifyPasswordAsync("alex", RightPassword, CancellationToken.None);

        Assert.Equal(new PasswordCheck(PasswordCheckStatus.Failed, null), wrongWhileOpen);
        Assert.Equal(wrongWhileOpen, wrongWhileLocked);
        Assert.Equal(wrongWhileOpen, unknown);
        Assert.Equal(new PasswordCheck(PasswordCheckStatus.Locked, null), rightWhileLocked);
    }

    [Fact]
    public async Task VerifyPassword_LockedAccountWithItsAttemptsSpent_ChecksNothingUntilTheLockEnds()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using var db = await TestDatabase.CreateAsync(time: clock);
        var alex = await db.Get<UserAdministration>().AddUserAsync("alex", RightPassword, [], [], CancellationToken.None);
        await LockAsync(db);

        // Four attempts while locked are checked (and counted); the right one is told locked.
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(PasswordCheckStatus.Failed, (await db.Get<IUserDirectory>().VerifyPasswordAsync("alex", "wrong-" + i, CancellationToken.None)).Status);
        }

        Assert.Equal(PasswordCheckStatus.Locked, (await db.Get<IUserDirectory>().VerifyPasswordAsync("alex", RightPassword, CancellationToken.None)).Status);

        // Then nothing is checked until the lock ends, so a lock-out still bounds the guesses; nor is the lock made longer.
        Assert.Equal(PasswordCheckStatus.Failed, (await db.Get<IUserDirectory>().VerifyPasswordAsync("alex", RightPassword, CancellationToken.None)).Status);
        var until = await db.Get<AccountLockout>().GetLockedUntilAsync(alex.Id, CancellationToken.None);
        Assert.Equal(clock.GetUtcNow().AddSeconds(300), until);

        clock.Advance(TimeSpan.FromSeconds(301));
        Assert.Equal(PasswordCheckStatus.Succeeded, (await db.Get<IUserDirectory>().VerifyPasswordAsync("alex", RightPassword, CancellationToken.None)).Status);
    }

    [Fact]
    public async Task VerifyPassword_UnknownUserWrongPasswordAndLockedAccount_RunTheSameStatementsAndOneHash()
    {
        await using var db = await TestDatabase.CreateAsync();
        await db.Get<UserAdministration>().AddUserAsync("alex", RightPassword, [], [], CancellationToken.None);
        await db.Get<UserAdministration>().AddUserAsync("blake", RightPassword, [], [], CancellationToken.None);
        await db.Get<UserAdministration>().AddUserAsync("casey", RightPassword, [], [], CancellationToken.None);
        await LockAsync(db, "casey");

        // The dummy hash an unknown name is checked against is made on first use.
        await db.Get<IUserDirectory>().VerifyPasswordAsync("nobody", "warm-up", CancellationToken.None);
        var hasher = (Argon2idPasswordHasher)db.Services.GetService(typeof(Argon2idPasswordHasher))!;
        var hashes = 0;
        hasher.BeforeEachRun = () => Interlocked.Increment(ref hashes);
        using var statements = new StatementRecorder(db.Home);

        async Task<(List<string> Statements, int Hashes)> RunAsync(string username, string password)
        {
            var directory = db.Get<IUserDirectory>();
            statements.Clear();
            hashes = 0;
            await directory.VerifyPasswordAsync(username, password, CancellationToken.None);
            return (statements.Texts, hashes);
        }

        var unknown = await RunAsync("nobody", "wrong");
        var wrong = await RunAsync("blake", "wrong");
        var lockedWrong = await RunAsync("casey", "wrong");

        Assert.Equal(1, wrong.Hashes);
        Assert.Equal(2, wrong.Statements.Count);
        Assert.Equal(wrong.Statements, unknown.Statements);
        Assert.Equal(wrong.Statements, lockedWrong.Statements);
        Assert.Equal(wrong.Hashes, unknown.Hashes);
        Assert.Equal(wrong.Hashes, lockedWrong.Hashes);
    }

    private static async Task LockAsync(TestDatabase db, string username = "alex")
    {
        for (var i = 0; i < 5; i++)
        {
            await db.Get<IUserDirectory>().VerifyPasswordAsync(username, "guess-" + i, CancellationToken.None);
        }
    }

    /// <summary>The SQL text of every command EF Core runs on this test's database (audit rows aside: they are queued).</summary>
    private sealed class StatementRecorder : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
    {
        private readonly string _home;
        private readonly ConcurrentQueue<string> _texts = new();
        private readonly List<IDisposable> _subscriptions = [];

        public StatementRecorder(string home)
        {
            _home = home;
            _subscriptions.Add(DiagnosticListener.AllListeners.Subscribe(this));
        }

        public List<string> Texts => [.. _texts];

        public void Clear() => _texts.Clear();

        public void OnNext(DiagnosticListener value)
        {
            if (value.Name == DbLoggerCategory.Name)
            {
                lock (_subscriptions)
                {
                    _subscriptions.Add(value.Subscribe(this));
                }
            }
        }

        public void OnNext(KeyValuePair<string, object?> value)
        {
            if (value.Key == RelationalEventId.CommandExecuting.Name
                && value.Value is CommandEventData data
                && data.Command.Connection?.DataSource?.Contains(_home, StringComparison.Ordinal) == true
                && !data.Command.CommandText.Contains("pickup_audit_events", StringComparison.Ordinal))
            {
                _texts.Enqueue(data.Command.CommandText);
            }
        }

        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }

        public void Dispose()
        {
            lock (_subscriptions)
            {
                _subscriptions.ForEach(s => s.Dispose());
            }
        }
    }
}
