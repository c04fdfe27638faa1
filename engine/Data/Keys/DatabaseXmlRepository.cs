using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Pickup.Data.Keys;

/// <summary>
/// The Data Protection key ring in the server keys' table (one row per ring key, named <c>dataprotection/…</c>), so
/// every node on the database shares anti-forgery tokens and protected cookies whatever the session store. Each
/// element is already encrypted by the configured <c>IXmlEncryptor</c>; with <c>key_encryption_key</c> the row is
/// sealed again. Once per server.
/// </summary>
public sealed class DatabaseXmlRepository : IXmlRepository
{
    /// <summary>The prefix of the ring's rows.</summary>
    public const string Prefix = "dataprotection/";

    private readonly ServerKeyStore _store;

    public DatabaseXmlRepository(ServerKeyStore store) => _store = store;

    /// <inheritdoc />
    /// <remarks>Synchronous because Data Protection's interface is; it reads the ring rarely (start-up, then about daily).</remarks>
    public IReadOnlyCollection<XElement> GetAllElements() =>
        [.. _store.ListWithPrefix(Prefix).Select(k => XElement.Parse(k.Material))];

    /// <inheritdoc />
    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        var name = Prefix + (string.IsNullOrEmpty(friendlyName) ? Guid.NewGuid().ToString("N") : friendlyName);
        var id = (string?)element.Attribute("id") ?? friendlyName ?? name;
        _store.Add(name, new ServerKeyDraft(id.Length > 64 ? id[..64] : id, element.ToString(SaveOptions.DisableFormatting)));
    }
}
