using System.Security.Cryptography;
using System.Text;
using Pickup.Plugins.SmsOtp.Codes;
using static Pickup.Plugins.Tests.SmsOtp.Results;

namespace Pickup.Plugins.Tests.SmsOtp;

/// <summary>What an attempt keeps of its code, read as someone who dumped the session store would read it.</summary>
public sealed class CodeHashTests : IDisposable
{
    private readonly SmsOtpHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task StoredHash_IsNotReproducibleFromSaltAndCodeAlone()
    {
        await _harness.InitiateAsync();
        var code = _harness.LastCode;
        var hash = Convert.FromBase64String(_harness.Context.State[SmsOtpState.CodeHashKey]);
        var salt = Convert.FromBase64String(_harness.Context.State[SmsOtpState.CodeSaltKey]);
        var codeBytes = Encoding.UTF8.GetBytes(code);

        // Whoever has the salt and the hash but not the server's key cannot test candidate codes: neither the
        // salt-keyed HMAC stored before, nor any keyless hash of salt and code, gives the stored value.
        Assert.NotEqual(HMACSHA256.HashData(salt, codeBytes), hash);
        Assert.NotEqual(HMACSHA256.HashData([], [.. salt, .. codeBytes]), hash);
        Assert.NotEqual(SHA256.HashData([.. salt, .. codeBytes]), hash);
        Assert.NotEqual(OneTimeCode.Hash(OneTimeCode.Key(new FakeServerSecrets()), code, salt), hash);

        // With the key every node derives, it is the code's.
        Assert.Equal(OneTimeCode.Hash(OneTimeCode.Key(_harness.Secrets), code, salt), hash);
    }

    [Fact]
    public async Task CodeHashedUnderAnotherServerSecret_IsRefusedAsWrong()
    {
        await _harness.InitiateAsync();
        var code = _harness.LastCode;

        // As a code stored before the key existed (or by a node with another secret): it no longer matches.
        var salt = Convert.FromBase64String(_harness.Context.State[SmsOtpState.CodeSaltKey]);
        _harness.Context.State[SmsOtpState.CodeHashKey] = Convert.ToBase64String(HMACSHA256.HashData(salt, Encoding.UTF8.GetBytes(code)));
        var result = await _harness.SubmitCodeAsync(code);

        AssertRetry(result, CodePage, "code.mismatch");
    }
}
