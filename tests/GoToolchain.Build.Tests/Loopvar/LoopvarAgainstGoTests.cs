using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using GoToolchain.Build.Building;
using GoToolchain.Build.Diagnostics;
using GoToolchain.Build.Loopvar;
using GoToolchain.Build.Modules;
using GoToolchain.Build.Tests.Building;
using GoToolchain.Build.Tests.Toolchain;
using GoToolchain.Build.Versions;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using GoToolchain.Build.Testing;

namespace GoToolchain.Build.Tests.Loopvar;

/// <summary>
/// The whole matrix against the real toolchains: Go 1.19/1.21/1.22/1.23 × go line 1.20/1.21/1.22 × GOEXPERIMENT
/// unset/loopvar/noloopvar/loopvar,fieldtrack. For each cell the planner decides (Enable, Require, Off), the module is
/// built for real through GoModuleBuilder (with the X:loopvar proof where Enable sets the experiment), and the program
/// prints what its loops captured. Per-iteration must hold wherever the policy promises it, and the planner's
/// prediction must match what go did in every cell. go runs with the default GOCACHE, so the std rebuild that an
/// experiment costs (~7 s per toolchain) is paid once per machine.
/// </summary>
[TestClass]
[TestCategory("toolchain")]
public sealed class LoopvarAgainstGoTests
{
    public const string Program = """
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
        	fmt.Println(*ps[0], *ps[1], *ps[2], fs[0](), fs[1](), fs[2](), *vs[0], *vs[1], *vs[2])
        }

        """;

    public const string PerIterationOutput = "0 1 2 0 1 2 10 20 30";
    public const string PerLoopOutput = "3 3 3 3 3 3 30 30 30";

    private static readonly string?[] Experiments = { null, "loopvar", "noloopvar", "loopvar,fieldtrack" };
    private static readonly string[] GoLines = { "1.20", "1.21", "1.22" };

    private string _root = null!;
    private readonly Dictionary<string, Outcome> _builds = new();

    [TestInitialize]
    public void Init() => _root = BuildFixtures.NewTempDirectory("gotb-loopvar-go");

    [TestCleanup]
    public void Cleanup() => BuildFixtures.DeleteDirectory(_root);

    private sealed record Outcome(IReadOnlyList<Diagnostic> Diagnostics, string? Output, string Log)
    {
        public bool Built => Output is not null;
        public override string ToString() => Output ?? string.Join(" | ", Diagnostics.Select(d => d.Message)) + "\n" + Log;
    }

    [TestMethod]
    [DynamicData(nameof(Toolchains.All), typeof(Toolchains))]
    public void EveryCellBehavesAsThePlannerSaysAndPoliciesKeepTheirPromise(string version)
    {
        var toolchain = RealGo.Version(version);
        var failures = new List<string>();
        foreach (var goLine in GoLines)
        {
            var module = WriteModule(goLine);
            foreach (var experiment in Experiments)
            {
                var cell = $"go{toolchain.Text} / go {goLine} / GOEXPERIMENT={experiment ?? "(unset)"}";
                foreach (var policy in new[] { "Enable", "Require", "Off" })
                {
                    var problem = CheckCell(version, toolchain, module, experiment, policy);
                    if (problem is not null) failures.Add($"{cell} / {policy}: {problem}");
                }
            }
        }
        Assert.IsEmpty(failures, string.Join("\n", failures));
    }

    private string? CheckCell(string version, GoVersion toolchain, LoopvarModule module, string? experiment, string policy)
    {
        var plan = LoopvarPlanner.Plan(new LoopvarRequest
        {
            Policy = LoopvarPolicies.TryParse(policy, out var parsed) ? parsed : throw new ArgumentException(policy),
            Toolchain = toolchain,
            GoExecutable = RealGo.GoBinary(version),
            UserExperiment = experiment,
            UserExperimentSource = "GoEnvironment",
            Modules = new[] { module },
            ProjectFile = "/p/app.csproj",
            ScanFiles = false,
        });
        var errors = plan.Diagnostics.Items.Where(d => d.Severity == Severity.Error).Select(d => d.Code).ToList();
        var goLine = module.GoMod!.Go!.Version!;
        var goRefuses = goLine > toolchain && LoopvarSemantics.HasExperiment(toolchain); // GOTB113 from GoValidate

        // Where the policy cannot keep its promise, the build fails with the documented code.
        if (!LoopvarSemantics.HasExperiment(toolchain))
        {
            var expected = policy == "Enable" ? "GOTB301" : experiment is not null ? "GOTB307" : policy == "Require" ? "GOTB303" : null;
            if (expected is null) { if (errors.Count > 0) return "unexpected " + string.Join(",", errors); }
            else if (!errors.Contains(expected)) return $"expected {expected}, got [{string.Join(",", errors)}]";
            // go itself agrees that it cannot use the experiment.
            if (experiment is not null)
            {
                var rejected = Build(version, module, experiment, null);
                if (rejected.Built || !rejected.Log.Contains("go: unknown GOEXPERIMENT loopvar")) return "go 1.19 accepted " + experiment + ": " + rejected;
                return null;
            }
            if (expected is not null) return null;
        }
        if (goRefuses)
        {
            var refused = Build(version, module, plan.SetsExperiment ? plan.EffectiveExperiment : experiment, null);
            return !refused.Built && refused.Log.Contains($"go.mod requires go >= {goLine.Text}") ? null : "go 1.21 built a go 1.22 module: " + refused;
        }
        if (policy == "Require" && !(LoopvarSemantics.HasGoLineSemantics(toolchain) && goLine >= LoopvarSemantics.Go122))
        {
            return errors.SequenceEqual(new[] { "GOTB303" }) ? null : $"expected GOTB303, got [{string.Join(",", errors)}]";
        }
        if (errors.Count > 0) return "unexpected errors " + string.Join(",", errors) + ": " + string.Join(" | ", plan.Diagnostics.Items.Select(d => d.Message));

        var value = plan.SetsExperiment ? plan.Modules[0].Experiment : experiment;
        var outcome = Build(version, module, value, plan.SetsExperiment ? GoExperiment.Loopvar : null);
        if (!outcome.Built) return "build failed: " + outcome;
        var predicted = plan.Modules[0].Final.IsPerIteration ? PerIterationOutput : PerLoopOutput;
        if (outcome.Output != predicted) return $"planner predicted '{predicted}' but the program printed '{outcome.Output}'";
        if (policy != "Off" && outcome.Output != PerIterationOutput) return $"{policy} promised per-iteration, the program printed '{outcome.Output}'";
        return null;
    }

    private LoopvarModule WriteModule(string goLine)
    {
        var directory = Path.Combine(_root, "m" + goLine.Replace(".", ""));
        BuildFixtures.WriteModule(directory, Program, "example.com/lv");
        File.WriteAllText(Path.Combine(directory, "go.mod"), $"module example.com/lv\n\ngo {goLine}\n");
        return new LoopvarModule(directory, GoModFile.Load(Path.Combine(directory, "go.mod")));
    }

    /// <summary>Builds the module as GoBuild does (GoModuleBuilder, exe) and runs the result; one build per distinct input.</summary>
    private Outcome Build(string version, LoopvarModule module, string? goExperiment, string? requiredExperiment)
    {
        var key = $"{version}|{module.Directory}|{goExperiment}|{requiredExperiment}";
        if (_builds.TryGetValue(key, out var known)) return known;
        var printed = BuildAndRun(version, module, goExperiment, requiredExperiment, cgoEnabled: null, _root, out var diagnostics, out var log);
        return _builds[key] = new Outcome(diagnostics, printed, log);
    }

    /// <summary>Builds the module as GoBuild does (GoModuleBuilder, exe, GOTOOLCHAIN=local, no network) and runs the result:
    /// what it printed, or null when no output was kept. Shared with <see cref="LoopvarCgoFilesAgainstGoTests"/>.</summary>
    internal static string? BuildAndRun(string version, LoopvarModule module, string? goExperiment, string? requiredExperiment, string? cgoEnabled,
        string root, out IReadOnlyList<Diagnostic> diagnostics, out string log)
    {
        var output = Path.Combine(root, "out", Guid.NewGuid().ToString("N").Substring(0, 8), "lv");
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        var text = new StringBuilder();
        var request = new GoBuildRequest
        {
            GoExecutable = RealGo.GoBinary(version),
            ModuleDirectory = module.Directory,
            Mode = GoBuildMode.Exe,
            CgoEnabled = cgoEnabled,
            Target = BuildFixtures.HostTarget(),
            OutputPath = output,
            Environment = new Dictionary<string, string?>
            {
                ["GOTOOLCHAIN"] = "local", ["GOPROXY"] = "off", ["GOFLAGS"] = "", ["GOENV"] = "off", ["GOEXPERIMENT"] = goExperiment,
            },
            Timeout = TimeSpan.FromSeconds(300),
            RequiredExperiment = requiredExperiment,
            DiagnosticFile = module.DiagnosticFile,
        };
        diagnostics = new GoModuleBuilder(line => text.AppendLine(line)).Build(request, CancellationToken.None);
        log = text.ToString();
        if (!File.Exists(output)) return null;
        var start = new ProcessStartInfo(output) { RedirectStandardOutput = true, UseShellExecute = false };
        using var process = Process.Start(start)!;
        var printed = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        return printed;
    }
}
