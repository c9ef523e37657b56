using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace GoToolchain.Build.Generate;

/// <summary>
/// Finds the directive that was running when go generate was killed. With -v go prints each file's path
/// (relative to its working directory) before running its directives, and with -x each command before it starts;
/// so the last file line names the file, and the last directive of that file whose command was echoed after it
/// is the one that hung.
/// </summary>
public static class HangLocator
{
    public static (string? File, int Line, string? Command) Locate(string moduleDirectory, IReadOnlyList<string> stderr)
    {
        var fileIndex = -1;
        string? file = null;
        for (var i = stderr.Count - 1; i >= 0 && file is null; i--)
        {
            var candidate = stderr[i].Trim();
            if (!candidate.EndsWith(".go", StringComparison.Ordinal) || candidate.Contains(' ')) continue;
            var full = Path.IsPathRooted(candidate) ? candidate : Path.GetFullPath(Path.Combine(moduleDirectory, candidate));
            if (!File.Exists(full)) continue;
            file = full;
            fileIndex = i;
        }
        var lastEcho = stderr.Skip(fileIndex + 1).LastOrDefault(l => l.Trim().Length > 0)?.Trim();
        if (file is null) return (null, 0, lastEcho);

        string[] lines;
        try { lines = File.ReadAllLines(file); } catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return (file, 0,
            lastEcho); }
        var echoed = stderr.Skip(fileIndex + 1).Select(l => l.Trim()).ToList();
        var line = 0;
        string? command = null;
        for (var i = 0; i < lines.Length; i++)
        {
            if (!lines[i].StartsWith("//go:generate ", StringComparison.Ordinal)) continue;
            var words = lines[i].Substring("//go:generate ".Length).Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries);
            if (words.Length == 0 || words[0] == "-command") continue;
            var echo = echoed.LastOrDefault(e => e == words[0] || e.StartsWith(words[0] + " ", StringComparison.Ordinal));
            if (echo is null) continue;
            line = i + 1;
            command = echo;
        }
        return (file, line, command ?? lastEcho);
    }
}
