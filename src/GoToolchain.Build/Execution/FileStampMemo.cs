using System;
using System.Collections.Concurrent;
using System.IO;
using GoToolchain.Build.Modules;

namespace GoToolchain.Build.Execution;

/// <summary>
/// What a task derives from one file's bytes (a parsed go.mod, a cache file's entries, a cgo header), remembered in this
/// process by the file's path, size and last write time. The ten projects of a solution that use one module each ask
/// the same questions of the same files; with this a no-op build stats such a file instead of reading and parsing it
/// once per project and task. Size and time are what MSBuild's incremental build trusts as well. A file written in the
/// last few seconds is not remembered (a second write within the file system's timestamp granularity could keep its
/// size and time), nor is one that changed while it was read; missing and unreadable files are read every time.
/// Values must be immutable: every caller gets the same instance.
/// </summary>
internal static class FileStampMemo
{
    private const int Capacity = 4096;
    /// <summary>A file written this recently may be written again with the same size and time (timestamp granularity);
    /// the no-op build's record (ReuseLastGoBuild) trusts stamps by the same rule.</summary>
    internal static readonly TimeSpan SettleTime = TimeSpan.FromSeconds(3);
    private static readonly ConcurrentDictionary<(string Kind, string Path), Entry> Entries = new();

    /// <summary>
    /// <paramref name="read"/>(<paramref name="path"/>), or the value it gave for this file at this size and time.
    /// <paramref name="kind"/> tells apart what different callers derive from one file (and their options).
    /// </summary>
    public static T Get<T>(string kind, string path, Func<string, T> read) where T : class
    {
        var before = StampOf(path);
        if (before is null) return read(path);
        var key = (kind, path);
        if (Entries.TryGetValue(key, out var known) && known.Stamp == before.Value && known.Value is T remembered)
            return remembered;
        var value = read(path);
        if (DateTime.UtcNow - new DateTime(before.Value.Ticks, DateTimeKind.Utc) > SettleTime && StampOf(path) == before)
        {
            if (Entries.Count >= Capacity) Entries.Clear();
            Entries[key] = new Entry(before.Value, value);
        }
        else
        {
            Entries.TryRemove(key, out _);
        }
        return value;
    }

    private static (long Size, long Ticks)? StampOf(string path)
    {
        try
        {
            var info = new FileInfo(path);
            return info.Exists ? (info.Length, info.LastWriteTimeUtc.Ticks) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return null;
        }
    }

    private sealed class Entry
    {
        public Entry((long Size, long Ticks) stamp, object value)
        {
            Stamp = stamp;
            Value = value;
        }

        public (long Size, long Ticks) Stamp { get; }
        public object Value { get; }
    }
}
