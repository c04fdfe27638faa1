using System.Text.RegularExpressions;
using Pickup.Core.Tests.Plugins;

namespace Pickup.Core.Tests.Architecture;

/// <summary>
/// The engine knows no factor: nothing under <c>engine/</c> (source, project files, JSON) names SMS, one-time codes,
/// an SMS gateway, backup codes or mobile numbers ("root path" is not a one-time password). Factors are plugins; the
/// engine offers only what any plugin uses.
/// </summary>
public sealed partial class EngineNamesNoFactorTests
{
    private static readonly string[] Extensions = [".cs", ".csproj", ".json", ".props", ".targets"];

    [Fact]
    public void EngineFiles_NameNoFactor()
    {
        var engine = Path.Combine(PluginFolders.RepositoryRoot, "engine");

        var hits = Directory.EnumerateFiles(engine, "*", SearchOption.AllDirectories)
            .Where(f => Extensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
            .Where(f => !InBuildOutput(Path.GetRelativePath(engine, f)) && !IsMigrationHistory(Path.GetRelativePath(engine, f)))
            .SelectMany(f => File.ReadLines(f).Select((line, index) => (File: f, Line: index + 1, Text: line)))
            .Where(l => FactorWords().IsMatch(l.Text))
            .Select(l => $"{Path.GetRelativePath(PluginFolders.RepositoryRoot, l.File)}:{l.Line}: {l.Text.Trim()}")
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.True(hits.Count == 0, $"engine/ names a factor in {hits.Count} lines:\n{string.Join("\n", hits)}");
    }

    [Theory]
    [InlineData("services.AddSmsSendLimits(limits);")]
    [InlineData("// the OTP page")]
    [InlineData("\"provider\": \"nexmo\"")]
    [InlineData("Vonage answered")]
    [InlineData("users backup-codes NAME")]
    [InlineData("BackupCodes")]
    [InlineData("the mobile claim")]
    [InlineData("users totp-reset NAME")]
    public void FactorWords_FactorNames_AreFound(string line) => Assert.Matches(FactorWords(), line);

    [Fact]
    public void FactorWords_RootPath_IsNoFactor() => Assert.DoesNotMatch(FactorWords(), "ContentRootPath = options.InstallDirectory");

    // The migrations are the database's history: earlier versions of the schema had a table of their own for one
    // factor's codes, and the migration that moved them into the generic credential store has to name it. They are
    // never edited, only added; the current model (PickupDbContext, Entities) is checked like everything else.
    private static bool IsMigrationHistory(string relativePath) =>
        relativePath.StartsWith(Path.Combine("Data", "Migrations") + Path.DirectorySeparatorChar, StringComparison.Ordinal)
        && !relativePath.EndsWith("ModelSnapshot.cs", StringComparison.Ordinal);

    private static bool InBuildOutput(string relativePath) =>
        relativePath.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj");

    [GeneratedRegex("sms|(?<!ro)otp|nexmo|vonage|backup.?code|mobile", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FactorWords();
}
