using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using GoToolchain.Build.Building;
using GoToolchain.Build.Platform;
using GoToolchain.Build.Diagnostics;
using GoToolchain.Build.Settings;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.Tests.Building;

[TestClass]

[TestCategory("unit")]
public sealed class GoBuildPlannerTests
{
    private static readonly string[] Shared = { "go=/usr/lib/go-1.23/bin/go", "version=go1.23.5", "trimpath=true", "env:GOTOOLCHAIN=local" };
    private static readonly GoTarget LinuxX64 = new("linux", "amd64");

    private string _root = null!;
    private string _obj = null!;
    private string _project = null!;

    [TestInitialize]
    public void Init()
    {
        _root = BuildFixtures.NewTempDirectory("gotb-plan");
        _obj = Path.Combine(_root, "app", "obj", "Debug", "go");
        _project = Path.Combine(_root, "app", "app.csproj");
    }

    [TestCleanup]
    public void Cleanup() => BuildFixtures.DeleteDirectory(_root);

    private string Module(string relative)
    {
        var directory = Path.Combine(_root, relative);
        // The module path's last element names a Package="." build, as go build does: here the folder's name.
        BuildFixtures.WriteModule(directory, BuildFixtures.CgoLibrary, "example.com/" + Path.GetFileName(directory));
        return directory;
    }

    /// <summary>The module as the settings model gives it to the planner (BuildMode and OutputName read and checked there).</summary>
    private static GoModuleSpec Spec(string directory, params (string Name, string Value)[] metadata)
        => SettingsReader.Read(new SettingsSource { Modules = new[] { new ModuleItem(directory, directory, metadata.ToDictionary(m => m.Name, m => m.Value)) } })
            .Modules.Single().Spec;

    private (IReadOnlyList<GoBuildPlan> Plans, DiagnosticBag Diagnostics) Plan(GoTarget target, IReadOnlyList<string> shared, params GoModuleSpec[] modules)
    {
        var diagnostics = new DiagnosticBag();
        var plans = GoBuildPlanner.Plan(modules, target, _obj, shared, _project, diagnostics);
        return (plans, diagnostics);
    }

    private GoBuildPlan PlanOne(GoModuleSpec module, GoTarget? target = null, IReadOnlyList<string>? shared = null)
    {
        var (plans, diagnostics) = Plan(target ?? LinuxX64, shared ?? Shared, module);
        Assert.IsEmpty(diagnostics.Items, string.Join("\n", diagnostics.Items));
        Assert.HasCount(1, plans);
        return plans[0];
    }

    // ---- output names and paths ----

    [TestMethod]
    public void CSharedOutputGoesUnderGoosGoarchAndModuleName()
    {
        var greeter = Module("app/go/greeter");

        var plan = PlanOne(Spec(greeter));

        var folder = Path.Combine(_obj, "linux_amd64", "greeter");
        Assert.AreEqual(greeter, plan.ModuleDirectory);
        Assert.AreEqual(GoBuildMode.CShared, plan.Mode);
        Assert.AreEqual("greeter", plan.OutputName);
        Assert.AreEqual("libgreeter.so", plan.OutputFileName);
        Assert.AreEqual(Path.Combine(folder, "libgreeter.so"), plan.OutputPath);
        Assert.AreEqual(Path.Combine(folder, "libgreeter.h"), plan.HeaderPath);
        Assert.AreEqual(Path.Combine(greeter, "go.mod"), plan.GoModPath);
        Assert.AreEqual(Path.Combine(folder, "libgreeter.so.settings"), plan.SettingsPath);
        Assert.IsTrue(plan.CopyToOutput);
    }

    [TestMethod]
    public void OutputNameMetadataAndTargetPickTheFile()
    {
        var tool = Module("app/go/tool");

        var plan = PlanOne(Spec(tool, ("BuildMode", "exe"), ("OutputName", " mytool ")), new GoTarget("windows", "arm64"));

        Assert.AreEqual("mytool", plan.OutputName);
        Assert.AreEqual(Path.Combine(_obj, "windows_arm64", "mytool", "mytool.exe"), plan.OutputPath);
        Assert.IsNull(plan.HeaderPath);
        Assert.IsTrue(plan.CopyToOutput);
    }

    [TestMethod]
    public void CArchiveIsNotCopiedToTheAppOutput()
    {
        var plan = PlanOne(Spec(Module("go/lib"), ("BuildMode", "c-archive")), new GoTarget("darwin", "arm64"));

        Assert.AreEqual(Path.Combine(_obj, "darwin_arm64", "lib", "liblib.a"), plan.OutputPath);
        Assert.AreEqual(Path.Combine(_obj, "darwin_arm64", "lib", "liblib.h"), plan.HeaderPath);
        Assert.IsFalse(plan.CopyToOutput);
    }

    [TestMethod]
    [DataRow("/")]
    [DataRow("//")]
    public void TrailingSlashStillNamesTheOutputAfterTheFolder(string slash)
    {
        var greeter = Module("go/greeter");

        var plan = PlanOne(Spec(greeter + slash));

        Assert.AreEqual(greeter, plan.ModuleDirectory);
        Assert.AreEqual("greeter", plan.OutputName);
        Assert.AreEqual(Path.Combine(_obj, "linux_amd64", "greeter", "libgreeter.so"), plan.OutputPath);
    }

    [TestMethod]
    public void MetadataNamesAreCaseInsensitiveAsInMSBuild()
    {
        // MSBuild keeps the spelling the user wrote: <GoModule Include="go/tool" buildMode="exe" outputname="t" tags="netgo" />.
        var tool = Module("go/tool");
        var plan = PlanOne(Spec(tool, ("buildMode", "exe"), ("outputname", "t"), ("tags", "netgo")));

        Assert.AreEqual(GoBuildMode.Exe, plan.Mode);
        Assert.AreEqual(Path.Combine(_obj, "linux_amd64", "t", "t"), plan.OutputPath);
        Assert.AreEqual("netgo", plan.Module.Get("Tags"));
        Assert.AreEqual(
            PlanOne(Spec(tool, ("BuildMode", "exe"), ("OutputName", "t"), ("Tags", "netgo"))).SettingsContent,
            plan.SettingsContent,
            "the settings (and so the incremental check) see the metadata whatever its spelling");
    }

    // ---- errors ----

    [TestMethod]
    public void MissingModuleDirectoryIsGotb512AtTheProject()
    {
        var missing = Path.Combine(_root, "go", "nothere");
        var ok = Module("go/ok");

        var (plans, diagnostics) = Plan(LinuxX64, Shared, Spec(missing), Spec(ok));

        var d = diagnostics.Items.Single();
        Assert.AreEqual("GOTB512", d.Code);
        Assert.AreEqual(Severity.Error, d.Severity);
        Assert.AreEqual(_project, d.File);
        StringAssert.Contains(d.Message, $"GoModule '{missing}' does not exist");
        Assert.AreEqual(ok, plans.Single().ModuleDirectory, "the other module is still planned");
    }

    /// <summary>ValidateGoSettings reports a BuildMode or OutputName that is not allowed (GOTB511, GOTB540) at its line; the planner
    /// does not check it again, and plans nothing with it (GoDoctor goes on after errors: nothing may be written outside obj/).</summary>
    [TestMethod]
    [DataRow("BuildMode", "shared")]
    [DataRow("OutputName", "../../evil")]
    public void AModuleWithAValueThatIsNotAllowedIsNotPlannedAndNotReportedAgain(string name, string value)
    {
        var greeter = Module("go/greeter");
        var ok = Module("go/ok");

        var (plans, diagnostics) = Plan(LinuxX64, Shared, Spec(greeter, (name, value)), Spec(ok));

        Assert.IsEmpty(diagnostics.Items, string.Join("\n", diagnostics.Items));
        Assert.AreEqual(ok, plans.Single().ModuleDirectory, "the other module is still planned");
    }

    [TestMethod]
    public void BuildModeNoneIsNotBuilt()
    {
        var (plans, diagnostics) = Plan(LinuxX64, Shared, Spec(Module("go/greeter"), ("BuildMode", "none")));

        Assert.IsEmpty(plans);
        Assert.IsEmpty(diagnostics.Items);
    }

    [TestMethod]
    public void OutputsAreNamedAsGoBuildNamesThem()
    {
        // go build names its output after the main package's import path: the module path for ".", without a /vN element.
        var module = Path.Combine(_root, "go");
        BuildFixtures.WriteModule(module, BuildFixtures.CgoLibrary, "example.com/greeter/v2");

        Assert.AreEqual("greeter", PlanOne(Spec(module)).OutputName);
        var exe = PlanOne(Spec(module, ("Package", "./testapp"), ("BuildMode", "exe")));
        Assert.AreEqual("testapp", exe.OutputName);
        Assert.AreEqual(Path.Combine(_obj, "linux_amd64", "testapp", "testapp"), exe.OutputPath);
        Assert.AreEqual("tool", PlanOne(Spec(module, ("Package", "./cmd/tool/"))).OutputName);
        Assert.AreEqual("mine", PlanOne(Spec(module, ("Package", "./testapp"), ("OutputName", "mine"))).OutputName, "OutputName wins");
    }

    [TestMethod]
    public void TwoLibrariesOfOneModuleAreNamedAfterTheirPackages()
    {
        var module = Path.Combine(_root, "go");
        BuildFixtures.WriteModule(module, BuildFixtures.CgoLibrary, "example.com/interop");

        var (plans, diagnostics) = Plan(LinuxX64, Shared, Spec(module, ("Package", "./liba")), Spec(module, ("Package", "./libb")));

        Assert.IsEmpty(diagnostics.Items, string.Join("\n", diagnostics.Items));
        CollectionAssert.AreEqual(new[] { "libliba.so", "liblibb.so" }, plans.Select(p => p.OutputFileName).ToList());
    }

    [TestMethod]
    public void TwoModulesWithTheSameOutputAreGotb511()
    {
        var first = Module("a/greeter");
        var second = Module("b/greeter");
        var third = Module("c/greeter");

        var (plans, diagnostics) = Plan(LinuxX64, Shared, Spec(first), Spec(second), Spec(third, ("OutputName", "greeter2")));

        CollectionAssert.AreEqual(new[] { first, third }, plans.Select(p => p.ModuleDirectory).ToList());
        var d = diagnostics.Items.Single();
        Assert.AreEqual("GOTB511", d.Code);
        Assert.AreEqual(_project, d.File);
        StringAssert.Contains(d.Message, $"GoModules '{first}' and '{second}' would both build 'libgreeter.so'");
    }

    // ---- inputs ----

    [TestMethod]
    public void InputsAreEveryModuleFileButVcsAndBuildOutputFolders()
    {
        var module = Module("go/greeter");
        string Touch(string relative)
        {
            var path = Path.Combine(module, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, relative);
            return path;
        }
        var expected = new List<string>
        {
            Path.Combine(module, "go.mod"),
            Path.Combine(module, "main.go"),
            Touch("go.sum"),
            Touch("internal/deep/nested/x.go"),
            Touch("static/logo.png"),          // //go:embed can take any file
            Touch("templates/page.tmpl"),
            Touch("vendor/example.com/v/v.go"), // vendored dependencies are compiled
            Touch("cbits/helper.c"),
        };
        Touch(".git/HEAD");
        Touch(".git/objects/ab/cdef");
        Touch("bin/old-output");
        Touch("obj/intermediate");
        Touch("node_modules/pkg/index.js");

        var plan = PlanOne(Spec(module));

        Assert.AreEqual(plan.SettingsPath, plan.InputFiles.Last(), "the settings file is an input");
        CollectionAssert.AreEquivalent(expected.Append(plan.SettingsPath).ToList(), plan.InputFiles.ToList());
    }

    [TestMethod]
    public void SymlinkCyclesDoNotMultiplyInputs()
    {
        // Two links back to the module itself: following them blindly yields 2^n paths (ELOOP only stops it 40 levels down).
        var module = Module("go/greeter");
        Directory.CreateSymbolicLink(Path.Combine(module, "self"), ".");
        Directory.CreateSymbolicLink(Path.Combine(module, "again"), ".");

        // Take() stops the lazy enumeration: a cycle shows up as too many files instead of a hung test run.
        var inputs = GoBuildPlanner.EnumerateInputs(module).Take(1000).ToList();

        CollectionAssert.AreEquivalent(new[] { Path.Combine(module, "go.mod"), Path.Combine(module, "main.go") }, inputs);
    }

    [TestMethod]
    public void FilesReachedThroughASymlinkedFolderAreInputs()
    {
        // A package folder shared through a symlink is compiled like any other: its files must invalidate the output.
        var shared = Path.Combine(_root, "shared-code");
        Directory.CreateDirectory(shared);
        File.WriteAllText(Path.Combine(shared, "util.go"), "package util\n");
        var module = Module("go/greeter");
        Directory.CreateSymbolicLink(Path.Combine(module, "util"), shared);

        var inputs = GoBuildPlanner.EnumerateInputs(module).Take(1000).ToList();

        CollectionAssert.AreEquivalent(
            new[] { Path.Combine(module, "go.mod"), Path.Combine(module, "main.go"), Path.Combine(module, "util", "util.go") },
            inputs);
    }

    // ---- settings ----

    [TestMethod]
    public void SettingsAreStableForTheSameBuild()
    {
        var module = Module("go/greeter");
        var a = PlanOne(Spec(module, ("Tags", "netgo"), ("LdFlags", "-s -w"), ("Environment", "A=1")));
        var b = PlanOne(Spec(module, ("Environment", "A=1"), ("LdFlags", "-s -w"), ("Tags", "netgo"))); // other metadata order
        var c = PlanOne(Spec(module, ("Tags", "netgo"), ("LdFlags", "-s -w"), ("Environment", "A=1"), ("Generate", "Off"))); // not a build setting

        Assert.AreEqual(a.SettingsContent, b.SettingsContent);
        Assert.AreEqual(a.SettingsContent, c.SettingsContent);
        foreach (var line in Shared) StringAssert.Contains(a.SettingsContent, GoBuildPlanner.DigestSecrets(line) + "\n");
        StringAssert.Contains(a.SettingsContent, "target=linux/amd64\n");
        StringAssert.Contains(a.SettingsContent, "mode=c-shared\n");
    }

    public static IEnumerable<object[]> Changes => new[]
    {
        new object[] { "shared settings (toolchain version)", new[] { "go=/usr/lib/go-1.23/bin/go", "version=go1.23.6", "trimpath=true", "env:GOTOOLCHAIN=local" }, LinuxX64, Array.Empty<string>() },
        new object[] { "shared settings (environment)", new[] { "go=/usr/lib/go-1.23/bin/go", "version=go1.23.5", "trimpath=true", "env:GOTOOLCHAIN=local", "env:GOFLAGS=-mod=vendor" }, LinuxX64, Array.Empty<string>() },
        new object[] { "target arch", Shared, new GoTarget("linux", "arm64"), Array.Empty<string>() },
        new object[] { "Tags", Shared, LinuxX64, new[] { "Tags", "netgo,osusergo" } },
        new object[] { "LdFlags", Shared, LinuxX64, new[] { "LdFlags", "-s" } },
        new object[] { "GcFlags", Shared, LinuxX64, new[] { "GcFlags", "all=-N -l" } },
        new object[] { "Environment", Shared, LinuxX64, new[] { "Environment", "CC=clang" } },
        new object[] { "CgoEnabled", Shared, LinuxX64, new[] { "CgoEnabled", "0" } },
        new object[] { "Package", Shared, LinuxX64, new[] { "Package", "./cmd/lib" } },
        new object[] { "BuildMode", Shared, LinuxX64, new[] { "BuildMode", "c-archive", "OutputName", "greeter" } },
    };

    [TestMethod]
    [DynamicData(nameof(Changes))]
    public void SettingsChangeWithEverythingThatChangesTheOutput(string what, string[] shared, GoTarget target, string[] metadata)
    {
        var module = Module("go/greeter");
        var reference = PlanOne(Spec(module), LinuxX64, Shared).SettingsContent;
        var pairs = Enumerable.Range(0, metadata.Length / 2).Select(i => (metadata[2 * i], metadata[2 * i + 1])).ToArray();

        var changed = PlanOne(Spec(module, pairs), target, shared).SettingsContent;

        Assert.AreNotEqual(reference, changed, what);
    }

    /// <summary>What MSBuild's Inputs/Outputs cannot see (found by a new user: a deleted export stayed in the library).</summary>
    [TestMethod]
    [DataRow("a deleted file")]
    [DataRow("a renamed file")]
    [DataRow("a file restored with an older time")]
    [DataRow("a go.work above")]
    public void SettingsChangeWithWhatInputTimesCannotShow(string change)
    {
        var module = Module("go/greeter");
        var extra = Path.Combine(module, "extra.go");
        File.WriteAllText(extra, "package main\n");
        var reference = PlanOne(Spec(module)).SettingsContent;
        switch (change)
        {
            case "a deleted file": File.Delete(extra); break;
            case "a renamed file": File.Move(extra, Path.Combine(module, "extra_windows.go")); break;
            case "a file restored with an older time": File.SetLastWriteTimeUtc(extra, DateTime.UtcNow.AddDays(-30)); break;
            case "a go.work above": File.WriteAllText(Path.Combine(_root, "go.work"), "go 1.22\n\nuse ./go/greeter\n"); break;
        }
        Assert.AreNotEqual(reference, PlanOne(Spec(module)).SettingsContent, change);
        Assert.AreEqual(PlanOne(Spec(module)).SettingsContent, PlanOne(Spec(module)).SettingsContent, "stable when nothing changes");
    }

    [TestMethod]
    public void TheShellsGoVariablesAndTheGoEnvFileAreSettingsAndWrittenAsDigests()
    {
        var platform = new Fakes.FakePlatform()
            .SetEnv("HOME", "/home/dev").SetEnv("PATH", "/usr/bin").SetEnv("GOFLAGS", "-tags=foo").SetEnv("CGO_CFLAGS", "-DX=1")
            .SetEnv("CC", "clang").SetEnv("EDITOR", "vi")
            .AddFile("/home/dev/.config/go/env", "CGO_ENABLED=0\n");
        var lines = GoBuildPlanner.ShellEnvironmentSettings(platform, new BuildEnvironment(platform)).ToList();
        CollectionAssert.AreEqual(new[]
        {
            "env:shell:CC=clang", "env:shell:CGO_CFLAGS=-DX=1", "env:shell:GOFLAGS=-tags=foo",
            "env:goenv-file:/home/dev/.config/go/env=CGO_ENABLED=0\n",
        }, lines);
        Assert.IsTrue(lines.Select(GoBuildPlanner.DigestSecrets).All(l => !l.Contains("foo") && !l.Contains("clang") && !l.Contains("CGO_ENABLED=0")),
            string.Join("\n", lines.Select(GoBuildPlanner.DigestSecrets)));

        var module = Module("go/greeter");
        var without = PlanOne(Spec(module), LinuxX64, Shared).SettingsContent;
        Assert.AreNotEqual(without, PlanOne(Spec(module), LinuxX64, Shared.Concat(lines).ToArray()).SettingsContent);
    }

    [TestMethod]
    public void SettingsChangeWithGoarm()
    {
        var module = Module("go/greeter");
        Assert.AreNotEqual(
            PlanOne(Spec(module), new GoTarget("linux", "arm", "7")).SettingsContent,
            PlanOne(Spec(module), new GoTarget("linux", "arm", "6")).SettingsContent);
    }

    [TestMethod]
    public void WriteSettingsRewritesOnlyWhenTheContentDiffers()
    {
        var module = Module("go/greeter");
        var plan = PlanOne(Spec(module));

        GoBuildPlanner.WriteSettings(plan);
        Assert.AreEqual(plan.SettingsContent, File.ReadAllText(plan.SettingsPath));
        var old = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(plan.SettingsPath, old);

        GoBuildPlanner.WriteSettings(PlanOne(Spec(module)));
        Assert.AreEqual(old, File.GetLastWriteTimeUtc(plan.SettingsPath), "same settings: the timestamp must not move (no rebuild)");

        var changed = PlanOne(Spec(module, ("Tags", "netgo")));
        GoBuildPlanner.WriteSettings(changed);
        Assert.AreEqual(changed.SettingsContent, File.ReadAllText(plan.SettingsPath));
        Assert.IsGreaterThan(old, File.GetLastWriteTimeUtc(plan.SettingsPath), "changed settings: newer than the output, so MSBuild rebuilds");
    }
}
