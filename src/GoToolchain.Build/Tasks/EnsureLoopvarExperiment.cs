using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using GoToolchain.Build.Diagnostics;
using GoToolchain.Build.Loopvar;
using GoToolchain.Build.Modules;
using GoToolchain.Build.Toolchain;
using Microsoft.Build.Framework;

namespace GoToolchain.Build.Tasks;

/// <summary>
/// Decides per GoModule whether loop variables are per-iteration, applies GoLoopvar (Off, the default: go's own
/// semantics, reported; Enable merges loopvar into GOEXPERIMENT for every later go process; Require fails per module), checks that the toolchain
/// accepts the resulting GOEXPERIMENT, and with GoLoopvarReport lists the loops whose meaning changes.
/// </summary>
public class EnsureLoopvarExperiment : GoTaskBase
{
    [Required] public string GoExecutable { get; set; } = "";

    /// <summary>GOVERSION of the resolved toolchain, e.g. go1.21.13.</summary>
    [Required] public string GoVersion { get; set; } = "";

    /// <summary>The GoLoopvar property: Enable, Require or Off.</summary>
    public string? GoLoopvar { get; set; }

    public string? GoLoopvarReport { get; set; }

    /// <summary>@(_GoEnvironmentForBuild): NAME=value for every later go process.</summary>
    public string[] GoEnvironment { get; set; } = Array.Empty<string>();

    /// <summary>The GoEnvironment property as ValidateGoroot got it, to ask the same cached go env probe (no process).</summary>
    public string[] GoEnvironmentProperty { get; set; } = Array.Empty<string>();

    public ITaskItem[] Modules { get; set; } = Array.Empty<ITaskItem>();

    [Required] public string IntermediateDirectory { get; set; } = "";

    public string? TimeoutSeconds { get; set; }

    /// <summary>GoDoctor: also print a readable section on loop semantics.</summary>
    public bool WriteReport { get; set; }

    /// <summary>@(_GoEnvironmentForBuild) with the effective GOEXPERIMENT when loopvar is in force; otherwise the input unchanged.</summary>
    [Output] public string[] GoEnvironmentForBuild { get; private set; } = Array.Empty<string>();

    /// <summary>"loopvar" when the experiment is in force (GoLoopvar=Enable, or the user's own GOEXPERIMENT): GoBuild
    /// then proves every output carries X:loopvar.</summary>
    [Output] public string RequiredExperiment { get; private set; } = "";

    protected override void ExecuteCore()
    {
        GoEnvironmentForBuild = GoEnvironment;
        var diagnostics = new DiagnosticBag();
        var environment = BuildEnvironment.ParseEntries(GoEnvironment, "GoEnvironment", ProjectFile, diagnostics);
        var toolchain = Toolchain.GoVersion.FromGoEnvVersion(GoVersion);
        if (toolchain is null)
        {
            Log.LogMessage(MessageImportance.Normal, "Loop-variable semantics not checked: the toolchain version '{0}' is not a release version.",
                GoVersion);
            return;
        }

        var (userExperiment, source) = UserExperiment(environment, diagnostics);
        var modules = Modules.Select(ToLoopvarModule).ToList();
        var request = new LoopvarRequest
        {
            Policy = GoLoopvar,
            Toolchain = toolchain,
            GoExecutable = GoExecutable,
            UserExperiment = userExperiment,
            UserExperimentSource = source,
            Modules = modules,
            ProjectFile = ProjectFile,
            SourceFactsDirectory = Path.Combine(IntermediateDirectory, "loopvar"),
        };
        var plan = LoopvarPlanner.Plan(request);
        if (WriteReport)
        {
            foreach (var line in LoopvarDoctorSection.Render(request, plan)) Log.LogMessage(MessageImportance.High, line);
        }
        diagnostics.AddRange(plan.Diagnostics.Items);
        Report(diagnostics.Items);
        if (diagnostics.HasErrors) return;

        var buildEnvironment = environment.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        if (plan.ProvesExperiment) buildEnvironment["GOEXPERIMENT"] = plan.EffectiveExperiment;
        var timeout = Settings.SettingChecks.SecondsOr(TimeoutSeconds, 600);
        var cacheDirectory = Path.Combine(IntermediateDirectory, "loopvar");

        var check = new GoExperimentCheck(GoExecutable, cacheDirectory, timeout, CancellationToken, line => Log.LogMessage(MessageImportance.Normal,
            line));
        var checks = new DiagnosticBag();
        foreach (var value in plan.ValuesToAskGo) check.Check(value, buildEnvironment, source, ProjectFile, checks);
        Report(checks.Items);
        if (checks.HasErrors || CancellationToken.IsCancellationRequested) return;

        if (plan.ProvesExperiment)
        {
            GoEnvironmentForBuild = buildEnvironment.Where(p => p.Value is not null).OrderBy(p => p.Key, StringComparer.Ordinal)
                .Select(p => p.Key + "=" + p.Value).ToArray();
            RequiredExperiment = GoExperiment.Loopvar;
        }

        if (Settings.SettingChecks.BooleanOr(GoLoopvarReport, false)) ReportLoops(plan, toolchain, buildEnvironment, cacheDirectory, timeout);
    }

    private void ReportLoops(LoopvarPlan plan, GoVersion toolchain, Dictionary<string, string?> buildEnvironment, string cacheDirectory,
        TimeSpan timeout)
    {
        if (!LoopvarSemantics.HasExperiment(toolchain))
        {
            Log.LogMessage(MessageImportance.High,
                "GoLoopvarReport: go{0} has no loop report (-d=loopvar needs Go 1.21 or later); no loops listed.", toolchain.Text);
            return;
        }
        var report = new LoopReport(GoExecutable, cacheDirectory, timeout, CancellationToken, line => Log.LogMessage(MessageImportance.Normal, line));
        var diagnostics = new DiagnosticBag();
        BuildEngine3?.Yield(); // other projects may build while go runs
        try
        {
            diagnostics.AddRange(report.ReportChangedLoops(plan, toolchain, buildEnvironment, diagnostics));
        }
        finally
        {
            BuildEngine3?.Reacquire();
        }
        Report(diagnostics.Items);
    }

    private static IEnumerable<string> Split(string value) => value.Split(';');

    /// <summary>The user's GOEXPERIMENT: GoEnvironment, else this build's environment, else the user's go env file
    /// (from the cached probe, no process).</summary>
    private (string? Value, string Source) UserExperiment(IReadOnlyDictionary<string, string?> environment, DiagnosticBag diagnostics)
    {
        if (environment.TryGetValue("GOEXPERIMENT", out var fromGoEnvironment)) return (fromGoEnvironment, "GoEnvironment");
        var fromProcess = Environment.GetEnvironmentVariable("GOEXPERIMENT");
        if (fromProcess is not null) return (fromProcess, "the GOEXPERIMENT environment variable");

        var platform = SystemPlatform.Instance;
        var overrides = BuildEnvironment.ParseEntries(GoEnvironmentProperty, "GoEnvironment", ProjectFile, new DiagnosticBag());
        var probe = SharedGoEnvProbe(IntermediateDirectory, Modules, (int)Settings.SettingChecks.SecondsOr(TimeoutSeconds, 600).TotalSeconds);
        var env = probe.GetEnv(GoExecutable, new BuildEnvironment(platform, overrides), ProjectFile, diagnostics);
        if (probe.LastSource == "process") Log.LogMessage(MessageImportance.Low, "go env probe ran again for GOEXPERIMENT: {0}",
            probe.LastCommandLine);
        return env is not null && env.TryGetValue("GOEXPERIMENT", out var fromFile) && fromFile.Length > 0
            ? (fromFile, "the go env file (go env -w)")
            : (null, "the environment");
    }

    private LoopvarModule ToLoopvarModule(ITaskItem item)
    {
        var fullPath = item.GetMetadata("FullPath");
        var directory = fullPath.Length > 1 ? fullPath.TrimEnd('/', '\\') : fullPath;
        var goModPath = Path.Combine(directory, "go.mod");
        var goMod = File.Exists(goModPath) ? GoModFile.Load(goModPath) : null;
        string? experiment = null;
        var moduleEnvironment = BuildEnvironment.ParseEntries(Split(item.GetMetadata("Environment")), $"GoModule '{directory}' Environment",
            ProjectFile, new DiagnosticBag());
        if (moduleEnvironment.TryGetValue("GOEXPERIMENT", out var value)) experiment = value;
        // CGO_ENABLED=0 (CgoEnabled metadata, else the module's Environment) leaves files with import "C" out of the build.
        var cgo = NullIfEmpty(item.GetMetadata("CgoEnabled")) ?? (moduleEnvironment.TryGetValue("CGO_ENABLED", out var fromEnvironment) ? fromEnvironment : null);
        return new LoopvarModule(directory, goMod, experiment, moduleEnvironment, NullIfEmpty(item.GetMetadata("Tags")), cgo?.Trim() != "0");
    }
}
