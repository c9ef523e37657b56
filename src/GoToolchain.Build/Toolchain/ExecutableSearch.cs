using System;
using System.Collections.Generic;
using System.Linq;

namespace GoToolchain.Build.Toolchain;

/// <summary>
/// Which files a program name stands for in one folder of PATH, the way the program that will start it searches:
/// on Windows, Go's exec.LookPath (what go generate uses) and cmd.exe both try the name as given when it has an
/// extension, then the name with each extension of PATHEXT in PATHEXT's order (default ".COM;.EXE;.BAT;.CMD"), every
/// extension in one folder before the next folder. Elsewhere the name is the file.
/// </summary>
public static class ExecutableSearch
{
    /// <summary>What Windows and Go use when PATHEXT is unset or empty.</summary>
    public const string DefaultPathExt = ".COM;.EXE;.BAT;.CMD";

    /// <summary>PATHEXT's extensions in order, lower case, each with its dot (Go adds a missing one), no duplicates.</summary>
    public static IReadOnlyList<string> Extensions(string? pathExt)
    {
        var text = string.IsNullOrWhiteSpace(pathExt) ? DefaultPathExt : pathExt!;
        return text.Split(';')
            .Select(e => e.Trim().ToLowerInvariant())
            .Where(e => e.Length > 0)
            .Select(e => e[0] == '.' ? e : "." + e)
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The file names to try for <paramref name="program"/> in one folder, in order.</summary>
    /// <param name="pathExt">PATHEXT on Windows; null on other systems (the name as is).</param>
    public static IEnumerable<string> Names(string program, string? pathExt, bool isWindows)
    {
        if (!isWindows)
        {
            yield return program;
            yield break;
        }
        if (HasExtension(program)) yield return program;
        foreach (var extension in Extensions(pathExt)) yield return program + extension;
    }

    /// <summary>The first file <paramref name="program"/> names in <paramref name="folders"/>, searched as described above.</summary>
    public static string? Find(string program, IEnumerable<string> folders, string? pathExt, bool isWindows,
        Func<string, bool> fileExists, Func<string, string, string> combine)
        => folders.SelectMany(folder => Names(program, pathExt, isWindows).Select(name => combine(folder, name))).FirstOrDefault(fileExists);

    /// <summary>True for a Windows batch file (.bat, .cmd), which CreateProcess starts through cmd.exe.</summary>
    public static bool IsBatchFile(string path)
        => path.EndsWith(".cmd", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".bat", StringComparison.OrdinalIgnoreCase);

    // Go's hasExt: a dot after the last separator.
    private static bool HasExtension(string name)
    {
        var last = name.LastIndexOfAny(new[] { ':', '\\', '/', '.' });
        return last >= 0 && name[last] == '.';
    }
}
