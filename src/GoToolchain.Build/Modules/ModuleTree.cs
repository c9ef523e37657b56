using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using GoToolchain.Build.Platform;

namespace GoToolchain.Build.Modules;

/// <summary>What a walk of a module's folder tree leaves out, and how it goes; each caller says what it needs.</summary>
public sealed class ModuleTreeOptions
{
    /// <summary>Folders left out (with everything under them), by name.</summary>
    public Func<string, bool> SkipsFolder { get; set; } = _ => false;

    /// <summary>Files left out, by name.</summary>
    public Func<string, bool> SkipsFile { get; set; } = _ => false;

    /// <summary>
    /// Leaves out the folders the root go.mod's `ignore` lines name (Go 1.25+, <see cref="IgnoredFolders"/>), as go's ./... does.
    /// </summary>
    public bool SkipsGoModIgnored { get; set; }

    /// <summary>Leaves out folders with their own go.mod: another module, as for go's ./....</summary>
    public bool SkipsNestedModules { get; set; }

    /// <summary>
    /// Follows symlinked folders, each folder once however many links lead to it (a link back up the tree, a -> .,
    /// would otherwise multiply the walk without end). Windows links and junctions are never followed. Otherwise
    /// symlinked folders are left out, as go's ./... does.
    /// </summary>
    public bool FollowsSymlinkedFolders { get; set; }

    /// <summary>Leaves out files whose attributes cannot be read (vanished meanwhile).</summary>
    public bool SkipsUnreadableFiles { get; set; }

    /// <summary>Files of a folder in ordinal order, then its folders in ordinal order; else the file system's order.</summary>
    public bool Sorted { get; set; }
}

/// <summary>The one walk of a module's folder tree (go's ./..., go generate's snapshot and inputs, go build's inputs).</summary>
public static class ModuleTree
{
    /// <summary>
    /// Every file (IsFolder false) and every folder entered (IsFolder true) under root, as full paths, folder by folder
    /// (a folder's files before its subfolders). Unreadable folders are skipped: go reports them itself when it builds.
    /// </summary>
    public static IEnumerable<(string Path, bool IsFolder)> Walk(string root, ModuleTreeOptions options)
    {
        var platform = SystemPlatform.Instance;
        var visited = new HashSet<string>(platform.IsWindows ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);
        var ignored = options.SkipsGoModIgnored ? IgnoredFolders.Of(root) : IgnoredFolders.None;
        if (ignored.Contains("")) yield break;
        var pending = new Stack<string>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var directory = pending.Pop();
            if (options.FollowsSymlinkedFolders && !visited.Add(platform.ResolveSymlinks(directory))) continue;
            if (!ReferenceEquals(directory, root)) yield return (directory, true);
            List<string> files, subdirectories;
            try
            {
                files = Directory.EnumerateFiles(directory).ToList();
                subdirectories = Directory.EnumerateDirectories(directory).ToList();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }
            if (options.Sorted)
            {
                files.Sort(StringComparer.Ordinal);
                // pushed last first, so that they are walked in ordinal order
                subdirectories.Sort((a, b) => StringComparer.Ordinal.Compare(b, a));
            }
            foreach (var file in files)
            {
                if (options.SkipsFile(Path.GetFileName(file))) continue;
                if (options.SkipsUnreadableFiles && !CanReadAttributes(file)) continue;
                yield return (file, false);
            }
            foreach (var subdirectory in subdirectories)
            {
                if (options.SkipsFolder(Path.GetFileName(subdirectory))) continue;
                if (!ignored.IsEmpty && ignored.Contains(subdirectory.Substring(root.Length))) continue;
                if (options.FollowsSymlinkedFolders ? platform.IsWindows && IsSymlink(subdirectory) : IsSymlink(subdirectory)) continue;
                if (options.SkipsNestedModules && File.Exists(Path.Combine(subdirectory, "go.mod"))) continue;
                pending.Push(subdirectory);
            }
        }
    }

    private static bool IsSymlink(string directory)
    {
        try { return (File.GetAttributes(directory) & FileAttributes.ReparsePoint) != 0; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return true; }
    }

    private static bool CanReadAttributes(string file)
    {
        try { File.GetAttributes(file); return true; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return false; }
    }
}
