using Pickup.Abstractions.Authentication;
using Pickup.Abstractions.Users;
using Pickup.Core.Auditing;
using Pickup.Data.Users;
using Pickup.Plugins.SmsOtp;

namespace Pickup.Data.Tests.Auditing;

/// <summary>What the user store and the administration write to the audit trail.</summary>
public sealed class DataAuditEventsTests
{
    private const string Password = "correct horse 42";

    [Fact]
    public async Task VerifyPassword_WrongPassword_AuditsLoginFailedPasswordForTheAccount()
    {
        await using var db = await TestDatabase.CreateAsync();
        var alex = await db.Get<UserAdministration>().AddUserAsync("alex", Password, [], [], CancellationToken.None);

        await db.Get<IUserDirectory>().VerifyPasswordAsync("alex", "wrong-guess-1", CancellationToken.None);

        var failed = Assert.Single(await db.Get<IAuditLog>().TailAsync(10, AuditEventTypes.LoginFailed, CancellationToken.None));
        Assert.Equal((alex.Id, "alex", "password"), (failed.UserId, failed.Username, failed.Detail));
    }

    [Fact]
    public async Task VerifyPassword_FailureThatLocksTheAccount_AuditsAccountLocked()
    {
        await using var db = await TestDatabase.CreateAsync();
        var alex = await db.Get<UserAdministration>().AddUserAsync("alex", Password, [], [], CancellationToken.None);
        var directory = db.Get<IUserDirectory>();

        // The default limits lock after five consecutive failures.
        for (var i = 0; i < 5; i++)
        {
            await directory.VerifyPasswordAsync("alex", "wrong", CancellationToken.None);
        }

        var locked = Assert.Single(await db.Get<IAuditLog>().TailAsync(10, AuditEventTypes.AccountLocked, CancellationToken.None));
        Assert.Equal(alex.Id, locked.UserId);
        Assert.StartsWith("after a wrong password, until ", locked.Detail, StringComparison.Ordinal);
        Assert.Equal(5, (await db.Get<IAuditLog>().TailAsync(10, AuditEventTypes.LoginFailed, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task VerifyPassword_FailureThatLocksTheAccount_CountsOneLockoutByFactor()
    {
        await using var db = await TestDatabase.CreateAsync();
        using var lockouts = new Microsoft.Extensions.Diagnostics.Metrics.Testing.MetricCollector<long>(
            db.Get<System.Diagnostics.Metrics.IMeterFactory>(), LockoutMetrics.MeterName, "pickup.account.lockouts");
        await db.Get<UserAdministration>().AddUserAsync("alex", Password, [], [], CancellationToken.None);
        var directory = db.Get<IUserDirectory>();

        for (var i = 0; i < 4; i++)
        {
            await directory.VerifyPasswordAsync("alex", "wrong", CancellationToken.None);
        }

        Assert.Empty(lockouts.GetMeasurementSnapshot());
        await directory.VerifyPasswordAsync("alex", "wrong", CancellationToken.None);

        var lockout = Assert.Single(lockouts.GetMeasurementSnapshot());
        Assert.Equal(1, lockout.Value);
        Assert.Equal("password", lockout.Tags["factor"]);
    }

    [Fact]
    public async Task VerifyPassword_UnknownUser_AuditsTheFailureWithoutTheTypedName()
    {
        await using var db = await TestDatabase.CreateAsync();

        // People type their password into the username field: what was typed there is never stored.
        await db.Get<IUserDirectory>().VerifyPasswordAsync("Tr0ub4dor&3", "whatever", CancellationToken.None);

        var failed = Assert.Single(await db.Get<IAuditLog>().TailAsync(10, CancellationToken.None));
        Assert.Equal(AuditEventTypes.LoginFailed, failed.Type);
        Assert.Null(failed.Username);
        Assert.Null(failed.UserId);
        Assert.DoesNotContain("Tr0ub4dor", failed.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RecordFailedAttempt_WrongCodeReported_AuditsLoginFailedCode()
    {
        await using var db = await TestDatabase.CreateAsync();
        var alex = await db.Get<UserAdministration>().AddUserAsync("alex", Password, [], [], CancellationToken.None);

        await db.Get<IUserDirectory>().RecordFailedAttemptAsync(alex.Id, CancellationToken.None);

        var failed = Assert.Single(await db.Get<IAuditLog>().TailAsync(10, AuditEventTypes.LoginFailed, CancellationToken.None));
        Assert.Equal((alex.Id, "alex", "code"), (failed.UserId, failed.Username, failed.Detail));
    }

    [Fact]
    public async Task Administration_EachChange_IsAuditedInOrderWithoutPasswordCodesOrClaimValues()
    {
        await using var db = await TestDatabase.CreateAsync();
        var admin = db.Get<UserAdministration>();
        await admin.AddRoleAsync("driver", ["login"], CancellationToken.None);
        var alex = await admin.AddUserAsync("alex", Password, ["driver"], [new(SmsOtpClaims.Mobile, "94778888888")], CancellationToken.None);
        await admin.SetClaimAsync("alex", SmsOtpClaims.Mobile, "94771234567", CancellationToken.None);
        await db.Get<IUserDirectory>().SetClaimAsync(alex.Id, SmsOtpClaims.Mobile, "94770000001", CancellationToken.None);
        await admin.UnlockAsync("alex", CancellationToken.None);
        await admin.DeleteAsync("alex", CancellationToken.None);

        var events = await db.Get<IAuditLog>().TailAsync(20, CancellationToken.None);

        Assert.Equal(
            [
                AuditEventTypes.RoleCreated,
                AuditEventTypes.UserCreated,
                AuditEventTypes.UserClaimChanged,
                AuditEventTypes.UserClaimChanged,
                AuditEventTypes.AccountUnlocked,
                AuditEventTypes.UserDeleted,
            ],
            events.Select(e => e.Type));
        Assert.All(events.Skip(1), e => Assert.Equal((alex.Id, "alex"), (e.UserId, e.Username)));
        Assert.Equal("driver, permissions: login", events[0].Detail);
        Assert.Equal(SmsOtpClaims.Mobile + " set", events[2].Detail);

        var everything = string.Join('\n', events.Select(e => $"{e.UserId} {e.Username} {e.ClientId} {e.RemoteAddress} {e.Detail}"));
        string[] secrets = [Password, "94778888888", "94771234567", "94770000001"];
        Assert.All(secrets, secret => Assert.DoesNotContain(secret, everything, StringComparison.Ordinal));
    }
}
