using System.Linq;
using GoToolchain.Build.Generate;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.Tests.Generate;

[TestClass]

[TestCategory("unit")]
public sealed class GenerateScopeTests
{
    /// <summary>What CheckGoProxy and RunGoGenerate agree on: Off generates nothing, BuildMode=none the whole module.</summary>
    [TestMethod]
    public void WhenGeneratingFollowsModeAndBuildMode()
    {
        Assert.IsNull(GenerateScope.WhenGenerating("off", null, "c-shared"));
        Assert.IsNull(GenerateScope.WhenGenerating("bogus", null, "c-shared"));
        Assert.IsTrue(GenerateScope.WhenGenerating("Run", null, "c-shared")!.IsBuildPackages);
        CollectionAssert.AreEqual(new[] { "./..." }, GenerateScope.WhenGenerating("Verify", "", "none")!.Patterns!.ToList());
        CollectionAssert.AreEqual(new[] { "./a", "./b" }, GenerateScope.WhenGenerating("run", "./a; ./b", "exe")!.Patterns!.ToList());
    }

    [TestMethod]
    [DataRow("")]
    [DataRow(" ; ")]
    [DataRow(null)]
    public void EmptyMeansThePackagesTheBuildCompiles(string? setting) => Assert.IsTrue(GenerateScope.Parse(setting).IsBuildPackages);

    [TestMethod]
    public void PatternsAreSplitAndTrimmed()
        => CollectionAssert.AreEqual(new[] { "./gen", "./internal/..." }, GenerateScope.Parse(" ./gen ; ./internal/...").Patterns!.ToArray());

    [TestMethod]
    public void OnlyThePackageModulesOwnPackagesAreKeptAsModuleRelativePatterns()
    {
        var lines = new[]
        {
            "/usr/lib/go/src/fmt\t\ttrue\t",
            "/mod/used\t/mod\ttrue\t",
            "/ws/other/lib\t/ws/other\ttrue\t",                    // another go.work module
            "/cache/mod/golang.org/x/sys@v0.1.0/windows\t/cache/mod/golang.org/x/sys@v0.1.0\ttrue\t",
            "/mod/cmd/tool\t/mod\tfalse\t",
        };
        var listing = GenerateScope.Read("/mod", lines);
        CollectionAssert.AreEqual(new[] { "./cmd/tool", "./used" }, listing.Packages);
        Assert.AreEqual(0, listing.RootProblems.Count);
    }

    [TestMethod]
    public void TheModuleIsTheOneGoNamesForThePackageEvenThroughASymlink()
    {
        var listing = GenerateScope.Read("/link/mod", new[] { "/real/mod\t/real/mod\tfalse\t", "/real/mod/x\t/real/mod\ttrue\t" });
        CollectionAssert.AreEqual(new[] { ".", "./x" }, listing.Packages);
    }

    [TestMethod]
    public void ARootErrorIsKeptUnquoted()
    {
        var listing = GenerateScope.Read("/mod", new[] { "/mod/nope\t\tfalse\t\"directory not found: \\\"x\\\"\"" });
        Assert.AreEqual("/mod/nope: directory not found: \"x\"", listing.RootProblems.Single());
        Assert.AreEqual(0, listing.Packages.Count);
    }

    [TestMethod]
    public void TheDoctorPlacesFilesInTheirPackageDirectory()
    {
        Assert.IsTrue(GenerateScope.Contains(new[] { ".", "./used" }, "used/used.go"));
        Assert.IsTrue(GenerateScope.Contains(new[] { "." }, "main.go"));
        Assert.IsFalse(GenerateScope.Contains(new[] { "." }, "maintainer/gen.go"));
    }
}
