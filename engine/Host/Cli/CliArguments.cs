using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Pickup.Data.Users;

namespace Pickup.Host.Cli;

/// <summary>What every admin command shares: option parsing and how refusals become exit codes.</summary>
internal static class CliArguments
{
    /// <summary>Splits <c>--name=value</c> into its parts; other words come back whole with no inline value.</summary>
    public static (string Option, string? Inline) SplitOption(string word)
    {
        var equals = word.IndexOf('=', StringComparison.Ordinal);
        return word.StartsWith("--", StringComparison.Ordinal) && equals > 0 ? (word[..equals], word[(equals + 1)..]) : (word, null);
    }

    /// <summary>The word after an option (advancing <paramref name="i"/>), or a usage error saying <paramref name="problem"/>.</summary>
    public static string Value(List<string> args, ref int i, string problem) =>
        i + 1 < args.Count ? args[++i] : throw new UsageException(problem + ".");

    /// <summary>
    /// Runs a data sub-command: usage errors exit 2 with the usage line, refusals (a name that exists, a role that
    /// does not, a database that says no) exit 1 with one sentence on stderr.
    /// </summary>
    public static async Task<int> RunDataCommandAsync(string name, string usage, TextWriter stderr, Func<Task<int>> body)
    {
        try
        {
            return await body();
        }
        catch (UsageException exception)
        {
            await stderr.WriteLineAsync($"pickup {name}: {exception.Message}");
            await stderr.WriteLineAsync("usage: " + usage);
            return 2;
        }
        catch (UserAdministrationException exception)
        {
            await stderr.WriteLineAsync($"error: {exception.Message}");
            return 1;
        }
        catch (Exception exception) when (exception is DbException or DbUpdateException)
        {
            await stderr.WriteLineAsync($"error: the database refused the request: {exception.GetBaseException().Message}");
            return 1;
        }
    }
}
