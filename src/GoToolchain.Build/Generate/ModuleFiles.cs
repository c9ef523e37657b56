using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;

using GoToolchain.Build.Execution;
using GoToolchain.Build.Modules;

namespace GoToolchain.Build.Generate;

/// <summary>One file as seen at one moment: content hash, size and last write time.</summary>
public sealed class FileState
{
    public FileState(string relativePath, long size, long lastWriteTicksUtc, string hash)
    {
        RelativePath = relativePath;
        Size = size;
        LastWriteTicksUtc = lastWriteTicksUtc;
        Hash = hash;
    }

    /// <summary>Relative to the module root, '/'-separated.</summary>
    public string RelativePath { get; }
    public long Size { get; }
    public long LastWriteTicksUtc { get; }
    public string Hash { get; }
}

/// <summary>
/// Which files of a module matter to go generate, read with plain file I/O (no go process):
/// <list type="bullet">
/// <item>The snapshot scope (Verify): every file under the module root except folders that are not the module's
/// sources: names starting with '.' (.git, .vs, .idea…), bin/ and obj/ (MSBuild writes there while we run),
/// node_modules/, nested modules (a folder with its own go.mod is another module, as for go's ./...), and the folders
/// go.mod's `ignore` lines name (go generate ./... never runs there).</item>
/// <item>The inputs (incremental check): the .go files of the module's packages, tests included (the ./... scope
/// of Modules/ModuleSources: no '.'/'_' names, no testdata/ or vendor/, no nested modules, no symlinked folders, no ignored folders),
/// go.mod, go.sum, and files a directive names by a
/// module-relative argument (e.g. -input=colors.txt) that exist in the module.</item>
/// </list>
/// </summary>
public static class ModuleFiles
{
    private static readonly StringComparer PathComparer = StringComparer.Ordinal;

    /// <summary>Every file and folder in the snapshot scope, relative and '/'-separated.</summary>
    public static (List<string> Files, List<string> Directories) SnapshotScope(string moduleRoot)
    {
        var files = new List<string>();
        var directories = new List<string>();
        foreach (var (path, isFolder) in ModuleTree.Walk(moduleRoot, SnapshotOptions))
        {
            var relative = path.Substring(moduleRoot.Length).TrimStart(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar)
                .Replace(Path.DirectorySeparatorChar, '/');
            (isFolder ? directories : files).Add(relative);
        }
        files.Sort(PathComparer);
        directories.Sort(PathComparer);
        return (files, directories);
    }

    /// <summary>The inputs of go generate, with their hashes; known reuses a hash when size and time are unchanged.</summary>
    public static List<FileState> Inputs(string moduleRoot, IReadOnlyDictionary<string, FileState>? known)
    {
        var inputs = new SortedSet<string>(PathComparer);
        foreach (var file in ModuleSources.GoFiles(moduleRoot, includeTests: true))
        {
            inputs.Add(file.Substring(moduleRoot.TrimEnd('/', '\\').Length + 1).Replace('\\', '/'));
        }
        foreach (var name in new[] { "go.mod", "go.sum" })
        {
            if (File.Exists(Path.Combine(moduleRoot, name))) inputs.Add(name);
        }

        var states = new Dictionary<string, FileState>(PathComparer);
        var anyChanged = known is null || known.Keys.Count(k => k.EndsWith(".go", StringComparison.Ordinal)) != inputs.Count(k => k.EndsWith(".go",
            StringComparison.Ordinal));
        foreach (var relative in inputs)
        {
            var state = Read(moduleRoot, relative, known);
            if (state is null) continue;
            states[relative] = state;
            if (known is null || !known.TryGetValue(relative, out var previous) || !ReferenceEquals(previous, state)
                && previous.Hash != state.Hash) anyChanged = true;
        }

        // The directive-named files depend only on the .go files' contents: when none changed, the ones found last
        // time still hold, and the no-op check reads no .go file twice.
        IEnumerable<string> named = !anyChanged
            ? known!.Keys.Where(k => !inputs.Contains(k))
            : inputs.Where(r => r.EndsWith(".go", StringComparison.Ordinal)).SelectMany(r => DirectiveInputs(moduleRoot, r));
        foreach (var relative in named.Distinct(PathComparer).ToList())
        {
            if (states.ContainsKey(relative)) continue;
            var namedState = Read(moduleRoot, relative, known);
            if (namedState is not null) states[relative] = namedState;
        }
        return states.Values.OrderBy(s => s.RelativePath, PathComparer).ToList();
    }

    /// <summary>
    /// Module files named by the arguments of the //go:generate directives in one .go file: each argument (or the
    /// value after '=' of a -flag=value argument) taken relative to the file's folder, kept when it is an existing
    /// file inside the module.
    /// </summary>
    public static IEnumerable<string> DirectiveInputs(string moduleRoot, string relativeGoFile)
    {
        var path = Path.Combine(moduleRoot, relativeGoFile);
        var directory = Path.GetDirectoryName(path)!;
        string[] lines;
        try { lines = File.ReadAllLines(path); } catch (IOException) { yield break; } catch (UnauthorizedAccessException) { yield break; }
        var root = Path.GetFullPath(moduleRoot).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        foreach (var line in lines)
        {
            if (!line.StartsWith("//go:generate ", StringComparison.Ordinal)) continue;
            foreach (var word in line.Substring("//go:generate ".Length).Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries).Skip(1))
            {
                var candidate = word.Trim('"');
                var eq = candidate.IndexOf('=');
                if (candidate.StartsWith("-", StringComparison.Ordinal)) candidate = eq > 0 ? candidate.Substring(eq + 1) : "";
                if (candidate.Length == 0 || candidate.Contains("$") || candidate.IndexOfAny(Path.GetInvalidPathChars()) >= 0) continue;
                string full;
                try { full = Path.GetFullPath(Path.Combine(directory, candidate)); } catch (Exception e) when (e is ArgumentException or
                    NotSupportedException or PathTooLongException) { continue; }
                if (!full.StartsWith(root, StringComparison.Ordinal) || !File.Exists(full)) continue;
                yield return full.Substring(root.Length).Replace(Path.DirectorySeparatorChar, '/');
            }
        }
    }

    /// <summary>Reads one file's state; null when it vanished meanwhile.</summary>
    public static FileState? Read(string moduleRoot, string relative, IReadOnlyDictionary<string, FileState>? known)
    {
        var info = new FileInfo(Path.Combine(moduleRoot, relative));
        if (!info.Exists) return null;
        var ticks = info.LastWriteTimeUtc.Ticks;
        if (known is not null && known.TryGetValue(relative, out var previous) && previous.Size == info.Length && previous.LastWriteTicksUtc == ticks)
        {
            return previous;
        }
        try
        {
            return new FileState(relative, info.Length, ticks, ContentHash.OfFile(info.FullName));
        }
        catch (FileNotFoundException) { return null; }
        catch (DirectoryNotFoundException) { return null; }
    }

    private static readonly ModuleTreeOptions SnapshotOptions = new()
    {
        SkipsFolder = IsExcludedFromSnapshot,
        SkipsNestedModules = true,
        SkipsGoModIgnored = true,
        SkipsUnreadableFiles = true, // vanished, or a dangling link
    };

    private static bool IsExcludedFromSnapshot(string folderName)
        => folderName.StartsWith(".", StringComparison.Ordinal) || folderName is "bin" or "obj" or "node_modules";

}
