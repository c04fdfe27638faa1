namespace Pickup.Plugins.Nexmo;

/// <summary>How <c>$ctx.*</c> values are encoded into <c>http_payload</c>, decided by the body's Content-Type.</summary>
internal enum PayloadEncoding
{
    /// <summary><c>application/x-www-form-urlencoded</c>: percent-encoded.</summary>
    Form,

    /// <summary><c>application/json</c> or <c>*/*+json</c>: JSON string escaping, without the quotes.</summary>
    Json,

    /// <summary>Any other type: inserted as they are.</summary>
    Raw,
}
