using System.Collections.Generic;
using GoToolchain.Build.Diagnostics;

namespace GoToolchain.Build.Toolchain;

/// <summary>
/// Checks a toolchain's installation against what its `go env` reported. go itself notices a stale GOROOT only
/// at compile time, with one "does not match go tool version" line per std package (go-facts §3.2).
/// </summary>
public sealed class GoRootChecks
{
    private readonly IPlatform _platform;
    private readonly PlatformPaths _paths;

    public GoRootChecks(IPlatform platform)
    {
        _platform = platform;
        _paths = PlatformPaths.For(platform);
    }

    /// <param name="goPath">The go binary that was probed.</param>
    /// <param name="env">Its `go env -json`.</param>
    /// <param name="goRootFromEnvironment">The GOROOT the build environment sets (process or GoEnvironment), or null.</param>
    public void Check(string goPath, IReadOnlyDictionary<string, string> env, string? goRootFromEnvironment, string? projectFile, DiagnosticBag diagnostics)
    {
        var goVersion = Get(env, "GOVERSION");
        var goRoot = _paths.TrimTrailingSeparators(Get(env, "GOROOT"));
        var realGo = _platform.ResolveSymlinks(goPath);
        var binaryRoot = _paths.GetDirectoryName(_paths.GetDirectoryName(realGo) ?? "") ?? "";

        if (goRoot.Length == 0)
        {
            diagnostics.Add(Diagnostic.Error(Codes.GoRootMismatch,
                $"'{goPath}' reports an empty GOROOT. Fix: reinstall Go, or set GoRoot to its installation directory.", projectFile));
            return;
        }

        var realRoot = _platform.ResolveSymlinks(goRoot);
        if (!_paths.AreSame(realRoot, binaryRoot))
        {
            var rootVersion = ReadVersionFile(goRoot);
            var origin = string.IsNullOrEmpty(goRootFromEnvironment)
                ? "go reports GOROOT"
                : "the GOROOT environment variable is";
            var versionPart = rootVersion is null ? "" : $" ({rootVersion} by its VERSION file)";
            var consequence = rootVersion is not null && rootVersion != goVersion
                ? $" go build would fail with 'compile: version \"{rootVersion}\" does not match go tool version \"{goVersion}\"'."
                : "";
            diagnostics.Add(Diagnostic.Error(Codes.GoRootMismatch,
                $"{origin} '{goRoot}'{versionPart}, but the go binary '{goPath}' ({goVersion}) belongs to '{binaryRoot}'.{consequence} " +
                $"Fix: unset GOROOT (go finds its own root), or set it to '{binaryRoot}'; to use the Go in '{goRoot}', set GoRoot={goRoot}.",
                projectFile));
            return; // the checks below would only repeat this cause
        }

        var fileVersion = ReadVersionFile(goRoot);
        if (fileVersion is not null && fileVersion != goVersion)
        {
            diagnostics.Add(Diagnostic.Error(Codes.GoRootVersionMismatch,
                $"'{_paths.Combine(goRoot, "VERSION")}' says {fileVersion} but '{goPath}' is {goVersion}: the installation mixes two Go releases " +
                $"and go build would fail with 'compile: version \"{fileVersion}\" does not match go tool version \"{goVersion}\"'. Fix: reinstall Go in '{goRoot}'.",
                projectFile));
        }

        var toolDir = Get(env, "GOTOOLDIR");
        if (toolDir.Length == 0)
        {
            toolDir = _paths.Combine(goRoot, "pkg", "tool", $"{Get(env, "GOHOSTOS")}_{Get(env, "GOHOSTARCH")}");
        }
        if (!_platform.DirectoryExists(toolDir))
        {
            diagnostics.Add(Diagnostic.Error(Codes.GoRootToolsMissing,
                $"The Go installation '{goRoot}' has no compiler tools: '{toolDir}' does not exist, so go build cannot compile. Fix: reinstall Go (Debian: golang-1.NN-go), or point GoRoot at a complete installation.",
                projectFile));
        }

        var runtimeDir = _paths.Combine(goRoot, "src", "runtime");
        if (!_platform.DirectoryExists(runtimeDir))
        {
            diagnostics.Add(Diagnostic.Error(Codes.GoRootSourcesMissing,
                $"The Go installation '{goRoot}' has no standard library sources: '{runtimeDir}' does not exist, so go build would fail with 'package fmt is not in std'. Fix: reinstall Go (Debian: golang-1.NN-go, which links src from golang-1.NN-src), or point GoRoot at a complete installation.",
                projectFile));
        }
    }

    /// <summary>First line of $GOROOT/VERSION (1.21+ add a "time ..." line; 1.19 has no newline), or null.</summary>
    public string? ReadVersionFile(string goRoot)
    {
        var text = _platform.ReadAllText(_paths.Combine(goRoot, "VERSION"));
        if (text is null) return null;
        var end = text.IndexOfAny(new[] { '\r', '\n' });
        var first = (end < 0 ? text : text.Substring(0, end)).Trim();
        return first.Length == 0 ? null : first;
    }

    private static string Get(IReadOnlyDictionary<string, string> env, string name)
        => env.TryGetValue(name, out var value) ? value : "";
}
