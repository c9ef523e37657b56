using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using GoToolchain.Build.Diagnostics;
using GoToolchain.Build.Loopvar;
using GoToolchain.Build.Modules;
using GoToolchain.Build.Tests.Building;
using GoToolchain.Build.Tests.Toolchain;
using GoToolchain.Build.Versions;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.Tests.Loopvar;

/// <summary>
/// Loop semantics per file, against every installed toolchain (go-facts §9.2): a module with a loop in a file with
/// import "C" and a loop in a plain file of the same package, built through GoModuleBuilder with cgo and run. The program
/// prints what each file's loop captured; each must equal what the planner said for that file (its verdict for the
/// module, or the file's own entry with GOTB313/GOTB308), for every GOEXPERIMENT and for Off and Enable (Enable's
/// promise: every file per-iteration). Two modules: go 1.21 (the cgo file is per-iteration on 1.22–1.24 only), and go
/// 1.22 with the cgo file downgraded by //go:build go1.21 (per-iteration on 1.22–1.24, per-loop from 1.25).
/// </summary>
[TestClass]
[TestCategory("toolchain")]
public sealed class LoopvarCgoFilesAgainstGoTests
{
    // This test's own toolchain list (every one installed here); Go 1.19 has no loopvar experiment at all.
    private const string CgoFile = """
        package main

        /*
        #include <stdlib.h>
        static int three(void) { return 3; }
        */
        import "C"

        func cgoLoop() []func() int {
        	var fs []func() int
        	for i := 0; i < int(C.three()); i++ {
        		fs = append(fs, func() int { return i })
        	}
        	return fs
        }

        """;

    private const string MainFile = """
        package main

        import "fmt"

        func plainLoop() []func() int {
        	var fs []func() int
        	for i := 0; i < 3; i++ {
        		fs = append(fs, func() int { return i })
        	}
        	return fs
        }

        func show(fs []func() int) string {
        	s := ""
        	for _, f := range fs {
        		s += fmt.Sprint(f())
        	}
        	return s
        }

        func main() { fmt.Println("cgo=" + show(cgoLoop()) + " plain=" + show(plainLoop())) }

        """;

    private const string PerIteration = "012";
    private const string PerLoop = "333";

    private string _root = null!;

    [TestInitialize]
    public void Init() => _root = BuildFixtures.NewTempDirectory("gotb-loopvar-cgo");

    [TestCleanup]
    public void Cleanup() => BuildFixtures.DeleteDirectory(_root);

    [TestMethod]
    [DataRow("1.19")]
    [DataRow("1.21")]
    [DataRow("1.22")]
    [DataRow("1.23")]
    [DataRow("1.24")]
    [DataRow("1.25")]
    [DataRow("1.26")]
    [DataRow("1.27")]
    public void WhatEachFilesLoopDoesIsWhatThePlannerSaidForThatFile(string version)
    {
        var toolchain = RealGo.Version(version);
        var failures = new List<string>();
        var seen = new List<string>();
        var builds = new Dictionary<string, string?>();
        foreach (var (goLine, constraint) in new[] { ("1.21", ""), ("1.22", "//go:build go1.21\n\n") })
        {
            var module = WriteModule(goLine, constraint);
            // 1.21 refuses a go 1.22 module (GOTB113) and 1.19 leaves out the //go:build go1.21 file: the second module is for 1.22+.
            if (constraint.Length > 0 && !LoopvarSemantics.HasGoLineSemantics(toolchain)) continue;
            var experiments = LoopvarSemantics.HasExperiment(toolchain) ? new[] { null, "noloopvar", "loopvar" } : new string?[] { null };
            foreach (var experiment in experiments)
            {
                foreach (var policy in new[] { "Off", "Enable" })
                {
                    if (policy == "Enable" && !LoopvarSemantics.HasExperiment(toolchain)) continue; // GOTB301, tested elsewhere
                    var cell = $"go{toolchain.Text} / go {goLine}{(constraint.Length > 0 ? " + //go:build go1.21 cgo file" : "")} / " +
                        $"GOEXPERIMENT={experiment ?? "(unset)"} / {policy}";
                    var plan = Plan(toolchain, version, module, experiment, policy);
                    var errors = plan.Diagnostics.Items.Where(d => d.Severity == Severity.Error).ToList();
                    if (errors.Count > 0) { failures.Add($"{cell}: unexpected {string.Join(" | ", errors.Select(e => e.Code + " " + e.Message))}"); continue; }
                    var verdict = plan.Modules.Single();
                    var value = plan.SetsExperiment ? verdict.Experiment : experiment;
                    var key = value ?? "";
                    if (!builds.TryGetValue(module.Directory + "|" + key, out var printed))
                    {
                        printed = builds[module.Directory + "|" + key] = BuildAndRun(version, module, value, plan.SetsExperiment ? "loopvar" : null,
                            out var log);
                        if (printed is null) { failures.Add($"{cell}: build failed\n{log}"); continue; }
                    }
                    if (printed is null) continue;
                    var claimed = $"cgo={Claimed(plan, Path.Combine(module.Directory, "cgo.go"))} plain={Claimed(plan, Path.Combine(module.Directory, "main.go"))}";
                    seen.Add($"{cell}: printed {printed}, planner {claimed}");
                    if (printed != claimed) failures.Add($"{cell}: the program printed '{printed}' but the planner said '{claimed}'");
                    if (policy == "Enable" && printed != $"cgo={PerIteration} plain={PerIteration}")
                    {
                        failures.Add($"{cell}: Enable promised per-iteration everywhere, the program printed '{printed}'");
                    }
                    // Every file that is not what the module is has its own diagnostic at the line that makes it so.
                    foreach (var file in verdict.Files)
                    {
                        var code = file.ByCgoImport ? "GOTB313" : "GOTB308";
                        if (!plan.Diagnostics.Items.Any(d => d.Code == code && d.File == file.File.Path && d.Line == file.File.LineFor(file.Semantics)))
                        {
                            failures.Add($"{cell}: no {code} at {file.File.Path}({file.File.LineFor(file.Semantics)})");
                        }
                    }
                }
            }
        }
        Console.WriteLine(string.Join("\n", seen));
        Assert.IsNotEmpty(seen);
        Assert.IsEmpty(failures, string.Join("\n", failures));
    }

    /// <summary>What the planner said for one file: its own entry when it differs from the module, else the module's.</summary>
    private static string Claimed(LoopvarPlan plan, string path)
    {
        var verdict = plan.Modules.Single();
        var file = verdict.Files.FirstOrDefault(f => f.File.Path == path);
        return (file?.Semantics ?? verdict.Final).IsPerIteration ? PerIteration : PerLoop;
    }

    private static LoopvarPlan Plan(GoVersion toolchain, string version, LoopvarModule module, string? experiment, string policy)
        => LoopvarPlanner.Plan(new LoopvarRequest
        {
            Policy = LoopvarPolicies.TryParse(policy, out var parsed) ? parsed : throw new ArgumentException(policy),
            Toolchain = toolchain,
            GoExecutable = RealGo.GoBinary(version),
            UserExperiment = experiment,
            UserExperimentSource = "GoEnvironment",
            Modules = new[] { module },
            ProjectFile = "/p/app.csproj",
        });

    private LoopvarModule WriteModule(string goLine, string cgoConstraint)
    {
        var directory = Path.Combine(_root, "m" + goLine.Replace(".", ""));
        BuildFixtures.WriteModule(directory, MainFile, "example.com/lv");
        File.WriteAllText(Path.Combine(directory, "go.mod"), $"module example.com/lv\n\ngo {goLine}\n");
        File.WriteAllText(Path.Combine(directory, "cgo.go"), cgoConstraint + CgoFile);
        return new LoopvarModule(directory, GoModFile.Load(Path.Combine(directory, "go.mod")));
    }

    /// <summary>Builds the module as GoBuild does, with cgo on, and returns what it prints, or null.</summary>
    private string? BuildAndRun(string version, LoopvarModule module, string? goExperiment, string? requiredExperiment, out string log)
    {
        var printed = LoopvarAgainstGoTests.BuildAndRun(version, module, goExperiment, requiredExperiment, "1", _root, out var diagnostics, out log);
        log += string.Join("\n", diagnostics.Select(d => d.Code + " " + d.Message));
        return printed;
    }
}
