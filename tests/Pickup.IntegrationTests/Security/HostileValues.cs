namespace Pickup.IntegrationTests.Security;

/// <summary>The hostile values the suite combines with every field and parameter, each with a short name.</summary>
internal static class HostileValues
{
    public const int OneMebibyte = 1024 * 1024;

    /// <summary>Values for any field or parameter: empty, control characters, odd Unicode, injections, numbers, sizes.</summary>
    public static IReadOnlyList<(string Name, string Value)> All { get; } =
    [
        ("empty", string.Empty),
        ("space", " "),
        ("tab-newline", "\t\r\n"),
        ("nul", "\0"),
        ("nul-inside", "a\0b"),
        ("c0-controls", new string([.. Enumerable.Range(1, 31).Select(i => (char)i)])),
        ("c1-controls", "\u007f\u0080\u0085\u009f"),
        ("bom", "\uFEFF"),
        ("rtl-override", "\u202E654321"),
        ("fullwidth-digits", "１２３４５６"),
        ("arabic-digits", "٤٨٢٩١٣"),
        ("emoji", "🚕🙂"),
        ("combining", "e\u0301\u0301\u0301"),
        ("lone-surrogate", "\uD800"),
        ("html", "<script>alert(1)</script>"),
        ("attribute-break", "\"'><svg onload=alert(1)>"),
        ("scriban", "{{ 7 * 7 }}{{ include 'x' }}"),
        ("env-reference", "${env:PATH}"),
        ("ctx-placeholder", "$ctx.otp $ctx.num"),
        ("sql", "' OR '1'='1' --"),
        ("traversal", "../../../../conf/deployment.toml"),
        ("encoded-traversal", "%2e%2e%2f%2e%2e%2fconf"),
        ("header-injection", "x\r\nSet-Cookie: evil=1"),
        ("null-word", "null"),
        ("negative", "-1"),
        ("huge-number", "999999999999999999999999999999"),
        ("float", "1e308"),
        ("json", "{\"OTPcode\":\"123456\"}"),
        ("just-over-field-limit", new string('x', 4097)),
        ("64-kib", new string('y', 64 * 1024)),
        ("1-mib", new string('z', OneMebibyte)),
    ];

    /// <summary>A few values for the biggest combinations (sizes and control characters, the likeliest to crash).</summary>
    public static IReadOnlyList<(string Name, string Value)> Few { get; } =
        [.. All.Where(v => v.Name is "empty" or "nul-inside" or "c0-controls" or "lone-surrogate" or "html" or "just-over-field-limit")];

    /// <summary>authFailureMsg values: each carries <see cref="HostileProbe.Marker"/>, which must never be shown.</summary>
    public static IReadOnlyList<(string Name, string Value)> FailureKeys { get; } =
    [
        ("unknown-key", HostileProbe.Marker + ".key"),
        ("html-key", $"<b>{HostileProbe.Marker}</b>"),
        ("scriban-key", "{{ " + HostileProbe.Marker + " }}"),
        ("dotted-path", "../" + HostileProbe.Marker + "/../error.title.generic"),
        ("control-key", HostileProbe.Marker + "\0\r\n"),
        ("long-key", HostileProbe.Marker + new string('k', 8000)),
        ("format-key", HostileProbe.Marker + "{0}{1}{99}"),
    ];

    /// <summary>sessionDataKey values no attempt can have.</summary>
    public static IReadOnlyList<(string Name, string Value)> UnknownKeys { get; } =
    [
        ("random", Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_')),
        ("100-chars", new string('A', 100)),
        ("101-chars", new string('A', 101)),
        ("1-mib", new string('K', OneMebibyte)),
        ("control", "\0\u0001\u001f"),
        ("comma-list", "a,b"),
        ("unicode", "ключ🔑"),
    ];
}
