using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace GoToolchain.Build.EndToEnd;

/// <summary>
/// A test that needs a program to be missing makes it missing itself (issue 26: three tests assumed this machine lacks
/// i686-w64-mingw32-gcc and failed wherever gcc-mingw-w64-i686-win32 is installed). <see cref="PathWithout"/> gives a PATH with
/// every program of the test process's PATH except the named ones: each PATH folder is mirrored by a folder of symbolic links
/// (made once per process), so the build still finds gcc, the other cross-compilers and the tools they run.
/// </summary>
public static class MissingPrograms
{
    private static readonly Dictionary<string, string> Made = new(StringComparer.Ordinal);

    /// <summary>The test process's PATH with <paramref name="programs"/> (and any program whose name starts with "name.") removed.</summary>
    public static string PathWithout(params string[] programs)
    {
        var key = string.Join(";", programs.OrderBy(p => p, StringComparer.Ordinal));
        lock (Made)
        {
            if (Made.TryGetValue(key, out var made)) return made;
            var root = Path.Combine(Path.GetTempPath(), "gotb-path-without-" + Guid.NewGuid().ToString("N").Substring(0, 8));
            var mirrored = new List<string>();
            var index = 0;
            foreach (var folder in (System.Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Where(f => f.Length > 0).Distinct())
            {
                if (!Directory.Exists(folder)) continue;
                var mirror = Path.Combine(root, (index++).ToString("D2"));
                Directory.CreateDirectory(mirror);
                foreach (var entry in Directory.EnumerateFileSystemEntries(folder))
                {
                    var name = Path.GetFileName(entry);
                    if (programs.Any(p => name == p || name.StartsWith(p + ".", StringComparison.Ordinal))) continue;
                    File.CreateSymbolicLink(Path.Combine(mirror, name), entry);
                }
                mirrored.Add(mirror);
            }
            return Made[key] = string.Join(Path.PathSeparator, mirrored);
        }
    }

    /// <summary>The environment of a build in which <paramref name="programs"/> are not on PATH.</summary>
    public static IReadOnlyDictionary<string, string?> Environment(params string[] programs)
        => new Dictionary<string, string?> { ["PATH"] = PathWithout(programs) };
}
