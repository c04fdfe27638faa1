using System.Text.RegularExpressions;
using Pickup.Core.Configuration;
using Pickup.Data.Passwords;

namespace Pickup.Data.Tests.Passwords;

public sealed class Argon2idPasswordHasherTests
{
    private readonly Argon2idPasswordHasher _hasher = new(TestDatabase.FastHash);

    [Fact]
    public void Verify_SamePassword_Succeeds()
    {
        var hash = _hasher.Hash("correct horse");

        Assert.True(_hasher.Verify("correct horse", hash));
    }

    [Fact]
    public void Verify_WrongPassword_Fails()
    {
        var hash = _hasher.Hash("correct horse");

        Assert.False(_hasher.Verify("correct horsf", hash));
        Assert.False(_hasher.Verify(string.Empty, hash));
    }

    [Fact]
    public void Hash_Output_IsPhcStringWithParametersAndSixteenByteSaltAndThirtyTwoByteHash()
    {
        var hash = _hasher.Hash("pickup-demo");

        var match = Regex.Match(hash, @"^\$argon2id\$v=19\$m=8192,t=1,p=1\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$");
        Assert.True(match.Success, hash);
        Assert.Equal(16, Convert.FromBase64String(match.Groups[1].Value + "==").Length);
        Assert.Equal(32, Convert.FromBase64String(match.Groups[2].Value + "=").Length);
        Assert.DoesNotContain("pickup-demo", hash, StringComparison.Ordinal);
    }

    [Fact]
    public void Hash_SamePasswordTwice_UsesDifferentSalts()
    {
        Assert.NotEqual(_hasher.Hash("same"), _hasher.Hash("same"));
    }

    [Fact]
    public void Hash_KnownVector_MatchesLibsodiumArgon2id()
    {
        // Made by the reference implementation's CLI: echo -n password | argon2 somesaltsomesalt -id -t 2 -k 19456 -p 1 -l 32
        var hasher = new Argon2idPasswordHasher(new PasswordHashOptions());
        const string Reference = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$K13EBUiG7JV+9ZxztmHFTdb7J0WQsnj2V8bZaqyPptE";

        Assert.True(hasher.Verify("password", Reference));
        Assert.False(hasher.Verify("Password", Reference));
        Assert.False(hasher.NeedsRehash(Reference));
    }

    [Fact]
    public void NeedsRehash_StoredWithOtherCost_IsTrueAndOldHashStillVerifies()
    {
        var old = _hasher.Hash("pw");
        var stronger = new Argon2idPasswordHasher(new PasswordHashOptions { MemoryKib = 9216, Iterations = 2, Parallelism = 1 });

        Assert.True(stronger.NeedsRehash(old));
        Assert.False(_hasher.NeedsRehash(old));
        Assert.True(stronger.Verify("pw", old));
    }

    [Theory]
    [InlineData("")]
    [InlineData("plain")]
    [InlineData("$argon2i$v=19$m=8192,t=1,p=1$c29tZXNhbHRzb21lc2FsdA$wNGyPyp34oRWf+nuvxZ9Su134ABe87zLRBAsBQocP2U")]
    [InlineData("$argon2id$v=19$m=8192,t=1$c29tZXNhbHRzb21lc2FsdA$wNGyPyp34oRWf+nuvxZ9Su134ABe87zLRBAsBQocP2U")]
    [InlineData("$argon2id$v=19$m=8192,t=1,p=1$!!!$wNGyPyp34oRWf+nuvxZ9Su134ABe87zLRBAsBQocP2U")]
    public void Verify_MalformedStoredHash_FailsAndNeedsRehash(string stored)
    {
        Assert.False(_hasher.Verify("password", stored));
        Assert.True(_hasher.NeedsRehash(stored));
    }

    [Theory]
    [InlineData("bcrypt", 19456, 2, 1)]
    [InlineData("argon2id", 19456, 2, 4)]
    [InlineData("argon2id", 4, 2, 1)]
    [InlineData("argon2id", 19456, 0, 1)]
    public void Constructor_UnusableOptions_ThrowsNamingTheSection(string algorithm, int memory, int iterations, int parallelism)
    {
        var options = new PasswordHashOptions { Algorithm = algorithm, MemoryKib = memory, Iterations = iterations, Parallelism = parallelism };

        var exception = Assert.Throws<ArgumentException>(() => new Argon2idPasswordHasher(options));

        Assert.Contains("[security.password_hash]", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyAsync_ABurstOfChecks_RunsAtMostOneArgon2idPerCoreAtATime()
    {
        var hash = _hasher.Hash("correct horse");
        var entered = 0;
        using var release = new ManualResetEventSlim();
        _hasher.BeforeEachRun = () =>
        {
            Interlocked.Increment(ref entered);
            Assert.True(release.Wait(TimeSpan.FromSeconds(30)));
        };
        var burst = Enumerable.Range(0, 3 * Environment.ProcessorCount)
            .Select(_ => Task.Run(() => _hasher.VerifyAsync("correct horse", hash, CancellationToken.None)))
            .ToArray();

        // Long enough for every check of the burst to start if nothing held it back.
        var deadline = DateTime.UtcNow.AddSeconds(1);
        while (DateTime.UtcNow < deadline && Volatile.Read(ref entered) < Environment.ProcessorCount)
        {
            await Task.Delay(10);
        }

        await Task.Delay(500);
        Assert.Equal(Environment.ProcessorCount, Volatile.Read(ref entered));
        release.Set();

        Assert.All(await Task.WhenAll(burst), Assert.True);
        Assert.Equal(3 * Environment.ProcessorCount, Volatile.Read(ref entered));
    }

    [Fact]
    public async Task VerifyAsync_CancelledWhileWaitingForItsTurn_ThrowsAndRunsNothing()
    {
        var hash = _hasher.Hash("correct horse");
        var entered = 0;
        using var release = new ManualResetEventSlim();
        _hasher.BeforeEachRun = () =>
        {
            Interlocked.Increment(ref entered);
            Assert.True(release.Wait(TimeSpan.FromSeconds(30)));
        };
        var holding = Enumerable.Range(0, Environment.ProcessorCount)
            .Select(_ => Task.Run(() => _hasher.VerifyAsync("correct horse", hash, CancellationToken.None)))
            .ToArray();
        while (Volatile.Read(ref entered) < Environment.ProcessorCount)
        {
            await Task.Delay(10);
        }

        using var gone = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _hasher.VerifyAsync("correct horse", hash, gone.Token));
        release.Set();

        Assert.All(await Task.WhenAll(holding), Assert.True);
        Assert.Equal(Environment.ProcessorCount, Volatile.Read(ref entered));
    }
}
