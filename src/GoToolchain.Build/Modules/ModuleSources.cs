using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace GoToolchain.Build.Modules;

/// <summary>
/// The files of one module as go's ./... sees them (loop semantics, the loop report and go generate's inputs use
/// the same scope): the .go files go builds from one module directory: not tests, not vendor/ or testdata/, not directories or
/// files whose names start with '.' or '_' (go ignores them), not nested modules (their own go.mod rules them),
/// not symlinked folders (go's ./... does not follow them), not the folders go.mod's `ignore` lines name (Go 1.25+).
/// </summary>
public static class ModuleSources
{
    public static IEnumerable<string> GoFiles(string moduleDirectory, bool includeTests = false)
        => Files(moduleDirectory).Where(f => f.EndsWith(".go", StringComparison.Ordinal)
                                            && (includeTests || !f.EndsWith("_test.go", StringComparison.Ordinal)));

    /// <summary>Every file of the module that is not ignored (sources, embedded files, go.mod, go.sum).</summary>
    public static IEnumerable<string> Files(string moduleDirectory)
        => ModuleTree.Walk(moduleDirectory, GoPackagesScope).Where(e => !e.IsFolder).Select(e => e.Path);

    private static readonly ModuleTreeOptions GoPackagesScope = new()
    {
        SkipsFile = Ignored,
        SkipsFolder = name => Ignored(name) || name is "vendor" or "testdata",
        SkipsNestedModules = true,
        SkipsGoModIgnored = true,
        Sorted = true,
    };

    private static bool Ignored(string name) => name.StartsWith(".", StringComparison.Ordinal) || name.StartsWith("_", StringComparison.Ordinal);
}
