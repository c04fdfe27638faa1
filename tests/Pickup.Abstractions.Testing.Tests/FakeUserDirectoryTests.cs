using Pickup.Abstractions.Testing.Users;
using Pickup.Abstractions.Users;

namespace Pickup.Abstractions.Testing.Tests;

public sealed class FakeUserDirectoryTests
{
    private readonly FakeUserDirectory _users = new() { LockoutAfter = 3 };

    [Fact]
    public async Task Password_RightWrongUnknown_AnsweredAsTheEngineDoes()
    {
        var alex = _users.AddUser("alex", "alex-password", new Dictionary<string, string> { ["http://wso2.org/claims/mobile"] = "94778888888" });

        var right = await _users.VerifyPasswordAsync("Alex", "alex-password", default);
        Assert.Equal(PasswordCheckStatus.Succeeded, right.Status);
        Assert.Equal(alex.Id, right.User?.Id);
        Assert.Contains(DirectoryUser.LoginPermission, right.User!.Permissions);
        Assert.Equal(PasswordCheckStatus.Failed, (await _users.VerifyPasswordAsync("alex", "wrong", default)).Status);
        Assert.Equal(PasswordCheckStatus.Failed, (await _users.VerifyPasswordAsync("nobody", "alex-password", default)).Status);
        Assert.Equal([(alex.Id, FakeUserDirectory.PasswordFactor)], _users.Failures);
    }

    [Fact]
    public async Task FailuresOfEveryFactor_ShareOneCounter_AndKeepTheirLabels()
    {
        var alex = _users.AddUser("alex", "alex-password");

        Assert.False(await _users.RecordFailedAttemptAsync(alex.Id, "pin", default));
        Assert.False((await _users.VerifyPasswordAsync("alex", "wrong", default)).User is not null);
        Assert.True(await _users.RecordFailedAttemptAsync(alex.Id, "pin", default));

        Assert.True(await _users.IsLockedAsync(alex.Id, default));
        Assert.Equal(["pin", "password", "pin"], _users.Failures.Select(f => f.Factor));
        Assert.Equal(PasswordCheckStatus.Locked, (await _users.VerifyPasswordAsync("alex", "alex-password", default)).Status);
        Assert.Equal(PasswordCheckStatus.Failed, (await _users.VerifyPasswordAsync("alex", "wrong", default)).Status);

        await _users.ResetFailedAttemptsAsync(alex.Id, default);
        Assert.True(await _users.IsLockedAsync(alex.Id, default));
        _users.Unlock(alex.Id);
        Assert.Equal(PasswordCheckStatus.Succeeded, (await _users.VerifyPasswordAsync("alex", "alex-password", default)).Status);
    }

    [Fact]
    public async Task Claims_SetAndLookedUp()
    {
        var alex = _users.AddUser("alex", "p");
        var sam = _users.AddUser("sam", "p");

        await _users.SetClaimAsync(alex.Id, "urn:x", "v", default);

        Assert.Equal("v", (await _users.FindByUsernameAsync("ALEX", default))!.Claims["urn:x"]);
        Assert.True(await _users.IsClaimValueTakenAsync(sam.Id, "urn:x", "v", default));
        Assert.False(await _users.IsClaimValueTakenAsync(alex.Id, "urn:x", "v", default));
        Assert.Throws<InvalidOperationException>(() => _users.AddUser("Alex", "p"));
    }
}
