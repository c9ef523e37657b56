using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using GoToolchain.Build.Execution;

namespace GoToolchain.Build.Generate;

/// <summary>How one file differs after go generate ran (Verify).</summary>
public enum FileChangeKind { Changed, Created, Deleted }

public sealed class FileChange
{
    public FileChange(string relativePath, FileChangeKind kind, int firstDifferentLine)
    {
        RelativePath = relativePath;
        Kind = kind;
        FirstDifferentLine = firstDifferentLine;
    }

    public string RelativePath { get; }
    public FileChangeKind Kind { get; }

    /// <summary>For a changed file: the first line whose text differs (1-based); 0 when unknown.</summary>
    public int FirstDifferentLine { get; }
}

/// <summary>
/// A copy of a module's snapshot scope (ModuleFiles.SnapshotScope: contents, last write times, the list of
/// folders) in a backup folder outside the user's tree. Verify takes one before go generate, compares after, and
/// restores in a finally: changed files get their bytes and times back, new files and folders go, deleted files
/// return. The backup carries a "complete" marker; a build that dies midway leaves it behind and the next run
/// restores the tree from it before anything else (RecoverInterrupted).
/// </summary>
public sealed class TreeSnapshot
{
    private const string ManifestName = "manifest";
    private const string CompleteMarker = "complete";
    private readonly string _moduleRoot;
    private readonly string _backupDirectory;
    private readonly Dictionary<string, FileState> _files;
    private readonly HashSet<string> _directories;

    private TreeSnapshot(string moduleRoot, string backupDirectory, Dictionary<string, FileState> files, HashSet<string> directories)
    {
        _moduleRoot = moduleRoot;
        _backupDirectory = backupDirectory;
        _files = files;
        _directories = directories;
    }

    public int FileCount => _files.Count;

    private static string FilesDirectory(string backupDirectory) => Path.Combine(backupDirectory, "files");

    /// <summary>Copies the scope into <paramref name="backupDirectory"/> (emptied first) and marks it complete.</summary>
    public static TreeSnapshot Take(string moduleRoot, string backupDirectory)
    {
        DeleteDirectory(backupDirectory);
        var filesDirectory = FilesDirectory(backupDirectory);
        Directory.CreateDirectory(filesDirectory);
        var (files, directories) = ModuleFiles.SnapshotScope(moduleRoot);
        var states = new Dictionary<string, FileState>(StringComparer.Ordinal);
        var manifest = new StringBuilder();
        foreach (var directory in directories) manifest.Append("D\t").Append(directory).Append('\n');
        foreach (var relative in files)
        {
            var source = Path.Combine(moduleRoot, relative);
            var info = new FileInfo(source);
            if (!info.Exists) continue;
            var copy = Path.Combine(filesDirectory, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(source, copy, overwrite: true);
            var state = new FileState(relative, info.Length, info.LastWriteTimeUtc.Ticks, ContentHash.OfFile(copy));
            states[relative] = state;
            manifest.Append("F\t").Append(state.Hash).Append('\t').Append(state.Size).Append('\t')
                .Append(state.LastWriteTicksUtc).Append('\t').Append(relative).Append('\n');
        }
        File.WriteAllText(Path.Combine(backupDirectory, ManifestName), manifest.ToString(), new UTF8Encoding(false));
        File.WriteAllText(Path.Combine(backupDirectory, CompleteMarker), "");
        return new TreeSnapshot(moduleRoot, backupDirectory, states, new HashSet<string>(directories, StringComparer.Ordinal));
    }

    /// <summary>
    /// A backup left by a build that died during Verify: restore the tree from it and delete it. Returns the
    /// number of files put back, or -1 when there was nothing to recover. An incomplete backup (the build died
    /// while copying, before go generate started) is just deleted: the tree was not touched yet.
    /// </summary>
    public static int RecoverInterrupted(string moduleRoot, string backupDirectory)
    {
        if (!Directory.Exists(backupDirectory)) return -1;
        if (!File.Exists(Path.Combine(backupDirectory, CompleteMarker)))
        {
            DeleteDirectory(backupDirectory);
            return -1;
        }
        var files = new Dictionary<string, FileState>(StringComparer.Ordinal);
        var directories = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in File.ReadAllLines(Path.Combine(backupDirectory, ManifestName), Encoding.UTF8))
        {
            if (line.StartsWith("D\t", StringComparison.Ordinal)) directories.Add(line.Substring(2));
            else if (line.StartsWith("F\t", StringComparison.Ordinal))
            {
                var parts = line.Split(new[] { '\t' }, 5);
                files[parts[4]] = new FileState(parts[4], long.Parse(parts[2]), long.Parse(parts[3]), parts[1]);
            }
        }
        // The manifest is read back from outside the tree: only paths that stay inside the module are restored.
        if (directories.Concat(files.Keys).FirstOrDefault(p => !StaysInside(moduleRoot, p)) is { } outside)
        {
            DeleteDirectory(backupDirectory);
            throw new EntryOutsideRootException(backupDirectory, outside);
        }
        var snapshot = new TreeSnapshot(moduleRoot, backupDirectory, files, directories);
        var restored = snapshot.Restore();
        return restored;
    }

    /// <summary>True when <paramref name="relative"/> is a relative path that names something inside <paramref name="root"/>.</summary>
    public static bool StaysInside(string root, string relative)
    {
        if (relative.Length == 0 || Path.IsPathRooted(relative) || relative.IndexOf('\0') >= 0) return false;
        if (relative.Split('/', '\\').Any(part => part == "..")) return false;
        var full = Path.GetFullPath(Path.Combine(root, relative));
        var prefix = Path.GetFullPath(root).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        return full.StartsWith(prefix, StringComparison.Ordinal);
    }

    /// <summary>Every file that differs from the snapshot now, sorted by path.</summary>
    public List<FileChange> Compare()
    {
        var changes = new List<FileChange>();
        var (files, _) = ModuleFiles.SnapshotScope(_moduleRoot);
        var current = new HashSet<string>(files, StringComparer.Ordinal);
        foreach (var relative in files)
        {
            if (!_files.TryGetValue(relative, out var before))
            {
                changes.Add(new FileChange(relative, FileChangeKind.Created, 0));
                continue;
            }
            var path = Path.Combine(_moduleRoot, relative);
            var info = new FileInfo(path);
            if (info.Length == before.Size && ContentHash.OfFile(path) == before.Hash) continue;
            changes.Add(new FileChange(relative, FileChangeKind.Changed, FirstDifferentLine(Path.Combine(FilesDirectory(_backupDirectory),
                relative), path)));
        }
        foreach (var relative in _files.Keys.Where(k => !current.Contains(k)))
        {
            changes.Add(new FileChange(relative, FileChangeKind.Deleted, 0));
        }
        return changes.OrderBy(c => c.RelativePath, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// Puts the tree back: the bytes and times of every snapshot file, no file or folder that was not there.
    /// Deletes the backup only when everything was restored. Returns how many files needed restoring.
    /// </summary>
    public int Restore()
    {
        var restored = 0;
        var (files, directories) = ModuleFiles.SnapshotScope(_moduleRoot);
        foreach (var relative in files.Where(f => !_files.ContainsKey(f)))
        {
            File.Delete(Path.Combine(_moduleRoot, relative));
            restored++;
        }
        foreach (var relative in directories.Where(d => !_directories.Contains(d)).OrderByDescending(d => d.Length))
        {
            var path = Path.Combine(_moduleRoot, relative);
            if (Directory.Exists(path) && !Directory.EnumerateFileSystemEntries(path).Any()) Directory.Delete(path);
        }
        foreach (var relative in _directories) Directory.CreateDirectory(Path.Combine(_moduleRoot, relative));
        foreach (var state in _files.Values)
        {
            var path = Path.Combine(_moduleRoot, state.RelativePath);
            var info = new FileInfo(path);
            var same = info.Exists && info.Length == state.Size && ContentHash.OfFile(path) == state.Hash;
            if (!same)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                if (info.Exists && info.IsReadOnly) info.IsReadOnly = false;
                File.Copy(Path.Combine(FilesDirectory(_backupDirectory), state.RelativePath), path, overwrite: true);
                restored++;
            }
            if (!same || info.LastWriteTimeUtc.Ticks != state.LastWriteTicksUtc)
            {
                File.SetLastWriteTimeUtc(path, new DateTime(state.LastWriteTicksUtc, DateTimeKind.Utc));
            }
        }
        DeleteDirectory(_backupDirectory);
        return restored;
    }

    private static int FirstDifferentLine(string beforePath, string afterPath)
    {
        try
        {
            var before = File.ReadAllLines(beforePath);
            var after = File.ReadAllLines(afterPath);
            for (var i = 0; i < Math.Max(before.Length, after.Length); i++)
            {
                if (i >= before.Length || i >= after.Length || before[i] != after[i]) return i + 1;
            }
            return 1; // only line endings or a trailing newline differ
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }

    internal static void DeleteDirectory(string directory)
    {
        if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
    }
}

/// <summary>A backup manifest names a path outside the module: it was not written by this package and is not used.</summary>
public sealed class EntryOutsideRootException : Exception
{
    public EntryOutsideRootException(string backupDirectory, string path)
        : base($"the backup '{backupDirectory}' names '{path}', which is outside the module")
    {
        BackupDirectory = backupDirectory;
        PathOutside = path;
    }

    public string BackupDirectory { get; }
    public string PathOutside { get; }
}
