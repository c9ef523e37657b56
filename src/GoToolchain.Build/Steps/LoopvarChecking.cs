using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using GoToolchain.Build.Diagnostics;
using GoToolchain.Build.Loopvar;
using GoToolchain.Build.Modules;
using GoToolchain.Build.Platform;
using GoToolchain.Build.Settings;
using GoToolchain.Build.Toolchain;
using GoToolchain.Build.Versions;

namespace GoToolchain.Build.Steps;

/// <summary>What EnsureLoopvarExperiment hands on: the environment of later go processes, and the experiment GoBuild must prove.</summary>
public sealed class LoopvarOutcome
{
    /// <summary>The build environment with the effective GOEXPERIMENT; null: unchanged.</summary>
    public IReadOnlyDictionary<string, string?>? BuildEnvironment { get; set; }
    public string? RequiredExperiment { get; set; }

    /// <summary>GoLoopvarReport: the loops whose meaning changes are to be listed (the slow part, run with the node yielded).</summary>
    public Func<IReadOnlyList<Diagnostic>>? ReportLoops { get; set; }
}

/// <summary>
/// EnsureLoopvarExperiment's work: decides per GoModule whether loop variables are per-iteration, applies GoLoopvar (Off, the
/// default: go's own semantics, reported; Enable merges loopvar into GOEXPERIMENT for every later go process; Require fails per
/// module), checks that the toolchain accepts the resulting GOEXPERIMENT, and prepares the GoLoopvarReport listing.
/// </summary>
public static class LoopvarChecking
{
    public static LoopvarOutcome Run(ProjectSettings settings, string goExecutable, string goVersionText,
        IReadOnlyDictionary<string, string?> buildEnvironment, GoEnvProbe probe, DiagnosticBag diagnostics, BuildLog log, CancellationToken cancellation)
    {
        var outcome = new LoopvarOutcome();
        var toolchain = GoVersion.FromGoEnvVersion(goVersionText);
        if (toolchain is null)
        {
            log(LogImportance.Normal, $"Loop-variable semantics not checked: the toolchain version '{goVersionText}' is not a release version.");
            return outcome;
        }
        if (settings.Loopvar is not { } policy) return outcome; // not allowed: ValidateGoSettings reported it
        var cacheDirectory = Path.Combine(settings.IntermediateDirectory, "loopvar");
        var (userExperiment, source) = UserExperiment(settings, goExecutable, buildEnvironment, probe, diagnostics, log);
        var request = new LoopvarRequest
        {
            Policy = policy,
            Toolchain = toolchain,
            GoExecutable = goExecutable,
            UserExperiment = userExperiment,
            UserExperimentSource = source,
            Modules = settings.Modules.Select(ToLoopvarModule).ToList(),
            ProjectFile = settings.ProjectFile,
            SourceFactsDirectory = cacheDirectory,
        };
        var plan = LoopvarPlanner.Plan(request);
        if (settings.WriteDoctorReport)
        {
            foreach (var line in LoopvarDoctorSection.Render(request, plan)) log(LogImportance.High, line);
        }
        diagnostics.AddRange(plan.Diagnostics.Items);
        if (diagnostics.HasErrors) return outcome;

        var environment = buildEnvironment.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        if (plan.ProvesExperiment) environment["GOEXPERIMENT"] = plan.EffectiveExperiment;
        var check = new GoExperimentCheck(goExecutable, cacheDirectory, settings.ProcessTimeout, cancellation, line => log(LogImportance.Normal, line));
        var checks = new DiagnosticBag();
        foreach (var value in plan.ValuesToAskGo) check.Check(value, environment, source, settings.ProjectFile, checks);
        diagnostics.AddRange(checks.Items);
        if (checks.HasErrors || cancellation.IsCancellationRequested) return outcome;

        if (plan.ProvesExperiment)
        {
            outcome.BuildEnvironment = environment;
            outcome.RequiredExperiment = GoExperiment.Loopvar;
        }
        if (settings.LoopvarReport)
        {
            outcome.ReportLoops = () =>
            {
                if (!LoopvarSemantics.HasExperiment(toolchain))
                {
                    log(LogImportance.High, $"GoLoopvarReport: go{toolchain.Text} has no loop report (-d=loopvar needs Go 1.21 or later); no loops listed.");
                    return Array.Empty<Diagnostic>();
                }
                var report = new LoopReport(goExecutable, cacheDirectory, settings.ProcessTimeout, cancellation, line => log(LogImportance.Normal, line));
                var found = new DiagnosticBag();
                found.AddRange(report.ReportChangedLoops(plan, toolchain, environment, found));
                return found.Items;
            };
        }
        return outcome;
    }

    /// <summary>The user's GOEXPERIMENT: GoEnvironment, else this build's environment, else the user's go env file
    /// (from the cached probe, no process).</summary>
    private static (string? Value, string Source) UserExperiment(ProjectSettings settings, string goExecutable,
        IReadOnlyDictionary<string, string?> buildEnvironment, GoEnvProbe probe, DiagnosticBag diagnostics, BuildLog log)
    {
        if (buildEnvironment.TryGetValue("GOEXPERIMENT", out var fromGoEnvironment)) return (fromGoEnvironment, "GoEnvironment");
        var fromProcess = Environment.GetEnvironmentVariable("GOEXPERIMENT");
        if (fromProcess is not null) return (fromProcess, "the GOEXPERIMENT environment variable");

        var env = probe.GetEnv(goExecutable, new BuildEnvironment(SystemPlatform.Instance, settings.Environment), settings.ProjectFile, diagnostics);
        if (probe.LastSource == "process") log(LogImportance.Low, $"go env probe ran again for GOEXPERIMENT: {probe.LastCommandLine}");
        return env is not null && env.TryGetValue("GOEXPERIMENT", out var fromFile) && fromFile.Length > 0
            ? (fromFile, "the go env file (go env -w)")
            : (null, "the environment");
    }

    private static LoopvarModule ToLoopvarModule(ModuleSettings module)
    {
        var directory = module.Directory.Length > 1 ? module.Directory.TrimEnd('/', '\\') : module.Directory;
        var goModPath = Path.Combine(directory, "go.mod");
        var goMod = File.Exists(goModPath) ? GoModFile.Load(goModPath) : null;
        var experiment = module.Environment.TryGetValue("GOEXPERIMENT", out var value) ? value : null;
        // CGO_ENABLED=0 (CgoEnabled metadata, else the module's Environment) leaves files with import "C" out of the build.
        var cgo = module.CgoEnabled ?? (module.Environment.TryGetValue("CGO_ENABLED", out var fromEnvironment) ? fromEnvironment : null);
        return new LoopvarModule(directory, goMod, experiment, module.Environment, module.Tags, cgo?.Trim() != "0");
    }
}
