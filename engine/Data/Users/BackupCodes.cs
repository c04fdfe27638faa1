using System.Globalization;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Pickup.Data.Entities;
using Pickup.Data.Passwords;

namespace Pickup.Data.Users;

/// <summary>
/// Single-use backup codes (accepted in the SMS OTP field when <c>BackupCode = true</c>): 8 random digits each,
/// shown once, stored only as hashes.
/// </summary>
/// <remarks>
/// Lifetime: per request (scoped). Why Argon2id at the password cost and not SHA-256 or an HMAC: an 8-digit code
/// has only about 27 bits of entropy, so anyone holding a copy of the database would try all 10^8 codes against a
/// fast hash in seconds, and an HMAC key kept in the same home would likely leak with it. A salted memory-hard hash
/// makes each guess cost a password guess.
/// <para>
/// All codes of one batch share one random salt (and the cost), so checking a typed code runs Argon2id once and
/// compares the result with every unused code of the batch in constant time: one hash per attempt, however many codes
/// are left. The price is that one offline guess also tests a whole batch, so finding one of a user's n unused codes
/// from a stolen database takes about 10^8 / n hashes instead of 10^8: still a password guess each, and the salt is
/// fresh for every batch, so no work carries over to another user or another batch. Codes issued before batches
/// shared a salt each have their own, and cost one hash per such unused code (at most <see cref="MaxCount"/>) until the
/// user's codes are issued again with <c>pickup users backup-codes</c>.
/// </para>
/// </remarks>
public sealed class BackupCodes(PickupDbContext db, Argon2idPasswordHasher hasher, TimeProvider time)
{
    /// <summary>Digits per code.</summary>
    public const int CodeLength = 8;

    /// <summary>The most codes one batch may hold.</summary>
    public const int MaxCount = 20;

    /// <summary>Replaces the user's codes with <paramref name="count"/> fresh ones and returns them (the only time they exist in clear).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is not between 1 and <see cref="MaxCount"/>.</exception>
    public async Task<IReadOnlyList<string>> ReplaceAsync(string userId, int count, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, MaxCount);

        var codes = new HashSet<string>(StringComparer.Ordinal);
        while (codes.Count < count)
        {
            codes.Add(RandomNumberGenerator.GetInt32(0, 100_000_000).ToString("D8", CultureInfo.InvariantCulture));
        }

        var salt = Argon2idPasswordHasher.NewSalt();
        var entities = codes.Select(code => new BackupCodeEntity { UserId = userId, CodeHash = hasher.Hash(code, salt) }).ToList();

        // Old and new codes never coexist: a crash halfway leaves the previous batch intact.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.BackupCodes.Where(c => c.UserId == userId).ExecuteDeleteAsync(cancellationToken);
        db.BackupCodes.AddRange(entities);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return [.. codes];
    }

    /// <summary>Uses up a code; true when it was one of the user's unused codes (it cannot be used again).</summary>
    /// <param name="userId">The user who types the code.</param>
    /// <param name="code">What was typed; spaces and dashes are ignored.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    public async Task<bool> RedeemAsync(string userId, string code, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(code);
        var typed = new string(code.Where(c => c is not (' ' or '-')).ToArray());
        if (typed.Length != CodeLength || !typed.All(char.IsAsciiDigit))
        {
            return false;
        }

        var unused = await db.BackupCodes
            .AsNoTracking()
            .Where(c => c.UserId == userId && c.UsedAt == null)
            .Select(c => new { c.Id, c.CodeHash })
            .ToListAsync(cancellationToken);

        var match = FindMatch(typed, unused.Select(c => (c.Id, c.CodeHash)));
        if (match is not { } id)
        {
            return false;
        }

        // Conditional update: of two requests racing with the same code, only one marks it used.
        var now = time.GetUtcNow();
        var marked = await db.BackupCodes
            .Where(c => c.Id == id && c.UsedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.UsedAt, now), cancellationToken);
        return marked == 1;
    }

    // One Argon2id run per salt and cost (a batch has one of each), compared with every code that shares them without
    // stopping at the first match, so the time does not tell which code matched.
    private long? FindMatch(string typed, IEnumerable<(long Id, string CodeHash)> unused)
    {
        long? match = null;
        var groups = unused
            .Select(c => (c.Id, Parsed: Argon2idHashString.TryParse(c.CodeHash, out var parsed) ? parsed : null))
            .Where(c => c.Parsed is not null)
            .GroupBy(c => (c.Parsed!.MemoryKib, c.Parsed.Iterations, c.Parsed.Parallelism, c.Parsed.Hash.Length, Salt: Convert.ToBase64String(c.Parsed.Salt)));
        foreach (var group in groups)
        {
            var derived = hasher.DeriveLike(typed, group.First().Parsed!);
            if (derived is null)
            {
                continue;
            }

            foreach (var (id, parsed) in group)
            {
                if (CryptographicOperations.FixedTimeEquals(derived, parsed!.Hash))
                {
                    match ??= id;
                }
            }
        }

        return match;
    }

    /// <summary>How many unused codes the user has.</summary>
    public Task<int> CountUnusedAsync(string userId, CancellationToken cancellationToken) =>
        db.BackupCodes.CountAsync(c => c.UserId == userId && c.UsedAt == null, cancellationToken);
}
