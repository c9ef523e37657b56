using System;
using System.Collections.Generic;
using GoToolchain.Build.Diagnostics;
using GoToolchain.Build.Modules;
using GoToolchain.Build.Versions;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.Tests.Toolchain;

[TestClass]

[TestCategory("unit")]
public sealed class ToolchainSelectionTests
{
    private const string GoMod = "/w/m/go.mod";
    private const string Project = "/w/app/app.csproj";

    private static readonly Func<string, string?> NothingOnPath = _ => null;

    private static GoModFile Mod(string goLine, string? toolchain = null)
        => GoModFile.Parse($"module example.com/m\n\ngo {goLine}\n" + (toolchain is null ? "" : $"\ntoolchain {toolchain}\n"), GoMod);

    private static ToolchainDecision Decide(string goVersion, string mode, IGoVersionDirectives? file, Func<string, string?>? lookPath = null,
        string? workingDirectory = null)
        => new ToolchainSelection(lookPath ?? NothingOnPath)
            .Decide(GoVersion.FromGoEnvVersion(goVersion)!, mode, file, Project, workingDirectory);

    private static void AssertDiagnostic(ToolchainDecision decision, string code, Severity severity, string? file, int line, params string[] mentions)
    {
        var d = decision.Diagnostic;
        Assert.IsNotNull(d, decision.ToString());
        Assert.AreEqual(code, d.Code, d.Message);
        Assert.AreEqual(severity, d.Severity, d.Message);
        Assert.AreEqual(file, d.File, d.Message);
        Assert.AreEqual(line, d.Line, d.Message);
        foreach (var mention in mentions) StringAssert.Contains(d.Message, mention);
    }

    [TestMethod]
    public void LocalWithNewerGoLineFailsWithGosMessage()
    {
        var decision = Decide("go1.22.12", "local", Mod("1.23"));
        Assert.AreEqual(ToolchainOutcome.LocalTooOld, decision.Outcome);
        Assert.AreEqual("go: go.mod requires go >= 1.23 (running go 1.22.12; GOTOOLCHAIN=local)", decision.GoMessage);
        AssertDiagnostic(decision, Codes.GoLineTooNewLocal, Severity.Error, GoMod, 3, "'go 1.23'", "1.22.12", "GOTOOLCHAIN=local", "GoRoot", "go1.23.0");
    }

    [TestMethod]
    public void GoLineIsQuotedAsWritten()
        => Assert.AreEqual("go: go.mod requires go >= 1.22.0 (running go 1.21.13; GOTOOLCHAIN=local)",
            Decide("go1.21.13", "local", Mod("1.22.0")).GoMessage);

    [TestMethod]
    [DataRow("1.22")]
    [DataRow("1.22.12")]
    [DataRow("1.21rc1")]
    [DataRow("1.19")]
    public void LocalWithSatisfiedGoLineUsesLocal(string goLine)
    {
        var decision = Decide("go1.22.12", "local", Mod(goLine));
        Assert.AreEqual(ToolchainOutcome.UseLocal, decision.Outcome);
        Assert.IsNull(decision.Diagnostic);
        Assert.AreEqual("go1.22.12", decision.ToolchainName);
    }

    [TestMethod]
    public void NoGoModMeansNothingToSwitchFor()
    {
        Assert.AreEqual(ToolchainOutcome.UseLocal, Decide("go1.22.12", "auto", null).Outcome);
        Assert.AreEqual(ToolchainOutcome.UseLocal, Decide("go1.22.12", "path", null).Outcome);
    }

    [TestMethod]
    [DataRow("auto")]
    [DataRow("local+auto")]
    public void AutoDownloadsTheDotZeroReleaseOfALanguageVersion(string mode)
    {
        var decision = Decide("go1.22.12", mode, Mod("1.23"));
        Assert.AreEqual(ToolchainOutcome.Download, decision.Outcome);
        Assert.AreEqual("go1.23.0", decision.ToolchainName);
        Assert.AreEqual("go: downloading go1.23.0", decision.GoMessage);
        AssertDiagnostic(decision, Codes.ToolchainDownload, Severity.Warning, GoMod, 3,
            "go1.23.0", $"GOTOOLCHAIN={mode}", "GoRoot", "on PATH", "GoToolchainMode=local");
    }

    [TestMethod]
    public void AutoTakesAToolchainFoundOnPath()
    {
        var asked = new List<string>();
        var decision = Decide("go1.22.12", "auto", Mod("1.23"), name => { asked.Add(name); return "/opt/sdk/go1.23.0"; });
        Assert.AreEqual(ToolchainOutcome.SwitchFromPath, decision.Outcome);
        Assert.AreEqual("go1.23.0", decision.ToolchainName);
        Assert.AreEqual("/opt/sdk/go1.23.0", decision.ToolchainPath);
        CollectionAssert.AreEqual(new[] { "go1.23.0" }, asked);
        Assert.IsNull(decision.GoMessage);
        AssertDiagnostic(decision, Codes.ToolchainFromPath, Severity.Message, GoMod, 3, "/opt/sdk/go1.23.0", "go1.23.0");
    }

    [TestMethod]
    [DataRow("path")]
    [DataRow("local+path")]
    public void PathModeNeverDownloads(string mode)
    {
        var decision = Decide("go1.22.12", mode, Mod("1.23"));
        Assert.AreEqual(ToolchainOutcome.NotOnPath, decision.Outcome);
        Assert.AreEqual("go1.23.0", decision.ToolchainName);
        Assert.AreEqual("go: cannot find \"go1.23.0\" in PATH", decision.GoMessage);
        AssertDiagnostic(decision, Codes.ToolchainNotOnPath, Severity.Error, GoMod, 3, "go1.23.0", $"GOTOOLCHAIN={mode}", "GoRoot", "on PATH");
    }

    [TestMethod]
    public void PatchLevelGoLineIsAHardMinimum()
    {
        var decision = Decide("go1.23.5", "auto", Mod("1.23.9"));
        Assert.AreEqual(ToolchainOutcome.Download, decision.Outcome);
        Assert.AreEqual("go1.23.9", decision.ToolchainName);
        Assert.AreEqual("go: go.mod requires go >= 1.23.9 (running go 1.23.5; GOTOOLCHAIN=local)", Decide("go1.23.5", "local", Mod("1.23.9")).GoMessage);
    }

    [TestMethod]
    public void NewerToolchainLineIsPreferredInAutoButIgnoredInLocal()
    {
        var file = Mod("1.21", "go1.23.5");
        var auto = Decide("go1.22.12", "auto", file);
        Assert.AreEqual(ToolchainOutcome.Download, auto.Outcome);
        Assert.AreEqual("go1.23.5", auto.ToolchainName);
        Assert.AreSame(file.Toolchain, auto.Cause);
        AssertDiagnostic(auto, Codes.ToolchainDownload, Severity.Warning, GoMod, 5, "toolchain go1.23.5");

        Assert.AreEqual(ToolchainOutcome.UseLocal, Decide("go1.22.12", "local", file).Outcome);
        Assert.AreEqual(ToolchainOutcome.UseLocal, Decide("go1.23.5", "auto", file).Outcome);
    }

    [TestMethod]
    public void GoLineNewerThanToolchainLineWins()
    {
        var file = Mod("1.23.9", "go1.23.5");
        var decision = Decide("go1.22.12", "auto", file);
        Assert.AreEqual("go1.23.9", decision.ToolchainName);
        Assert.AreSame(file.Go, decision.Cause);
    }

    [TestMethod]
    public void ToolchainLineNewerThanGoLineWins()
        => Assert.AreEqual("go1.24.1", Decide("go1.22.12", "auto", Mod("1.23", "go1.24.1")).ToolchainName);

    [TestMethod]
    public void BareVersionAlwaysSwitchesUnlessItIsTheLocalOne()
    {
        var decision = Decide("go1.22.12", "go1.23.5", Mod("1.20"));
        Assert.AreEqual(ToolchainOutcome.Download, decision.Outcome);
        Assert.AreEqual("go1.23.5", decision.ToolchainName);
        Assert.IsNull(decision.Cause);
        AssertDiagnostic(decision, Codes.ToolchainDownload, Severity.Warning, Project, 0, "GOTOOLCHAIN=go1.23.5");

        Assert.AreEqual(ToolchainOutcome.UseLocal, Decide("go1.23.5", "go1.23.5", Mod("1.20")).Outcome);
        // Older than local still switches: the user named it.
        Assert.AreEqual("go1.21.0", Decide("go1.22.12", "go1.21.0", Mod("1.20")).ToolchainName);
        // A bare version does not read go.mod: the toolchain line does not matter.
        Assert.AreEqual("go1.23.5", Decide("go1.22.12", "go1.23.5", Mod("1.21", "go1.24.0")).ToolchainName);
    }

    [TestMethod]
    public void BareLocalVersionWithNewerGoLineNamesTheMode()
    {
        var decision = Decide("go1.23.5", "go1.23.5", Mod("1.23.9"));
        Assert.AreEqual(ToolchainOutcome.LocalTooOld, decision.Outcome);
        Assert.AreEqual("go: go.mod requires go >= 1.23.9 (running go 1.23.5; GOTOOLCHAIN=go1.23.5)", decision.GoMessage);
    }

    [TestMethod]
    public void BareVersionOlderThanTheGoLineIsAnErrorEvenAfterTheSwitch()
    {
        var decision = Decide("go1.22.12", "go1.23.5", Mod("1.23.9"));
        Assert.AreEqual(ToolchainOutcome.Download, decision.Outcome);
        Assert.AreEqual("go1.23.5", decision.ToolchainName);
        AssertDiagnostic(decision, Codes.GoLineTooNewLocal, Severity.Error, Project, 0, "go1.23.5", "1.23.9", "go1.23.9");
    }

    [TestMethod]
    public void MinimumPlusModeSwitchesPastTheMinimum()
    {
        Assert.AreEqual("go1.23.9", Decide("go1.22.12", "go1.23.5+auto", Mod("1.23.9")).ToolchainName);
        var path = Decide("go1.21.13", "go1.23.5+path", Mod("1.23.9"));
        Assert.AreEqual(ToolchainOutcome.NotOnPath, path.Outcome);
        Assert.AreEqual("go: cannot find \"go1.23.9\" in PATH", path.GoMessage);
        var minimum = Decide("go1.21.13", "go1.23.5+path", Mod("1.20"));
        Assert.AreEqual("go: cannot find \"go1.23.5\" in PATH", minimum.GoMessage);
        Assert.AreEqual(ToolchainOutcome.UseLocal, Decide("go1.21.13", "go1.21.13+auto", Mod("1.21")).Outcome);
    }

    [TestMethod]
    [DataRow("foo", "go: invalid GOTOOLCHAIN \"foo\"")]
    [DataRow("go1.23.5+foo", "go: invalid GOTOOLCHAIN \"go1.23.5+foo\": only version suffixes are +auto and +path")]
    [DataRow("go2.0", "go: invalid GOTOOLCHAIN \"go2.0\"")]
    public void InvalidModeIsAnErrorAtTheProject(string mode, string goMessage)
    {
        var decision = Decide("go1.22.12", mode, Mod("1.21"));
        Assert.AreEqual(ToolchainOutcome.InvalidMode, decision.Outcome);
        Assert.AreEqual(goMessage, decision.GoMessage);
        AssertDiagnostic(decision, Codes.ToolchainModeInvalid, Severity.Error, Project, 0, $"'{mode}'", "local, auto, path");
    }

    [TestMethod]
    public void ToolchainDefaultKeepsTheLocalGoAndSaysSo()
    {
        Assert.AreEqual("go: go.mod requires go >= 1.25 (running go 1.22.12; go.mod sets toolchain default)",
            Decide("go1.22.12", "auto", Mod("1.25", "default")).GoMessage);
        Assert.AreEqual("go: go.mod requires go >= 1.25 (running go 1.22.12; GOTOOLCHAIN=path; go.mod sets toolchain default)",
            Decide("go1.22.12", "path", Mod("1.25", "default")).GoMessage);
    }

    [TestMethod]
    [DataRow("1.21", "default")]
    [DataRow("1.21", "go1.21")]    // names exactly the go line
    [DataRow("1.21.0", "go1.21.0")]
    [DataRow("1.21", "go1.20.5")]  // older than the go line
    [DataRow("1.20", "go1.20.1")]  // before 1.21
    [DataRow("1.21", "go1.x")]
    public void ToolchainLineThatTidyWouldDropNeedsAnUpdate(string goLine, string toolchain)
    {
        var file = Mod(goLine, toolchain);
        var decision = Decide("go1.22.12", "local", file);
        Assert.AreEqual(ToolchainOutcome.FileInvalid, decision.Outcome);
        Assert.AreEqual("go: updates to go.mod needed; to update it:\n\tgo mod tidy", decision.GoMessage);
        AssertDiagnostic(decision, Codes.GoModMalformed, Severity.Error, GoMod, 5, "go mod tidy", toolchain);
    }

    [TestMethod]
    [DataRow("1.21", "go1.21.0")]
    [DataRow("1.21", "go1.21rc1")]
    [DataRow("1.21", "go1.22.0-bigcorp")]
    public void ToolchainLineNewerThanTheGoLineIsKept(string goLine, string toolchain)
        => Assert.AreEqual(ToolchainOutcome.UseLocal, Decide("go1.22.12", "local", Mod(goLine, toolchain)).Outcome);

    [TestMethod]
    public void UnreadableToolchainNameStopsAutoSelection()
    {
        var decision = Decide("go1.22.12", "auto", Mod("1.21", "go1.x"));
        Assert.AreEqual(ToolchainOutcome.FileInvalid, decision.Outcome);
        Assert.AreEqual("go: invalid toolchain \"go1.x\" in go.mod", decision.GoMessage);
        AssertDiagnostic(decision, Codes.GoModMalformed, Severity.Error, GoMod, 5, "go1.x");
    }

    [TestMethod]
    [DataRow("go1.21.13", "must match format 1.23")]
    [DataRow("go1.22.12", "must match format 1.23.0")]
    public void GoLineTheLocalGoCannotReadIsFileInvalid(string goVersion, string format)
    {
        var decision = Decide(goVersion, "local", Mod("1.2x"));
        Assert.AreEqual(ToolchainOutcome.FileInvalid, decision.Outcome);
        Assert.AreEqual($"go.mod:3: invalid go version '1.2x': {format}", decision.GoMessage);
        AssertDiagnostic(decision, Codes.GoModMalformed, Severity.Error, GoMod, 3, "1.2x");
    }

    [TestMethod]
    public void EqualToolchainLineSwitchesOnlyOnGo121()
    {
        var file = Mod("1.21", "go1.21.13-bigcorp");
        Assert.AreEqual("go1.21.13-bigcorp", Decide("go1.21.13", "auto", file).ToolchainName);
        Assert.AreEqual(ToolchainOutcome.Download, Decide("go1.21.13", "auto", file).Outcome);
        Assert.AreEqual(ToolchainOutcome.UseLocal, Decide("go1.22.12", "auto", Mod("1.21", "go1.22.12-bigcorp")).Outcome);
    }

    [TestMethod]
    public void WorkspaceFileGovernsAndIsNamedRelativeToTheWorkingDirectory()
    {
        var work = GoWorkFile.Parse("go 1.23\n\nuse ./a\n", "/src/space/go.work");
        var local = Decide("go1.22.12", "local", work, workingDirectory: "/src/space/a");
        Assert.AreEqual(ToolchainOutcome.LocalTooOld, local.Outcome);
        Assert.AreEqual("go: ../go.work requires go >= 1.23 (running go 1.22.12; GOTOOLCHAIN=local)", local.GoMessage);
        AssertDiagnostic(local, Codes.GoLineTooNewLocal, Severity.Error, "/src/space/go.work", 1);
        // Not shorter than the path itself: go prints the path.
        StringAssert.StartsWith(Decide("go1.22.12", "local", GoWorkFile.Parse("go 1.23\n", "/w/go.work"), workingDirectory: "/w/a").GoMessage, "go: /w/go.work requires");

        Assert.AreEqual("go1.23.0", Decide("go1.22.12", "auto", work).ToolchainName);
        var invalid = Decide("go1.22.12", "auto", GoWorkFile.Parse("go 1.21\ntoolchain go1.x\n", "/w/go.work"));
        AssertDiagnostic(invalid, Codes.GoWorkMalformed, Severity.Error, "/w/go.work", 2);
    }

    [TestMethod]
    [DataRow("local")]
    [DataRow("auto")]
    [DataRow("foo")]
    [DataRow("go1.23.5")]
    public void OldGoIgnoresGotoolchainAndBuildsANewerModuleSilently(string mode)
    {
        var decision = Decide("go1.19.8", mode, Mod("1.22"));
        Assert.AreEqual(ToolchainOutcome.OldGoTooOld, decision.Outcome);
        Assert.IsNull(decision.GoMessage);
        AssertDiagnostic(decision, Codes.GoLineTooNewForOldGo, Severity.Error, GoMod, 3, "'go 1.22'", "1.19.8", "GoRoot", "'go 1.19'");
        Assert.AreEqual(ToolchainOutcome.UseLocal, Decide("go1.19.8", mode, Mod("1.19")).Outcome);
        Assert.AreEqual(ToolchainOutcome.UseLocal, Decide("go1.19.8", mode, Mod("1.17")).Outcome);
    }

    [TestMethod]
    [DataRow("go1.19.8", "1.20", Severity.Warning)]  // builds fine by hand: code needing 1.20 would fail to compile, go says so
    [DataRow("go1.19.8", "1.21", Severity.Warning)]
    [DataRow("go1.19.8", "1.22", Severity.Error)]    // per-iteration loop variables: 1.19 would silently build other semantics
    [DataRow("go1.19.8", "1.23", Severity.Error)]
    [DataRow("go1.19", "1.25", Severity.Error)]
    public void Gotb118IsAnErrorOnlyWhereTheOldGoWouldSilentlyBuildOtherSemantics(string local, string goLine, Severity severity)
    {
        var decision = Decide(local, "local", Mod(goLine));
        Assert.AreEqual(ToolchainOutcome.OldGoTooOld, decision.Outcome);
        AssertDiagnostic(decision, Codes.GoLineTooNewForOldGo, severity, GoMod, 3, $"'go {goLine}'", local.Substring(2));
        if (severity == Severity.Error) StringAssert.Contains(decision.Diagnostic!.Message, "loop variable");
        else StringAssert.Contains(decision.Diagnostic!.Message, "NoWarn");
    }

    [TestMethod]
    [DataRow("go1.21.13", "1.22")]
    [DataRow("go1.22.12", "1.23")]
    [DataRow("go1.23.5", "1.24")]
    public void FromGo121OnANewerGoLineIsNeverGotb118(string local, string goLine)
        => Assert.AreEqual(ToolchainOutcome.LocalTooOld, Decide(local, "local", Mod(goLine)).Outcome);

    [TestMethod]
    public void OldGoCannotParseAToolchainLine()
    {
        var decision = Decide("go1.19.8", "auto", Mod("1.21", "go1.23.5"));
        Assert.AreEqual(ToolchainOutcome.OldGoCannotParse, decision.Outcome);
        Assert.AreEqual("/w/m/go.mod:5: unknown directive: toolchain", decision.GoMessage);
        AssertDiagnostic(decision, Codes.GoModMalformed, Severity.Error, GoMod, 5, "unknown directive: toolchain", "Go 1.21");
    }

    [TestMethod]
    public void OldGoCannotParseAThreePartGoLine()
    {
        var decision = Decide("go1.19.8", "local", Mod("1.22.0", "go1.23.5"));
        Assert.AreEqual(ToolchainOutcome.OldGoCannotParse, decision.Outcome);
        Assert.AreEqual("/w/m/go.mod:3: invalid go version '1.22.0': must match format 1.23\n/w/m/go.mod:5: unknown directive: toolchain", decision.GoMessage);
        AssertDiagnostic(decision, Codes.GoModMalformed, Severity.Error, GoMod, 3, "'1.22.0'", "'go 1.22'");
    }

    [TestMethod]
    public void OldGoWithAWorkspaceReportsGoWorkMalformed()
    {
        var decision = Decide("go1.19.8", "local", GoWorkFile.Parse("go 1.21\ntoolchain go1.23.5\nuse ./a\n", "/w/go.work"));
        AssertDiagnostic(decision, Codes.GoWorkMalformed, Severity.Error, "/w/go.work", 2);
    }
}
