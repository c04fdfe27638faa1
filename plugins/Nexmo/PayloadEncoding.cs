namespace Pickup.Plugins.Nexmo;

/// <summary>How <c>$ctx.*</c> values are encoded into <c>http_payload</c>, decided by the body's Content-Type.</summary>
internal enum PayloadEncoding
{
    /// <summary><c>application/x-www-form-urlencoded</c>: percent-encoded.</summary>
    Form,

    /// <summary><c>application/json</c> or <c>*/*+json</c>: JSON string escaping, without the quotes.</summary>
    Json,

    /// <summary><c>application/xml</c>, <c>text/xml</c> or <c>*/*+xml</c>: the five XML special characters escaped.</summary>
    Xml,

    /// <summary>Any other type: inserted as they are.</summary>
    Raw,
}
