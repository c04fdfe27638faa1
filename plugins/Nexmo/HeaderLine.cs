namespace Pickup.Plugins.Nexmo;

/// <summary>One <c>"Name: value"</c> entry of <c>http_headers</c>.</summary>
internal sealed record HeaderLine(string Name, string Value)
{
    // Computed by the client from the body; letting configuration set them would corrupt the request.
    private static readonly HashSet<string> ReservedNames =
        new(["Content-Length", "Transfer-Encoding", "Host"], StringComparer.OrdinalIgnoreCase);

    /// <inheritdoc />
    public override string ToString() => $"HeaderLine {{ Name = {Name} }}"; // the value may be a credential

    /// <summary>Parses one entry; on failure <paramref name="error"/> says why without repeating the value (it may be a secret).</summary>
    public static HeaderLine? Parse(string line, out string? error)
    {
        var colon = line.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            error = "must look like \"Name: value\"";
            return null;
        }

        var name = line[..colon].Trim();
        var value = line[(colon + 1)..].Trim();
        if (name.Length == 0 || !name.All(IsTokenChar))
        {
            error = "has a header name that is not a valid HTTP token";
            return null;
        }

        if (value.Any(c => c is '\r' or '\n' or '\0'))
        {
            error = $"header '{name}' has a line break in its value";
            return null;
        }

        if (ReservedNames.Contains(name))
        {
            error = $"header '{name}' is set by the client and cannot be configured";
            return null;
        }

        error = null;
        return new HeaderLine(name, value);
    }

    // RFC 9110 token characters.
    private static bool IsTokenChar(char c) =>
        c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9')
            or '!' or '#' or '$' or '%' or '&' or '\'' or '*' or '+' or '-' or '.' or '^' or '_' or '`' or '|' or '~';
}
