using Microsoft.Extensions.DependencyInjection;
using Pickup.Abstractions.Authentication;
using Pickup.Abstractions.Users;
using Pickup.Data.Users;
using Pickup.Plugins.SmsOtp;

namespace Pickup.Data.Tests.Users;

/// <summary>The engine applies whatever claim rules the plugins contribute, and knows none of its own.</summary>
public sealed class ClaimRuleTests
{
    private const string Badge = "http://example.com/claims/badge";

    [Fact]
    public async Task SetClaim_PluginRuleUniqueAndNormalising_NormalisesAndRefusesAnotherUsersValue()
    {
        await using var db = await TestDatabase.CreateAsync(configure: s => s.AddSingleton(new UniqueClaims([], [new BadgeRule()])));
        var admin = db.Get<UserAdministration>();
        await admin.AddUserAsync("alex", "pw", [], [new(Badge, " ab-12 ")], CancellationToken.None);
        var sam = await admin.AddUserAsync("sam", "pw", [], [], CancellationToken.None);

        var taken = await Assert.ThrowsAsync<ClaimValueTakenException>(() => db.Get<IUserDirectory>().SetClaimAsync(sam.Id, Badge, "AB-12", CancellationToken.None));
        var refused = await Assert.ThrowsAsync<UserAdministrationException>(() => db.Get<UserAdministration>().SetClaimAsync("sam", Badge, "12", CancellationToken.None));

        Assert.Equal("AB-12", (await db.Get<UserAdministration>().FindAsync("alex", CancellationToken.None))!.Claims[Badge]);
        Assert.Equal(Badge, taken.ClaimUri);
        Assert.Contains("A badge starts with two letters.", refused.Message, StringComparison.Ordinal);
        Assert.True(await db.Get<IUserDirectory>().IsClaimValueTakenAsync(sam.Id, Badge, "ab-12", CancellationToken.None));
    }

    [Fact]
    public async Task SetClaim_NoPluginRuleForTheMobile_StoredAsTypedAndNotUnique()
    {
        await using var db = await TestDatabase.CreateAsync(configure: s => s.AddSingleton(new UniqueClaims([])));
        var admin = db.Get<UserAdministration>();

        await admin.AddUserAsync("alex", "pw", [], [new(SmsOtpClaims.Mobile, "+94 77 888 8888")], CancellationToken.None);
        await admin.AddUserAsync("sam", "pw", [], [new(SmsOtpClaims.Mobile, "+94 77 888 8888")], CancellationToken.None);

        Assert.Equal("+94 77 888 8888", (await db.Get<UserAdministration>().FindAsync("sam", CancellationToken.None))!.Claims[SmsOtpClaims.Mobile]);
    }

    private sealed class BadgeRule : ClaimRule
    {
        public override string ClaimUri => Badge;

        public override bool Unique => true;

        public override bool TryNormalize(string value, out string normalized, out string? problem)
        {
            normalized = value.Trim().ToUpperInvariant();
            problem = normalized.Length >= 2 && char.IsAsciiLetter(normalized[0]) && char.IsAsciiLetter(normalized[1]) ? null : "A badge starts with two letters.";
            return problem is null;
        }
    }
}
