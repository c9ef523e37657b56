using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using GoToolchain.Build.Modules;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using GoToolchain.Build.Testing;

namespace GoToolchain.Build.Tests.Toolchain;

/// <summary>
/// Each prediction of <see cref="ToolchainSelection"/> against what every supported real go does with the same go.mod
/// and GOTOOLCHAIN (offline: GOPROXY=off, so a download shows up as "go: downloading …").
/// </summary>
[TestClass]
[TestCategory("toolchain")]
public sealed class ToolchainSelectionAgainstGoTests
{
    private static RealGo _go = null!;

    [ClassInitialize]
    public static void Initialize(TestContext context) => _go = new RealGo();

    [ClassCleanup]
    public static void Cleanup() => _go.Dispose();

    private static readonly string[] GoModTails =
    {
        "go 1.19\n",
        "go 1.20\n",
        "go 1.21\n",
        "go 1.22\n",
        "go 1.23\n",
        "go 1.22.0\n",
        "go 1.23.9\n",
        "go 1.21\n\ntoolchain go1.23.5\n",
        "go 1.23\n\ntoolchain go1.23.5\n",
        "go 1.22\n\ntoolchain go1.22.0\n",
        "go 1.22.0\n\ntoolchain go1.22.0\n",
        "go 1.21\n\ntoolchain default\n",
        "go 1.2x\n",
        // Lines newer than every toolchain under test, so that the newest ones also meet a go line they cannot build.
        $"go 1.{Toolchains.Minor(Toolchains.Newest) + 1}\n",
        $"go 1.{Toolchains.Minor(Toolchains.Newest) + 1}.9\n",
        $"go 1.21\n\ntoolchain go1.{Toolchains.Minor(Toolchains.Newest) + 1}.1\n",
        $"go 1.24\n\ntoolchain go1.{Toolchains.Minor(Toolchains.Newest) + 1}.1\n",
    };

    private static readonly string[] Modes = { "local", "auto", "path", "go1.23.5", "go1.23.5+path", "foo", "local+path", "go1.21.13+auto" };

    /// <summary>What the matrix must produce on a toolchain: 1.19 knows no GOTOOLCHAIN, 1.21 and later all switch.</summary>
    private static ToolchainOutcome[] MustSee(string version) => version == "1.19"
        ? new[] { ToolchainOutcome.UseLocal, ToolchainOutcome.OldGoTooOld, ToolchainOutcome.OldGoCannotParse }
        : new[] { ToolchainOutcome.UseLocal, ToolchainOutcome.LocalTooOld, ToolchainOutcome.Download, ToolchainOutcome.NotOnPath, ToolchainOutcome.InvalidMode, ToolchainOutcome.FileInvalid };

    [TestMethod]
    [DynamicData(nameof(Toolchains.All), typeof(Toolchains))]
    public void PredictionMatchesGoBuild(string version)
    {
        var local = RealGo.Version(version);
        var selection = new ToolchainSelection(RealGo.LookPathIn(RealGo.CleanPath));
        var mismatches = new List<string>();
        var seen = new HashSet<ToolchainOutcome>();
        foreach (var tail in GoModTails)
        {
            var directory = _go.WriteModule("module example.com/m\n\n" + tail);
            var file = GoModFile.Load(Path.Combine(directory, "go.mod"));
            foreach (var mode in Modes)
            {
                var decision = selection.Decide(local, mode, file, workingDirectory: directory);
                var run = _go.Run(version, directory, mode, RealGo.CleanPath, "build", "-o", Path.Combine(directory, "out"), ".");
                seen.Add(decision.Outcome);
                if (Mismatch(decision, run) is { } why) mismatches.Add($"[{tail.Replace("\n", " ").Trim()}] GOTOOLCHAIN={mode}: predicted {decision}: {why}; go: {run}");
            }
        }
        Assert.AreEqual(0, mismatches.Count, $"Go {version}:\n" + string.Join("\n", mismatches));
        foreach (var outcome in MustSee(version)) Assert.IsTrue(seen.Contains(outcome), $"the matrix never produced {outcome} on Go {version}");
    }

    /// <summary>Every toolchain that can switch (1.21+) and is older than the newest, which is the one on PATH.</summary>
    public static IEnumerable<object[]> OlderThanTheNewest
        => Toolchains.Rows(Toolchains.WithLoopvarExperiment.Where(t => t != Toolchains.Newest));

    [TestMethod]
    [DynamicData(nameof(OlderThanTheNewest))]
    public void ToolchainOnPathIsPredictedAndRun(string version)
    {
        var local = RealGo.Version(version);
        var bin = _go.NewDirectory("tcbin");
        var target = Toolchains.Version(Toolchains.Newest); // e.g. go1.27.4, as a goX.Y.Z binary on PATH
        File.CreateSymbolicLink(Path.Combine(bin, target), RealGo.GoBinary(Toolchains.Newest));
        var path = new[] { bin }.Concat(RealGo.CleanPath).ToArray();
        var selection = new ToolchainSelection(RealGo.LookPathIn(path));

        var cases = new (string GoMod, string Mode, ToolchainOutcome Expected)[]
        {
            ($"go 1.21\n\ntoolchain {target}\n", "auto", ToolchainOutcome.SwitchFromPath),
            ($"go 1.21\n\ntoolchain {target}\n", "path", ToolchainOutcome.SwitchFromPath),
            ("go 1.21\n", target, ToolchainOutcome.SwitchFromPath),
            ("go 1.21\n", target + "+path", ToolchainOutcome.SwitchFromPath),
            ($"go {Toolchains.Newest}\n", "path", ToolchainOutcome.NotOnPath),   // wants go1.NN.0: a go1.NN.x on PATH does not count
            ($"go {Toolchains.Newest}\n", "auto", ToolchainOutcome.Download),
            ($"go 1.21\n\ntoolchain {target}\n", "local", ToolchainOutcome.UseLocal),
        };
        var mismatches = new List<string>();
        foreach (var (goMod, mode, expected) in cases)
        {
            var directory = _go.WriteModule("module example.com/m\n\n" + goMod);
            var decision = selection.Decide(local, mode, GoModFile.Load(Path.Combine(directory, "go.mod")), workingDirectory: directory);
            var output = Path.Combine(directory, "out");
            var run = _go.Run(version, directory, mode, path, "build", "-o", output, ".");
            var label = $"[{goMod.Replace("\n", " ").Trim()}] GOTOOLCHAIN={mode}: predicted {decision}";
            if (decision.Outcome != expected) mismatches.Add($"{label}, expected {expected}");
            if (Mismatch(decision, run) is { } why) mismatches.Add($"{label}: {why}; go: {run}");
            if (decision.Outcome == ToolchainOutcome.SwitchFromPath)
            {
                Assert.AreEqual(Path.Combine(bin, target), decision.ToolchainPath);
                // The binary really came from the switched-to toolchain.
                var built = _go.Run(Toolchains.Newest, directory, "local", RealGo.CleanPath, "version", output);
                StringAssert.Contains(built.Stdout, ": " + target, label);
            }
        }
        Assert.AreEqual(0, mismatches.Count, $"Go {version}:\n" + string.Join("\n", mismatches));
    }

    [TestMethod]
    [DynamicData(nameof(Toolchains.All), typeof(Toolchains))]
    public void WorkspaceGoLineGoverns(string version)
    {
        var local = RealGo.Version(version);
        var selection = new ToolchainSelection(RealGo.LookPathIn(RealGo.CleanPath));
        var workspace = _go.NewDirectory("ws");
        var module = _go.WriteModule("module example.com/a\n\ngo 1.21\n", Path.Combine(workspace, "a"));
        // A go line newer than every toolchain under test, as 1.23 was when this test was written.
        File.WriteAllText(Path.Combine(workspace, "go.work"), $"go 1.{Toolchains.Minor(Toolchains.Newest) + 1}\nuse ./a\n");
        var work = GoWorkFile.Load(Path.Combine(workspace, "go.work"));
        var mismatches = new List<string>();
        foreach (var mode in new[] { "local", "auto", "path" })
        {
            var decision = selection.Decide(local, mode, work, workingDirectory: module);
            var run = _go.Run(version, module, mode, RealGo.CleanPath, "build", "-o", Path.Combine(module, "out"), ".");
            if (Mismatch(decision, run) is { } why) mismatches.Add($"GOTOOLCHAIN={mode}: predicted {decision}: {why}; go: {run}");
        }
        Assert.AreEqual(0, mismatches.Count, $"Go {version}:\n" + string.Join("\n", mismatches));
    }

    private static string? Mismatch(ToolchainDecision decision, GoRun run)
    {
        var downloaded = run.Stderr.Contains("go: downloading go");
        if (decision.Outcome != ToolchainOutcome.Download && downloaded) return "go downloaded a toolchain";
        switch (decision.Outcome)
        {
            case ToolchainOutcome.UseLocal:
            case ToolchainOutcome.OldGoTooOld:
            case ToolchainOutcome.SwitchFromPath:
                return run.ExitCode == 0 ? null : "go failed";
            case ToolchainOutcome.Download:
                return run.ExitCode != 0 && run.Stderr.Contains($"go: downloading {decision.ToolchainName} (") ? null : $"no 'go: downloading {decision.ToolchainName}'";
            default:
                if (run.ExitCode == 0) return "go succeeded";
                var missing = decision.GoMessage!.Split('\n').FirstOrDefault(line => !run.Stderr.Contains(line));
                return missing is null ? null : $"stderr lacks '{missing}'";
        }
    }
}
