using System.Globalization;
using System.Text;

namespace Pickup.Core.Tests.ConfigurationFuzz;

/// <summary>
/// Random edits an administrator's slip (or a broken editor) could make to a TOML file: lines deleted, duplicated,
/// swapped or cut short; characters flipped; TOML punctuation, control characters and odd Unicode inserted;
/// values replaced by huge numbers, wrong types and environment references; unknown keys and tables added.
/// Deterministic for a given <see cref="Random"/>, so a failing case is reproduced from its seed.
/// </summary>
internal sealed class TomlMutator(Random random)
{
    /// <summary>Stands for bytes that are not UTF-8 at all; <see cref="Encode"/> writes them.</summary>
    public const string InvalidUtf8 = "\uE000";

    private static readonly UTF8Encoding Lenient = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    private static readonly string[] Tokens =
    [
        "[", "]", "[[", "]]", "\"", "'", "\"\"\"", "'''", "=", "==", ",", "{", "}", ".", "#", "\\", "\\u", "\\U0011FFFF",
        "\0", "\u0001", "\u007f", "\r", "\t", "\uFEFF", "\u202E", "ü", "🚕", "\uD800", InvalidUtf8, "${env:", "}", "$ctx.num", " ",
    ];

    private static readonly string[] Values =
    [
        "99999999999999999999999", "-9223372036854775808", "9223372036854775807", "2147483648", "-1", "0", "1e999", "-0.0",
        "nan", "inf", "-inf", "0x7FFFFFFF", "0o777", "0b101", "1_000", "true", "false", "\"\"", "\"text\"", "'literal'",
        "[]", "[1, \"a\"]", "[[]]", "{}", "{ a = 1 }", "1979-05-27T07:32:00Z", "07:32:00", "\"\"\"multi\nline\"\"\"",
        "\"${env:NEXMO_API_KEY}\"", "\"${env:UNSET_VARIABLE}\"", "\"${env:}\"", "\"${env:A B}\"", "\"${env:HOSTILE}\"",
        "\"$${env:NEXMO_API_KEY}\"", "\"${env:NEXMO_API_KEY\"", "\"${ENV:NEXMO_API_KEY}\"", "\"\\u0000\"", "\"\\uD800\"",
        "\"../../../../etc/passwd\"", "\"http://[::1\"", "\"https://\"", "\"ftp://example.com/\"",
    ];

    private static readonly string[] Lines =
    [
        "unknown_key = 1", "[unknown_table]", "[[authentication.steps]]", "[authentication.authenticator.ghost]",
        "[federated.sms_otp]", "[server]", "[oidc]", "name = \"duplicate\"", "options = [{ authenticator = \"nope\" }]",
        "options = [{ idp = \"NOPE\" }]", "options = []", "options = [{}]", "options = [{ authenticator = \"basic\", idp = \"SMSOTP\" }]",
        "enable = \"yes\"", "port = 99999", "scheme = \"gopher\"", "bind = \"0.0.0.0\"", "callback_urls = [\"not a url\"]",
        "a.b.c.d.e.f = 1", "\"quoted key\" = 1", "x = ", "= 1", "[", "[[", "key = \"unterminated",
    ];

    /// <summary>Applies one to three random edits to <paramref name="text"/>; <paramref name="applied"/> names them.</summary>
    public string Mutate(string text, out string applied)
    {
        var names = new List<string>();
        var edits = random.Next(1, 4);
        for (var i = 0; i < edits; i++)
        {
            text = MutateOnce(text, out var name);
            names.Add(name);
        }

        applied = string.Join(", ", names);
        return text;
    }

    /// <summary>
    /// The file's bytes: UTF-8, a lone surrogate as U+FFFD (as an editor would save it), and each
    /// <see cref="InvalidUtf8"/> as bytes no UTF-8 decoder accepts.
    /// </summary>
    public static byte[] Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split(InvalidUtf8);
        var bytes = new List<byte>(text.Length + 8);
        for (var i = 0; i < parts.Length; i++)
        {
            if (i > 0)
            {
                bytes.AddRange([0xFF, 0xC3, 0x28]);
            }

            bytes.AddRange(Lenient.GetBytes(parts[i]));
        }

        return [.. bytes];
    }

    private string MutateOnce(string text, out string name)
    {
        var lines = text.Split('\n').ToList();
        var line = random.Next(lines.Count);
        switch (random.Next(13))
        {
            case 0:
                name = $"delete line {line + 1}";
                lines.RemoveAt(line);
                break;
            case 1:
                name = $"duplicate line {line + 1}";
                lines.Insert(line, lines[line]);
                break;
            case 2:
                var other = random.Next(lines.Count);
                name = $"swap lines {line + 1} and {other + 1}";
                (lines[line], lines[other]) = (lines[other], lines[line]);
                break;
            case 3:
                name = $"flip a character on line {line + 1}";
                lines[line] = Flip(lines[line]);
                break;
            case 4:
                var token = Pick(Tokens);
                name = $"insert {Describe(token)} on line {line + 1}";
                lines[line] = lines[line].Insert(random.Next(lines[line].Length + 1), token);
                break;
            case 5:
            case 6:
                var value = random.Next(8) == 0 ? "\"" + new string('v', random.Next(1000, 20000)) + "\"" : Pick(Values);
                name = $"value {Describe(value)} on line {line + 1}";
                lines[line] = ReplaceValue(lines[line], value);
                break;
            case 7:
                var extra = Pick(Lines);
                name = $"insert line {Describe(extra)} after {line + 1}";
                lines.Insert(line + 1, extra);
                break;
            case 8:
                name = $"rename the key on line {line + 1}";
                lines[line] = RenameKey(lines[line]);
                break;
            case 9:
                var cut = random.Next(text.Length + 1);
                name = $"truncate at {cut}";
                return text[..cut];
            case 10:
                name = "empty the file";
                return random.Next(2) == 0 ? string.Empty : "\n\n   \n";
            case 11:
                name = $"comment out line {line + 1}";
                lines[line] = "# " + lines[line];
                break;
            default:
                name = $"line endings CRLF and tabs from line {line + 1}";
                for (var i = line; i < lines.Count; i++)
                {
                    lines[i] = lines[i].Replace(" = ", "\t=\t", StringComparison.Ordinal) + "\r";
                }

                break;
        }

        return string.Join('\n', lines);
    }

    private string Flip(string line)
    {
        if (line.Length == 0)
        {
            return Pick(Tokens);
        }

        var builder = new StringBuilder(line);
        var at = random.Next(line.Length);
        builder[at] = random.Next(3) switch
        {
            0 => (char)random.Next(0x20, 0x7F),
            1 => (char)random.Next(0, 0x20),
            _ => (char)random.Next(0x80, 0xFFFF),
        };
        return builder.ToString();
    }

    private static string ReplaceValue(string line, string value)
    {
        var equals = line.IndexOf('=', StringComparison.Ordinal);
        return equals < 0 ? line + " = " + value : line[..(equals + 1)] + " " + value;
    }

    private string RenameKey(string line)
    {
        var equals = line.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
        {
            return line;
        }

        var key = line[..equals].Trim();
        var renamed = random.Next(4) switch
        {
            0 => key.ToUpperInvariant(),
            1 => key + "_typo",
            2 => key.Length > 1 ? key[1..] : "k",
            _ => "\"" + key + " \"",
        };
        return renamed + " " + line[equals..];
    }

    private string Pick(string[] items) => items[random.Next(items.Length)];

    private static string Describe(string text)
    {
        var shown = text.Length > 24 ? text[..24] + $"...({text.Length.ToString(CultureInfo.InvariantCulture)})" : text;
        return "'" + string.Concat(shown.Select(c => char.IsControl(c) || char.IsSurrogate(c) ? $"\\u{(int)c:X4}" : c.ToString())) + "'";
    }
}
