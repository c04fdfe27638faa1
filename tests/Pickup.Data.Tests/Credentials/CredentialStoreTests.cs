using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Pickup.Abstractions.Credentials;
using Pickup.Data.Passwords;
using Pickup.Data.Users;

namespace Pickup.Data.Tests.Credentials;

/// <summary>The generic credential store on SQLite and PostgreSQL, including what an attacker would try.</summary>
public sealed class CredentialStoreTests
{
    private const string Note = DeclaringCatalog.Note;
    private const string Recovery = DeclaringCatalog.Recovery;
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public Task Encrypted_Sqlite_RevealsTheSecretAndTheRowHoldsNoClearText() => EncryptedRoundTripAsync(postgres: false);

    [PostgresFact]
    public Task Encrypted_Postgres_RevealsTheSecretAndTheRowHoldsNoClearText() => EncryptedRoundTripAsync(postgres: true);

    [Fact]
    public Task Hashed_Sqlite_FoundBySecretNeverRevealedNorReadableInTheRow() => HashedAsync(postgres: false);

    [PostgresFact]
    public Task Hashed_Postgres_FoundBySecretNeverRevealedNorReadableInTheRow() => HashedAsync(postgres: true);

    [Fact]
    public Task RecordUse_Sqlite_TwoRacingWithOneVersionExactlyOneWins() => RacingUsesAsync(postgres: false);

    [PostgresFact]
    public Task RecordUse_Postgres_TwoRacingWithOneVersionExactlyOneWins() => RacingUsesAsync(postgres: true);

    [Fact]
    public Task Remove_Sqlite_TwoRacingExactlyOneRemoves() => RacingRemovesAsync(postgres: false);

    [PostgresFact]
    public Task Remove_Postgres_TwoRacingExactlyOneRemoves() => RacingRemovesAsync(postgres: true);

    [Fact]
    public Task Reveal_Sqlite_CiphertextCopiedToAnotherRowOrUserIsRefused() => SwappedCiphertextAsync(postgres: false);

    [PostgresFact]
    public Task Reveal_Postgres_CiphertextCopiedToAnotherRowOrUserIsRefused() => SwappedCiphertextAsync(postgres: true);

    [Fact]
    public Task Replace_Sqlite_ReplacesOnlyThatTypeWithOneSaltPerBatch() => ReplaceAsync(postgres: false);

    [PostgresFact]
    public Task Replace_Postgres_ReplacesOnlyThatTypeWithOneSaltPerBatch() => ReplaceAsync(postgres: true);

    [Fact]
    public async Task Add_TypeNoPluginDeclared_IsRefused()
    {
        await using var db = await CreateAsync(postgres: false);
        var alex = await AddUserAsync(db, "alex");

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            db.Get<ICredentialStore>().AddAsync(alex, new CredentialDraft { Type = "totp", Secret = "JBSWY3DPEHPK3PXP", SecretKind = CredentialSecretKind.Encrypted }, CancellationToken.None));
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            db.Get<ICredentialStore>().ReplaceAsync(alex, "totp", [], CancellationToken.None));

        Assert.Contains("'totp' was not declared", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, await db.Get<PickupDbContext>().Credentials.CountAsync());
    }

    [Fact]
    public async Task FindBySecret_FullBatch_RunsArgon2idOnceWhicheverCodeIsTyped()
    {
        await using var db = await CreateAsync(postgres: false);
        var alex = await AddUserAsync(db, "alex");
        var codes = Enumerable.Range(0, 20).Select(i => (10_000_000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        await db.Get<ICredentialStore>().ReplaceAsync(alex, Recovery, [.. codes.Select(Draft)], CancellationToken.None);
        var hasher = db.Services.GetRequiredService<Argon2idPasswordHasher>();
        var runs = 0;
        hasher.BeforeEachRun = () => Interlocked.Increment(ref runs);

        var last = await db.Get<ICredentialStore>().FindBySecretAsync(alex, Recovery, codes[^1], CancellationToken.None);
        var none = await db.Get<ICredentialStore>().FindBySecretAsync(alex, Recovery, "99999999", CancellationToken.None);

        Assert.NotNull(last);
        Assert.Null(none);
        Assert.Equal(2, runs);
    }

    [Fact]
    public async Task DeleteUser_WithCredentials_RemovesThemToo()
    {
        await using var db = await CreateAsync(postgres: false);
        var alex = await AddUserAsync(db, "alex");
        await db.Get<ICredentialStore>().AddAsync(alex, new CredentialDraft { Type = Note, Secret = "n", SecretKind = CredentialSecretKind.Encrypted }, CancellationToken.None);

        await db.Get<UserAdministration>().DeleteAsync("alex", CancellationToken.None);

        Assert.Equal(0, await db.Get<PickupDbContext>().Credentials.CountAsync());
    }

    [Fact]
    public async Task UserDetails_WithCredentials_CountsThemPerTypeWithTheLastUse()
    {
        await using var db = await CreateAsync(postgres: false);
        var alex = await AddUserAsync(db, "alex");
        var store = db.Get<ICredentialStore>();
        await store.ReplaceAsync(alex, Recovery, [Draft("11111111"), Draft("22222222")], CancellationToken.None);
        var note = await store.AddAsync(alex, new CredentialDraft { Type = Note, Secret = "n", SecretKind = CredentialSecretKind.Encrypted }, CancellationToken.None);
        Assert.True(await store.RecordUseAsync(note.Id, note.Version, null, CancellationToken.None));

        var details = (await db.Get<UserAdministration>().FindAsync("alex", CancellationToken.None))!;

        Assert.Equal([new CredentialSummary(Recovery, 2, null), new CredentialSummary(Note, 1, Start)], details.Credentials);
    }

    private static async Task EncryptedRoundTripAsync(bool postgres)
    {
        await using var db = await CreateAsync(postgres);
        var alex = await AddUserAsync(db, "alex");
        var draft = new CredentialDraft
        {
            Type = Note,
            Secret = "JBSWY3DPEHPK3PXP",
            SecretKind = CredentialSecretKind.Encrypted,
            Label = "Authenticator app",
            Metadata = new Dictionary<string, string> { ["digits"] = "6" },
        };

        var added = await db.Get<ICredentialStore>().AddAsync(alex, draft, CancellationToken.None);

        Assert.Equal("JBSWY3DPEHPK3PXP", await db.Get<ICredentialStore>().RevealAsync(added.Id, CancellationToken.None));
        var listed = Assert.Single(await db.Get<ICredentialStore>().ListAsync(alex, Note, CancellationToken.None));
        Assert.Equal((added.Id, "Authenticator app", "6", CredentialSecretKind.Encrypted, 0L, Start), (listed.Id, listed.Label, listed.Metadata["digits"], listed.SecretKind, listed.Version, listed.CreatedAt));
        Assert.Null(listed.LastUsedAt);
        var row = await db.Get<PickupDbContext>().Credentials.AsNoTracking().SingleAsync();
        Assert.DoesNotContain("JBSWY3DPEHPK3PXP", row.Secret + row.Nonce + row.Metadata + row.Label, StringComparison.Ordinal);
        Assert.Null(await db.Get<ICredentialStore>().RevealAsync("no-such-id", CancellationToken.None));
    }

    private static async Task HashedAsync(bool postgres)
    {
        await using var db = await CreateAsync(postgres);
        var alex = await AddUserAsync(db, "alex");
        var bo = await AddUserAsync(db, "bo");
        var added = await db.Get<ICredentialStore>().AddAsync(alex, Draft("12345678"), CancellationToken.None);

        var found = await db.Get<ICredentialStore>().FindBySecretAsync(alex, Recovery, "12345678", CancellationToken.None);

        Assert.Equal(added.Id, found?.Id);
        Assert.Null(await db.Get<ICredentialStore>().FindBySecretAsync(alex, Recovery, "12345679", CancellationToken.None));
        Assert.Null(await db.Get<ICredentialStore>().FindBySecretAsync(bo, Recovery, "12345678", CancellationToken.None));
        Assert.Null(await db.Get<ICredentialStore>().FindBySecretAsync(alex, Note, "12345678", CancellationToken.None));
        Assert.Null(await db.Get<ICredentialStore>().RevealAsync(added.Id, CancellationToken.None));
        var row = await db.Get<PickupDbContext>().Credentials.AsNoTracking().SingleAsync();
        Assert.StartsWith("$argon2id$", row.Secret, StringComparison.Ordinal);
        Assert.DoesNotContain("12345678", row.Secret + row.Nonce + row.Metadata, StringComparison.Ordinal);
        Assert.Null(row.Nonce);
    }

    private static async Task RacingUsesAsync(bool postgres)
    {
        await using var db = await CreateAsync(postgres);
        var alex = await AddUserAsync(db, "alex");
        var added = await db.Get<ICredentialStore>().AddAsync(alex, new CredentialDraft { Type = Note, Secret = "s", SecretKind = CredentialSecretKind.Encrypted }, CancellationToken.None);
        var stores = Enumerable.Range(0, 8).Select(_ => db.Get<ICredentialStore>()).ToList();
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var uses = stores.Select((s, i) => Task.Run(async () =>
        {
            await go.Task;
            return await s.RecordUseAsync(added.Id, added.Version, new Dictionary<string, string> { ["step"] = i.ToString(System.Globalization.CultureInfo.InvariantCulture) }, CancellationToken.None);
        })).ToList();
        go.SetResult();
        var results = await Task.WhenAll(uses);

        Assert.Single(results, r => r);
        var after = Assert.Single(await db.Get<ICredentialStore>().ListAsync(alex, Note, CancellationToken.None));
        Assert.Equal(1, after.Version);
        Assert.Equal(Start, after.LastUsedAt);
        Assert.Equal(Array.IndexOf(results, true).ToString(System.Globalization.CultureInfo.InvariantCulture), after.Metadata["step"]);
        Assert.False(await db.Get<ICredentialStore>().RecordUseAsync(added.Id, added.Version, null, CancellationToken.None));
        Assert.True(await db.Get<ICredentialStore>().RecordUseAsync(added.Id, after.Version, null, CancellationToken.None));
    }

    private static async Task RacingRemovesAsync(bool postgres)
    {
        await using var db = await CreateAsync(postgres);
        var alex = await AddUserAsync(db, "alex");
        var added = await db.Get<ICredentialStore>().AddAsync(alex, Draft("12345678"), CancellationToken.None);
        var stores = Enumerable.Range(0, 8).Select(_ => db.Get<ICredentialStore>()).ToList();
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var removes = stores.Select(s => Task.Run(async () =>
        {
            await go.Task;
            return await s.RemoveAsync(added.Id, CancellationToken.None);
        })).ToList();
        go.SetResult();

        Assert.Single(await Task.WhenAll(removes), r => r);
        Assert.Empty(await db.Get<ICredentialStore>().ListAsync(alex, Recovery, CancellationToken.None));
    }

    private static async Task SwappedCiphertextAsync(bool postgres)
    {
        await using var db = await CreateAsync(postgres);
        var alex = await AddUserAsync(db, "alex");
        var mallory = await AddUserAsync(db, "mallory");
        var store = db.Get<ICredentialStore>();
        var alexNote = await store.AddAsync(alex, new CredentialDraft { Type = Note, Secret = "alex's secret", SecretKind = CredentialSecretKind.Encrypted }, CancellationToken.None);
        var alexOther = await store.AddAsync(alex, new CredentialDraft { Type = Note, Secret = "alex's other", SecretKind = CredentialSecretKind.Encrypted }, CancellationToken.None);
        var malloryNote = await store.AddAsync(mallory, new CredentialDraft { Type = Note, Secret = "mallory's", SecretKind = CredentialSecretKind.Encrypted }, CancellationToken.None);

        // Someone with write access to the database copies alex's ciphertext (and nonce) over other rows.
        await CopySecretAsync(db, alexNote.Id, malloryNote.Id);
        await CopySecretAsync(db, alexNote.Id, alexOther.Id);

        await Assert.ThrowsAsync<CryptographicException>(() => db.Get<ICredentialStore>().RevealAsync(malloryNote.Id, CancellationToken.None));
        await Assert.ThrowsAsync<CryptographicException>(() => db.Get<ICredentialStore>().RevealAsync(alexOther.Id, CancellationToken.None));
        Assert.Equal("alex's secret", await db.Get<ICredentialStore>().RevealAsync(alexNote.Id, CancellationToken.None));

        // Moving the row itself to another user does not help either.
        await db.Get<PickupDbContext>().Credentials.Where(c => c.Id == alexNote.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.UserId, mallory), CancellationToken.None);
        await Assert.ThrowsAsync<CryptographicException>(() => db.Get<ICredentialStore>().RevealAsync(alexNote.Id, CancellationToken.None));
    }

    private static async Task ReplaceAsync(bool postgres)
    {
        await using var db = await CreateAsync(postgres);
        var alex = await AddUserAsync(db, "alex");
        var store = db.Get<ICredentialStore>();
        await store.AddAsync(alex, new CredentialDraft { Type = Note, Secret = "keep me", SecretKind = CredentialSecretKind.Encrypted }, CancellationToken.None);
        await store.ReplaceAsync(alex, Recovery, [Draft("11111111"), Draft("22222222")], CancellationToken.None);

        var batch = await db.Get<ICredentialStore>().ReplaceAsync(alex, Recovery, [Draft("33333333"), Draft("44444444"), Draft("55555555")], CancellationToken.None);

        Assert.Equal(3, batch.Count);
        Assert.Null(await db.Get<ICredentialStore>().FindBySecretAsync(alex, Recovery, "11111111", CancellationToken.None));
        Assert.Equal(batch[1].Id, (await db.Get<ICredentialStore>().FindBySecretAsync(alex, Recovery, "44444444", CancellationToken.None))?.Id);
        Assert.Single(await db.Get<ICredentialStore>().ListAsync(alex, Note, CancellationToken.None));
        var hashes = await db.Get<PickupDbContext>().Credentials.Where(c => c.Type == Recovery).Select(c => c.Secret).ToListAsync();
        var salts = hashes.Select(h => h.Split('$')[4]).Distinct().ToList();
        Assert.Single(salts);
        await Assert.ThrowsAsync<ArgumentException>(() =>
            db.Get<ICredentialStore>().ReplaceAsync(alex, Recovery, [new CredentialDraft { Type = Note, Secret = "x", SecretKind = CredentialSecretKind.Hashed }], CancellationToken.None));
    }

    private static Task<int> CopySecretAsync(TestDatabase db, string from, string to) =>
        db.Get<PickupDbContext>().Database.ExecuteSqlInterpolatedAsync(
            $"UPDATE pickup_credentials SET \"Secret\" = (SELECT \"Secret\" FROM pickup_credentials WHERE \"Id\" = {from}), \"Nonce\" = (SELECT \"Nonce\" FROM pickup_credentials WHERE \"Id\" = {from}) WHERE \"Id\" = {to}");

    private static CredentialDraft Draft(string code) => new() { Type = Recovery, Secret = code, SecretKind = CredentialSecretKind.Hashed };

    private static Task<TestDatabase> CreateAsync(bool postgres) =>
        TestDatabase.CreateAsync(time: new FakeTimeProvider(Start), postgres: postgres, configure: s => s.AddSingleton(DeclaringCatalog.Registry));

    private static async Task<string> AddUserAsync(TestDatabase db, string name) =>
        (await db.Get<UserAdministration>().AddUserAsync(name, "pw", [], [], CancellationToken.None)).Id;
}
