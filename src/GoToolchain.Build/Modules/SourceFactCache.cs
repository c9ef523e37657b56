using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using GoToolchain.Build.Execution;

namespace GoToolchain.Build.Modules;

/// <summary>
/// One fact per source file (its //go:build line, its imports…) that a check derives from the file's text, remembered
/// by the file's size and last write time in a small file under obj/, so a no-op build stats a 2,000-file module instead
/// of reading it. Size and time are what MSBuild's own incremental build and RunGoGenerate's stamp trust as well.
/// The cache only saves time: an unreadable, foreign or damaged cache file is ignored, and one that cannot be written
/// is not written.
/// </summary>
public sealed class SourceFactCache
{
    private const string Header = "GoToolchain.Build source facts v1";

    private readonly string? _file;
    private readonly IReadOnlyDictionary<string, Entry> _known;
    private readonly Dictionary<string, Entry> _used = new(StringComparer.Ordinal);
    private bool _changed;

    private SourceFactCache(string? file, IReadOnlyDictionary<string, Entry> known)
    {
        _file = file;
        _known = known;
    }

    /// <summary>Files whose fact came from the cache, without reading them (the tests assert a no-op reads none).</summary>
    public int Hits { get; private set; }

    /// <summary>Files that were read.</summary>
    public int Reads { get; private set; }

    /// <summary>The cache in <paramref name="file"/>; null: remembered in memory for this one use only.</summary>
    /// <remarks>The cache file's entries are read once per process and file version (<see cref="Execution.FileStampMemo"/>): ten
    /// projects on one module open the same file. They are never changed here; <see cref="Save"/> writes what was used.</remarks>
    public static SourceFactCache Open(string? file)
        => new(file, file is null ? new Dictionary<string, Entry>(StringComparer.Ordinal) : Execution.FileStampMemo.Get("source-facts", file, Load));

    /// <summary>
    /// The fact of <paramref name="path"/>: the cached one when the file's size and last write time are the ones it was
    /// read at, else <paramref name="read"/>(path), remembered. Null when the file cannot be read (read returns null or
    /// throws an I/O error); that is not remembered.
    /// </summary>
    public string? Get(string path, Func<string, string?> read)
    {
        FileInfo info;
        try
        {
            info = new FileInfo(path);
            if (!info.Exists) return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return null;
        }
        var size = info.Length;
        var ticks = info.LastWriteTimeUtc.Ticks;
        if (_known.TryGetValue(path, out var known) && known.Size == size && known.Ticks == ticks)
        {
            Hits++;
            _used[path] = known;
            return known.Value;
        }

        string? value;
        try
        {
            value = read(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        Reads++;
        if (value is null) return null;
        _used[path] = new Entry(size, ticks, value);
        _changed = true;
        return value;
    }

    /// <summary>Writes the facts used since Open when any was read anew or any remembered file was not asked about.</summary>
    public void Save()
    {
        if (_file is null || (!_changed && _used.Count == _known.Count)) return;
        var text = new StringBuilder(Header).Append('\n');
        foreach (var pair in _used)
        {
            text.Append(TabSeparatedFields.Escape(pair.Key)).Append('\t').Append(pair.Value.Size).Append('\t').Append(pair.Value.Ticks).Append('\t')
                .Append(TabSeparatedFields.Escape(pair.Value.Value)).Append('\n');
        }
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(_file)!);
            // Written aside and moved into place: a build that stops half-way leaves the old file or none, never a torn one.
            var temp = _file + "." + Guid.NewGuid().ToString("N") + ".tmp";
            File.WriteAllText(temp, text.ToString());
            if (File.Exists(_file)) File.Delete(_file);
            File.Move(temp, _file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    private static Dictionary<string, Entry> Load(string file)
    {
        var entries = new Dictionary<string, Entry>(StringComparer.Ordinal);
        string[] lines;
        try
        {
            if (!File.Exists(file)) return entries;
            lines = File.ReadAllLines(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return entries;
        }
        if (lines.Length == 0 || lines[0] != Header) return entries;
        for (var i = 1; i < lines.Length; i++)
        {
            var fields = lines[i].Split('\t');
            if (fields.Length != 4 || !long.TryParse(fields[1], out var size) || !long.TryParse(fields[2], out var ticks)) continue;
            entries[TabSeparatedFields.Unescape(fields[0])] = new Entry(size, ticks, TabSeparatedFields.Unescape(fields[3]));
        }
        return entries;
    }

    private readonly struct Entry
    {
        public Entry(long size, long ticks, string value)
        {
            Size = size;
            Ticks = ticks;
            Value = value;
        }

        public long Size { get; }
        public long Ticks { get; }
        public string Value { get; }
    }
}
