using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Pickup.Data.Keys;

namespace Pickup.Data.Tests.Keys;

/// <summary>The server keys' table: one row per name, created race-free, optionally sealed with key_encryption_key.</summary>
public sealed class ServerKeyStoreTests
{
    private const int Creators = 4;

    [Fact]
    public Task ConcurrentCreators_Sqlite_AllGetTheWinnersKey() => ConcurrentCreatorsAsync(postgres: false);

    [PostgresFact]
    public Task ConcurrentCreators_Postgres_AllGetTheWinnersKey() => ConcurrentCreatorsAsync(postgres: true);

    [Fact]
    public Task EncryptedKey_Sqlite_IsNotInClearAndReadsBack() => EncryptedKeyReadsBackAsync(postgres: false);

    [PostgresFact]
    public Task EncryptedKey_Postgres_IsNotInClearAndReadsBack() => EncryptedKeyReadsBackAsync(postgres: true);

    [Fact]
    public Task SwappedRow_Sqlite_IsRefusedNamingTheKey() => SwappedRowIsRefusedAsync(postgres: false);

    [PostgresFact]
    public Task SwappedRow_Postgres_IsRefusedNamingTheKey() => SwappedRowIsRefusedAsync(postgres: true);

    [Fact]
    public async Task TamperedRow_IsRefusedNamingTheKey()
    {
        var kek = RandomNumberGenerator.GetBytes(32);
        await using var db = await TestDatabase.CreateAsync(configure: s => s.AddSingleton(ServerKeyEncryption.WithKey(kek)));
        var store = db.Services.GetRequiredService<ServerKeyStore>();
        await store.GetOrCreateAsync("oidc-signing", () => new ServerKeyDraft("kid-1", "secret material"), CancellationToken.None);

        var row = await db.Get<PickupDbContext>().ServerKeys.SingleAsync();
        var bytes = Convert.FromBase64String(row.Material);
        bytes[0] ^= 1;
        await db.Get<PickupDbContext>().ServerKeys.ExecuteUpdateAsync(s => s.SetProperty(k => k.Material, Convert.ToBase64String(bytes)));

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => store.GetOrCreateAsync("oidc-signing", Unexpected, CancellationToken.None));
        Assert.Contains("'oidc-signing' could not be decrypted", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EncryptedRow_WithoutKeyEncryptionKey_IsRefusedSayingWhatToSet()
    {
        var kek = RandomNumberGenerator.GetBytes(32);
        var sealedRow = ServerKeyEncryption.WithKey(kek).Seal("oidc-signing", "secret material");
        await using var db = await TestDatabase.CreateAsync();
        var context = db.Get<PickupDbContext>();
        context.ServerKeys.Add(new() { Name = "oidc-signing", KeyId = "kid-1", Material = sealedRow.Material, Nonce = sealedRow.Nonce });
        await context.SaveChangesAsync();

        var error = await Assert.ThrowsAsync<InvalidDataException>(
            () => db.Services.GetRequiredService<ServerKeyStore>().GetOrCreateAsync("oidc-signing", Unexpected, CancellationToken.None));
        Assert.Contains("key_encryption_key is not set", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClearRow_KeyEncryptionKeySetLater_IsSealedOnFirstRead()
    {
        var kek = RandomNumberGenerator.GetBytes(32);
        await using var db = await TestDatabase.CreateAsync(configure: s => s.AddSingleton(ServerKeyEncryption.WithKey(kek)));
        var context = db.Get<PickupDbContext>();
        context.ServerKeys.Add(new() { Name = "tokens-signing", KeyId = "kid-1", Material = "clear material" });
        await context.SaveChangesAsync();

        var key = await db.Services.GetRequiredService<ServerKeyStore>().GetOrCreateAsync("tokens-signing", Unexpected, CancellationToken.None);

        Assert.Equal("clear material", key.Material);
        var row = await db.Get<PickupDbContext>().ServerKeys.AsNoTracking().SingleAsync();
        Assert.NotNull(row.Nonce);
        Assert.DoesNotContain("clear material", row.Material, StringComparison.Ordinal);
        Assert.Equal("clear material", ServerKeyEncryption.WithKey(kek).Open("tokens-signing", row.Material, row.Nonce));
    }

    private static ServerKeyDraft Unexpected() => throw new InvalidOperationException("the key exists: nothing should be created");

    private static async Task ConcurrentCreatorsAsync(bool postgres)
    {
        await using var db = await TestDatabase.CreateAsync(postgres: postgres);
        var store = db.Services.GetRequiredService<ServerKeyStore>();

        // Every creator finds no row and makes its own draft before any inserts: all race for the one name.
        using var allLookedFirst = new Barrier(Creators);
        var attempts = Enumerable.Range(0, Creators).Select(i => Task.Run(() => store.GetOrCreateAsync(
            "oidc-signing",
            () =>
            {
                Assert.True(allLookedFirst.SignalAndWait(TimeSpan.FromSeconds(30)), "the creators did not all find the key missing");
                return new ServerKeyDraft("kid-" + i, "material-" + i);
            },
            CancellationToken.None))).ToList();
        var keys = await Task.WhenAll(attempts);

        var row = await db.Get<PickupDbContext>().ServerKeys.AsNoTracking().SingleAsync();
        Assert.All(keys, k => Assert.Equal((row.KeyId, row.Material), (k.KeyId, k.Material)));
        Assert.Equal(row.KeyId.Replace("kid-", "material-", StringComparison.Ordinal), row.Material);

        // A later start reads the same row and creates nothing.
        Assert.Equal(keys[0], await store.GetOrCreateAsync("oidc-signing", Unexpected, CancellationToken.None));
    }

    private static async Task EncryptedKeyReadsBackAsync(bool postgres)
    {
        var kek = RandomNumberGenerator.GetBytes(32);
        await using var db = await TestDatabase.CreateAsync(postgres: postgres, configure: s => s.AddSingleton(ServerKeyEncryption.WithKey(kek)));
        var store = db.Services.GetRequiredService<ServerKeyStore>();

        var created = await store.GetOrCreateAsync("oidc-signing", () => new ServerKeyDraft("kid-1", "secret material"), CancellationToken.None);

        var row = await db.Get<PickupDbContext>().ServerKeys.AsNoTracking().SingleAsync();
        Assert.NotNull(row.Nonce);
        Assert.DoesNotContain("secret material", row.Material, StringComparison.Ordinal);
        Assert.Equal(created, await store.GetOrCreateAsync("oidc-signing", Unexpected, CancellationToken.None));
        Assert.Equal("secret material", created.Material);
    }

    private static async Task SwappedRowIsRefusedAsync(bool postgres)
    {
        var kek = RandomNumberGenerator.GetBytes(32);
        await using var db = await TestDatabase.CreateAsync(postgres: postgres, configure: s => s.AddSingleton(ServerKeyEncryption.WithKey(kek)));
        var store = db.Services.GetRequiredService<ServerKeyStore>();
        await store.GetOrCreateAsync("oidc-signing", () => new ServerKeyDraft("kid-1", "signing material"), CancellationToken.None);
        await store.GetOrCreateAsync("tokens-signing", () => new ServerKeyDraft("kid-2", "other material"), CancellationToken.None);

        // The other key's sealed material copied over this one's: same encryption key, another name.
        var other = await db.Get<PickupDbContext>().ServerKeys.AsNoTracking().SingleAsync(k => k.Name == "tokens-signing");
        await db.Get<PickupDbContext>().ServerKeys.Where(k => k.Name == "oidc-signing")
            .ExecuteUpdateAsync(s => s.SetProperty(k => k.Material, other.Material).SetProperty(k => k.Nonce, other.Nonce));

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => store.GetOrCreateAsync("oidc-signing", Unexpected, CancellationToken.None));
        Assert.Contains("'oidc-signing' could not be decrypted", error.Message, StringComparison.Ordinal);
        Assert.Equal("other material", (await store.GetOrCreateAsync("tokens-signing", Unexpected, CancellationToken.None)).Material);
    }
}
