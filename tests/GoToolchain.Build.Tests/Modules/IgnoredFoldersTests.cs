using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using GoToolchain.Build.Generate;
using GoToolchain.Build.Modules;
using GoToolchain.Build.Tests.Building;
using GoToolchain.Build.Tests.Toolchain;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.Tests.Modules;

/// <summary>
/// go.mod `ignore` lines (Go 1.25+): the package's ./... walks (loop semantics, the loop report, go generate's inputs and
/// Verify's snapshot) leave out exactly the folders go's ./... leaves out, compared with `go list ./...` of each toolchain
/// that knows the directive.
/// </summary>
[TestClass]
[TestCategory("toolchain")]
public sealed class IgnoredFoldersTests
{
    private static readonly string[] PackageFolders = { "a", "a/sub", "ab", "b", "b/c", "x/a", "x/b/c", "xb/c", "node_modules/p", "x/node_modules/q", "web/dist" };

    private static readonly string[] IgnoreLines =
    {
        "./a", "a", "b/c", "./b/c", "/a", "a/", "./a/", "node_modules", "./x", "x/b", "\"./web\"", "c", "./a/sub",
        "(\n\t./x\n\tnode_modules\n)", "/", "a/./sub", "./a/../b",
    };

    // go does not clean an ignore path: these ignore nothing.
    private static readonly string[] IgnoreNothing = { "a/./sub", "./a/../b" };

    [TestMethod]
    [DataRow("1.25")]
    [DataRow("1.26")]
    [DataRow("1.27")]
    public void TheModulesGoFilesAreThoseOfGoListDotDotDot(string version)
    {
        using var go = new RealGo();
        var mismatches = new List<string>();
        foreach (var ignore in IgnoreLines)
        {
            var root = go.WriteModule($"module m\n\ngo 1.25\n\nignore {ignore}\n");
            foreach (var folder in PackageFolders)
            {
                Directory.CreateDirectory(Path.Combine(root, folder));
                File.WriteAllText(Path.Combine(root, folder, "p.go"), "package p\n");
            }
            var run = go.Run(version, root, "local", RealGo.CleanPath, "list", "-f", "{{.Dir}}", "./...");
            Assert.AreEqual(0, run.ExitCode, $"ignore {ignore}: {run}");
            var goFolders = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(d => Relative(root, d)).OrderBy(d => d, StringComparer.Ordinal).ToList();
            var ours = ModuleSources.GoFiles(root).Select(f => Relative(root, Path.GetDirectoryName(f)!)).Distinct().OrderBy(d => d, StringComparer.Ordinal).ToList();
            if (!goFolders.SequenceEqual(ours)) mismatches.Add($"ignore {ignore.Replace("\n", " ")}: go lists [{string.Join(" ", goFolders)}], we walk [{string.Join(" ", ours)}]");
            Assert.AreEqual(IgnoreNothing.Contains(ignore), goFolders.Count == PackageFolders.Length + 1, $"ignore {ignore}: {run}");
        }
        Assert.IsEmpty(mismatches, $"Go {version}:\n" + string.Join("\n", mismatches));
    }

    [TestMethod]
    public void GenerateInputsAndTheVerifySnapshotDoNotEnterIgnoredFoldersButBuildInputsDo()
    {
        var root = BuildFixtures.NewTempDirectory("gotb-ignore");
        try
        {
            void Write(string relative, string text = "package p\n")
            {
                var path = Path.Combine(root, relative);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, text);
            }
            Write("go.mod", "module m\n\ngo 1.25\n\nignore ./frontend\nignore fixtures\n");
            Write("main.go", "package main\n\nfunc main() {}\n");
            Write("frontend/node/x.go");
            Write("frontend/app.js", "x");
            Write("pkg/fixtures/y.go");
            Write("pkg/z.go");

            CollectionAssert.AreEquivalent(new[] { "main.go", "pkg/z.go" },
                ModuleFiles.Inputs(root, null).Select(s => s.RelativePath).Where(p => p.EndsWith(".go", StringComparison.Ordinal)).ToList());
            var (files, directories) = ModuleFiles.SnapshotScope(root);
            CollectionAssert.AreEquivalent(new[] { "go.mod", "main.go", "pkg/z.go" }, files);
            CollectionAssert.AreEquivalent(new[] { "pkg" }, directories);

            // go build still compiles packages imported from ignored folders and embeds their files: a change there rebuilds.
            var buildInputs = GoToolchain.Build.Building.GoBuildPlanner.EnumerateInputs(root).Select(f => Relative(root, f)).ToList();
            CollectionAssert.IsSubsetOf(new[] { "frontend/node/x.go", "frontend/app.js", "pkg/fixtures/y.go" }, buildInputs);
        }
        finally
        {
            BuildFixtures.DeleteDirectory(root);
        }
    }

    [TestMethod]
    [DataRow("./a", "a", true)]
    [DataRow("./a", "a/sub", true)]
    [DataRow("./a", "x/a", false)]
    [DataRow("./a", "ab", false)]
    [DataRow("a", "x/a/sub", true)]
    [DataRow("a/", "x/a", true)]
    [DataRow("/a", "x/a", true)]
    [DataRow("b/c", "x/b/c", true)]
    [DataRow("b/c", "xb/c", false)]
    [DataRow("b/c", "b", false)]
    [DataRow(".", "", true)]
    [DataRow("A", "a", false)]
    [DataRow("/", "x", true)]
    [DataRow("a/./sub", "a/sub", false)]
    [DataRow("./a/../b", "b", false)]
    public void MatchesAsGoMatches(string ignore, string folder, bool ignored)
        => Assert.AreEqual(ignored, IgnoredFolders.From(new[] { new GoModIgnore(ignore, 1) }).Contains(folder.Replace('/', Path.DirectorySeparatorChar)));

    private static string Relative(string root, string path)
    {
        var relative = Path.GetRelativePath(root, path).Replace('\\', '/');
        return relative == "." ? "" : relative;
    }
}
