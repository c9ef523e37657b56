using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using GoToolchain.Build.Tasks;
using GoToolchain.Build.Tests.Building;
using GoToolchain.Build.Tests.Tasks;
using GoToolchain.Build.Tests.Toolchain;
using GoToolchain.Build.Versions;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using GoToolchain.Build.Testing;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.Tests.Loopvar;

/// <summary>EnsureLoopvarExperiment and GoBuild's X:loopvar proof as MSBuild runs them (fake engine, real or fake go).</summary>
[TestClass]
[TestCategory("toolchain")]
public sealed class LoopvarTaskTests
{
    private string _root = null!;
    private string _project = null!;

    [TestInitialize]
    public void Init()
    {
        _root = BuildFixtures.NewTempDirectory("gotb-loopvartask");
        _project = Path.Combine(_root, "app", "app.csproj");
    }

    [TestCleanup]
    public void Cleanup() => BuildFixtures.DeleteDirectory(_root);

    public const string LoopsProgram = """
        package main

        import "fmt"

        func main() {
        	var fs []func() int
        	for i := 0; i < 3; i++ {
        		fs = append(fs, func() int { return i })
        	}
        	sum := 0
        	for j := 0; j < 3; j++ {
        		sum += j
        	}
        	fmt.Println(fs[0](), fs[1](), fs[2](), sum)
        }

        """;

    private string Module(string goLine, string program = LoopsProgram, string name = "m")
    {
        var directory = BuildFixtures.WriteModule(Path.Combine(_root, "go", name), program, "example.com/" + name);
        File.WriteAllText(Path.Combine(directory, "go.mod"), $"module example.com/{name}\n\ngo {goLine}\n");
        return directory;
    }

    private EnsureLoopvarExperiment Ensure(FakeBuildEngine engine, string version, string policy, params string[] modules) => new EnsureLoopvarExperiment
    {
        BuildEngine = engine,
        ProjectFile = _project,
        GoExecutable = RealGo.GoBinary(version),
        GoVersion = BuildFixtures.GoVersionText(version),
        GoEnvironmentForBuild = new[] { "GOTOOLCHAIN=local", "GOPROXY=off", "GOFLAGS=", "GOEXPERIMENT=" },
        Modules = modules.Select(m => (ITaskItem)new TaskItem(m)).ToArray(),
    }.With("GoLoopvar", policy).With("_GoIntermediateDirectory", Path.Combine(_root, "app", "obj", "go")).With("GoProcessTimeoutSeconds", "300");

    // Every child process is one command-line event (LogCommandLine); the text messages may echo it too.
    private static int GoProcessesLogged(FakeBuildEngine engine) => engine.Messages.OfType<TaskCommandLineEventArgs>()
        .Count(m => m.CommandLine.Contains("/bin/go env GOEXPERIMENT") || m.CommandLine.Contains("/bin/go build"));

    [TestMethod]
    public void EnableOnGo121MergesLoopvarIntoTheBuildEnvironmentWithoutAGoProcess()
    {
        var engine = new FakeBuildEngine();
        var module = Module("1.21");
        var task = Ensure(engine, "1.21", "Enable", module);
        task.GoEnvironmentForBuild = new[] { "GOTOOLCHAIN=local", "GOEXPERIMENT=noloopvar" };

        Assert.IsTrue(task.Execute(), engine.Transcript);

        CollectionAssert.AreEqual(new[] { "GOEXPERIMENT=loopvar", "GOTOOLCHAIN=local" }, task.LoopvarEnvironmentForBuild);
        Assert.AreEqual("loopvar", task.RequiredExperiment);
        var info = engine.Messages.Single(m => m.Code == "GOTB302");
        Assert.AreEqual(Path.Combine(module, "go.mod"), info.File);
        Assert.AreEqual(3, info.LineNumber);
        var warning = engine.Warnings.Single(w => w.Code == "GOTB305");
        StringAssert.Contains(warning.Message, "loopvar wins");
        Assert.AreEqual(0, GoProcessesLogged(engine), engine.Transcript);
    }

    [TestMethod]
    public void TheDefaultLeavesTheEnvironmentAsGoBuildWouldAndProvesOnlyTheUsersOwnLoopvar()
    {
        var engine = new FakeBuildEngine();
        var module = Module("1.21");
        var plain = Ensure(engine, "1.21", "", module);
        plain.GoEnvironmentForBuild = new[] { "GOTOOLCHAIN=local" };
        Assert.IsTrue(plain.Execute(), engine.Transcript);
        CollectionAssert.AreEqual(new[] { "GOTOOLCHAIN=local" }, plain.LoopvarEnvironmentForBuild, "no GOEXPERIMENT of ours");
        Assert.AreEqual("", plain.RequiredExperiment);
        Assert.IsFalse(engine.Messages.Any(m => m.Code == "GOTB302"));

        var own = Ensure(engine, "1.21", "", module);
        own.GoEnvironmentForBuild = new[] { "GOTOOLCHAIN=local", "GOEXPERIMENT=loopvar" };
        Assert.IsTrue(own.Execute(), engine.Transcript);
        CollectionAssert.AreEqual(new[] { "GOEXPERIMENT=loopvar", "GOTOOLCHAIN=local" }, own.LoopvarEnvironmentForBuild);
        Assert.AreEqual("loopvar", own.RequiredExperiment, "the user's experiment is in force: GoBuild proves it");
    }

    [TestMethod]
    public void RequireOnGo122WithGo121LineFailsAtTheGoLine()
    {
        var engine = new FakeBuildEngine();
        var module = Module("1.21");
        var task = Ensure(engine, "1.22", "Require", module);

        Assert.IsFalse(task.Execute());

        var error = engine.Errors.Single();
        Assert.AreEqual("GOTB303", error.Code);
        Assert.AreEqual(Path.Combine(module, "go.mod"), error.File);
        Assert.AreEqual(3, error.LineNumber);
        Assert.AreEqual("", task.RequiredExperiment);
    }

    [TestMethod]
    public void AGoExperimentTheToolchainRejectsIsGotb307QuotingGoAndAnAcceptedOneIsAskedOnce()
    {
        var module = Module("1.21");
        var engine = new FakeBuildEngine();
        var task = Ensure(engine, "1.23", "Enable", module);
        task.GoEnvironmentForBuild = new[] { "GOTOOLCHAIN=local", "GOEXPERIMENT=bogus" };
        Assert.IsFalse(task.Execute());
        var error = engine.Errors.Single();
        Assert.AreEqual("GOTB307", error.Code);
        StringAssert.Contains(error.Message, "go: unknown GOEXPERIMENT bogus");
        Assert.AreEqual(_project, error.File);

        var first = new FakeBuildEngine();
        task = Ensure(first, "1.23", "Enable", module);
        task.GoEnvironmentForBuild = new[] { "GOTOOLCHAIN=local", "GOEXPERIMENT=fieldtrack" };
        Assert.IsTrue(task.Execute(), first.Transcript);
        Assert.AreEqual(1, GoProcessesLogged(first), first.Transcript);
        CollectionAssert.Contains(task.LoopvarEnvironmentForBuild, "GOEXPERIMENT=fieldtrack,loopvar");

        var second = new FakeBuildEngine();
        task = Ensure(second, "1.23", "Enable", module);
        task.GoEnvironmentForBuild = new[] { "GOTOOLCHAIN=local", "GOEXPERIMENT=fieldtrack" };
        Assert.IsTrue(task.Execute(), second.Transcript);
        Assert.AreEqual(0, GoProcessesLogged(second), "the accepted value is remembered under obj/: " + second.Transcript);
    }

    [TestMethod]
    [DynamicData(nameof(Toolchains.LoopvarExperiment), typeof(Toolchains))]
    public void LoopReportWarnsAtTheCapturedLoopOnlyAndIsCachedUnderObj(string version)
    {
        var module = Module("1.21");
        var engine = new FakeBuildEngine();
        var task = Ensure(engine, version, "Enable", module);
        task.With("GoLoopvarReport", "true");

        Assert.IsTrue(task.Execute(), engine.Transcript);

        var warning = engine.Warnings.Single(w => w.Code == "GOTB310");
        Assert.AreEqual(Path.Combine(module, "main.go"), warning.File);
        Assert.AreEqual(7, warning.LineNumber, "the closure loop; the summing loop at line 11 is not reported");
        Assert.AreEqual(6, warning.ColumnNumber);
        StringAssert.Contains(warning.Message, "Loop variable i");
        Assert.AreEqual(1, GoProcessesLogged(engine), engine.Transcript);

        var again = new FakeBuildEngine();
        task = Ensure(again, version, "Enable", module);
        task.With("GoLoopvarReport", "true");
        Assert.IsTrue(task.Execute(), again.Transcript);
        Assert.AreEqual(7, again.Warnings.Single(w => w.Code == "GOTB310").LineNumber);
        Assert.AreEqual(0, GoProcessesLogged(again), "an unchanged module reports from the cache: " + again.Transcript);

        // A changed file is reported again, at its new line.
        File.WriteAllText(Path.Combine(module, "main.go"), "// moved\n" + LoopsProgram);
        var changed = new FakeBuildEngine();
        task = Ensure(changed, version, "Enable", module);
        task.With("GoLoopvarReport", "true");
        Assert.IsTrue(task.Execute(), changed.Transcript);
        Assert.AreEqual(8, changed.Warnings.Single(w => w.Code == "GOTB310").LineNumber);
    }

    [TestMethod]
    [DataRow("1.24", true)]
    [DataRow("1.25", false)]
    public void TheDefaultReportsACgoFileAtItsImportAndTheLoopReportGivesItsLoopTheCgoReason(string version, bool perIterationHere)
    {
        var module = Module("1.21");
        File.WriteAllText(Path.Combine(module, "export.go"), "package main\n\n// #include <stdlib.h>\nimport \"C\"\n\n" +
            "func cgoLoop() (fs []func() int) {\n\tfor i := 0; i < 3; i++ {\n\t\tfs = append(fs, func() int { return i })\n\t}\n\treturn\n}\n");
        var engine = new FakeBuildEngine();
        var task = Ensure(engine, version, "", module);
        task.With("GoLoopvarReport", "true");
        Assert.IsTrue(task.Execute(), engine.Transcript);

        var cgoFile = Path.Combine(module, "export.go");
        var atImport = engine.Messages.OfType<BuildMessageEventArgs>().Where(m => m.Code == "GOTB313").ToList();
        var loops = engine.Warnings.Where(w => w.Code == "GOTB310").ToList();
        var inCgoFile = loops.Single(w => w.File == cgoFile);
        Assert.AreEqual(7, inCgoFile.LineNumber);
        Assert.AreEqual(7, loops.Single(w => w.File == Path.Combine(module, "main.go")).LineNumber);
        if (perIterationHere)
        {
            Assert.AreEqual(4, atImport.Single().LineNumber, engine.Transcript);
            Assert.AreEqual(cgoFile, atImport.Single().File);
            StringAssert.Contains(inCgoFile.Message, "this file has import \"C\", so go1.24.4 compiles the loop per-iteration");
        }
        else
        {
            Assert.IsEmpty(atImport, engine.Transcript);
            Assert.IsFalse(inCgoFile.Message!.Contains("import \"C\""), inCgoFile.Message);
        }

        // CGO_ENABLED=0 leaves the file out of the build: nothing to report about it.
        var item = new TaskItem(module);
        item.SetMetadata("CgoEnabled", "0");
        var noCgo = new FakeBuildEngine();
        task = Ensure(noCgo, version, "");
        task.Modules = new ITaskItem[] { item };
        Assert.IsTrue(task.Execute(), noCgo.Transcript);
        Assert.IsFalse(noCgo.Messages.OfType<BuildMessageEventArgs>().Any(m => m.Code == "GOTB313"), noCgo.Transcript);
    }

    [TestMethod]
    public void LoopReportIsSilentForAGo122ModuleAndWhenOff()
    {
        var engine = new FakeBuildEngine();
        var task = Ensure(engine, "1.23", "Enable", Module("1.22"));
        task.With("GoLoopvarReport", "true");
        Assert.IsTrue(task.Execute(), engine.Transcript);
        Assert.IsEmpty(engine.Warnings);
        Assert.AreEqual(0, GoProcessesLogged(engine));

        engine = new FakeBuildEngine();
        task = Ensure(engine, "1.23", "Enable", Module("1.21", name: "n"));
        Assert.IsTrue(task.Execute(), engine.Transcript);
        Assert.AreEqual(0, GoProcessesLogged(engine), "GoLoopvarReport=false runs nothing");
    }

    private BuildGoModule Build(FakeBuildEngine engine, string go, string module, string mode, string output) => new BuildGoModule
    {
        BuildEngine = engine,
        ProjectFile = _project,
        GoExecutable = go,
        Inputs = TaskSettings.PlannedLinuxBuild(module, Path.Combine(_root, "app", "obj", "go", "out", output), mode),
        GoEnvironmentForBuild = new[] { "GOTOOLCHAIN=local", "GOPROXY=off", "GOFLAGS=", "GOEXPERIMENT=loopvar" },
        RequiredExperiment = "loopvar",
    }.With("GoProcessTimeoutSeconds", "300");

    [TestMethod]
    public void GoBuildKeepsNoOutputThatLacksTheExperiment()
    {
        var fake = Path.Combine(_root, "fakego");
        var go = BuildFixtures.WriteFakeGo(fake,
            "if [ \"$1\" = version ]; then env > \"$dir/env-version\"; echo \"$2: go1.21.13\"; exit 0; fi\n" +
            "env > \"$dir/env-build\"\nprintf 'tool' > \"$out\"");
        var module = Module("1.21");
        var engine = new FakeBuildEngine();
        var task = Build(engine, go, module, "exe", "m");
        task.Inputs[0].SetMetadata("Environment", "GOEXPERIMENT=fieldtrack");

        Assert.IsFalse(task.Execute());

        var error = engine.Errors.Single();
        Assert.AreEqual("GOTB312", error.Code);
        Assert.AreEqual(Path.Combine(module, "go.mod"), error.File);
        StringAssert.Contains(error.Message, "ran with GOEXPERIMENT='fieldtrack,loopvar'");
        StringAssert.Contains(error.Message, "`m: go1.21.13`");
        Assert.IsFalse(File.Exists(task.Inputs[0].GetMetadata("OutputPath")), "an unproven output is never moved into place");
        Assert.AreEqual("fieldtrack,loopvar", ReadEnvironmentFile(Path.Combine(fake, "env-build"))["GOEXPERIMENT"],
            "the module's own GOEXPERIMENT gets loopvar merged in");
        Assert.IsFalse(ReadEnvironmentFile(Path.Combine(fake, "env-version")).ContainsKey("GOEXPERIMENT"),
            "go version runs without GOEXPERIMENT (a bad one breaks it)");
    }

    /// <summary>A go that builds with the real toolchain but refuses `go version`: the proof must not need that process.</summary>
    private string RealGoRefusingVersion(string version, bool dropExperiment)
    {
        var fake = Path.Combine(_root, "wrapgo-" + version + (dropExperiment ? "-noexp" : ""));
        return BuildFixtures.WriteFakeGo(fake,
            "if [ \"$1\" = version ]; then echo 'go version must not run' >&2; exit 7; fi\n" +
            (dropExperiment ? "unset GOEXPERIMENT\n" : "") +
            $"exec '{RealGo.GoBinary(version)}' \"$@\"");
    }

    /// <summary>Every toolchain with the experiment, exe and c-shared in turn (each build rebuilds std once per GOCACHE).</summary>
    public static IEnumerable<object[]> ExperimentBuilds()
        => Toolchains.WithLoopvarExperiment.Select((version, i) => i % 2 == 0
            ? new object[] { version, "exe", "m" }
            : new object[] { version, "c-shared", "libm.so" });

    [TestMethod]
    [DynamicData(nameof(ExperimentBuilds))]
    public void ProofReadsTheFileAndStartsNoGoVersion(string version, string mode, string output)
    {
        var module = Module("1.21", mode == "exe" ? LoopsProgram : BuildFixtures.CgoLibrary);
        var engine = new FakeBuildEngine();
        var task = Build(engine, RealGoRefusingVersion(version, dropExperiment: false), module, mode, output);

        Assert.IsTrue(task.Execute(), engine.Transcript);

        Assert.IsTrue(File.Exists(task.Inputs[0].GetMetadata("OutputPath")));
        Assert.IsTrue(engine.Messages.Any(m => m.Message!.Contains("(read from the file)") && m.Message.EndsWith("X:loopvar") /* " X:" up to Go 1.25, "-X:" from 1.26 */), engine.Transcript);
        Assert.IsFalse(engine.Transcript.Contains("go version must not run"), engine.Transcript);
    }

    [TestMethod]
    [DynamicData(nameof(Toolchains.LoopvarExperiment), typeof(Toolchains))]
    public void ProofFromTheFileRejectsABuildWithoutTheExperiment(string version)
    {
        var module = Module("1.21", LoopsProgram);
        var engine = new FakeBuildEngine();
        var task = Build(engine, RealGoRefusingVersion(version, dropExperiment: true), module, "exe", "m");

        Assert.IsFalse(task.Execute());

        var error = engine.Errors.Single();
        Assert.AreEqual("GOTB312", error.Code);
        StringAssert.Contains(error.Message, $"`m: {Toolchains.Version(version)}`");
        Assert.IsFalse(File.Exists(task.Inputs[0].GetMetadata("OutputPath")), "an unproven output is never moved into place");
        Assert.IsFalse(engine.Transcript.Contains("go version must not run"), engine.Transcript);
    }

    private static System.Collections.Generic.Dictionary<string, string> ReadEnvironmentFile(string file)
        => File.ReadAllLines(file).Where(l => l.Contains('='))
            .GroupBy(l => l.Substring(0, l.IndexOf('=')))
            .ToDictionary(g => g.Key, g => g.First().Substring(g.Key.Length + 1));

    [TestMethod]
    [DynamicData(nameof(ExperimentBuilds))]
    public void RealBuildsCarryXLoopvarAndAreKept(string version, string mode, string output)
    {
        var module = Module("1.21", mode == "exe" ? LoopsProgram : BuildFixtures.CgoLibrary);
        var engine = new FakeBuildEngine();
        var task = Build(engine, RealGo.GoBinary(version), module, mode, output);

        Assert.IsTrue(task.Execute(), engine.Transcript);

        Assert.IsTrue(File.Exists(task.Inputs[0].GetMetadata("OutputPath")));
        Assert.IsTrue(engine.Messages.Any(m => m.Message!.EndsWith("X:loopvar") /* " X:" up to Go 1.25, "-X:" from 1.26 */), engine.Transcript);
        if (mode == "exe")
        {
            using var process = Process.Start(new ProcessStartInfo(task.Inputs[0].GetMetadata("OutputPath")) { RedirectStandardOutput = true })!;
            Assert.AreEqual("0 1 2 3", process.StandardOutput.ReadToEnd().Trim());
            process.WaitForExit();
        }
    }
}
