using System;
using System.Collections.Generic;
using System.Linq;
using GoToolchain.Build.Diagnostics;
using GoToolchain.Build.Platform;

namespace GoToolchain.Build.Toolchain;

/// <summary>How the go binary was chosen; said in the build log so nobody has to guess.</summary>
public enum GoSource { GoExecutableProperty, GoRootProperty, PathEnvironment }

public sealed class GoLocation
{
    public GoLocation(string goPath, GoSource source, string reason, IReadOnlyList<string> otherGoOnPath)
    {
        GoPath = goPath;
        Source = source;
        Reason = reason;
        OtherGoOnPath = otherGoOnPath;
    }

    /// <summary>The go binary to run, as found (symlinks kept: go resolves them itself).</summary>
    public string GoPath { get; }
    public GoSource Source { get; }
    public string Reason { get; }

    /// <summary>Other, different go binaries on PATH, in PATH order.</summary>
    public IReadOnlyList<string> OtherGoOnPath { get; }
}

/// <summary>
/// Finds the go binary: GoExecutable, else GoRoot/bin/go, else the first go on PATH (as a shell would).
/// </summary>
public sealed class GoLocator
{
    private readonly IPlatform _platform;
    private readonly PlatformPaths _paths;

    public GoLocator(IPlatform platform)
    {
        _platform = platform;
        _paths = PlatformPaths.For(platform);
    }

    /// <param name="goExecutable">The GoExecutable property, already made absolute (or empty).</param>
    /// <param name="goRoot">The GoRoot property, already made absolute (or empty).</param>
    /// <param name="projectFile">Where property errors point when <paramref name="propertyAt"/> does not know the line.</param>
    /// <param name="propertyAt">The file and line that set a property (ProjectFileLines.Property), asked only for an error.</param>
    public GoLocation? Locate(string? goExecutable, string? goRoot, string? projectFile, DiagnosticBag diagnostics,
        Func<string, (string? File, int Line)>? propertyAt = null)
    {
        Diagnostic At(string property, string code, string message)
        {
            var (file, line) = propertyAt?.Invoke(property) ?? (projectFile, 0);
            return Diagnostic.Error(code, message, file ?? projectFile, line);
        }
        var onPath = FindAllOnPath();

        if (!string.IsNullOrEmpty(goExecutable))
        {
            if (_platform.DirectoryExists(goExecutable!) || !_platform.FileExists(goExecutable!))
            {
                var what = _platform.DirectoryExists(goExecutable!) ? "is a directory" : "does not exist";
                diagnostics.Add(At("GoExecutable", Codes.GoExecutableMissing,
                    $"GoExecutable '{goExecutable}' {what}. Fix: set GoExecutable to the go binary (e.g. /usr/lib/go-1.23/bin/go), or remove it " +
                        $"to use GoRoot or PATH."));
                return null;
            }
            return Found(goExecutable!, GoSource.GoExecutableProperty, $"the GoExecutable property is '{goExecutable}'", onPath);
        }

        if (!string.IsNullOrEmpty(goRoot))
        {
            if (_platform.BrokenLink(goRoot!) is { } broken)
            {
                diagnostics.Add(At("GoRoot", Codes.GoRootMissing,
                    $"GoRoot '{goRoot}' is {broken}, so no Go installation is there. Fix: point the link (or GoRoot) at an installed Go " +
                        "(Debian: /usr/lib/go-1.NN), or remove GoRoot to use the go on PATH."));
                return null;
            }
            if (_platform.FileExists(goRoot!))
            {
                diagnostics.Add(At("GoRoot", Codes.GoRootIsFile,
                    $"GoRoot '{goRoot}' is a file, not a Go installation directory. Fix: set GoRoot to the directory that contains " +
                        $"bin/{_paths.GoExecutableName} (e.g. /usr/lib/go-1.23), or set GoExecutable to the binary itself."));
                return null;
            }
            if (!_platform.DirectoryExists(goRoot!))
            {
                diagnostics.Add(At("GoRoot", Codes.GoRootMissing,
                    $"GoRoot '{goRoot}' does not exist. Fix: install Go there, or point GoRoot at an installed Go (Debian: /usr/lib/go-1.NN), or " +
                        $"remove GoRoot to use the go on PATH."));
                return null;
            }
            var candidate = _paths.Combine(goRoot!, "bin", _paths.GoExecutableName);
            if (!_platform.FileExists(candidate))
            {
                diagnostics.Add(At("GoRoot", Codes.GoRootWithoutGo,
                    $"GoRoot '{goRoot}' has no {_paths.Combine("bin", _paths.GoExecutableName)}: '{candidate}' does not exist, so it is not a Go " +
                        $"installation. Fix: point GoRoot at the directory that contains bin/{_paths.GoExecutableName}."));
                return null;
            }
            return Found(candidate, GoSource.GoRootProperty, $"the GoRoot property is '{goRoot}'", onPath);
        }

        if (onPath.Count == 0)
        {
            diagnostics.Add(Diagnostic.Error(Codes.GoNotFound,
                $"No go binary found: GoExecutable and GoRoot are not set and no '{_paths.GoExecutableName}' is on PATH " +
                    $"({_paths.SplitPathList(_platform.GetEnvironmentVariable("PATH")).Count} entries searched). " +
                "Fix: install Go (Debian/Ubuntu: apt-get install golang-1.23-go) and set GoRoot (e.g. /usr/lib/go-1.23) in Directory.Build.props, " +
                    "or put go on PATH.",
                projectFile));
            return null;
        }
        return Found(onPath[0], GoSource.PathEnvironment, $"it is the first '{FileName(onPath[0])}' on PATH", onPath);
    }

    private GoLocation Found(string goPath, GoSource source, string reason, IReadOnlyList<string> onPath)
    {
        var chosenReal = _platform.ResolveSymlinks(goPath);
        var seen = new HashSet<string>(_paths.Comparer) { chosenReal };
        var others = new List<string>();
        foreach (var candidate in onPath)
        {
            if (seen.Add(_platform.ResolveSymlinks(candidate))) others.Add(candidate);
        }
        return new GoLocation(goPath, source, reason, others);
    }

    /// <summary>
    /// A go that is not inside a Go installation (no VERSION two levels above the resolved binary): a version-manager
    /// shim (asdf, mise, goenv), a launcher (scoop, chocolatey) or a wrapper script that starts the real go.
    /// </summary>
    public bool IsLauncher(string goPath)
    {
        var root = _paths.GetDirectoryName(_paths.GetDirectoryName(_platform.ResolveSymlinks(goPath)) ?? "") ?? "";
        return _platform.GetFileStamp(_paths.Combine(root, "VERSION")) is null;
    }

    /// <summary>Every go on PATH in order (an entry that names a directory with go in it); on Windows the first of
    /// go.com, go.exe, go.bat, go.cmd in each folder in PATHEXT's order, as cmd.exe would start it.</summary>
    public IReadOnlyList<string> FindAllOnPath()
        => _paths.SplitPathList(_platform.GetEnvironmentVariable("PATH"))
            .Select(dir => ExecutableSearch.Find("go", new[] { dir }, _platform.GetEnvironmentVariable("PATHEXT"), _paths.IsWindows,
                _platform.FileExists, _paths.Combine))
            .Where(found => found is not null)
            .Select(found => found!)
            .Distinct(_paths.Comparer)
            .ToList();

    // go.exe, or go.cmd when a wrapper comes first in PATHEXT's order.
    private string FileName(string path) => path.Substring(path.LastIndexOfAny(_paths.IsWindows ? new[] { '\\', '/' } : new[] { '/' }) + 1);

    /// <summary>A named toolchain binary (e.g. go1.23.0) on PATH, as go's own exec.LookPath finds it for GOTOOLCHAIN switching.</summary>
    public string? LookPath(string name) => LookPath(name, _platform.GetEnvironmentVariable("PATH"));

    /// <param name="pathList">The PATH the go process will get (GoEnvironment may set its own).</param>
    public string? LookPath(string name, string? pathList)
        => _paths.SplitPathList(pathList)
            .Select(dir => _paths.Combine(dir, _paths.IsWindows ? name + ".exe" : name))
            .FirstOrDefault(_platform.FileExists);
}
