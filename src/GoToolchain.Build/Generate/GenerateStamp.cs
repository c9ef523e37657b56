using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace GoToolchain.Build.Generate;

/// <summary>
/// What the last successful go generate of a module saw: a hash of its settings (toolchain, environment, mode,
/// -run/-skip) and the content hash of every input file. The next build skips go generate when both are equal.
/// Sizes and times are kept only so unchanged files need not be hashed again; the decision is made on contents.
/// </summary>
public sealed class GenerateStamp
{
    private const string Header = "gotb-generate-stamp 1";

    public GenerateStamp(string settingsHash, IReadOnlyList<FileState> inputs)
    {
        SettingsHash = settingsHash;
        Inputs = inputs;
    }

    public string SettingsHash { get; }
    public IReadOnlyList<FileState> Inputs { get; }

    public IReadOnlyDictionary<string, FileState> ByPath => Inputs.ToDictionary(i => i.RelativePath, StringComparer.Ordinal);

    /// <summary>True when the settings and every input's content are what this stamp recorded.</summary>
    public bool Matches(string settingsHash, IReadOnlyList<FileState> inputs)
        => SettingsHash == settingsHash
           && Inputs.Count == inputs.Count
           && Inputs.Zip(inputs, (a, b) => a.RelativePath == b.RelativePath && a.Hash == b.Hash).All(same => same);

    /// <summary>Null when there is no stamp or it cannot be read (then go generate simply runs again).</summary>
    public static GenerateStamp? TryLoad(string path)
    {
        try
        {
            if (!File.Exists(path)) return null;
            var lines = File.ReadAllLines(path, Encoding.UTF8);
            if (lines.Length < 2 || lines[0] != Header || !lines[1].StartsWith("settings ", StringComparison.Ordinal)) return null;
            var inputs = new List<FileState>();
            foreach (var line in lines.Skip(2))
            {
                var parts = line.Split(new[] { '\t' }, 4);
                if (parts.Length != 4 || !long.TryParse(parts[1], out var size) || !long.TryParse(parts[2], out var ticks)) return null;
                inputs.Add(new FileState(parts[3], size, ticks, parts[0]));
            }
            return new GenerateStamp(lines[1].Substring("settings ".Length), inputs);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Written to a temporary file and moved into place, so a crash never leaves a half stamp.</summary>
    public void Save(string path)
    {
        var sb = new StringBuilder();
        sb.Append(Header).Append('\n').Append("settings ").Append(SettingsHash).Append('\n');
        foreach (var input in Inputs) sb.Append(input.Hash).Append('\t').Append(input.Size).Append('\t')
            .Append(input.LastWriteTicksUtc).Append('\t').Append(input.RelativePath).Append('\n');
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + ".tmp";
        File.WriteAllText(temporary, sb.ToString(), new UTF8Encoding(false));
        if (File.Exists(path)) File.Delete(path);
        File.Move(temporary, path);
    }

    public static void Delete(string path)
    {
        try { if (File.Exists(path)) File.Delete(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }
}
