using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using GoToolchain.Build.Diagnostics;
using GoToolchain.Build.Modules;

namespace GoToolchain.Build.GoTests.Coverage;

/// <summary>
/// Maps the import-path file names of a coverage profile ("example.com/calc/sub/add.go") to files on disk: the module
/// path of each tested module's go.mod plus the folder below it, and the local directories its replace directives name
/// (a sibling module that <c>-coverpkg</c> reaches). The longest module path wins, as go resolves nested modules.
/// </summary>
public sealed class SourceMap
{
    private readonly List<(string ModulePath, string Directory)> _roots;

    private SourceMap(List<(string ModulePath, string Directory)> roots, IReadOnlyList<Diagnostic> problems)
    {
        _roots = roots.OrderByDescending(r => r.ModulePath.Length).ToList();
        Problems = problems;
    }

    /// <summary>The go.mod files that could not be read: their files stay import paths in the report.</summary>
    public IReadOnlyList<Diagnostic> Problems { get; }

    /// <summary>The module folders (not the replacement folders): the report's source root is their common folder.</summary>
    public IReadOnlyList<string> ModuleDirectories { get; private set; } = Array.Empty<string>();

    /// <summary>Reads each folder's go.mod with the project's own reader (<see cref="GoModFile"/>).</summary>
    public static SourceMap ForModules(IEnumerable<string> moduleDirectories)
    {
        var roots = new List<(string, string)>();
        var problems = new List<Diagnostic>();
        var modules = new List<string>();
        foreach (var directory in moduleDirectories.Select(d => Path.GetFullPath(d)).Distinct(StringComparer.Ordinal))
        {
            modules.Add(directory);
            var goMod = GoModFile.Load(Path.Combine(directory, "go.mod"));
            if (goMod.ModulePath is null)
            {
                problems.AddRange(goMod.Diagnostics.Where(d => d.Severity == Severity.Error));
                continue;
            }
            roots.Add((goMod.ModulePath, directory));
            foreach (var replace in goMod.Replaces.Where(r => r.IsDirectory))
                roots.Add((replace.OldPath, Path.GetFullPath(Path.Combine(directory, replace.NewPath))));
        }
        return new SourceMap(roots, problems) { ModuleDirectories = modules };
    }

    /// <summary>For tests and callers that already know the module paths.</summary>
    public static SourceMap For(IEnumerable<(string ModulePath, string Directory)> modules)
    {
        var list = modules.Select(m => (m.ModulePath, Path.GetFullPath(m.Directory))).ToList();
        return new SourceMap(list, Array.Empty<Diagnostic>()) { ModuleDirectories = list.Select(m => m.Item2).Distinct().ToList() };
    }

    /// <summary>The file on disk, or null when no module of the map holds that import path.</summary>
    public string? Resolve(string profileFile)
    {
        foreach (var (modulePath, directory) in _roots)
        {
            if (profileFile.Length > modulePath.Length + 1
                && profileFile.StartsWith(modulePath, StringComparison.Ordinal)
                && profileFile[modulePath.Length] == '/')
                return Path.Combine(directory, profileFile.Substring(modulePath.Length + 1).Replace('/', Path.DirectorySeparatorChar));
        }
        // Outside a module (GOPATH mode) go writes the file's absolute path.
        return Path.IsPathRooted(profileFile) ? profileFile : null;
    }
}
