namespace Pickup.Abstractions.Configuration;

/// <summary>A point in a configuration file: 1-based line and column. Printed as <c>file:line:column</c>.</summary>
/// <remarks>Immutable. Two locations are equal when file, line and column are.</remarks>
public sealed class SourceLocation : IEquatable<SourceLocation>
{
    /// <summary>Creates a location.</summary>
    /// <param name="file">The file's path as the administrator would recognise it.</param>
    /// <param name="line">1-based line.</param>
    /// <param name="column">1-based column.</param>
    /// <exception cref="ArgumentNullException"><paramref name="file"/> is null.</exception>
    public SourceLocation(string file, int line, int column)
    {
        ArgumentNullException.ThrowIfNull(file);
        File = file;
        Line = line;
        Column = column;
    }

    /// <summary>The file's path as the administrator would recognise it.</summary>
    public string File { get; }

    /// <summary>1-based line.</summary>
    public int Line { get; }

    /// <summary>1-based column.</summary>
    public int Column { get; }

    /// <summary>True when both are null, or equal.</summary>
    public static bool operator ==(SourceLocation? left, SourceLocation? right) => Equals(left, right);

    /// <summary>True unless both are null, or equal.</summary>
    public static bool operator !=(SourceLocation? left, SourceLocation? right) => !Equals(left, right);

    /// <inheritdoc />
    public bool Equals(SourceLocation? other) =>
        other is not null && string.Equals(File, other.File, StringComparison.Ordinal) && Line == other.Line && Column == other.Column;

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as SourceLocation);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(File, Line, Column);

    /// <inheritdoc />
    public override string ToString() => $"{File}:{Line}:{Column}";
}

/// <summary>
/// One configuration value with where it was written. <see cref="Value"/> is a <see cref="string"/>
/// (after <c>${env:NAME}</c> substitution), <see cref="bool"/>, <see cref="long"/>, <see cref="double"/>
/// or a list of those.
/// </summary>
/// <remarks>Created by the engine once per server as it reads the configuration (a test creates one with an object initializer). Immutable.</remarks>
public sealed class ParameterValue
{
    /// <summary>The value as parsed from TOML.</summary>
    public required object Value { get; init; }

    /// <summary>Where the key was written.</summary>
    public required SourceLocation Location { get; init; }

    /// <summary>True when the value came (partly) from an environment variable and must be masked when shown.</summary>
    public bool IsSecret { get; init; }

    /// <inheritdoc />
    public override string ToString() => IsSecret ? $"*** ({Location})" : $"{Value} ({Location})";
}

/// <summary>A configuration problem: where and what. Printed as <c>file:line:column: message</c>.</summary>
/// <remarks>Immutable. Two errors are equal when location and message are.</remarks>
public sealed class ConfigurationError : IEquatable<ConfigurationError>
{
    /// <summary>Creates an error.</summary>
    /// <param name="location">Where the problem is.</param>
    /// <param name="message">One sentence for an administrator.</param>
    /// <exception cref="ArgumentNullException"><paramref name="location"/> or <paramref name="message"/> is null.</exception>
    public ConfigurationError(SourceLocation location, string message)
    {
        ArgumentNullException.ThrowIfNull(location);
        ArgumentNullException.ThrowIfNull(message);
        Location = location;
        Message = message;
    }

    /// <summary>Where the problem is.</summary>
    public SourceLocation Location { get; }

    /// <summary>One sentence for an administrator.</summary>
    public string Message { get; }

    /// <summary>True when both are null, or equal.</summary>
    public static bool operator ==(ConfigurationError? left, ConfigurationError? right) => Equals(left, right);

    /// <summary>True unless both are null, or equal.</summary>
    public static bool operator !=(ConfigurationError? left, ConfigurationError? right) => !Equals(left, right);

    /// <inheritdoc />
    public bool Equals(ConfigurationError? other) =>
        other is not null && Location.Equals(other.Location) && string.Equals(Message, other.Message, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as ConfigurationError);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Location, Message);

    /// <inheritdoc />
    public override string ToString() => $"{Location}: {Message}";
}
