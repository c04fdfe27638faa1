namespace Pickup.Abstractions.Commands;

/// <summary>
/// A command a plugin adds to the <c>pickup</c> command line, as <c>pickup GROUP NAME ARGS...</c>: under an
/// engine group such as <c>users</c> (<c>pickup users pin-reset NAME</c>) or a group of its own.
/// </summary>
/// <remarks>
/// It runs with the engine's data services (<see cref="CommandContext.Services"/>: the user directory, the
/// credential store, the audit trail, the plugin's own registrations), never the web server.
/// Exit status: 0 done, 1 refused, 2 usage error (throw <see cref="CommandUsageException"/>).
/// </remarks>
public abstract class PickupCommand
{
    /// <summary>The group word: <c>users</c>, or a name of the plugin's own.</summary>
    public abstract string Group { get; }

    /// <summary>The command word within the group: lower case letters, digits and '-'.</summary>
    public abstract string Name { get; }

    /// <summary>One usage line, like <c>pickup users pin-reset NAME</c>.</summary>
    public abstract string Usage { get; }

    /// <summary>Runs the command with the words after its name.</summary>
    public abstract Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken);
}

/// <summary>What a command runs with.</summary>
/// <remarks>Created by the engine for one run of a command (a test creates one with an object initializer).</remarks>
public sealed class CommandContext
{
    /// <summary>The words after the command's name.</summary>
    public required IReadOnlyList<string> Arguments { get; init; }

    /// <summary>A scope of the engine's data services and the plugin's own.</summary>
    public required IServiceProvider Services { get; init; }

    /// <summary>Standard input.</summary>
    public required TextReader Input { get; init; }

    /// <summary>Results (what a script captures).</summary>
    public required TextWriter Output { get; init; }

    /// <summary>Notes and errors.</summary>
    public required TextWriter Error { get; init; }
}

/// <summary>The command line cannot be understood: the engine prints the message and the usage, exit status 2.</summary>
public sealed class CommandUsageException : Exception
{
    /// <summary>Creates the exception.</summary>
    public CommandUsageException()
    {
    }

    /// <summary>Creates the exception with a message for the administrator.</summary>
    public CommandUsageException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public CommandUsageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
