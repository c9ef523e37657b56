using System;
using System.IO;
using System.Linq;
using GoToolchain.Build.Diagnostics;
using GoToolchain.Build.Loopvar;
using GoToolchain.Build.Modules;
using GoToolchain.Build.Tests.Building;
using GoToolchain.Build.Versions;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.Tests.Loopvar;

[TestClass]

[TestCategory("unit")]
public sealed class LoopvarPlannerTests
{
    private string _root = null!;
    private const string Project = "/src/app/app.csproj";

    [TestInitialize]
    public void Init() => _root = BuildFixtures.NewTempDirectory("gotb-loopvarplan");

    [TestCleanup]
    public void Cleanup() => BuildFixtures.DeleteDirectory(_root);

    private LoopvarModule Module(string goLine, string name = "m", string? experimentOverride = null, params (string File, string Text)[] files)
    {
        var directory = Path.Combine(_root, name);
        Directory.CreateDirectory(directory);
        var goMod = goLine.Length == 0 ? "module example.com/m\n" : $"module example.com/m\n\ngo {goLine}\n";
        File.WriteAllText(Path.Combine(directory, "go.mod"), goMod);
        File.WriteAllText(Path.Combine(directory, "main.go"), "package main\n\nfunc main() {}\n");
        foreach (var (file, text) in files) File.WriteAllText(Path.Combine(directory, file), text);
        return new LoopvarModule(directory, GoModFile.Load(Path.Combine(directory, "go.mod")), experimentOverride);
    }

    private static LoopvarPlan Plan(string policy, string toolchain, string? experiment, params LoopvarModule[] modules) => LoopvarPlanner.Plan(new LoopvarRequest
    {
        Policy = LoopvarPolicies.TryParse(policy, out var parsed) ? parsed : throw new ArgumentException(policy),
        Toolchain = GoVersion.Parse(toolchain),
        GoExecutable = "/usr/lib/go/bin/go",
        UserExperiment = experiment,
        UserExperimentSource = "GoEnvironment",
        Modules = modules,
        ProjectFile = Project,
    });

    private static Diagnostic Single(LoopvarPlan plan, string code) => plan.Diagnostics.Items.Single(d => d.Code == code);

    [TestMethod]
    [DataRow("enable")]
    [DataRow("ENABLE")]
    public void PolicyIsCaseInsensitive(string value)
        => Assert.IsTrue(Plan(value, "1.22.12", null, Module("1.21")).SetsExperiment);

    [TestMethod]
    [DataRow("")]
    [DataRow("off")]
    public void TheDefaultIsGosOwnSemanticsAndSetsNoExperiment(string value)
    {
        var plan = Plan(value, "1.22.12", null, Module("1.21"));
        Assert.IsFalse(plan.SetsExperiment);
        Assert.IsFalse(plan.ProvesExperiment);
        Assert.IsFalse(plan.Modules.Single().Final.IsPerIteration, "a go 1.21 module is per-loop under go build");
        Assert.IsFalse(plan.Diagnostics.Items.Any(d => d.Severity != Severity.Message));
    }

    [TestMethod]
    [DataRow("1.21.13")]
    [DataRow("1.23.5")]
    public void TheUsersOwnLoopvarIsHonouredAndProvenUnderTheDefault(string toolchain)
    {
        var plan = Plan("", toolchain, "fieldtrack,loopvar", Module("1.21"));
        Assert.IsFalse(plan.SetsExperiment, "the package adds nothing");
        Assert.IsTrue(plan.ProvesExperiment, "the experiment is in force: GoBuild must see X:loopvar");
        Assert.AreEqual("fieldtrack,loopvar", plan.EffectiveExperiment, "the user's value, unchanged");
        Assert.IsTrue(plan.Modules.Single().Final.IsPerIteration);
    }

    [TestMethod]
    public void TheUsersNoloopvarOrAModuleOverrideIsNotProvenAsLoopvar()
    {
        Assert.IsFalse(Plan("", "1.22.12", "loopvar,noloopvar", Module("1.21")).ProvesExperiment);
        Assert.IsFalse(Plan("", "1.22.12", "loopvar", Module("1.21", "a"), Module("1.21", "b", "noloopvar")).ProvesExperiment);
    }

    [TestMethod]
    public void EnableOnGo119IsGotb301WithTheMinimumVersions()
    {
        var plan = Plan("Enable", "1.19.8", null, Module("1.21"));
        var error = Single(plan, "GOTB301");
        Assert.AreEqual(Project, error.File);
        StringAssert.Contains(error.Message, "go1.19.8");
        StringAssert.Contains(error.Message, "Go 1.21 or later");
        StringAssert.Contains(error.Message, "go 1.22");
        StringAssert.Contains(error.Message, "GoLoopvar=Off");
        Assert.IsFalse(plan.SetsExperiment);
    }

    [TestMethod]
    [DataRow("1.21.13", "1.20")]
    [DataRow("1.21.13", "1.21")]
    [DataRow("1.22.12", "1.21")]
    [DataRow("1.23.5", "1.20")]
    public void EnableMergesLoopvarWhereTheGoLineDoesNotGiveIt(string toolchain, string goLine)
    {
        var module = Module(goLine);
        var plan = Plan("Enable", toolchain, "fieldtrack", module);
        Assert.IsTrue(plan.SetsExperiment);
        Assert.AreEqual("fieldtrack,loopvar", plan.EffectiveExperiment);
        Assert.IsTrue(plan.Modules.Single().Final.IsPerIteration);
        var info = Single(plan, "GOTB302");
        Assert.AreEqual(Severity.Message, info.Severity);
        Assert.AreEqual(module.DiagnosticFile, info.File);
        Assert.AreEqual(3, info.Line, "at the go line");
        CollectionAssert.AreEqual(new[] { "fieldtrack,loopvar" }, plan.ValuesToAskGo.ToArray());
    }

    [TestMethod]
    [DataRow("1.22.12")]
    [DataRow("1.23.5")]
    public void EnableLeavesGoExperimentAloneWhenEveryGoLineGivesIt(string toolchain)
    {
        var plan = Plan("Enable", toolchain, null, Module("1.22"));
        Assert.IsFalse(plan.SetsExperiment);
        Assert.AreEqual("GOTB304", plan.Diagnostics.Items.Single().Code);
        Assert.IsEmpty(plan.ValuesToAskGo);
    }

    [TestMethod]
    public void EnableWithUserNoloopvarWarnsThatLoopvarWins()
    {
        var plan = Plan("Enable", "1.21.13", "noloopvar", Module("1.21"));
        Assert.AreEqual("loopvar", plan.EffectiveExperiment);
        var warning = Single(plan, "GOTB305");
        Assert.AreEqual(Severity.Warning, warning.Severity);
        StringAssert.Contains(warning.Message, "loopvar wins");
        StringAssert.Contains(warning.Message, "GoLoopvar=Off");
    }

    [TestMethod]
    [DataRow("Require")]
    [DataRow("Off")]
    [DataRow("Enable")]
    public void NoloopvarOnAGo122ModuleIsGotb306CannotTurnItOff(string policy)
    {
        var module = Module("1.22");
        var plan = Plan(policy, "1.23.5", "noloopvar", module);
        var warning = Single(plan, "GOTB306");
        Assert.AreEqual(module.DiagnosticFile, warning.File);
        Assert.AreEqual(3, warning.Line);
        StringAssert.Contains(warning.Message, "noloopvar cannot switch them off");
        Assert.IsFalse(plan.Diagnostics.HasErrors);
    }

    [TestMethod]
    [DataRow("1.21.13", "1.21", "use Go 1.22 or later")]
    [DataRow("1.22.12", "1.21", "raise the go line to `go 1.22`")]
    [DataRow("1.23.5", "1.20", "raise the go line to `go 1.22`")]
    [DataRow("1.19.8", "1.22", "use Go 1.22 or later")]
    public void RequireFailsPerModuleAtItsGoLine(string toolchain, string goLine, string fix)
    {
        var module = Module(goLine);
        var plan = Plan("Require", toolchain, toolchain.StartsWith("1.19") ? null : "loopvar", module);
        var error = Single(plan, "GOTB303");
        Assert.AreEqual(module.DiagnosticFile, error.File);
        Assert.AreEqual(3, error.Line);
        StringAssert.Contains(error.Message, fix);
        Assert.IsFalse(plan.SetsExperiment, "Require never changes GOEXPERIMENT");
    }

    [TestMethod]
    public void RequireWithoutAGoLinePointsAtTheModuleLine()
    {
        var module = Module("");
        var error = Single(Plan("Require", "1.23.5", null, module), "GOTB303");
        Assert.AreEqual(1, error.Line);
        StringAssert.Contains(error.Message, "no go line (go assumes 1.16)");
    }

    [TestMethod]
    public void RequireIsMetByGo122Lines()
    {
        var plan = Plan("Require", "1.23.5", null, Module("1.22"), Module("1.23", "n"));
        Assert.IsFalse(plan.Diagnostics.HasErrors);
        Assert.HasCount(2, plan.Diagnostics.Items.Where(d => d.Code == "GOTB304").ToList());
    }

    [TestMethod]
    [DataRow(null, "per-loop")]
    [DataRow("loopvar", "per-iteration")]
    public void OffReportsTheSemanticsInForceAndChangesNothing(string? experiment, string semantics)
    {
        var plan = Plan("Off", "1.21.13", experiment, Module("1.21"));
        Assert.IsFalse(plan.SetsExperiment);
        StringAssert.Contains(Single(plan, "GOTB304").Message, $"loop variables are {semantics}");
    }

    [TestMethod]
    public void SpacesInGoExperimentAreGotb307BeforeAnyProcess()
    {
        var plan = Plan("Enable", "1.23.5", "loopvar, fieldtrack", Module("1.21"));
        var error = Single(plan, "GOTB307");
        StringAssert.Contains(error.Message, "go: unknown GOEXPERIMENT  fieldtrack");
        StringAssert.Contains(error.Message, "GOEXPERIMENT=loopvar,fieldtrack");
    }

    [TestMethod]
    public void LoopvarOnGo119UnderOffIsGotb307QuotingGo()
    {
        var error = Single(Plan("Off", "1.19.8", "noloopvar", Module("1.21")), "GOTB307");
        StringAssert.Contains(error.Message, "go: unknown GOEXPERIMENT loopvar");
    }

    [TestMethod]
    public void AModuleEnvironmentGoExperimentIsMergedForThatModule()
    {
        var plan = Plan("Enable", "1.22.12", null, Module("1.21", "m", "fieldtrack"), Module("1.21", "n"));
        Assert.AreEqual("fieldtrack,loopvar", plan.Modules[0].Experiment);
        Assert.AreEqual("loopvar", plan.Modules[1].Experiment);
        Assert.AreEqual("loopvar", plan.EffectiveExperiment);
    }

    [TestMethod]
    public void AGo122FileInAPerLoopModuleIsGotb308AtItsConstraint()
    {
        var module = Module("1.21", "m", null, ("new.go", "//go:build go1.22\n\npackage main\n"), ("plain.go", "//go:build linux\n\npackage main\n"));
        var warning = Single(Plan("Off", "1.22.12", null, module), "GOTB308");
        Assert.AreEqual(Path.Combine(module.Directory, "new.go"), warning.File);
        Assert.AreEqual(1, warning.Line);
        StringAssert.Contains(warning.Message, "per-iteration while the rest");
        // Under 1.21 the file is not built at all; under Enable every file is per-iteration.
        Assert.IsFalse(Plan("Off", "1.21.13", null, module).Diagnostics.Items.Any(d => d.Code == "GOTB308"));
        Assert.IsFalse(Plan("Enable", "1.22.12", null, module).Diagnostics.Items.Any(d => d.Code == "GOTB308"));
    }

    [TestMethod]
    public void AGo121FileInAGo122ModuleIsGotb308Downgrade()
    {
        var module = Module("1.22", "m", null, ("old.go", "// header\n//go:build go1.21\n\npackage main\n"));
        var warning = Single(Plan("Require", "1.23.5", null, module), "GOTB308");
        Assert.AreEqual(2, warning.Line);
        StringAssert.Contains(warning.Message, "per-loop while the rest");
    }

    [TestMethod]
    public void DoctorSectionShowsEachModuleAndEveryProblem()
    {
        var ok = Module("1.22", "ok");
        var old = Module("1.21", "old");
        var request = new LoopvarRequest
        {
            Policy = LoopvarPolicy.Require, Toolchain = GoVersion.Parse("1.23.5"), UserExperiment = "noloopvar", UserExperimentSource = "GoEnvironment",
            Modules = new[] { ok, old }, ProjectFile = Project,
        };
        var text = string.Join("\n", LoopvarDoctorSection.Render(request, LoopvarPlanner.Plan(request)));
        StringAssert.Contains(text, $"[ok] {ok.Directory} (go 1.22): per-iteration");
        StringAssert.Contains(text, $"[!!] {old.Directory} (go 1.21): per-loop");
        StringAssert.Contains(text, "'noloopvar' from GoEnvironment");
        StringAssert.Contains(text, "error GOTB303");
        StringAssert.Contains(text, "warning GOTB306");
    }

    [TestMethod]
    public void NoModulesNoFindings()
        => Assert.IsEmpty(Plan("Enable", "1.19.8", null).Diagnostics.Items);

    private const string CgoFile = "package main\n\n// #include <stdlib.h>\nimport \"C\"\n\nfunc f() {}\n";

    [TestMethod]
    // toolchain, go line, experiment, GOTB313 expected
    [DataRow("1.19.8", "1.21", null, false)] [DataRow("1.21.13", "1.21", null, false)]
    [DataRow("1.22.12", "1.21", null, true)] [DataRow("1.23.5", "1.20", null, true)] [DataRow("1.24.4", "1.21", null, true)]
    [DataRow("1.24.4", "", null, true)] [DataRow("1.24.4", "1.21", "noloopvar", true)]
    [DataRow("1.24.4", "1.21", "loopvar", false)] [DataRow("1.24.4", "1.22", null, false)]
    [DataRow("1.25.12", "1.21", null, false)] [DataRow("1.26.10", "1.21", null, false)] [DataRow("1.27.3", "1.21", null, false)]
    public void ACgoFileInAPerLoopModuleOnGo122To124IsGotb313AtItsImportAndGotb304SaysSo(string toolchain, string goLine, string? experiment,
        bool expected)
    {
        var module = Module(goLine, "m", null, ("export.go", CgoFile));
        var plan = Plan("Off", toolchain, experiment, module);
        var found = plan.Diagnostics.Items.Where(d => d.Code == "GOTB313").ToList();
        var inForce = Single(plan, "GOTB304");
        if (!expected)
        {
            Assert.IsEmpty(found, string.Join("\n", found.Select(d => d.Message)));
            Assert.IsFalse(inForce.Message.Contains("import \"C\""), inForce.Message);
            Assert.IsEmpty(plan.Modules[0].Files);
            return;
        }
        var message = found.Single();
        Assert.AreEqual(Severity.Message, message.Severity, "go's own semantics under the default: reported like GOTB304");
        Assert.AreEqual(Path.Combine(module.Directory, "export.go"), message.File);
        Assert.AreEqual(4, message.Line, "at the import \"C\" line");
        StringAssert.Contains(message.Message, $"go{toolchain} compiles its loops with per-iteration loop variables");
        StringAssert.Contains(message.Message, "fixed in Go 1.25");
        StringAssert.Contains(inForce.Message, "loop variables are per-loop");
        StringAssert.Contains(inForce.Message, "except in 1 file(s) with import \"C\"");
        Assert.AreEqual(LoopSemanticsReason.CgoFile, plan.Modules[0].Files.Single().Semantics.Reason);
        Assert.IsFalse(plan.Diagnostics.Items.Any(d => d.Code == "GOTB308"));
    }

    [TestMethod]
    // How go/build finds a cgo file: import "C" alone or in a group, after the preamble's comments; never a substring.
    [DataRow("package main\n\nimport \"C\"\n", 3)]
    [DataRow("package main\n\n/*\n#include <stdio.h>\nint x = 1; // import \"C\" here is C code\n*/\nimport \"C\"\n", 7)]
    [DataRow("package main\n\nimport (\n\t\"fmt\"\n\t// #include <stdlib.h>\n\t\"C\"\n)\n", 6)]
    [DataRow("package main\n\nimport (\n\t\"fmt\"\n\n\t/*\n\t#include <stdlib.h>\n\t*/\n\t\"C\"\n)\n", 9)]
    [DataRow("// Package main.\npackage main\n\nimport \"fmt\"\n\n// #cgo LDFLAGS: -lm\nimport \"C\" // the preamble\n", 7)]
    [DataRow("package main\n\nimport \"fmt\"\n\n// import \"C\"\n\nfunc f() { fmt.Println(\"import \\\"C\\\"\") }\n", 0)]
    [DataRow("package main\n\n/*\nimport \"C\"\n*/\n\nfunc f() {}\n", 0)]
    [DataRow("package main\n\nimport \"example.com/C\"\n", 0)]
    [DataRow("package main\n\nfunc f() {}\n\nvar s = `\nimport \"C\"\n`\n", 0)]
    public void ImportCIsFoundByParsingTheImportSection(string text, int line)
    {
        var module = Module("1.21", "m", null, ("x.go", text));
        var facts = LoopvarPlanner.FileFacts(module.Directory, null).Where(f => f.Path.EndsWith("x.go")).ToList();
        Assert.AreEqual(line, facts.SingleOrDefault()?.CgoImportLine ?? 0, text);
        var plan = Plan("Off", "1.23.5", null, module);
        Assert.AreEqual(line > 0 ? 1 : 0, plan.Diagnostics.Items.Count(d => d.Code == "GOTB313"));
    }

    [TestMethod]
    public void RequireStillFailsForAGo121ModuleWhoseCgoFilesAreOnlyPerIterationThroughTheBug()
    {
        var module = Module("1.21", "m", null, ("export.go", CgoFile));
        var error = Single(Plan("Require", "1.24.4", null, module), "GOTB303");
        StringAssert.Contains(error.Message, "only its 1 file(s) with import \"C\" are per-iteration, through a Go 1.22–1.24 bug");
        Assert.AreEqual(module.DiagnosticFile, error.File);
        // On 1.25 the same module fails the same way, with nothing about the bug.
        Assert.IsFalse(Single(Plan("Require", "1.25.12", null, module), "GOTB303").Message.Contains("import \"C\""));
    }

    [TestMethod]
    public void EnableSetsTheExperimentForAGo121ModuleWithOnlyCgoFilesAndForADowngradedFileInAGo122Module()
    {
        var cgoOnly = Plan("Enable", "1.24.4", null, Module("1.21", "m", null, ("export.go", CgoFile)));
        Assert.IsTrue(cgoOnly.SetsExperiment, "main.go is a plain file: only the experiment makes it per-iteration");
        Assert.IsEmpty(cgoOnly.Modules[0].Files, "under the experiment every file is per-iteration");
        Assert.IsFalse(cgoOnly.Diagnostics.Items.Any(d => d.Code == "GOTB313"));

        // A go 1.22 module with a cgo file downgraded by //go:build go1.21: per-iteration on 1.24 (the bug), per-loop on 1.25,
        // so only on 1.25 does Enable need the experiment.
        var downgraded = Module("1.22", "d", null, ("export.go", "//go:build go1.21\n\n" + CgoFile));
        Assert.IsFalse(Plan("Enable", "1.24.4", null, downgraded).SetsExperiment);
        Assert.IsFalse(Plan("Off", "1.24.4", null, downgraded).Diagnostics.Items.Any(d => d.Code is "GOTB308" or "GOTB313"));
        var enabled = Plan("Enable", "1.25.12", null, downgraded);
        Assert.IsTrue(enabled.SetsExperiment);
        StringAssert.Contains(Single(enabled, "GOTB302").Message, "1 file(s) with a //go:build line below go1.22 (export.go(1))");
        Assert.AreEqual(1, Single(Plan("Off", "1.25.12", null, downgraded), "GOTB308").Line);
    }

    [TestMethod]
    public void DoctorSectionListsTheCgoFileUnderItsModule()
    {
        var module = Module("1.21", "m", null, ("export.go", CgoFile));
        var request = new LoopvarRequest
        {
            Policy = LoopvarPolicy.Off, Toolchain = GoVersion.Parse("1.22.12"), Modules = new[] { module }, ProjectFile = Project,
        };
        var text = string.Join("\n", LoopvarDoctorSection.Render(request, LoopvarPlanner.Plan(request)));
        StringAssert.Contains(text, $"[!!] {module.Directory} (go 1.21): per-loop");
        StringAssert.Contains(text, "export.go(4): per-iteration (import \"C\" on go1.22.12");
    }
}
