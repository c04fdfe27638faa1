using System.Text.RegularExpressions;
using FluentValidation;

namespace Pickup.Core.Configuration.Validation;

/// <summary>Validates <c>[ui]</c>: the theme is a plain folder name and its folder exists under the home.</summary>
public sealed partial class UiOptionsValidator : AbstractValidator<UiOptions>
{
    /// <summary>Creates the rules.</summary>
    /// <param name="homeDirectory">The home (absolute), which holds <c>themes/</c>.</param>
    public UiOptionsValidator(string homeDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(homeDirectory);

        // A name, never a path: the theme must stay inside <home>/themes/.
        RuleFor(o => o.Theme)
            .Cascade(CascadeMode.Stop)
            .Must(t => FolderName().IsMatch(t))
            .WithMessage(o => $"'theme' in [ui] must be a folder name of letters, digits, '-' and '_', not \"{o.Theme}\"")
            .Must(t => Directory.Exists(ThemeDirectory(homeDirectory, t)))
            .WithMessage(o => $"'theme' in [ui] names the folder {DisplayPath(ThemeDirectory(homeDirectory, o.Theme))}, which does not exist: create it (its files override those of endpoints/ with the same name) or remove the key")
            .When(o => !string.IsNullOrEmpty(o.Theme));
    }

    /// <summary>The folder of <paramref name="theme"/> in <paramref name="homeDirectory"/>: <c>&lt;home&gt;/themes/&lt;theme&gt;</c>.</summary>
    public static string ThemeDirectory(string homeDirectory, string theme) => Path.Combine(homeDirectory, "themes", theme);

    private static string DisplayPath(string fullPath) => Path.GetRelativePath(Environment.CurrentDirectory, fullPath) + Path.DirectorySeparatorChar;

    [GeneratedRegex("^[A-Za-z0-9_-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex FolderName();
}
