using System;
using System.Collections.Generic;
using System.Linq;

namespace GoToolchain.Build.Platform;

/// <summary>
/// Path rules of the platform the build runs on, written out instead of taken from System.IO.Path, so that
/// Windows rules (drive letters, backslashes, case-insensitive names, .exe, ';' in PATH) hold and are tested on Linux.
/// </summary>
public sealed class PlatformPaths
{
    public static readonly PlatformPaths Unix = new(isWindows: false);
    public static readonly PlatformPaths Windows = new(isWindows: true);

    private PlatformPaths(bool isWindows) => IsWindows = isWindows;

    public static PlatformPaths For(IPlatform platform) => platform.IsWindows ? Windows : Unix;

    public bool IsWindows { get; }
    public char PathListSeparator => IsWindows ? ';' : ':';
    public string GoExecutableName => IsWindows ? "go.exe" : "go";
    public StringComparer Comparer => IsWindows ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;

    private bool IsSeparator(char c) => c == '/' || (IsWindows && c == '\\');
    private char Separator => IsWindows ? '\\' : '/';

    public string Combine(string directory, string name)
    {
        if (directory.Length == 0) return name;
        return IsSeparator(directory[directory.Length - 1]) ? directory + name : directory + Separator + name;
    }

    public string Combine(string directory, params string[] names) => names.Aggregate(directory, Combine);

    /// <summary>Removes trailing separators but keeps a root ("/", "C:\").</summary>
    public string TrimTrailingSeparators(string path)
    {
        var end = path.Length;
        while (end > 1 && IsSeparator(path[end - 1]))
        {
            if (IsWindows && end == 3 && path[1] == ':') break;
            end--;
        }
        return path.Substring(0, end);
    }

    /// <summary>The parent directory, or null at a root.</summary>
    public string? GetDirectoryName(string path)
    {
        var trimmed = TrimTrailingSeparators(path);
        for (var i = trimmed.Length - 1; i >= 0; i--)
        {
            if (!IsSeparator(trimmed[i])) continue;
            if (i == 0) return trimmed.Length > 1 ? trimmed.Substring(0, 1) : null;
            if (IsWindows && i == 2 && trimmed[1] == ':') return trimmed.Length > 3 ? trimmed.Substring(0, 3) : null;
            return trimmed.Substring(0, i);
        }
        return null;
    }

    public bool IsRooted(string path)
        => path.Length > 0 && (IsSeparator(path[0]) || (IsWindows && path.Length >= 2 && path[1] == ':'));

    /// <summary>Same location, ignoring trailing separators, separator style and (on Windows) case.</summary>
    public bool AreSame(string a, string b) => Comparer.Equals(Normalize(a), Normalize(b));

    private string Normalize(string path)
    {
        var p = TrimTrailingSeparators(path);
        return IsWindows ? p.Replace('/', '\\') : p;
    }

    /// <summary>
    /// PATH split as a shell does; Windows entries may be quoted ("C:\Program Files\Go\bin"), and a ';' inside
    /// quotes belongs to the entry (as in go's filepath.SplitList).
    /// </summary>
    public IReadOnlyList<string> SplitPathList(string? pathList)
    {
        if (string.IsNullOrEmpty(pathList)) return Array.Empty<string>();
        var entries = IsWindows ? SplitQuoted(pathList!).Select(e => e.Replace("\"", "").Trim()) : pathList!.Split(PathListSeparator);
        return entries
            .Where(e => e.Length > 0) // an empty entry means "current directory": never a place to find go for a build
            .ToList();
    }

    private IEnumerable<string> SplitQuoted(string pathList)
    {
        var start = 0;
        var quoted = false;
        for (var i = 0; i < pathList.Length; i++)
        {
            if (pathList[i] == '"') quoted = !quoted;
            else if (pathList[i] == PathListSeparator && !quoted)
            {
                yield return pathList.Substring(start, i - start);
                start = i + 1;
            }
        }
        yield return pathList.Substring(start);
    }

    /// <summary>/mnt/c/... : a Windows drive seen from WSL.</summary>
    public static bool IsWslWindowsDrivePath(string path)
        => path.Length >= 6 && path.StartsWith("/mnt/", StringComparison.Ordinal) && char.IsLetter(path[5])
           && (path.Length == 6 || path[6] == '/');
}
