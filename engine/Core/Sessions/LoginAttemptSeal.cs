using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Pickup.Abstractions.Security;

namespace Pickup.Core.Sessions;

/// <summary>
/// Authenticates a login attempt as stored outside the engine (Redis): an HMAC-SHA256 over the attempt's key and its
/// JSON, under a key every node derives from the server secret. Whoever can write to Redis but lacks
/// <c>data/keys/server-secret.key</c> cannot forge an attempt (another user id, more completed steps), nor move one to
/// another key. Once per server; thread-safe.
/// </summary>
public sealed class LoginAttemptSeal
{
    /// <summary>The purpose the MAC key is derived for.</summary>
    public const string Purpose = "engine/login-attempt-mac";

    private const char Separator = '.';

    private readonly byte[] _key;

    /// <summary>Derives the MAC key.</summary>
    public LoginAttemptSeal(IServerSecrets secrets)
        : this(secrets, Purpose)
    {
    }

    /// <summary>Derives the MAC key for another kind of value kept outside the engine (each kind its own key).</summary>
    public LoginAttemptSeal(IServerSecrets secrets, string purpose)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        ArgumentException.ThrowIfNullOrEmpty(purpose);
        _key = secrets.DeriveKey(purpose);
    }

    /// <summary>The value to store for <paramref name="json"/> under <paramref name="sessionDataKey"/>: MAC, '.', JSON.</summary>
    public string Seal(string sessionDataKey, string json) =>
        Convert.ToBase64String(Mac(sessionDataKey, json)) + Separator + json;

    /// <summary>The JSON inside <paramref name="stored"/>, or false when its MAC does not hold (tampered, or another secret).</summary>
    public bool TryOpen(string sessionDataKey, string stored, out string json)
    {
        json = string.Empty;
        var separator = stored.IndexOf(Separator, StringComparison.Ordinal);
        if (separator <= 0)
        {
            return false;
        }

        var mac = new byte[32];
        if (!Convert.TryFromBase64Chars(stored.AsSpan(0, separator), mac, out var written) || written != mac.Length)
        {
            return false;
        }

        var candidate = stored[(separator + 1)..];
        if (!CryptographicOperations.FixedTimeEquals(mac, Mac(sessionDataKey, candidate)))
        {
            return false;
        }

        json = candidate;
        return true;
    }

    // The key's length first, so no split of key and JSON can be read as another.
    private byte[] Mac(string sessionDataKey, string json)
    {
        var key = Encoding.UTF8.GetBytes(sessionDataKey);
        var body = Encoding.UTF8.GetBytes(json);
        var message = new byte[4 + key.Length + body.Length];
        BinaryPrimitives.WriteInt32BigEndian(message, key.Length);
        key.CopyTo(message, 4);
        body.CopyTo(message, 4 + key.Length);
        return HMACSHA256.HashData(_key, message);
    }
}
