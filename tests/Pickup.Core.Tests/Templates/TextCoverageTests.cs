using System.Text.Json;
using Pickup.Core.Templates;
using Scriban;

namespace Pickup.Core.Tests.Templates;

/// <summary>The shipped text files hold every text the shipped pages use and a sentence for every failure key, in every shipped language.</summary>
public sealed class TextCoverageTests
{
    private static readonly string Endpoints = TemplateDirectory.ShippedEndpoints();

    /// <summary>Every <c>authFailureMsg</c> key the engine and the shipped plugins use, plus the generic fallback.</summary>
    private static readonly string[] FailureKeyList =
    [
        // Engine
        "session.expired", "request.forged", "request.invalid", "user.mismatch", "user.not.identified",
        "subject.missing", "client.invalid", "signed.out", "authorize.refused",
        // Basic
        "login.fail", "user.account.locked", "login.rate.limited",
        // SmsOtp
        "unable.send.code", "code.mismatch", "token.expired", "smsotp.disable", "resent.count.exceeded",
        "resend.too.soon", "resend.disabled", "mobile.number.not.found", "mobile.invalid", "code.empty",
        "user.not.found", "sms.provider.untrusted", "sms.rate.limited", "backup.code.invalid", "mobile.unavailable",
        "backup.code.new.number",
        // Anything else
        "error.generic",
    ];

    private static readonly JsonSerializerOptions JsonOptions = new() { ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    public static TheoryData<string> Languages() => new("en", "es");

    [Theory]
    [MemberData(nameof(Languages))]
    public void TextFile_EveryKeyWrittenInAShippedTemplate_HasAText(string language)
    {
        var texts = Read(language);
        var uses = ShippedTemplates()
            .SelectMany(path => TextKeyUses.Find(Template.Parse(File.ReadAllText(path), path)).Select(use => (path, use)))
            .ToList();

        Assert.NotEmpty(uses);
        Assert.All(uses, u => Assert.True(
            texts.TryGetValue(u.use.Key, out var text) && text.Length > 0,
            $"{u.path}:{u.use.Line}: '{u.use.Key}' is missing from i18n/{language}.json"));
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public void TextFile_EveryFailureKey_HasASentence(string language)
    {
        var texts = Read(language);

        Assert.All(FailureKeyList, key => Assert.True(
            texts.TryGetValue(key, out var sentence) && sentence.EndsWith('.'),
            $"'{key}' has no sentence in i18n/{language}.json"));
    }

    [Fact]
    public void TextFiles_SpanishAndEnglish_SameKeysAndPlaceholders()
    {
        var english = Read("en");
        var spanish = Read("es");

        Assert.Equal(english.Keys.Order(StringComparer.Ordinal), spanish.Keys.Order(StringComparer.Ordinal));
        Assert.All(english, pair => Assert.True(
            TextFileReader.ArgumentCount(pair.Value) == TextFileReader.ArgumentCount(spanish[pair.Key]),
            $"'{pair.Key}' has different placeholders in en and es"));
    }

    [Fact]
    public void TextFile_Spanish_IsTranslatedNotCopied()
    {
        var english = Read("en");
        var spanish = Read("es");

        // Only the brand name may read the same in both.
        var same = english.Where(pair => spanish[pair.Key] == pair.Value).Select(pair => pair.Key);

        Assert.Equal(["page.brand"], same);
    }

    private static Dictionary<string, string> Read(string language) =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(
            File.ReadAllText(Path.Combine(Endpoints, "i18n", language + ".json")),
            JsonOptions)!;

    private static IEnumerable<string> ShippedTemplates() =>
        Directory.EnumerateFiles(Endpoints, "*.html", SearchOption.AllDirectories).Order(StringComparer.Ordinal);
}
