using System;
using System.Runtime.InteropServices;
using System.Text;

namespace GoToolchain.Build.Execution;

/// <summary>
/// The folder a child process starts in, spelled as Windows' CreateProcess takes it. CreateProcess and
/// SetCurrentDirectory take no path of more than MAX_PATH - 2 (258) characters (long path support does not extend to
/// the current directory), so a module in a deep folder could not run go at all (under Wine 8 the calling process
/// even crashed: "malloc(): corrupted top size"): such a folder is given by its short (8.3) name when the volume has
/// one, else the start fails with a message that says why and what to do. The extended-length prefix is dropped
/// (<c>\\?\C:\x</c> is <c>C:\x</c>, <c>\\?\UNC\server\share</c> is <c>\\server\share</c>): it is no current
/// directory spelling.
/// </summary>
public static class WindowsWorkingDirectory
{
    /// <summary>The longest current directory Windows takes (MAX_PATH minus the trailing '\' and the NUL).</summary>
    public const int MaxLength = 258;

    /// <summary>The spelling to start in; null with <paramref name="problem"/> when Windows cannot start a process there.</summary>
    /// <param name="shortPath">GetShortPathName: the folder's 8.3 spelling, or null when it has none.</param>
    public static string? For(string folder, Func<string, string?> shortPath, out string? problem)
    {
        problem = null;
        var plain = folder.StartsWith(@"\\?\UNC\", StringComparison.OrdinalIgnoreCase) ? @"\\" + folder.Substring(8)
            : folder.StartsWith(@"\\?\", StringComparison.Ordinal) && folder.Length >= 6 && folder[5] == ':' ? folder.Substring(4)
            : folder;
        var trimmed = plain.Length > 3 ? plain.TrimEnd('\\') : plain;
        if (trimmed.Length <= MaxLength) return plain;
        if (shortPath(folder) is { } short8dot3)
        {
            var spelled = For(short8dot3, _ => null, out _);
            if (spelled is not null && spelled.TrimEnd('\\').Length <= MaxLength) return spelled;
        }
        problem = $"The working directory '{plain}' is {trimmed.Length} characters long: Windows starts no process in a folder whose path " +
                  $"is longer than {MaxLength} characters, and it has no short (8.3) name. Fix: move the project to a shorter path " +
                  "(e.g. C:\\src), or map the folder to a drive letter (subst X: <folder>) and build from there.";
        return null;
    }

    /// <summary>GetShortPathNameW of <paramref name="path"/>; null when Windows gives none.</summary>
    public static string? ShortPath(string path)
    {
        try
        {
            var length = GetShortPathNameW(path, null, 0);
            if (length == 0) return null;
            var buffer = new StringBuilder((int)length);
            var written = GetShortPathNameW(path, buffer, length);
            return written == 0 || written >= length ? null : buffer.ToString();
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    [DllImport("kernel32.dll", CharSet = CharSet.Unicode, SetLastError = true)]
    private static extern uint GetShortPathNameW(string longPath, StringBuilder? shortPath, uint length);
}
