namespace Pickup.Host.Cli;

/// <summary>The launcher's arguments with <c>--home DIR</c> taken out (it may stand anywhere).</summary>
/// <param name="Home">The <c>--home</c> value, if given.</param>
/// <param name="Words">Everything else, in order.</param>
internal sealed record CommandLine(string? Home, IReadOnlyList<string> Words)
{
    public static CommandLine Parse(IReadOnlyList<string> args)
    {
        string? home = null;
        var words = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == "--home")
            {
                if (i + 1 >= args.Count)
                {
                    throw new UsageException("--home needs a folder: --home DIR");
                }

                home = args[++i];
            }
            else if (args[i].StartsWith("--home=", StringComparison.Ordinal))
            {
                home = args[i]["--home=".Length..];
            }
            else
            {
                words.Add(args[i]);
            }
        }

        return new CommandLine(home, words);
    }
}

/// <summary>A command line that cannot be understood; exit status 2.</summary>
internal sealed class UsageException : Exception
{
    public UsageException()
    {
    }

    public UsageException(string message)
        : base(message)
    {
    }

    public UsageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
