using Pickup.Abstractions.Credentials;
using Pickup.Abstractions.Testing.Credentials;

namespace Pickup.Abstractions.Testing.Tests;

public sealed class FakeCredentialStoreTests
{
    private const string Type = "acme_pin";
    private readonly FakeCredentialStore _store = new(declaredTypes: [Type, "other"]);

    [Fact]
    public async Task HashedSecret_IsFoundByItsValue_ButNeverRevealed()
    {
        var stored = await _store.AddAsync("u1", new CredentialDraft { Type = Type, Secret = "4821", SecretKind = CredentialSecretKind.Hashed, Label = "PIN" }, default);

        Assert.Equal(stored.Id, (await _store.FindBySecretAsync("u1", Type, "4821", default))?.Id);
        Assert.Null(await _store.FindBySecretAsync("u1", Type, "4822", default));
        Assert.Null(await _store.FindBySecretAsync("u2", Type, "4821", default));
        Assert.Null(await _store.RevealAsync(stored.Id, default));
        Assert.Equal("PIN", Assert.Single(await _store.ListAsync("u1", Type, default)).Label);
    }

    [Fact]
    public async Task EncryptedSecret_IsRevealed_ButNotFoundAsAHash()
    {
        var stored = await _store.AddAsync("u1", new CredentialDraft { Type = Type, Secret = "JBSWY3DPEHPK3PXP", SecretKind = CredentialSecretKind.Encrypted }, default);

        Assert.Equal("JBSWY3DPEHPK3PXP", await _store.RevealAsync(stored.Id, default));
        Assert.Null(await _store.FindBySecretAsync("u1", Type, "JBSWY3DPEHPK3PXP", default));
    }

    [Fact]
    public async Task RecordUse_TwoRacersWithOneVersion_ExactlyOneWins()
    {
        var stored = await _store.AddAsync("u1", new CredentialDraft { Type = Type, Secret = "s", SecretKind = CredentialSecretKind.Encrypted }, default);

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
            _store.RecordUseAsync(stored.Id, stored.Version, new Dictionary<string, string> { ["step"] = "42" }, default))));

        Assert.Single(results, r => r);
        var used = Assert.Single(await _store.ListAsync("u1", Type, default));
        Assert.Equal(stored.Version + 1, used.Version);
        Assert.NotNull(used.LastUsedAt);
        Assert.Equal("42", used.Metadata["step"]);
        Assert.False(await _store.RecordUseAsync(stored.Id, stored.Version, null, default));
    }

    [Fact]
    public async Task Remove_IsTrueOnlyForTheFirstCaller()
    {
        var stored = await _store.AddAsync("u1", new CredentialDraft { Type = Type, Secret = "s", SecretKind = CredentialSecretKind.Hashed }, default);

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => _store.RemoveAsync(stored.Id, default))));

        Assert.Single(results, r => r);
        Assert.Null(await _store.FindBySecretAsync("u1", Type, "s", default));
    }

    [Fact]
    public async Task Replace_SwapsEveryCredentialOfTheType_AndLeavesOthers()
    {
        await _store.AddAsync("u1", new CredentialDraft { Type = Type, Secret = "old", SecretKind = CredentialSecretKind.Hashed }, default);
        await _store.AddAsync("u1", new CredentialDraft { Type = "other", Secret = "keep", SecretKind = CredentialSecretKind.Hashed }, default);

        var fresh = await _store.ReplaceAsync("u1", Type, [
            new CredentialDraft { Type = Type, Secret = "a", SecretKind = CredentialSecretKind.Hashed },
            new CredentialDraft { Type = Type, Secret = "b", SecretKind = CredentialSecretKind.Hashed },
        ], default);

        Assert.Equal(2, fresh.Count);
        Assert.Null(await _store.FindBySecretAsync("u1", Type, "old", default));
        Assert.Equal(fresh[1].Id, (await _store.FindBySecretAsync("u1", Type, "b", default))?.Id);
        Assert.NotNull(await _store.FindBySecretAsync("u1", "other", "keep", default));
        Assert.Equal(2, await _store.RemoveAllAsync("u1", Type, default));
    }

    [Fact]
    public async Task UndeclaredType_IsRefused()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            _store.AddAsync("u1", new CredentialDraft { Type = "acme-pin", Secret = "s", SecretKind = CredentialSecretKind.Hashed }, default));
        Assert.Contains("'acme-pin' was not declared", error.Message, StringComparison.Ordinal);
    }
}
