using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using GoToolchain.Build.Tasks;
using GoToolchain.Build.Tests.Building;
using Microsoft.Build.Framework;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.Tests.Tasks;

[TestClass]

[TestCategory("toolchain")]
public sealed class BuildGoModuleTaskTests
{
    private string _root = null!;
    private string _project = null!;
    private string _fake = null!;

    [TestInitialize]
    public void Init()
    {
        _root = BuildFixtures.NewTempDirectory("gotb-buildtask");
        _project = Path.Combine(_root, "app", "app.csproj");
        _fake = Path.Combine(_root, "fakego");
    }

    [TestCleanup]
    public void Cleanup() => BuildFixtures.DeleteDirectory(_root);

    private BuildGoModule Task(FakeBuildEngine engine, string go, string module, string buildMode, string outputFileName) => new BuildGoModule
    {
        BuildEngine = engine,
        ProjectFile = _project,
        GoExecutable = go,
        Inputs = TaskSettings.PlannedLinuxBuild(module, Path.Combine(_root, "app", "obj", "go", "linux_amd64", "m", outputFileName), buildMode),
        GoEnvironmentForBuild = new[] { "GOTOOLCHAIN=local", $"GOCACHE={Path.Combine(_root, "gocache")}", "GOENV=off", "GOPROXY=off" },
    }.With("GoProcessTimeoutSeconds", "120");

    private static string OutputPath(BuildGoModule task) => task.Inputs[0].GetMetadata("OutputPath");

    private string Module(string mainGo) => BuildFixtures.WriteModule(Path.Combine(_root, "go", "m"), mainGo);

    [TestMethod]
    public void TaskParametersReachGoAndTheNodeIsYieldedMeanwhile()
    {
        var engine = new FakeBuildEngine();
        var go = BuildFixtures.WriteFakeGo(_fake, "echo 'compiling example.com/m' >&2\nprintf 'tool' > \"$out\"");
        var module = Module(BuildFixtures.ExeProgram);
        var task = Task(engine, go, module, "exe", "m");
        task.GoEnvironmentForBuild = new[] { "GOTOOLCHAIN=local", "SHARED=from-validate", "FOO=global" };
        task.Inputs[0].SetMetadata("Environment", "FOO=module wins");
        task.With("GoBuildArguments", "-v;;two words").With("GoTrimPath", "false");
        task.Inputs[0].SetMetadata("Package", " ");
        task.Inputs[0].SetMetadata("Tags", "netgo");

        Assert.IsTrue(task.Execute(), engine.Transcript);

        Assert.AreEqual("tool", File.ReadAllText(OutputPath(task)));
        var argv = BuildFixtures.ReadFakeGoArguments(_fake);
        CollectionAssert.AreEqual(new[] { "build", "-buildmode=exe", "-o", argv[3], "-tags", "netgo", "-v", "two words", "." }, argv.ToList());
        var env = BuildFixtures.ReadFakeGoEnvironment(_fake);
        Assert.AreEqual("module wins", env["FOO"]);
        Assert.AreEqual("from-validate", env["SHARED"]);
        Assert.AreEqual("local", env["GOTOOLCHAIN"]);
        Assert.AreEqual(1, engine.Yields, "other projects build while go runs");
        Assert.AreEqual(1, engine.Reacquires);
        Assert.IsTrue(engine.Messages.Any(m => m.Message == "compiling example.com/m" && m.Importance == MessageImportance.Normal), engine.Transcript);
    }

    [TestMethod]
    public void UnclassifiedFailureWithoutDiagnosticFilePointsAtTheProject()
    {
        var engine = new FakeBuildEngine();
        var go = BuildFixtures.WriteFakeGo(_fake, "echo 'go: something odd' >&2\nexit 3");
        var task = Task(engine, go, Module(BuildFixtures.ExeProgram), "exe", "m");
        task.Inputs[0].SetMetadata("GoModPath", " ");

        Assert.IsFalse(task.Execute());

        var error = engine.Errors.Single();
        Assert.AreEqual("GOTB500", error.Code);
        Assert.AreEqual(_project, error.File);
        StringAssert.EndsWith(error.Message, "failed with exit code 3: go: something odd" + GoToolchain.Build.Building.GoBuildOutput.OtherFix);
        Assert.AreEqual(engine.Yields, engine.Reacquires, "reacquired even when go fails");
    }

    [TestMethod]
    public void RealGoErrorIsLoggedAtTheGoFile()
    {
        // A missing import fails while go loads packages, before compiling anything: real go, and fast on a cold cache.
        var engine = new FakeBuildEngine();
        var module = Module("package main\n\nimport _ \"example.com/m/nothere\"\n\nfunc main() {}\n");
        var task = Task(engine, BuildFixtures.GoBinary("1.23"), module, "exe", "m");

        Assert.IsFalse(task.Execute());

        var error = engine.Errors.Single();
        Assert.AreEqual("GOTB500", error.Code, engine.Transcript);
        Assert.AreEqual(Path.Combine(module, "main.go"), error.File);
        Assert.AreEqual(3, error.LineNumber);
        Assert.AreEqual(8, error.ColumnNumber);
        StringAssert.StartsWith(error.Message, "no required module provides package example.com/m/nothere");
        Assert.IsFalse(File.Exists(OutputPath(task)));
    }

    /// <summary>A copy from the shared-build store keeps the node: a yield there only costs a wait in the node's queue to get it
    /// back (250-550 ms per project in the benchmark's 40-project build). The store is the real per-user one, keyed by this
    /// test's own module folder and settings.</summary>
    [TestMethod]
    public void ACopyFromTheSharedStoreKeepsTheNode()
    {
        var go = BuildFixtures.WriteFakeGo(_fake, "echo run >> \"$dir/runs\"\nprintf 'tool' > \"$out\"");
        var module = Module(BuildFixtures.ExeProgram);
        var settingsFile = Path.Combine(_root, "settings.txt");
        File.WriteAllText(settingsFile, "exe linux " + Guid.NewGuid().ToString("N"));
        BuildGoModule Shared(FakeBuildEngine engine, string project)
        {
            var task = Task(engine, go, module, "exe", "m");
            var planned = task.Inputs[0];
            planned.SetMetadata("OutputPath", Path.Combine(_root, project, "obj", "go", "m"));
            planned.SetMetadata("SettingsPath", settingsFile);
            task.Inputs = new[] { Path.Combine(module, "go.mod"), Path.Combine(module, "main.go"), settingsFile }
                .Select(file => TaskSettings.Planned(file, TaskItems.OwnMetadata(planned).ToDictionary(p => p.Key, p => p.Value))).ToArray();
            return task;
        }

        var first = new FakeBuildEngine();
        Assert.IsTrue(Shared(first, "a").Execute(), first.Transcript);
        Assert.AreEqual((1, 1), (first.Yields, first.Reacquires), "go build ran: the node was handed away and taken back");

        var second = new FakeBuildEngine(first);
        var copied = Shared(second, "b");
        Assert.IsTrue(copied.Execute(), second.Transcript);
        Assert.HasCount(1, File.ReadAllLines(Path.Combine(_fake, "runs")), "copied from the store, no second go build");
        Assert.AreEqual("tool", File.ReadAllText(OutputPath(copied)));
        Assert.AreEqual((0, 0), (second.Yields, second.Reacquires), "a copy keeps the node");

        // The next build (dotnet clean, Rebuild) is another session: go build runs again.
        File.Delete(OutputPath(copied));
        var next = new FakeBuildEngine();
        Assert.IsTrue(Shared(next, "b").Execute(), next.Transcript);
        Assert.HasCount(2, File.ReadAllLines(Path.Combine(_fake, "runs")), "a later build reuses nothing from the store");
    }
}
