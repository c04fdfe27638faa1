using System.Text.Json;
using Pickup.Core.Templates;
using Scriban;

namespace Pickup.Core.Tests.Templates;

/// <summary>
/// The shipped text files (the installation's shared ones merged with Basic's and SmsOtp's) hold every text the shipped
/// pages use and a sentence for every failure key, in every shipped language.
/// </summary>
public sealed class TextCoverageTests
{
    private static readonly IReadOnlyList<PageRoot> Roots = TemplateDirectory.ShippedRoots();

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

    public static TheoryData<string> RootNames() => new(Roots.Select(r => r.ToString()));

    [Theory]
    [MemberData(nameof(RootNames))]
    public void TextFiles_SpanishAndEnglishOfEachFolder_SameKeysAndPlaceholders(string root)
    {
        var directory = Roots.Single(r => r.ToString() == root).Directory;
        var english = ReadFile(directory, "en");
        var spanish = ReadFile(directory, "es");

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

    [Fact]
    public void TextFiles_FactorKeys_LiveInTheirPluginNotInTheSharedFile()
    {
        var shared = ReadFile(TemplateDirectory.InstalledEndpoints, "en");
        var basic = ReadFile(TemplateDirectory.PluginEndpoints("Pickup.Plugins.Basic"), "en");
        var smsOtp = ReadFile(TemplateDirectory.PluginEndpoints("Pickup.Plugins.SmsOtp"), "en");

        Assert.DoesNotContain(shared.Keys, k => k.StartsWith("smsotp", StringComparison.Ordinal) || k.StartsWith("mobile.", StringComparison.Ordinal) || k.StartsWith("login.", StringComparison.Ordinal) && k != "login.rate.limited");
        Assert.Contains("login.fail", basic.Keys);
        Assert.Contains("code.mismatch", smsOtp.Keys);
        Assert.Contains("smsotp.sent_to", smsOtp.Keys);
        Assert.Empty(shared.Keys.Intersect(basic.Keys).Concat(shared.Keys.Intersect(smsOtp.Keys)).Concat(basic.Keys.Intersect(smsOtp.Keys)));
    }

    // Merged as the engine merges them: the earlier folder wins each key.
    private static Dictionary<string, string> Read(string language)
    {
        var merged = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var root in Roots.Where(r => File.Exists(Path.Combine(r.Directory, "i18n", language + ".json"))))
        {
            foreach (var (key, text) in ReadFile(root.Directory, language))
            {
                merged.TryAdd(key, text);
            }
        }

        return merged;
    }

    private static Dictionary<string, string> ReadFile(string directory, string language) =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(
            File.ReadAllText(Path.Combine(directory, "i18n", language + ".json")),
            JsonOptions)!;

    private static IEnumerable<string> ShippedTemplates() =>
        Roots.SelectMany(r => Directory.EnumerateFiles(r.Directory, "*.html", SearchOption.AllDirectories)).Order(StringComparer.Ordinal);
}
