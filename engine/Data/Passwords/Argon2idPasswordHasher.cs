using System.Security.Cryptography;
using System.Text;
using NSec.Cryptography;
using Pickup.Core.Configuration;

namespace Pickup.Data.Passwords;

/// <summary>
/// Hashes and verifies passwords (and hashed credential secrets) with Argon2id (libsodium through NSec), storing each hash as a
/// PHC string with its own parameters so raising the cost later only affects new hashes and rehash-on-login.
/// </summary>
/// <remarks>Lifetime: once per server (singleton); thread-safe.</remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage(
    "Design",
    "CA1001:Types that own disposable fields should be disposable",
    Justification = "The turn gate is a SemaphoreSlim whose wait handle is never asked for: it holds nothing to release.")]
public sealed class Argon2idPasswordHasher
{
    private const int SaltSize = 16;
    private const int HashSize = 32;

    // At most one Argon2id run per core at a time (the engine has one hasher). Under a burst of logins (a shift change)
    // each run otherwise competes with the others for the cores and the caches: 16 runs at once each map and fault in
    // their own 19 MiB, and all of them finish late. Queued runs wait asynchronously, holding no thread.
    private readonly SemaphoreSlim _runs = new(Environment.ProcessorCount, Environment.ProcessorCount);

    private readonly PasswordHashOptions _options;
    private readonly NSec.Cryptography.Argon2id _algorithm;
    private readonly Lazy<string> _dummyHash;

    /// <summary>Creates a hasher for the configured cost.</summary>
    /// <exception cref="ArgumentException">The options name another algorithm or a cost libsodium cannot run.</exception>
    public Argon2idPasswordHasher(PasswordHashOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!string.Equals(options.Algorithm, "argon2id", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException(
                $"[security.password_hash] algorithm = \"{options.Algorithm}\" is not supported; use \"argon2id\".",
                nameof(options));
        }

        // libsodium's Argon2id runs a single lane; refuse other values instead of silently hashing with p=1.
        if (options.Parallelism != 1)
        {
            throw new ArgumentException(
                $"[security.password_hash] parallelism = {options.Parallelism} is not supported; libsodium's Argon2id needs parallelism = 1.",
                nameof(options));
        }

        _options = options;
        _algorithm = CreateAlgorithm(options.MemoryKib, options.Iterations, options.Parallelism)
            ?? throw new ArgumentException(
                $"[security.password_hash] memory_kib = {options.MemoryKib}, iterations = {options.Iterations} is out of range "
                + "(memory_kib at least 8, iterations at least 1).",
                nameof(options));

        // Made on first use, with the configured cost, so checking an unknown user costs what checking a real one does.
        _dummyHash = new Lazy<string>(() => Hash(Convert.ToBase64String(RandomNumberGenerator.GetBytes(24))));
    }

    /// <summary>For tests: called before each Argon2id run (to count them, or to hold one at that point).</summary>
    internal Action? BeforeEachRun { get; set; }

    /// <summary>Hashes a password with a fresh random salt; returns a PHC string.</summary>
    /// <exception cref="ArgumentException">The password is empty.</exception>
    public string Hash(string password) => Hash(password, NewSalt());

    /// <summary>A fresh random salt of the size <see cref="Hash(string, byte[])"/> takes.</summary>
    internal static byte[] NewSalt() => RandomNumberGenerator.GetBytes(SaltSize);

    /// <summary>Hashes a secret with the given salt (the credentials of one batch share one); returns a PHC string.</summary>
    /// <exception cref="ArgumentException">The secret is empty or the salt is not <see cref="NewSalt"/>'s size.</exception>
    internal string Hash(string secret, byte[] salt)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        ArgumentNullException.ThrowIfNull(salt);
        if (salt.Length != SaltSize)
        {
            throw new ArgumentException($"A salt has {SaltSize} bytes.", nameof(salt));
        }

        var hash = Derive(_algorithm, secret, salt, HashSize);
        return new Argon2idHashString(_options.MemoryKib, _options.Iterations, _options.Parallelism, salt, hash).Format();
    }

    /// <summary>
    /// Runs Argon2id once on a secret with the cost, salt and length of a parsed stored hash, so the result can be
    /// compared with every stored hash that shares them; null when this hasher cannot check such a hash.
    /// </summary>
    internal byte[]? DeriveLike(string secret, Argon2idHashString stored)
    {
        ArgumentNullException.ThrowIfNull(secret);
        ArgumentNullException.ThrowIfNull(stored);
        if (secret.Length == 0 || stored.Salt.Length != SaltSize)
        {
            return null;
        }

        var algorithm = SameCost(stored) ? _algorithm : CreateAlgorithm(stored.MemoryKib, stored.Iterations, stored.Parallelism);
        return algorithm is null ? null : Derive(algorithm, secret, stored.Salt, stored.Hash.Length);
    }

    /// <summary>Checks a password against a stored PHC string, in constant time over the hash bytes.</summary>
    /// <returns>False for a wrong password or a stored value that is not an Argon2id hash this hasher can check.</returns>
    public bool Verify(string password, string storedHash)
    {
        ArgumentNullException.ThrowIfNull(password);
        if (password.Length == 0
            || !Argon2idHashString.TryParse(storedHash, out var parsed)
            || parsed!.Salt.Length != SaltSize)
        {
            return false;
        }

        var actual = DeriveLike(password, parsed);
        return actual is not null && CryptographicOperations.FixedTimeEquals(actual, parsed.Hash);
    }

    /// <summary>
    /// <see cref="Verify"/> in turn with this hasher's other Argon2id runs (at most one per core at a time): what a
    /// request should call, so a burst of logins queues for the cores instead of sharing them sixteen ways.
    /// </summary>
    /// <exception cref="OperationCanceledException">The request ended while the check waited for its turn.</exception>
    public Task<bool> VerifyAsync(string password, string storedHash, CancellationToken cancellationToken) =>
        InTurnAsync(() => Verify(password, storedHash), cancellationToken);

    /// <summary><see cref="Hash(string)"/> in turn with this hasher's other Argon2id runs.</summary>
    public Task<string> HashAsync(string password, CancellationToken cancellationToken) =>
        InTurnAsync(() => Hash(password), cancellationToken);

    /// <summary><see cref="VerifyAgainstDummy"/> in turn with this hasher's other Argon2id runs.</summary>
    internal Task VerifyAgainstDummyAsync(string password, CancellationToken cancellationToken) =>
        InTurnAsync(() => { VerifyAgainstDummy(password); return true; }, cancellationToken);

    /// <summary><see cref="DeriveLike"/> in turn with this hasher's other Argon2id runs.</summary>
    internal Task<byte[]?> DeriveLikeAsync(string secret, Argon2idHashString stored, CancellationToken cancellationToken) =>
        InTurnAsync(() => DeriveLike(secret, stored), cancellationToken);

    /// <summary>True when a stored hash was made with other parameters than the configured ones (or is unreadable).</summary>
    public bool NeedsRehash(string storedHash) =>
        !Argon2idHashString.TryParse(storedHash, out var parsed)
        || !SameCost(parsed!)
        || parsed!.Salt.Length != SaltSize
        || parsed.Hash.Length != HashSize;

    /// <summary>Spends the time of one verification at the configured cost, for a user that does not exist.</summary>
    internal void VerifyAgainstDummy(string password) => Verify(string.IsNullOrEmpty(password) ? " " : password, _dummyHash.Value);

    /// <summary>
    /// Hashes the UTF-8 bytes of the password in Unicode compatibility form. NSec's string overload would hash UTF-16,
    /// which no other Argon2id implementation does, so hashes could not be checked elsewhere; NFKC (as NIST
    /// SP 800-63B advises) makes an accented password typed on a phone match the same one typed on a desktop.
    /// </summary>
    private byte[] Derive(NSec.Cryptography.Argon2id algorithm, string password, byte[] salt, int length)
    {
        BeforeEachRun?.Invoke();
        var bytes = Encoding.UTF8.GetBytes(password.Normalize(NormalizationForm.FormKC));
        try
        {
            return algorithm.DeriveBytes(bytes, salt, length);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    private async Task<T> InTurnAsync<T>(Func<T> run, CancellationToken cancellationToken)
    {
        await _runs.WaitAsync(cancellationToken);
        try
        {
            return run();
        }
        finally
        {
            _runs.Release();
        }
    }

    private bool SameCost(Argon2idHashString parsed) =>
        parsed.MemoryKib == _options.MemoryKib
        && parsed.Iterations == _options.Iterations
        && parsed.Parallelism == _options.Parallelism;

    private static NSec.Cryptography.Argon2id? CreateAlgorithm(int memoryKib, int iterations, int parallelism)
    {
        if (memoryKib < 8 || iterations < 1 || parallelism != 1)
        {
            return null;
        }

        try
        {
            return PasswordBasedKeyDerivationAlgorithm.Argon2id(new Argon2Parameters
            {
                DegreeOfParallelism = parallelism,
                MemorySize = memoryKib,
                NumberOfPasses = iterations,
            });
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
