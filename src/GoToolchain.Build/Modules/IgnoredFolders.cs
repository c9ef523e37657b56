using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace GoToolchain.Build.Modules;

/// <summary>
/// The folders a module's go.mod `ignore` lines take out of go's package patterns (Go 1.25+), matched as go matches
/// them (checked with `go list ./...` on 1.25 and 1.27): `./a` is the folder a at the module's root and everything
/// under it; `a` or `b/c` (leading and trailing slashes dropped) is every folder whose path, relative to the module root,
/// contains those whole elements at any depth (x/a, x/b/c; not ab, not xb/c); `.`, `./` or `/` is the whole module. go does not
/// clean the paths: `a/./b` or `./a/../b` ignore nothing.
/// Paths compare case-sensitively, as go compares them.
/// </summary>
public sealed class IgnoredFolders
{
    private readonly List<string> _rooted;
    private readonly List<string[]> _anyDepth;

    private IgnoredFolders(List<string> rooted, List<string[]> anyDepth)
    {
        _rooted = rooted;
        _anyDepth = anyDepth;
    }

    public static IgnoredFolders None { get; } = new(new List<string>(), new List<string[]>());

    public bool IsEmpty => _rooted.Count == 0 && _anyDepth.Count == 0;

    public static IgnoredFolders From(IEnumerable<GoModIgnore> ignores)
    {
        var rooted = new List<string>();
        var anyDepth = new List<string[]>();
        foreach (var ignore in ignores)
        {
            var path = ignore.Path.Replace('\\', '/');
            if (path == "." || path.StartsWith("./", StringComparison.Ordinal))
            {
                rooted.Add(string.Join("/", Split(path.Substring(1))));
                continue;
            }
            var elements = Split(path);
            if (elements.Length == 0) rooted.Add(""); // "/" names the root
            else anyDepth.Add(elements);
        }
        return rooted.Count == 0 && anyDepth.Count == 0 ? None : new IgnoredFolders(rooted, anyDepth);
    }

    /// <summary>The ignore lines of the go.mod in <paramref name="moduleRoot"/>; none when it has no go.mod or no ignore line.</summary>
    /// <remarks>Read with the newest rules and remembered by the file's size and time (GoModFile.Load): a go that does not know the
    /// directive fails on the file before any walk matters (GOTB111).</remarks>
    public static IgnoredFolders Of(string moduleRoot)
    {
        var goMod = Path.Combine(moduleRoot, "go.mod");
        return File.Exists(goMod) ? From(GoModFile.Load(goMod).Ignores) : None;
    }

    /// <summary>Whether the folder at <paramref name="relativePath"/> ('/' or '\' separated, relative to the module root; "" for
    /// the root) is ignored, by itself or through a folder above it.</summary>
    public bool Contains(string relativePath)
    {
        if (IsEmpty) return false;
        var elements = Elements(relativePath);
        var joined = string.Join("/", elements);
        foreach (var rooted in _rooted)
        {
            if (rooted.Length == 0 || joined == rooted || joined.StartsWith(rooted + "/", StringComparison.Ordinal)) return true;
        }
        foreach (var pattern in _anyDepth)
        {
            for (var start = 0; start + pattern.Length <= elements.Length; start++)
            {
                var match = true;
                for (var k = 0; k < pattern.Length && match; k++) match = string.Equals(elements[start + k], pattern[k], StringComparison.Ordinal);
                if (match) return true;
            }
        }
        return false;
    }

    // go does not clean the paths of ignore lines: an inner "." or ".." element matches no folder (`a/./b` ignores nothing).
    private static string[] Split(string path) => path.Split(new[] { '/' }, StringSplitOptions.RemoveEmptyEntries);

    private static string[] Elements(string path)
        => path.Replace('\\', '/').Split(new[] { '/' }, StringSplitOptions.RemoveEmptyEntries).Where(e => e != ".").ToArray();
}
