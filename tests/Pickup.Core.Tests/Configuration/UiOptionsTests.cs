namespace Pickup.Core.Tests.Configuration;

/// <summary><c>[ui]</c> in deployment.toml: the theme folder that overrides the shipped pages.</summary>
public sealed class UiOptionsTests : IDisposable
{
    private const string Deployment = "conf/deployment.toml";

    private readonly TempHome _home = new();

    public void Dispose() => _home.Dispose();

    [Fact]
    public void Load_NoUiSection_NoThemeDirectory()
    {
        _home.WriteDeployment(TempHome.MinimalDeployment);

        var configuration = ResultAssert.Valid(_home.Load());

        Assert.Equal(string.Empty, configuration.Deployment.Ui.Theme);
        Assert.Null(configuration.ThemeDirectory);
    }

    [Fact]
    public void Load_ThemeFolderExists_ThemeDirectoryIsItsAbsolutePath()
    {
        Directory.CreateDirectory(Path.Combine(_home.Root, "themes", "acme-taxi_2"));
        _home.WriteDeployment("[ui]\ntheme = \"acme-taxi_2\"\n\n" + TempHome.MinimalDeployment);

        var configuration = ResultAssert.Valid(_home.Load());

        Assert.Equal("acme-taxi_2", configuration.Deployment.Ui.Theme);
        Assert.Equal(Path.Combine(_home.Root, "themes", "acme-taxi_2"), configuration.ThemeDirectory);
        Assert.True(Path.IsPathFullyQualified(configuration.ThemeDirectory!));
    }

    [Fact]
    public void Load_ThemeFolderMissing_ErrorAtTheKeyNamingTheFolder()
    {
        _home.WriteDeployment("[ui]\n  theme = \"acme\"\n\n" + TempHome.MinimalDeployment);

        var result = _home.Load();

        var error = Assert.Single(result.Errors);
        Assert.Equal(_home.At(Deployment, 2, 3), error.Location);
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
        Assert.Contains(Path.Combine("themes", "acme"), error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../outside")]
    [InlineData("a/b")]
    [InlineData("/etc")]
    [InlineData("acme theme")]
    [InlineData("..")]
    public void Load_ThemeNotAFolderName_ErrorAtTheKey(string theme)
    {
        Directory.CreateDirectory(Path.Combine(_home.Root, "themes", "a", "b"));
        _home.WriteDeployment($"[ui]\ntheme = \"{theme}\"\n\n" + TempHome.MinimalDeployment);

        var error = Assert.Single(_home.Load().Errors);

        Assert.Equal(_home.At(Deployment, 2, 1), error.Location);
        Assert.Contains("must be a folder name", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_UnknownKeyInUi_ErrorAtTheKeyListingKnownKeys()
    {
        _home.WriteDeployment("[ui]\nthem = \"acme\"\n\n" + TempHome.MinimalDeployment);

        var error = Assert.Single(_home.Load().Errors);

        Assert.Equal(_home.At(Deployment, 2, 1), error.Location);
        Assert.Equal("unknown key 'them' in [ui]; did you mean 'theme'? expected one of: theme", error.Message);
    }

    [Fact]
    public void Load_ThemeNotAString_ErrorAtTheKey()
    {
        _home.WriteDeployment("[ui]\ntheme = 3\n\n" + TempHome.MinimalDeployment);

        var error = Assert.Single(_home.Load().Errors);

        Assert.Equal(_home.At(Deployment, 2, 1), error.Location);
    }
}
