namespace Pickup.Core.Security;

/// <summary>An owner-only key file in <c>&lt;home&gt;/data/keys/</c>, created race-free on first use.</summary>
public static class KeyFile
{
    /// <summary>
    /// The file's text, or, when it does not exist, <paramref name="create"/>'s, written to a private temporary file
    /// and moved into place without overwriting: when several nodes sharing a home start at once, the first one wins
    /// and every node reads the same key.
    /// </summary>
    public static string LoadOrCreate(string path, Func<string> create)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(create);
        if (File.Exists(path))
        {
            return File.ReadAllText(path);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var content = create();
        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
        {
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            using var writer = new StreamWriter(stream);
            writer.Write(content);
        }

        try
        {
            File.Move(temporary, path, overwrite: false);
            return content;
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temporary);
            return File.ReadAllText(path);
        }
    }
}
