using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using GoToolchain.Build.Diagnostics;
using GoToolchain.Build.Modules;
using GoToolchain.Build.Platform;
using GoToolchain.Build.Versions;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.Tests.Toolchain;

/// <summary>ModuleChecks on real folders (go.mod and go.work are read from disk), with the machine's environment.</summary>
[TestClass]
[TestCategory("unit")]
public sealed class ModuleChecksTests
{
    private const string Project = "/src/App/App.csproj";
    private static readonly GoVersion Go12212 = GoVersion.FromGoEnvVersion("go1.22.12")!;
    private static readonly Func<string, string?> NothingOnPath = _ => null;
    private string _root = null!;

    [TestInitialize]
    public void Init()
    {
        _root = Path.Combine(Path.GetTempPath(), "gotb-modules-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_root);
    }

    [TestCleanup]
    public void Cleanup() => Directory.Delete(_root, recursive: true);

    private string Write(string relativePath, string content)
    {
        var path = Path.Combine(_root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    private string Module(string relativeDirectory, string goLine = "1.21")
    {
        Write(Path.Combine(relativeDirectory, "go.mod"), $"module example.com/{Path.GetFileName(relativeDirectory)}\n\ngo {goLine}\n");
        return Path.Combine(_root, relativeDirectory);
    }

    private static (ModuleValidation Module, DiagnosticBag Diagnostics) Check(string directory, GoVersion? local = null, string mode = "local",
        bool decide = true, IReadOnlyDictionary<string, string?>? environment = null, Func<string, string?>? lookPath = null)
    {
        var diagnostics = new DiagnosticBag();
        var env = new BuildEnvironment(SystemPlatform.Instance, environment ?? new Dictionary<string, string?> { ["GOWORK"] = null });
        var module = new ModuleChecks(SystemPlatform.Instance, lookPath ?? NothingOnPath)
            .Check(directory, local ?? Go12212, (local ?? Go12212) is { } v ? "go" + v.Text : null, mode, decide, env, Project, diagnostics);
        return (module, diagnostics);
    }

    private static Diagnostic Single(DiagnosticBag diagnostics, string code)
    {
        Assert.AreEqual(1, diagnostics.Items.Count, string.Join("\n", diagnostics.Items));
        Assert.AreEqual(code, diagnostics.Items[0].Code, diagnostics.Items[0].Message);
        return diagnostics.Items[0];
    }

    [TestMethod]
    public void ModuleWithSatisfiedGoLineIsFine()
    {
        var directory = Module("greeter", "1.22");
        var (module, diagnostics) = Check(directory);
        Assert.AreEqual(0, diagnostics.Items.Count, string.Join("\n", diagnostics.Items));
        Assert.AreEqual(Path.Combine(directory, "go.mod"), module.GoModPath);
        Assert.AreEqual("example.com/greeter", module.GoMod!.ModulePath);
        Assert.IsNull(module.GoWork);
        Assert.AreEqual(ToolchainOutcome.UseLocal, module.Decision!.Outcome);
    }

    [TestMethod]
    public void MissingModuleDirectoryIsGotb512AtTheProject()
    {
        var directory = Path.Combine(_root, "go", "gretter");
        var (module, diagnostics) = Check(directory);
        var d = Single(diagnostics, Codes.ModuleDirectoryMissing);
        Assert.AreEqual(Severity.Error, d.Severity);
        Assert.AreEqual(Project, d.File);
        StringAssert.StartsWith(d.Message, $"GoModule '{directory}' does not exist.");
        Assert.IsNull(module.GoModPath);
        Assert.IsNull(module.GoMod);
        Assert.AreEqual(directory, module.Directory);
    }

    [TestMethod]
    public void FolderWithoutGoModIsGotb110AtTheProject()
    {
        var directory = Path.Combine(_root, "go");
        Write("go/greeter/go.mod", "module example.com/greeter\n\ngo 1.21\n");
        var (module, diagnostics) = Check(directory);
        var d = Single(diagnostics, Codes.GoModMissing);
        Assert.AreEqual(Severity.Error, d.Severity);
        Assert.AreEqual(Project, d.File);
        StringAssert.StartsWith(d.Message, $"GoModule '{directory}' has no go.mod.");
        StringAssert.Contains(d.Message, "go mod init");
        Assert.IsNull(module.GoModPath);
    }

    [TestMethod]
    public void MalformedGoModIsReportedAtItsLineAndNoToolchainDecisionIsMade()
    {
        // A go line newer than local would otherwise be GOTB113: go stops at the parse error first.
        var goMod = Write("bad/go.mod", "module example.com/bad\n\ngo 1.23\n\nrequire (\n\texample.com/x v1.0.0\n\nfrobnicate example.com/y\n");
        var (module, diagnostics) = Check(Path.Combine(_root, "bad"));
        var d = Single(diagnostics, Codes.GoModMalformed);
        Assert.AreEqual(Severity.Error, d.Severity);
        Assert.AreEqual((goMod, 9), (d.File, d.Line));
        StringAssert.Contains(d.Message, $"{goMod}:9: syntax error (unterminated block started at {goMod}:5:1)");
        Assert.IsNull(module.Decision, "there is no toolchain decision to predict");
    }

    [TestMethod]
    public void UnknownDirectiveIsAtItsLine()
    {
        var goMod = Write("bad/go.mod", "module example.com/bad\n\ngo 1.21\nfrobnicate x\n");
        var d = Single(Check(Path.Combine(_root, "bad")).Diagnostics, Codes.GoModMalformed);
        Assert.AreEqual(goMod, d.File);
        Assert.AreEqual(4, d.Line);
        StringAssert.Contains(d.Message, "unknown directive: frobnicate");
    }

    [TestMethod]
    public void GoLineNewerThanTheLocalToolchainIsGotb113AtTheGoLine()
    {
        var directory = Module("greeter", "1.23");
        var (module, diagnostics) = Check(directory);
        var d = Single(diagnostics, Codes.GoLineTooNewLocal);
        Assert.AreEqual(Severity.Error, d.Severity);
        Assert.AreEqual(Path.Combine(directory, "go.mod"), d.File);
        Assert.AreEqual(3, d.Line);
        Assert.AreEqual(ToolchainOutcome.LocalTooOld, module.Decision!.Outcome);
        Assert.AreEqual("go: go.mod requires go >= 1.23 (running go 1.22.12; GOTOOLCHAIN=local)", module.Decision.GoMessage);
    }

    [TestMethod]
    public void NoDecisionWithoutAToolchainButTheFileIsStillParsed()
    {
        var goMod = Write("bad/go.mod", "module example.com/bad\n\ngo 1.21\nfrobnicate x\n");
        var diagnostics = new DiagnosticBag();
        var module = new ModuleChecks(SystemPlatform.Instance, NothingOnPath)
            .Check(Path.Combine(_root, "bad"), null, null, "local", true, new BuildEnvironment(SystemPlatform.Instance), Project, diagnostics);
        var d = Single(diagnostics, Codes.GoModMalformed);
        Assert.AreEqual((goMod, 4), (d.File, d.Line));
        Assert.IsNull(module.Decision);
    }

    [TestMethod]
    public void NoDecisionWhenTheModeWasAlreadyReportedInvalid()
    {
        var (module, diagnostics) = Check(Module("greeter", "1.23"), mode: "foo", decide: false);
        Assert.AreEqual(0, diagnostics.Items.Count, "GOTB117 is reported once by the validator, not once per module");
        Assert.IsNull(module.Decision);
    }

    [TestMethod]
    public void LookPathIsUsedForSwitchingToolchains()
    {
        // GOTOOLCHAIN=path with go 1.23 under 1.22.12: go runs go1.23.0 from PATH.
        var asked = new List<string>();
        var (module, diagnostics) = Check(Module("greeter", "1.23"), mode: "path",
            lookPath: name => { asked.Add(name); return name == "go1.23.0" ? "/opt/tc/go1.23.0" : null; });
        CollectionAssert.Contains(asked, "go1.23.0");
        Assert.AreEqual(ToolchainOutcome.SwitchFromPath, module.Decision!.Outcome);
        Assert.AreEqual("/opt/tc/go1.23.0", module.Decision.ToolchainPath);
        var d = Single(diagnostics, Codes.ToolchainFromPath);
        Assert.AreEqual(Severity.Message, d.Severity);
    }

    // ---- go.work ----

    [TestMethod]
    public void GoWorkIsFoundByWalkingUpAndGovernsTheToolchain()
    {
        // The workspace's go line, not the module's, decides (go 1.23 in go.work, 1.21 in go.mod, local 1.22.12).
        var goWork = Write("ws/go.work", "go 1.23\n\nuse ./libs/greeter\n");
        var directory = Module("ws/libs/greeter", "1.21");
        var (module, diagnostics) = Check(directory);
        Assert.AreEqual(goWork, module.GoWork!.FilePath);
        var d = Single(diagnostics, Codes.GoLineTooNewLocal);
        Assert.AreEqual(goWork, d.File);
        Assert.AreEqual(1, d.Line);
    }

    [TestMethod]
    public void GoWorkInTheModuleDirectoryItselfCounts()
    {
        var goWork = Write("m/go.work", "go 1.22\n\nuse .\n");
        var (module, diagnostics) = Check(Module("m", "1.22"));
        Assert.AreEqual(goWork, module.GoWork!.FilePath);
        Assert.AreEqual(0, diagnostics.Items.Count, string.Join("\n", diagnostics.Items));
    }

    [TestMethod]
    public void NearestGoWorkWins()
    {
        Write("go.work", "go 1.22\n\nuse ./outer\n");
        var inner = Write("ws/go.work", "go 1.22\n\nuse ./m\n");
        var (module, diagnostics) = Check(Module("ws/m", "1.22"));
        Assert.AreEqual(inner, module.GoWork!.FilePath);
        Assert.AreEqual(0, diagnostics.Items.Count, string.Join("\n", diagnostics.Items));
    }

    [TestMethod]
    public void ModuleNotListedInItsGoWorkIsGotb120()
    {
        var goWork = Write("ws/go.work", "go 1.22\n\nuse ./a\n");
        Module("ws/a", "1.22");
        var directory = Module("ws/b", "1.22");
        var (module, diagnostics) = Check(directory);
        var d = Single(diagnostics, Codes.ModuleNotInWorkspace);
        Assert.AreEqual(Severity.Error, d.Severity);
        Assert.AreEqual(goWork, d.File);
        StringAssert.Contains(d.Message, $"The module '{directory}' is inside the workspace '{goWork}' but not listed in it");
        StringAssert.Contains(d.Message, "go work use ./b");
        Assert.AreEqual(ToolchainOutcome.UseLocal, module.Decision!.Outcome);
    }

    [TestMethod]
    public void MalformedGoWorkIsGotb112AtItsLineWithoutGotb120OrDecision()
    {
        var goWork = Write("ws/go.work", "go 1.22\n\nuse ./a\nreplace (\n");
        var (module, diagnostics) = Check(Module("ws/b", "1.22"));
        var d = Single(diagnostics, Codes.GoWorkMalformed);
        Assert.AreEqual((goWork, 5), (d.File, d.Line));
        StringAssert.Contains(d.Message, $"unterminated block started at {goWork}:4:1");
        Assert.IsNull(module.Decision);
    }

    [TestMethod]
    public void GoworkOffIgnoresTheWorkspace()
    {
        Write("ws/go.work", "go 1.23\n\nuse ./a\n");
        var directory = Module("ws/b", "1.22");
        var (module, diagnostics) = Check(directory, environment: new Dictionary<string, string?> { ["GOWORK"] = "off" });
        Assert.IsNull(module.GoWork);
        Assert.AreEqual(0, diagnostics.Items.Count, "neither GOTB120 nor the workspace's go 1.23: " + string.Join("\n", diagnostics.Items));
        Assert.AreEqual(ToolchainOutcome.UseLocal, module.Decision!.Outcome);
    }

    [TestMethod]
    public void GoworkPathNamesTheWorkspaceFile()
    {
        Write("ws/go.work", "go 1.22\n\nuse ./b\n");
        var named = Write("elsewhere/ci.work", $"go 1.23\n\nuse {Path.Combine(_root, "ws", "b")}\n");
        var (module, diagnostics) = Check(Module("ws/b", "1.22"), environment: new Dictionary<string, string?> { ["GOWORK"] = named });
        Assert.AreEqual(named, module.GoWork!.FilePath, "GOWORK wins over the go.work found by walking up");
        var d = Single(diagnostics, Codes.GoLineTooNewLocal);
        Assert.AreEqual((named, 1), (d.File, d.Line));
    }

    [TestMethod]
    public void GoworkNamingAMissingFileIsGotb112()
    {
        // go: reading go.work: open /x/missing.work: no such file or directory (1.19, 1.21, 1.23 all fail)
        var missing = Path.Combine(_root, "missing.work");
        var (module, diagnostics) = Check(Module("m", "1.22"), environment: new Dictionary<string, string?> { ["GOWORK"] = missing });
        var d = Single(diagnostics, Codes.GoWorkMalformed);
        Assert.AreEqual(Severity.Error, d.Severity);
        Assert.AreEqual(missing, d.File);
        StringAssert.StartsWith(d.Message, $"Cannot read the workspace file '{missing}': the file does not exist.");
        Assert.IsNull(module.Decision);
    }
    [TestMethod]
    public void ATreeOfGo124SyntaxIsReadByTheGoTheModeSwitchesTo()
    {
        var go1235 = GoVersion.FromGoEnvVersion("go1.23.5")!;
        Write("tool/go.mod", "module example.com/tool\n\ngo 1.24\n\ntoolchain go1.24.4\n\ntool example.com/x/cmd/gen\n");
        var directory = Path.Combine(_root, "tool");
        Func<string, string?> onPath = name => name == "go1.24.4" ? "/opt/toolchains/go1.24.4" : null;

        var (switched, switchedDiagnostics) = Check(directory, go1235, "path", lookPath: onPath);
        Assert.AreEqual(Codes.ToolchainFromPath, Single(switchedDiagnostics, Codes.ToolchainFromPath).Code);
        Assert.AreEqual("1.24.4", switched.ReadBy!.Text);
        Assert.AreEqual(0, switched.GoMod!.Diagnostics.Count, "go 1.24.4 knows the tool directive");
        CollectionAssert.Contains(switched.Describe().ToList(), "read by: the rules of Go 1.24.4 (the toolchain go switches to)");

        // Under local, go 1.23 reads it itself and stops at the line it does not know (1.21-1.23 print the parse error).
        var (local, localDiagnostics) = Check(directory, go1235, "local", lookPath: onPath);
        StringAssert.Contains(Single(localDiagnostics, Codes.GoModMalformed).Message, "go.mod:7: unknown directive: tool");
        Assert.IsNull(local.Decision, "go stops at the parse error: no toolchain decision to predict");

        // With no go1.24.4 on PATH go fails before it reads the file: only GOTB116.
        var (_, missingDiagnostics) = Check(directory, go1235, "path");
        StringAssert.Contains(Single(missingDiagnostics, Codes.ToolchainNotOnPath).Message, "go: cannot find \"go1.24.4\" in PATH");
    }

    [TestMethod]
    public void OnGo124AndLaterAGoLineTooNewComesBeforeTheParseErrors()
    {
        Write("new/go.mod", "module example.com/new\n\ngo 1.99\n\nfrobnicate\n");
        var directory = Path.Combine(_root, "new");
        var (_, on124) = Check(directory, GoVersion.FromGoEnvVersion("go1.24.4"));
        StringAssert.Contains(Single(on124, Codes.GoLineTooNewLocal).Message, "go: go.mod requires go >= 1.99 (running go 1.24.4; GOTOOLCHAIN=local)");
        var (_, on123) = Check(directory, GoVersion.FromGoEnvVersion("go1.23.5"));
        StringAssert.Contains(Single(on123, Codes.GoModMalformed).Message, "go.mod:5: unknown directive: frobnicate");
    }
}
