using System.Reflection;
using System.Runtime.CompilerServices;
using Pickup.Abstractions.Authentication;

namespace Pickup.Core.Tests.Architecture;

/// <summary>
/// The SDK can grow in a minor release without breaking a plugin built against it: no public type is a positional
/// record or has a <c>Deconstruct</c> (adding a member would change the positional constructor, the deconstruction and
/// the meaning of <c>with</c>), and no public constructor takes more than three arguments (a new member would need a new
/// overload). Types that carry data are classes with <c>required</c>/<c>init</c> properties, built with object
/// initializers. Exceptions' standard constructors take at most two arguments, so they need no exemption.
/// </summary>
public sealed class SdkShapeTests
{
    private const int MaxConstructorParameters = 3;

    [Fact]
    public void SdkPublicTypes_AreNeitherPositionalRecordsNorWideConstructors()
    {
        var sdk = typeof(IAuthenticator).Assembly;
        Assert.Equal("Pickup.Abstractions", sdk.GetName().Name);

        var problems = sdk.GetExportedTypes().SelectMany(Problems).Order(StringComparer.Ordinal).ToList();

        Assert.True(problems.Count == 0, $"SDK types that cannot grow without breaking plugins:\n{string.Join("\n", problems)}");
    }

    [Fact]
    public void Problems_PositionalRecord_IsFound() =>
        Assert.Contains(Problems(typeof(PositionalRecord)), p => p.Contains("positional record", StringComparison.Ordinal));

    [Fact]
    public void Problems_PositionalRecordStruct_IsFound() =>
        Assert.Contains(Problems(typeof(PositionalRecordStruct)), p => p.Contains("positional record", StringComparison.Ordinal));

    [Fact]
    public void Problems_HandWrittenDeconstruct_IsFound() =>
        Assert.Contains(Problems(typeof(Deconstructible)), p => p.Contains("Deconstruct", StringComparison.Ordinal));

    [Fact]
    public void Problems_FourArgumentConstructor_IsFound()
    {
        Assert.Contains(Problems(typeof(WideConstructor)), p => p.Contains("4 parameters", StringComparison.Ordinal));
        Assert.Contains(Problems(typeof(WideProtectedConstructor)), p => p.Contains("4 parameters", StringComparison.Ordinal));
    }

    [Fact]
    public void Problems_InitPropertiesAndSmallConstructor_AreFine()
    {
        Assert.Empty(Problems(typeof(InitOnly)));
        Assert.Empty(Problems(typeof(SmallValue)));
    }

    private static IEnumerable<string> Problems(Type type)
    {
        var name = type.FullName ?? type.Name;
        var deconstruct = type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
            .FirstOrDefault(m => m.Name == "Deconstruct");
        if (deconstruct is not null)
        {
            yield return IsRecord(type)
                ? $"{name} is a positional record: make it a sealed class with required/init properties"
                : $"{name} has a public Deconstruct: a new member could never join it";
        }

        foreach (var constructor in type.GetConstructors(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance))
        {
            var visible = constructor.IsPublic || constructor.IsFamily || constructor.IsFamilyOrAssembly;
            var count = constructor.GetParameters().Length;
            if (visible && count > MaxConstructorParameters)
            {
                yield return $"{name} has a constructor of {count} parameters: use required/init properties";
            }
        }
    }

    // The compiler gives every record class a <Clone>$ method and every record struct a compiler-generated PrintMembers.
    private static bool IsRecord(Type type) =>
        type.GetMethod("<Clone>$", BindingFlags.Public | BindingFlags.Instance) is not null
        || (type.IsValueType && type.GetMethod("PrintMembers", BindingFlags.NonPublic | BindingFlags.Instance)?.GetCustomAttribute<CompilerGeneratedAttribute>() is not null);

    private sealed record PositionalRecord(string UserId, string Username);

    private readonly record struct PositionalRecordStruct(string File, int Line);

    private sealed class Deconstructible
    {
        public string Name { get; init; } = string.Empty;

        public void Deconstruct(out string name) => name = Name;
    }

    private sealed class WideConstructor(string a, string b, string c, string d)
    {
        public string All => a + b + c + d;
    }

    private abstract class WideProtectedConstructor
    {
        protected WideProtectedConstructor(int a, int b, int c, int d) => Sum = a + b + c + d;

        public int Sum { get; }
    }

    private sealed class InitOnly
    {
        public required string Name { get; init; }

        public string? Label { get; init; }
    }

    private sealed class SmallValue(string file, int line, int column)
    {
        public override string ToString() => $"{file}:{line}:{column}";
    }
}
