using System.Security.Cryptography;
using System.Text;
using Pickup.Abstractions.Security;

namespace Pickup.Plugins.Tests.SmsOtp;

/// <summary>A server secret of this test's own (HKDF over random bytes), as the engine's is over its key file.</summary>
public sealed class FakeServerSecrets : IServerSecrets
{
    private readonly byte[] _secret = RandomNumberGenerator.GetBytes(32);

    public byte[] DeriveKey(string purpose) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, _secret, 32, [], Encoding.UTF8.GetBytes(purpose));
}
