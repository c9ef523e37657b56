using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace GoToolchain.Build.Modules;

/// <summary>
/// The files of one module as go's ./... sees them (loop semantics, the loop report and go generate's inputs use
/// the same scope): the .go files go builds from one module directory: not tests, not vendor/ or testdata/, not directories or
/// files whose names start with '.' or '_' (go ignores them), not nested modules (their own go.mod rules them),
/// not symlinked folders (go's ./... does not follow them).
/// </summary>
public static class ModuleSources
{
    public static IEnumerable<string> GoFiles(string moduleDirectory, bool includeTests = false)
        => Files(moduleDirectory).Where(f => f.EndsWith(".go", StringComparison.Ordinal)
                                            && (includeTests || !f.EndsWith("_test.go", StringComparison.Ordinal)));

    /// <summary>Every file of the module that is not ignored (sources, embedded files, go.mod, go.sum).</summary>
    public static IEnumerable<string> Files(string moduleDirectory)
    {
        var pending = new Stack<string>();
        pending.Push(moduleDirectory);
        while (pending.Count > 0)
        {
            var directory = pending.Pop();
            IEnumerable<string> files, subdirectories;
            try
            {
                files = Directory.GetFiles(directory).OrderBy(f => f, StringComparer.Ordinal).ToList();
                subdirectories = Directory.GetDirectories(directory);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue; // go reports unreadable directories itself when it builds
            }
            foreach (var file in files)
            {
                if (!Ignored(Path.GetFileName(file))) yield return file;
            }
            foreach (var subdirectory in subdirectories.OrderByDescending(d => d, StringComparer.Ordinal))
            {
                var name = Path.GetFileName(subdirectory);
                if (Ignored(name) || name is "vendor" or "testdata") continue;
                // go's ./... does not follow symlinked folders; following them could also loop forever (a -> .).
                if (IsSymlink(subdirectory)) continue;
                if (File.Exists(Path.Combine(subdirectory, "go.mod"))) continue;
                pending.Push(subdirectory);
            }
        }
    }

    private static bool IsSymlink(string directory)
    {
        try { return (File.GetAttributes(directory) & FileAttributes.ReparsePoint) != 0; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return true; }
    }

    private static bool Ignored(string name) => name.StartsWith(".", StringComparison.Ordinal) || name.StartsWith("_", StringComparison.Ordinal);
}
