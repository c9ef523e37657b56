using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using GoToolchain.Build.Execution;
using GoToolchain.Build.Platform;

namespace GoToolchain.Build.Building;

/// <summary>
/// What the last successful, warning-free build of a project's GoModules started from (its <see cref="BuildFingerprint"/>)
/// and what it handed to the rest of the build: the outputs with their stamps, the properties (GoResolvedVersion…) and
/// the items (the builds, the generated bindings). When the next build's fingerprint and the outputs' stamps are the same,
/// that build hands the same things on without running the package's checks, go generate or the build planning.
/// Lives in obj/.../go/, so dotnet clean and GoClean remove it.
/// </summary>
public sealed class LastBuildRecord
{
    private const string Header = "gotb-last-build 1";

    public LastBuildRecord(BuildFingerprint fingerprint, IReadOnlyList<KeyValuePair<string, string>> outputs,
        IReadOnlyList<KeyValuePair<string, string>> properties, IReadOnlyList<RecordedItem> items)
    {
        Fingerprint = fingerprint;
        Outputs = outputs;
        Properties = properties;
        Items = items;
    }

    public BuildFingerprint Fingerprint { get; }

    /// <summary>Output path → its stamp when recorded ("absent" for one that was not there).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Outputs { get; }

    public IReadOnlyList<KeyValuePair<string, string>> Properties { get; }
    public IReadOnlyList<RecordedItem> Items { get; }

    public string? Property(string name) => Properties.FirstOrDefault(p => p.Key == name).Value;

    public IEnumerable<RecordedItem> ItemsOfType(string type) => Items.Where(i => i.Type == type);

    public static string StampOf(IPlatform platform, string path) => platform.GetFileStamp(path)?.ToString() ?? "absent";

    /// <summary>Null when every recorded output still has its recorded stamp; else the first that does not.</summary>
    public string? ChangedOutput(IPlatform platform)
        => Outputs.FirstOrDefault(o => StampOf(platform, o.Key) != o.Value).Key;

    public string Serialize()
    {
        var sb = new StringBuilder(Header).Append('\n');
        foreach (var part in Fingerprint.Parts) Line(sb, "part", part.Key, part.Value);
        foreach (var output in Outputs) Line(sb, "output", output.Key, output.Value);
        foreach (var property in Properties) Line(sb, "property", property.Key, property.Value);
        foreach (var item in Items)
        {
            Line(sb, "item", item.Type, item.Spec);
            foreach (var metadata in item.Metadata) Line(sb, "metadata", metadata.Key, metadata.Value);
        }
        return sb.ToString();
    }

    /// <summary>Null when the text is not a record this version wrote (then the build simply runs in full).</summary>
    public static LastBuildRecord? Parse(string text)
    {
        var lines = text.Split('\n');
        if (lines.Length < 2 || lines[0] != Header) return null;
        var parts = new StringBuilder();
        var outputs = new List<KeyValuePair<string, string>>();
        var properties = new List<KeyValuePair<string, string>>();
        var items = new List<RecordedItem>();
        foreach (var line in lines.Skip(1))
        {
            if (line.Length == 0) continue;
            var fields = line.Split('\t');
            if (fields.Length != 3) return null;
            var (name, value) = (TabSeparatedFields.Unescape(fields[1]), TabSeparatedFields.Unescape(fields[2]));
            switch (fields[0])
            {
                case "part":
                    if (parts.Length > 0) parts.Append('\n');
                    parts.Append(name).Append('\t').Append(value);
                    break;
                case "output": outputs.Add(new KeyValuePair<string, string>(name, value)); break;
                case "property": properties.Add(new KeyValuePair<string, string>(name, value)); break;
                case "item": items.Add(new RecordedItem(name, value, new Dictionary<string, string>(StringComparer.Ordinal))); break;
                case "metadata":
                    if (items.Count == 0) return null;
                    ((Dictionary<string, string>)items[items.Count - 1].Metadata)[name] = value;
                    break;
                default: return null;
            }
        }
        var fingerprint = BuildFingerprint.Parse(parts.ToString());
        return fingerprint is null ? null : new LastBuildRecord(fingerprint, outputs, properties, items);
    }

    public static LastBuildRecord? TryLoad(string path)
    {
        try
        {
            return File.Exists(path) ? Parse(File.ReadAllText(path, Encoding.UTF8)) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Written to a temporary file and moved into place: a crash leaves the old record or none, never half of one.</summary>
    public void Save(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        try
        {
            File.WriteAllText(temporary, Serialize(), new UTF8Encoding(false));
            if (File.Exists(path)) File.Delete(path);
            File.Move(temporary, path);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }

    public static void Delete(string path)
    {
        try
        {
            if (File.Exists(path)) File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }

    private static void Line(StringBuilder sb, string kind, string name, string value)
        => sb.Append(kind).Append('\t').Append(TabSeparatedFields.Escape(name)).Append('\t').Append(TabSeparatedFields.Escape(value))
            .Append('\n');
}

/// <summary>An item the last build handed on: its item type, its Include and its metadata (all unescaped).</summary>
public sealed class RecordedItem
{
    public RecordedItem(string type, string spec, IReadOnlyDictionary<string, string> metadata)
    {
        Type = type;
        Spec = spec;
        Metadata = metadata;
    }

    public string Type { get; }
    public string Spec { get; }
    public IReadOnlyDictionary<string, string> Metadata { get; }
}
