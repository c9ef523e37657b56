using System;
using System.Linq;
using GoToolchain.Build.Building;
using GoToolchain.Build.Diagnostics;
using GoToolchain.Build.Execution;
using GoToolchain.Build.Loopvar;
using GoToolchain.Build.Settings;
using GoToolchain.Build.Toolchain;
using Microsoft.Build.Framework;

namespace GoToolchain.Build.Tasks;

/// <summary>Builds one GoModule for one target with go build; the targets batch it per module.</summary>
public class GoBuild : GoTaskBase
{
    [Required] public string GoExecutable { get; set; } = "";
    [Required] public string ModuleDirectory { get; set; } = "";
    [Required] public string OutputPath { get; set; } = "";
    [Required] public string GoOS { get; set; } = "";
    [Required] public string GoArch { get; set; } = "";
    public string? GoArm { get; set; }
    public string? BuildMode { get; set; }
    public string? Package { get; set; }
    /// <summary>GoTrimPath: true (default) or false; a string so a wrong value is ValidateGoSettings' coded error, not MSB4030.</summary>
    public string? TrimPath { get; set; }
    public string? Tags { get; set; }
    public string? LdFlags { get; set; }
    public string? GcFlags { get; set; }
    public string[] ExtraArguments { get; set; } = Array.Empty<string>();
    public string? CgoEnabled { get; set; }

    /// <summary>From ValidateGoroot: NAME=value for every go process.</summary>
    public string[] GoEnvironment { get; set; } = Array.Empty<string>();

    /// <summary>The module's Environment metadata: NAME=value entries, applied last.</summary>
    public string[] ModuleEnvironment { get; set; } = Array.Empty<string>();

    public string? TimeoutSeconds { get; set; }

    /// <summary>The planner's settings file. With it, the module is built once for all projects that share these settings.</summary>
    public string? SettingsFile { get; set; }

    /// <summary>The module's files (the settings file among them is ignored): what decides whether another project's result is current.</summary>
    public string[] InputFiles { get; set; } = Array.Empty<string>();

    /// <summary>
    /// An experiment GoLoopvar promised (loopvar): merged into this module's GOEXPERIMENT (after its Environment), and
    /// the built file must show it in `go version` (X:loopvar) or it is not kept.
    /// </summary>
    public string? RequiredExperiment { get; set; }

    /// <summary>GOVERSION of the local go (go1.27.4): from 1.24 on, go build runs with -json for exact diagnostics.</summary>
    public string? GoVersion { get; set; }

    /// <summary>Where settings errors point: the module's go.mod.</summary>
    public string? DiagnosticFile { get; set; }

    protected override void ExecuteCore()
    {
        var timings = new PhaseTimings();
        var diagnostics = new DiagnosticBag();
        // PlanGoBuilds reports an unknown BuildMode (GOTB511) and plans no build for none: neither reaches this task.
        if (!GoBuildModes.TryParse(BuildMode, out var mode) || mode == GoBuildMode.None)
        {
            throw new InvalidOperationException($"GoBuild got BuildMode='{BuildMode}', which PlanGoBuilds never plans.");
        }

        var environment = BuildEnvironment.ParseEntries(GoEnvironment, "GoEnvironment", ProjectFile, diagnostics);
        foreach (var pair in BuildEnvironment.ParseEntries(ModuleEnvironment, $"GoModule '{ModuleDirectory}' Environment", ProjectFile, diagnostics))
        {
            environment[pair.Key] = pair.Value;
        }
        Report(diagnostics.Items);
        if (diagnostics.HasErrors) return;
        var requiredExperiment = NullIfEmpty(RequiredExperiment);
        // A module's own GOEXPERIMENT=loopvar (its Environment metadata) is in force for it alone: prove it the same way.
        if (requiredExperiment is null && environment.TryGetValue("GOEXPERIMENT", out var own)
            && GoExperiment.EnablesLoopvar(own)) requiredExperiment = GoExperiment.Loopvar;
        if (requiredExperiment is not null)
        {
            environment.TryGetValue("GOEXPERIMENT", out var current);
            environment["GOEXPERIMENT"] = GoExperiment.Merge(current, requiredExperiment);
        }

        var request = new GoBuildRequest
        {
            GoExecutable = GoExecutable,
            ModuleDirectory = ModuleDirectory,
            Package = NullIfEmpty(Package) ?? ".",
            Mode = mode,
            Target = new GoTarget(GoOS, GoArch, NullIfEmpty(GoArm)),
            OutputPath = OutputPath,
            TrimPath = SettingChecks.BooleanOr(TrimPath, true),
            Tags = Tags,
            LdFlags = LdFlags,
            GcFlags = GcFlags,
            ExtraArguments = ExtraArguments.Where(a => a.Length > 0).ToList(),
            CgoEnabled = CgoEnabled,
            Environment = environment,
            Timeout = SettingChecks.SecondsOr(TimeoutSeconds, 600),
            DiagnosticFile = NullIfEmpty(DiagnosticFile) ?? ProjectFile,
            RequiredExperiment = requiredExperiment,
            StructuredOutput = GoBuildEvents.Supported(Toolchain.GoVersion.FromGoEnvVersion(GoVersion),
                environment.TryGetValue("GOTOOLCHAIN", out var goToolchain) ? goToolchain : null),
        };

        timings.Add("parameters", timings.Total);
        // Other projects may build while go runs or another project's go build holds the lock; a copy from the
        // shared-build store keeps the node.
        using (var node = new NodeYield(BuildEngine3))
        {
            Report(Build(request, timings, () => timings.Measure("yield", node.BeforeBlocking)));
            Log.LogMessage(MessageImportance.Normal, "GoBuild of '{0}' took {1} ms in all (go build, checks, staging, sharing).", ModuleDirectory,
                (long)timings.Total.TotalMilliseconds);
            Log.LogMessage(MessageImportance.Low, "GoBuild phases of '{0}': {1}.", ModuleDirectory, timings.Summary());
        }
    }

    private System.Collections.Generic.IReadOnlyList<Diagnostic> Build(GoBuildRequest request, PhaseTimings timings, Action beforeBlocking)
    {
        void LogLine(string line) => Log.LogMessage(MessageImportance.Normal, line);
        var builder = new GoModuleBuilder(LogLine);
        System.Collections.Generic.IReadOnlyList<Diagnostic> RunGoBuild()
        {
            beforeBlocking();
            return builder.Build(request, CancellationToken, timings);
        }
        var settingsFile = NullIfEmpty(SettingsFile);
        var settings = settingsFile is null ? null : timings.Measure("settings file", () => ReadIfExists(settingsFile));
        if (settings is null) return RunGoBuild();
        var moduleFiles = timings.Measure("inputs", () => InputFiles.Where(f => !string.Equals(f, settingsFile, StringComparison.Ordinal)).ToList());
        string? problem = null;
        if (timings.Measure("state root", () => SharedModuleBuilds.DefaultStoreRoot(out problem)) is not { } storeRoot)
        {
            Report(Diagnostic.Warning(Codes.StateRootUnsafe,
                $"Not sharing the build of '{request.ModuleDirectory}' with other projects: {problem}. Nothing in it is used. " +
                "Fix: remove that folder if you do not know who made it (or set TMPDIR to a folder of your own); each project builds the module " +
                    "itself meanwhile.",
                ProjectFile));
            return RunGoBuild();
        }
        return new SharedModuleBuilds(storeRoot, LogLine)
            .BuildOnce(request, settings, moduleFiles, RunGoBuild, CancellationToken, timings, beforeBlocking);
    }

    private static string? ReadIfExists(string file)
    {
        try { return System.IO.File.ReadAllText(file); }
        catch (Exception e) when (e is System.IO.FileNotFoundException or System.IO.DirectoryNotFoundException) { return null; }
    }
}
