using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.EndToEnd;

/// <summary>
/// GoLoopvar through `dotnet build` of a packed fixture: an exe GoModule whose output shows the loop semantics
/// (per-iteration `0 1 2 0 1 2 10 20 30`, per-loop `3 3 3 3 3 3 30 30 30`), on representative cells of the toolchain × go line × GOEXPERIMENT matrix.
/// </summary>
[TestClass]
[TestCategory("end-to-end")]
public class LoopvarTests
{
    private const string PerIteration = "0 1 2 0 1 2 10 20 30";
    private const string PerLoop = "3 3 3 3 3 3 30 30 30";

    private static readonly IReadOnlyDictionary<string, string> LoopsTool = new Dictionary<string, string>
    {
        ["main.go"] = """
            package main

            import "fmt"

            func main() {
            	var ps []*int
            	var fs []func() int
            	for i := 0; i < 3; i++ {
            		ps = append(ps, &i)
            		fs = append(fs, func() int { return i })
            	}
            	var vs []*int
            	for _, v := range []int{10, 20, 30} {
            		vs = append(vs, &v)
            	}
            	sum := 0
            	for j := 0; j < 3; j++ {
            		sum += j
            	}
            	fmt.Println(*ps[0], *ps[1], *ps[2], fs[0](), fs[1](), fs[2](), *vs[0], *vs[1], *vs[2])
            }
            """,
    };

    private static Fixture Tool(string name, string goLine)
        => Fixture.Create(name).WithGoModule("tools/loops", $"module example.com/loops\n\ngo {goLine}\n", LoopsTool, "BuildMode=\"exe\"");

    private static string RunTool(Fixture fixture)
    {
        var run = PackagedBuild.Run(Path.Combine(fixture.OutputDirectory, "loops"), Array.Empty<string>(), fixture.Directory,
            new Dictionary<string, string?>(), TimeSpan.FromSeconds(30));
        Assert.AreEqual(0, run.ExitCode, run.ToString());
        return run.Output.Trim();
    }

    private static string GoVersionOf(Fixture fixture, string goVersion)
        => PackagedBuild.Run(PackagedBuild.GoRoot(goVersion) + "/bin/go", new[] { "version", Path.Combine(fixture.OutputDirectory, "loops") },
            fixture.Directory, new Dictionary<string, string?> { ["GOEXPERIMENT"] = null }, TimeSpan.FromSeconds(30)).Output.Trim();

    [TestMethod]
    public void EnableOnGo121GivesAGo121ModulePerIterationLoopsProvesItListsTheLoopsAndANoOpBuildRunsNoGo()
    {
        var fixture = Tool("loopvar-enable-121", "1.21").WithProperty("GoLoopvar", "Enable").WithProperty("GoLoopvarReport", "true");
        var goRoot = PackagedBuild.GoRoot("1.21");
        var build = fixture.Build(null, $"-p:GoRoot={goRoot}");
        BuildAssert.Succeeded(build);
        StringAssert.Contains(build.Output, "GOTB302");
        Assert.AreEqual(PerIteration, RunTool(fixture));
        StringAssert.EndsWith(GoVersionOf(fixture, "1.21"), "go1.21.13 X:loopvar");
        StringAssert.Contains(build.Output, "go1.21.13 X:loopvar", "GoBuild proved the output with go version");
        // The merged GOEXPERIMENT is part of the build's environment (what generate and the settings file see).
        var settings = Directory.GetFiles(Path.Combine(fixture.Directory, "obj"), "*.settings", SearchOption.AllDirectories).Single();
        // (environment values are kept there as digests: docs/security.md)
        var digest = string.Concat(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("loopvar")).Take(16).Select(b => b.ToString("x2")));
        StringAssert.Contains(File.ReadAllText(settings), "env:GOEXPERIMENT=sha256:" + digest);

        // The loop report: the two loops that capture their variable, at main.go's lines; not the summing loop.
        var mainGo = Path.Combine(fixture.Directory, "tools", "loops", "main.go");
        var loops = build.Warnings.Where(w => w.Code == "GOTB310").ToList();
        CollectionAssert.AreEquivalent(new[] { 8, 13 }, loops.Select(w => w.Line).ToList(), build.ToString());
        Assert.IsTrue(loops.All(w => w.File == mainGo), build.ToString());

        var noOp = fixture.Build(null, $"-p:GoRoot={goRoot}", "-v:d");
        BuildAssert.Succeeded(noOp);
        Assert.IsFalse(noOp.Output.Contains($"{goRoot}/bin/go "), "a no-op build started a go process:\n" + noOp);
        CollectionAssert.AreEquivalent(new[] { 8, 13 }, noOp.Warnings.Where(w => w.Code == "GOTB310").Select(w => w.Line).Distinct().ToList(),
            "the report is repeated from obj/ on a no-op build");
    }

    [TestMethod]
    public void Go119BuildsPerLoopByDefaultAndEnableIsGotb301()
    {
        var fixture = Tool("loopvar-119", "1.19");
        BuildAssert.Succeeded(fixture.Build(null, $"-p:GoRoot={PackagedBuild.GoRoot("1.19")}"));
        Assert.AreEqual(PerLoop, RunTool(fixture));

        var error = BuildAssert.FailedWith(fixture.Build(null, $"-p:GoRoot={PackagedBuild.GoRoot("1.19")}", "-p:GoLoopvar=Enable"), "GOTB301");
        Assert.AreEqual(fixture.ProjectFile, error.File);
        BuildAssert.Mentions(error, "go1.19.8", "Go 1.21 or later", "GoLoopvar=Off");
    }

    [TestMethod]
    [DataRow("1.21", "1.22", PerLoop)]
    [DataRow("1.22", "1.22", PerIteration)]
    [DataRow("1.21", "1.23", PerLoop)]
    [DataRow("1.20", "1.21", PerLoop)]
    public void TheDefaultGivesExactlyWhatGoBuildGivesAndPrintsNoGotbLineAtMinimalVerbosity(string goLine, string goVersion, string expected)
    {
        var fixture = Tool($"loopvar-default-{goLine}-{goVersion}", goLine);
        var goRoot = PackagedBuild.GoRoot(goVersion);
        var build = fixture.Build(null, $"-p:GoRoot={goRoot}", "-v:m");
        BuildAssert.Succeeded(build);
        Assert.AreEqual(expected, RunTool(fixture), "the default must be go build's own semantics");
        Assert.IsFalse(GoVersionOf(fixture, goVersion).Contains("X:"), "no experiment of ours in the output");
        Assert.IsFalse(build.Output.Contains("GOTB"), "a default build that is all well prints no GOTB line at -v:m:\n" + build);

        // The same module built by hand with plain go build: the same program.
        var byHand = Path.Combine(fixture.Directory, "by-hand");
        var go = PackagedBuild.Run(goRoot + "/bin/go", new[] { "build", "-o", byHand, "." }, Path.Combine(fixture.Directory, "tools", "loops"),
            new Dictionary<string, string?> { ["GOEXPERIMENT"] = null, ["GOTOOLCHAIN"] = "local", ["GOFLAGS"] = null }, TimeSpan.FromMinutes(5));
        Assert.AreEqual(0, go.ExitCode, go.ToString());
        Assert.AreEqual(expected, PackagedBuild.Run(byHand, Array.Empty<string>(), fixture.Directory, new Dictionary<string, string?>(), TimeSpan.FromSeconds(30)).Output.Trim());
    }

    [TestMethod]
    public void TheUsersOwnGoexperimentLoopvarIsHonouredAndProvenUnderTheDefault()
    {
        var fixture = Tool("loopvar-own-experiment", "1.21");
        var build = fixture.Build(new Dictionary<string, string?> { ["GOEXPERIMENT"] = "loopvar" }, $"-p:GoRoot={PackagedBuild.GoRoot("1.22")}");
        BuildAssert.Succeeded(build);
        Assert.AreEqual(PerIteration, RunTool(fixture));
        StringAssert.Contains(build.Output, "go1.22.12 X:loopvar", "GoBuild proved the user's experiment with go version");
        Assert.IsFalse(build.Output.Contains("GOTB302"), "the package set nothing: no GOTB302");
    }

    [TestMethod]
    public void RequireFailsAtTheGoLineAndHoldsForAGo122LineEvenAgainstNoloopvar()
    {
        var old = Tool("loopvar-require-121", "1.21").WithProperty("GoLoopvar", "Require");
        var error = BuildAssert.FailedWith(old.Build(null, $"-p:GoRoot={PackagedBuild.GoRoot("1.22")}"), "GOTB303");
        Assert.AreEqual(Path.Combine(old.Directory, "tools", "loops", "go.mod"), error.File);
        Assert.AreEqual(3, error.Line);

        var current = Tool("loopvar-require-122", "1.22").WithProperty("GoLoopvar", "Require");
        var build = current.Build(new Dictionary<string, string?> { ["GOEXPERIMENT"] = "noloopvar" }, $"-p:GoRoot={PackagedBuild.GoRoot("1.22")}");
        BuildAssert.Succeeded(build);
        var warning = BuildAssert.HasWarning(build, "GOTB306");
        Assert.AreEqual(Path.Combine(current.Directory, "tools", "loops", "go.mod"), warning.File);
        Assert.AreEqual(PerIteration, RunTool(current));
    }

    [TestMethod]
    public void OffOnGo123KeepsAGo120ModulePerLoop()
    {
        var fixture = Tool("loopvar-off-123", "1.20").WithProperty("GoLoopvar", "Off");
        var build = fixture.Build(null, $"-p:GoRoot={PackagedBuild.GoRoot("1.23")}");
        BuildAssert.Succeeded(build);
        StringAssert.Contains(build.Output, "GOTB304");
        Assert.AreEqual(PerLoop, RunTool(fixture));

        var doctor = fixture.Build(null, $"-p:GoRoot={PackagedBuild.GoRoot("1.23")}", "-t:GoDoctor");
        BuildAssert.Succeeded(doctor);
        StringAssert.Contains(doctor.Output, "Loop variables (GoLoopvar):");
        StringAssert.Contains(doctor.Output, "(go 1.20): per-loop");
    }

    [TestMethod]
    public void BadSettingsFailBeforeAnyGoBuild()
    {
        var fixture = Tool("loopvar-bad", "1.21").WithProperty("GoLoopvar", "Sometimes");
        var goRoot = PackagedBuild.GoRoot("1.23");
        var invalid = BuildAssert.FailedWith(fixture.Build(null, $"-p:GoRoot={goRoot}"), "GOTB300");
        Assert.AreEqual(Path.Combine(fixture.Directory, "Directory.Build.props"), invalid.File); // where the fixture sets it
        Assert.IsTrue(invalid.Line > 0, "at the line that sets it");
        BuildAssert.Mentions(invalid, "GoLoopvar is 'Sometimes'", "Off (the default: go's own semantics), Enable or Require");

        var bogus = fixture.WithProperty("GoLoopvar", "Enable").Build(new Dictionary<string, string?> { ["GOEXPERIMENT"] = "loopvar,bogus" }, $"-p:GoRoot={goRoot}");
        var rejected = BuildAssert.FailedWith(bogus, "GOTB307");
        BuildAssert.Mentions(rejected, "go: unknown GOEXPERIMENT bogus");
        Assert.IsFalse(bogus.Output.Contains("-buildmode=exe"), "no go build ran:\n" + bogus);
    }
}
