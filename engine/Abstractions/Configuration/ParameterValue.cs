namespace Pickup.Abstractions.Configuration;

/// <summary>A point in a configuration file: 1-based line and column.</summary>
/// <param name="File">The file's path as the administrator would recognise it.</param>
/// <param name="Line">1-based line.</param>
/// <param name="Column">1-based column.</param>
public sealed record SourceLocation(string File, int Line, int Column)
{
    /// <inheritdoc />
    public override string ToString() => $"{File}:{Line}:{Column}";
}

/// <summary>
/// One configuration value with where it was written. <see cref="Value"/> is a <see cref="string"/>
/// (after <c>${env:NAME}</c> substitution), <see cref="bool"/>, <see cref="long"/>, <see cref="double"/>
/// or a list of those.
/// </summary>
/// <param name="Value">The value as parsed from TOML.</param>
/// <param name="Location">Where the key was written.</param>
/// <param name="IsSecret">True when the value came (partly) from an environment variable and must be masked when shown.</param>
public sealed record ParameterValue(object Value, SourceLocation Location, bool IsSecret = false);

/// <summary>A configuration problem: where and what.</summary>
/// <param name="Location">Where the problem is.</param>
/// <param name="Message">One sentence for an administrator.</param>
public sealed record ConfigurationError(SourceLocation Location, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"{Location}: {Message}";
}
