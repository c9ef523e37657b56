using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.EndToEnd;

/// <summary>
/// Helpers for builds that are meant to be attacked: fake go binaries and C compilers (shell scripts), a marker
/// in every descendant's environment so survivors can be found, and a snapshot of the folders around a project.
/// </summary>
public static class Hostile
{
    /// <summary>The variable every process of one build inherits; its value is unique per build.</summary>
    public const string MarkerVariable = "GOTB_HOSTILE_MARKER";

    public static string Script(string path, string body) => Executable(path, "#!/bin/sh\n" + body + "\n");

    /// <summary>A file with exactly <paramref name="content"/> and the execute bit.</summary>
    public static string Executable(string path, string content)
    {
        if (OperatingSystem.IsWindows()) throw new AssertFailedException("fake tools are /bin/sh scripts");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    /// <summary>Processes (pid → argv) whose environment holds <see cref="MarkerVariable"/>=<paramref name="marker"/>.</summary>
    public static Dictionary<int, string> ProcessesWithMarker(string marker)
    {
        var needle = Encoding.UTF8.GetBytes(MarkerVariable + "=" + marker + "\0");
        var found = new Dictionary<int, string>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || pid == Environment.ProcessId) continue;
            try
            {
                var environ = File.ReadAllBytes(Path.Combine(dir, "environ"));
                if (environ.AsSpan().IndexOf(needle) < 0) continue;
                var state = File.ReadAllText(Path.Combine(dir, "stat"));
                if (state.Substring(state.LastIndexOf(')') + 2).StartsWith("Z")) continue; // a zombie is dead, only not yet reaped
                found[pid] = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ').Trim();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { /* gone, or not ours */ }
        }
        return found;
    }

    /// <summary>Processes whose argv contains <paramref name="text"/>.</summary>
    public static List<int> ProcessesWithArgument(string text)
    {
        var found = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                if (File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ').Contains(text)) found.Add(pid);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }
        return found;
    }

    /// <summary>Waits (generously) until no marked process is left; kills and names any that stay.</summary>
    public static string? Survivors(string marker, TimeSpan wait)
    {
        var clock = Stopwatch.StartNew();
        Dictionary<int, string> alive;
        while ((alive = ProcessesWithMarker(marker)).Count > 0 && clock.Elapsed < wait) System.Threading.Thread.Sleep(200);
        if (alive.Count == 0) return null;
        foreach (var pid in alive.Keys)
        {
            try { using var p = Process.GetProcessById(pid); p.Kill(); }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception) { }
        }
        return string.Join("; ", alive.Select(p => $"{p.Key}: {p.Value}"));
    }

    /// <summary>Every file and folder under <paramref name="root"/>, relative, with '/'.</summary>
    public static HashSet<string> Snapshot(string root)
    {
        var entries = new HashSet<string>(StringComparer.Ordinal);
        if (!Directory.Exists(root)) return entries;
        foreach (var path in Directory.EnumerateFileSystemEntries(root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = true }))
        {
            entries.Add(Path.GetRelativePath(root, path).Replace('\\', '/'));
        }
        return entries;
    }
}
