using System.Collections.Generic;
using GoToolchain.Build.Diagnostics;
using GoToolchain.Build.Platform;

namespace GoToolchain.Build.Toolchain;

/// <summary>
/// Checks a toolchain's installation against what its `go env` reported. go itself notices a stale GOROOT only
/// at compile time, with one "does not match go tool version" line per std package.
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

    /// <summary>
    /// Before the probe: a GOROOT go is told that does not exist makes every go command fail with "go: cannot find
    /// GOROOT directory". Reported here as GOTB020 naming where it comes from; false then.
    /// </summary>
    public bool CheckExplicitRootExists(GoLocation location, ExplicitGoRoot? explicitRoot, string? projectFile, DiagnosticBag diagnostics)
    {
        if (explicitRoot is null || _platform.DirectoryExists(explicitRoot.Value)) return true;
        diagnostics.Add(Diagnostic.Error(Codes.GoRootMismatch,
            $"{Capitalize(explicitRoot.Description)} is '{explicitRoot.Value}', a folder that does not exist, and go uses it as its root: every " +
                $"go command, " +
            $"including the go this build runs ('{location.GoPath}', chosen because {location.Reason}), fails with 'go: cannot find GOROOT " +
                $"directory: {explicitRoot.Value}'. " +
            $"It is most likely left over from an old installation; nothing in the project set it. Fix: {explicitRoot.UnsetFix}, so go finds its " +
                $"own root; " +
            "to build with a particular Go, set the GoRoot property (Directory.Build.props or -p:GoRoot=...) or put that Go first on PATH.",
            projectFile));
        return false;
    }

    /// <param name="location">The go binary that was probed and why it was chosen.</param>
    /// <param name="env">Its `go env -json`.</param>
    /// <param name="explicitRoot">The GOROOT go was told (environment, GoEnvironment or go env file), or null when go derived its own.</param>
    /// <param name="propertyAt">The file and line that set a property (ProjectFileLines.Property): an installation chosen by the GoRoot
    /// or GoExecutable property is reported there (GOTB021-023), where the user fixes it; null: the project file.</param>
    public void Check(GoLocation location, IReadOnlyDictionary<string, string> env, ExplicitGoRoot? explicitRoot, string? projectFile,
        DiagnosticBag diagnostics, System.Func<string, (string? File, int Line)>? propertyAt = null)
    {
        var chosenBy = location.Source switch
        {
            GoSource.GoRootProperty => "GoRoot",
            GoSource.GoExecutableProperty => "GoExecutable",
            _ => null,
        };
        var (installationFile, installationLine) = chosenBy is not null && propertyAt is not null ? propertyAt(chosenBy) : (projectFile, 0);
        var goPath = location.GoPath;
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

        // A root go derived itself matches the go that runs, even when a shim or wrapper (asdf, mise, goenv, scoop, a
        // script) started it from somewhere else: only a root go was told can be another installation's.
        var realRoot = _platform.ResolveSymlinks(goRoot);
        if (explicitRoot is not null && !_paths.AreSame(realRoot, binaryRoot))
        {
            var rootVersion = ReadVersionFile(goRoot);
            var binaryIsInARoot = ReadVersionFile(binaryRoot) is not null;
            var otherRelease = rootVersion is not null && rootVersion != goVersion;
            if (otherRelease || (rootVersion is null && binaryIsInARoot))
            {
                var versionPart = rootVersion is null ? "" : $" ({rootVersion} by its VERSION file)";
                var consequence = otherRelease
                    ? $" go build would fail with 'compile: version \"{rootVersion}\" does not match go tool version \"{goVersion}\"'."
                    : "";
                var owner = binaryIsInARoot ? $"belongs to '{binaryRoot}'" : "is another installation";
                var setIt = binaryIsInARoot ? $", or set it to '{binaryRoot}'" : "";
                diagnostics.Add(Diagnostic.Error(Codes.GoRootMismatch,
                    $"{explicitRoot.Description} is '{goRoot}'{versionPart}, but the go binary '{goPath}' ({goVersion}, chosen because " +
                        $"{location.Reason}) {owner}.{consequence} " +
                    $"Fix: {explicitRoot.UnsetFix} (go finds its own root){setIt}; to use the Go in '{goRoot}', set GoRoot={goRoot}.",
                    projectFile));
                return; // the checks below would only repeat this cause
            }
        }

        var fileVersion = ReadVersionFile(goRoot);
        if (fileVersion is not null && fileVersion != goVersion)
        {
            diagnostics.Add(Diagnostic.Error(Codes.GoRootVersionMismatch,
                $"'{_paths.Combine(goRoot, "VERSION")}' says {fileVersion} but '{goPath}' is {goVersion}: the installation mixes two Go releases " +
                $"and go build would fail with 'compile: version \"{fileVersion}\" does not match go tool version \"{goVersion}\"'. Fix: " +
                    $"reinstall Go in '{goRoot}'.",
                installationFile ?? projectFile, installationLine));
        }

        var toolDir = Get(env, "GOTOOLDIR");
        if (toolDir.Length == 0)
        {
            toolDir = _paths.Combine(goRoot, "pkg", "tool", $"{Get(env, "GOHOSTOS")}_{Get(env, "GOHOSTARCH")}");
        }
        if (!_platform.DirectoryExists(toolDir))
        {
            diagnostics.Add(Diagnostic.Error(Codes.GoRootToolsMissing,
                $"The Go installation '{goRoot}' has no compiler tools: '{toolDir}' does not exist, so go build cannot compile. Fix: reinstall Go " +
                    $"(Debian: golang-1.NN-go), or point GoRoot at a complete installation.",
                installationFile ?? projectFile, installationLine));
        }

        var runtimeDir = _paths.Combine(goRoot, "src", "runtime");
        if (!_platform.DirectoryExists(runtimeDir))
        {
            diagnostics.Add(Diagnostic.Error(Codes.GoRootSourcesMissing,
                $"The Go installation '{goRoot}' has no standard library sources: '{runtimeDir}' does not exist, so go build would fail with " +
                    $"'package fmt is not in std'. Fix: reinstall Go (Debian: golang-1.NN-go, which links src from golang-1.NN-src), or point " +
                    $"GoRoot at a complete installation.",
                installationFile ?? projectFile, installationLine));
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

    private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text.Substring(1);

    private static string Get(IReadOnlyDictionary<string, string> env, string name)
        => env.TryGetValue(name, out var value) ? value : "";
}
