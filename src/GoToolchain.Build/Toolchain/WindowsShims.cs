using System;
using System.Linq;
using GoToolchain.Build.Platform;

namespace GoToolchain.Build.Toolchain;

/// <summary>
/// What a Windows version-manager shim starts. scoop's shim (`~\scoop\shims\go.exe`) reads `go.shim` beside it,
/// whose `path = "...\apps\go\current\bin\go.exe"` names the real go, and `current` is a junction that `scoop update
/// go` points at the new version: neither the shim nor its .shim file changes then, so the probe cache key must
/// follow the target (GoEnvProbe.CacheKey keys in its stamp and its installation's VERSION through the junction).
/// </summary>
public static class WindowsShims
{
    /// <summary>The .shim file scoop keeps beside <paramref name="shim"/> (go.exe -> go.shim).</summary>
    public static string ShimFile(string shim, PlatformPaths paths)
    {
        var directory = paths.GetDirectoryName(shim) ?? "";
        var name = shim.Substring(shim.LastIndexOfAny(new[] { '\\', '/' }) + 1);
        var dot = name.LastIndexOf('.');
        return paths.Combine(directory, (dot > 0 ? name.Substring(0, dot) : name) + ".shim");
    }

    /// <summary>The program the shim at <paramref name="shim"/> starts (the `path` line of its .shim file); null when
    /// it has none.</summary>
    public static string? Target(string shim, IPlatform platform, PlatformPaths paths)
    {
        var text = platform.ReadAllText(ShimFile(shim, paths));
        if (text is null) return null;
        foreach (var line in text.Split('\n').Select(l => l.Trim()))
        {
            var equals = line.IndexOf('=');
            if (equals <= 0 || !line.Substring(0, equals).Trim().Equals("path", StringComparison.OrdinalIgnoreCase)) continue;
            var value = line.Substring(equals + 1).Trim().Trim('"');
            return value.Length == 0 ? null : value;
        }
        return null;
    }
}
