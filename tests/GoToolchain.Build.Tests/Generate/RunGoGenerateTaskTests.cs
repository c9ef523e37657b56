using System;
using System.IO;
using System.Linq;
using GoToolchain.Build.Tasks;
using GoToolchain.Build.Tests.Tasks;
using GoToolchain.Build.Tests.Toolchain;
using GoToolchain.Build.Versions;
using Microsoft.Build.Utilities;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.Tests.Generate;

[TestClass]

[TestCategory("toolchain")]
public sealed class RunGoGenerateTaskTests
{
    private static RunGoGenerate Task(FakeBuildEngine engine, GenerateFixture f, string? mode, params TaskItem[] modules) => new RunGoGenerate
    {
        BuildEngine = engine,
        ProjectFile = "/proj/App.csproj",
        GoExecutable = RealGo.GoBinary("1.23"),
        GoVersion = "go1.23.5",
        GoEnvironmentForBuild = new[] { "GOTOOLCHAIN=local", "GOPROXY=off", $"GOCACHE={Path.Combine(Path.GetTempPath(), "gotb-generate-gocache")}", $"RUN_LOG={f.RunLog}" },
        Modules = modules,
    }.With("GoGenerate", mode ?? "").With("_GoGenerateStateDirectory", f.StateRoot).With("GoProcessTimeoutSeconds", "60");

    /// <summary>ValidateGoSettings with the same settings: it reports what RunGoGenerate then leaves alone.</summary>
    private static ValidateGoSettings Validation(FakeBuildEngine engine, RunGoGenerate task)
        => new() { BuildEngine = engine, ProjectFile = task.ProjectFile, Settings = task.Settings, Modules = task.Modules };

    [TestMethod]
    public void AnInvalidGenerateMetadataIsGotb400AtTheProjectAndRunsNothing()
    {
        using var f = new GenerateFixture("1.23");
        f.Write("p/p.go", "package p\n\n" + GenerateFixture.CountRun + "\n");
        var engine = new FakeBuildEngine();
        var module = new TaskItem(f.ModuleDirectory);
        module.SetMetadata("Generate", "Sometimes");

        var task = Task(engine, f, "Run", module);
        Assert.IsTrue(task.Execute(), engine.Transcript);
        Assert.IsFalse(Validation(engine, task).Execute());

        var error = engine.Errors.Single();
        Assert.AreEqual("GOTB400", error.Code);
        Assert.AreEqual("/proj/App.csproj", error.File);
        StringAssert.Contains(error.Message, "Sometimes");
        Assert.AreEqual(0, f.Runs);
    }

    [TestMethod]
    public void AnInvalidGoGeneratePropertyIsGotb400()
    {
        using var f = new GenerateFixture("1.23");
        var engine = new FakeBuildEngine();
        var task = Task(engine, f, "Always", new TaskItem(f.ModuleDirectory));
        Assert.IsTrue(task.Execute(), engine.Transcript);
        Assert.IsFalse(Validation(engine, task).Execute());
        Assert.AreEqual("GOTB400", engine.Errors.Single().Code);
    }

    [TestMethod]
    public void MetadataOverridesTheProperty_OffRunsNothing_AndTheTaskYieldsAroundTheRunOnly()
    {
        using var f = new GenerateFixture("1.23");
        f.Write("p/p.go", "package p\n\n" + GenerateFixture.CountRun + "\n");
        var module = new TaskItem(f.ModuleDirectory);
        module.SetMetadata("Generate", "off");
        module.SetMetadata("GeneratePackages", "./...");
        Assert.IsTrue(Task(new FakeBuildEngine(), f, "Run", module).Execute());
        Assert.AreEqual(0, f.Runs);

        module.SetMetadata("Generate", "RUN");
        module.SetMetadata("Environment", "EXTRA=1");
        var engine = new FakeBuildEngine();
        Assert.IsTrue(Task(engine, f, "Off", module).Execute(), string.Join("\n", engine.Errors.Select(e => e.Message)));
        Assert.AreEqual(1, f.Runs);
        Assert.AreEqual(1, engine.Yields);
        Assert.AreEqual(1, engine.Reacquires);

        // Up to date with a free lock (every project of a no-op build): nothing to wait for, so the node is kept.
        var noOp = new FakeBuildEngine();
        Assert.IsTrue(Task(noOp, f, "Off", module).Execute(), string.Join("\n", noOp.Errors.Select(e => e.Message)));
        Assert.AreEqual(1, f.Runs);
        Assert.AreEqual(0, noOp.Yields);
        Assert.AreEqual(0, noOp.Reacquires);
    }

    [TestMethod]
    public void TheDoctorReportListsEveryDirectiveAndFlagsAMissingGeneratorWithoutRunningAnything()
    {
        using var f = new GenerateFixture("1.19");
        f.Write("p/p.go", "package p\n\n" + GenerateFixture.CountRun + "\n//go:generate stringer -type=X\n//go:generate go run ./gen\n");
        f.Write("q/q.go", "package q\n\n//go:generate -command yacc not-installed-yacc -o x.go\n//go:generate yacc grammar.y\n");
        var engine = new FakeBuildEngine();
        var task = Task(engine, f, "Verify", new TaskItem(f.ModuleDirectory));
        task.With("_GoWriteDoctorReport", "true");
        task.GoRoot = "/usr/lib/go-1.23";
        task.With("GoGenerateSkip", "x");
        task.With("GoGeneratePackages", "./...");
        task.GoVersion = "go1.19.8";

        Assert.IsFalse(task.Execute());

        var report = string.Join("\n", engine.Messages.Select(m => m.Message));
        StringAssert.Contains(report, "mode: Verify");
        StringAssert.Contains(report, "[ok] p/p.go:3: sh -> /");
        StringAssert.Contains(report, "[ok] p/p.go:4: stringer -> /usr/bin/stringer");
        StringAssert.Contains(report, "[ok] p/p.go:5: go -> /usr/lib/go-1.23/bin/go");
        StringAssert.Contains(report, "[x] q/q.go:4: 'not-installed-yacc' not found");
        var missing = engine.Errors.Single(e => e.Code == "GOTB403");
        Assert.AreEqual(f.Path_("q/q.go"), missing.File);
        Assert.AreEqual(4, missing.LineNumber);
        Assert.IsTrue(engine.Errors.Any(e => e.Code == "GOTB401"), "-skip on go 1.19 is reported by the doctor too");
        Assert.AreEqual(0, f.Runs);
    }

    [TestMethod]
    public void TheRuntimeIdentifierChoosesTheFilesAndTheDoctorMarksDirectivesTheBuildDoesNotRun()
    {
        using var f = new GenerateFixture("1.23");
        f.Write("main.go", "package main\n\nimport _ \"example.com/gen/used\"\n\nfunc main() {}\n");
        f.Write("used/used_windows.go", "package used\n\n" + GenerateFixture.CountRun + "\n");
        f.Write("used/used.go", "package used\n");
        f.Write("maintainer/m.go", "package maintainer\n\n//go:generate not-installed-generator\n");
        var module = new TaskItem(f.ModuleDirectory);
        module.SetMetadata("BuildMode", "exe");

        var engine = new FakeBuildEngine();
        var linux = Task(engine, f, "Run", module);
        linux.With("RuntimeIdentifier", "linux-x64");
        Assert.IsTrue(linux.Execute(), string.Join("\n", engine.Errors.Select(e => e.Message)));
        Assert.AreEqual(0, f.Runs, "used_windows.go is not built for linux-x64");

        var windows = Task(engine, f, "Run", module);
        windows.With("RuntimeIdentifier", "win-x64");
        Assert.IsTrue(windows.Execute(), string.Join("\n", engine.Errors.Select(e => e.Message)));
        Assert.AreEqual(1, f.Runs, "used_windows.go is built for win-x64, so its directive runs");

        var doctorEngine = new FakeBuildEngine();
        var doctor = Task(doctorEngine, f, "Run", module);
        doctor.With("_GoWriteDoctorReport", "true");
        doctor.With("RuntimeIdentifier", "win-x64");
        Assert.IsTrue(doctor.Execute(), string.Join("\n", doctorEngine.Errors.Select(e => e.Message)));
        var report = string.Join("\n", doctorEngine.Messages.Select(m => m.Message));
        StringAssert.Contains(report, "[--] maintainer/m.go:3: not-installed-generator (not in a package the build compiles: not run)");
        StringAssert.Contains(report, "[ok] used/used_windows.go:3: sh");
        StringAssert.Contains(report, "windows/amd64");
    }

    [TestMethod]
    public void AnUnknownRuntimeIdentifierIsGotb510BeforeAnyGoProcess()
    {
        using var f = new GenerateFixture("1.23");
        var engine = new FakeBuildEngine();
        var task = Task(engine, f, "Run", new TaskItem(f.ModuleDirectory));
        task.With("RuntimeIdentifier", "plan9-quantum");
        Assert.IsFalse(task.Execute());
        Assert.AreEqual("GOTB510", engine.Errors.Single().Code);
    }
}
