namespace Pickup.Abstractions.Security;

/// <summary>
/// Keys derived from the server's one shared secret, for protecting what the engine or a plugin keeps outside its
/// own memory (the session store, files): a MAC over a stored value, or a pepper in a hash a stolen copy must not let
/// anyone reverse offline.
/// </summary>
/// <remarks>
/// Lifetime: once per server (singleton), thread-safe; the host registers it before any plugin's services. The engine
/// guarantees that every node on one database (the secret is a row of its server keys) derives the same key for the same
/// purpose (so a value one node protects, any other node can check), that different purposes give independent keys
/// (knowing one tells nothing about another or about the secret), and that the key never changes while the secret
/// stays. Keys are derived with HKDF-SHA256; never log or store them.
/// </remarks>
public interface IServerSecrets
{
    /// <summary>A 256-bit key for <paramref name="purpose"/>.</summary>
    /// <param name="purpose">
    /// A fixed name for what the key protects, unique to its use (prefix it with the plugin's name, e.g.
    /// <c>security_question/answer</c>). The same purpose always gives the same key.
    /// </param>
    /// <returns>A new array the caller may keep (and should keep, rather than derive per use).</returns>
    /// <exception cref="ArgumentException"><paramref name="purpose"/> is empty.</exception>
    byte[] DeriveKey(string purpose);
}
