using System;
using System.Linq;
using GoToolchain.Build.Building;
using GoToolchain.Build.Execution;
using GoToolchain.Build.Steps;
using Microsoft.Build.Framework;

namespace GoToolchain.Build.Tasks;

/// <summary>
/// Builds one GoModule for one target with go build; the targets batch it per planned build (the task was called GoBuild, the
/// name of the public target that runs the whole chain).
/// </summary>
public class BuildGoModule : GoTaskBase
{
    /// <summary>$(GoResolvedExecutable) and $(GoResolvedVersion) (go1.27.4: from 1.24 on, go build runs with -json).</summary>
    [Required] public string GoExecutable { get; set; } = "";
    public string? GoVersion { get; set; }

    /// <summary>@(_GoEnvironmentForBuild): NAME=value for every go process.</summary>
    public string[] GoEnvironmentForBuild { get; set; } = Array.Empty<string>();

    /// <summary>This build's items of @(_GoBuildInput): its files, each with the planned build's metadata (OutputPath, GoOS, BuildMode…).</summary>
    [Required] public ITaskItem[] Inputs { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>"loopvar" when GoLoopvar promised it: merged into GOEXPERIMENT, and the output must show it (X:loopvar) or it is not kept.</summary>
    public string? RequiredExperiment { get; set; }

    protected override void ExecuteCore()
    {
        var timings = new PhaseTimings();
        var planned = Inputs[0];
        var settings = ReadSettings();
        var request = ModuleBuild.Request(settings, GoExecutable, GoVersion, ParseBuildEnvironment(GoEnvironmentForBuild), planned.GetMetadata,
            NullIfEmpty(RequiredExperiment));
        timings.Add("parameters", timings.Total);
        // Other projects may build while go runs or another project's go build holds the lock; a copy from the
        // shared-build store keeps the node.
        using var node = new NodeYield(BuildEngine3);
        // Sharing stays within this build: only what was published during its session is reused (GoShareBuilds=false: no store).
        var session = settings.ShareBuilds ? BuildSession.Get(BuildEngine4) : null;
        var store = session is null ? null
            : new StoreLimits { SessionStarted = session.Started, MaxAge = settings.BuildStoreMaxAge, MaxBytes = settings.BuildStoreMaxBytes, Published = session.Published };
        Report(ModuleBuild.Run(request, NullIfEmpty(planned.GetMetadata("SettingsPath")), Inputs.Select(i => i.ItemSpec).ToList(),
            line => Log.LogMessage(MessageImportance.Normal, "{0}", line), line => Log.LogMessage(MessageImportance.High, "{0}", line), store, timings, () => timings.Measure("yield", node.BeforeBlocking), ProjectFile,
            CancellationToken));
        Log.LogMessage(MessageImportance.Normal, "GoBuild of '{0}' took {1} ms in all (go build, checks, staging, sharing).", request.ModuleDirectory,
            (long)timings.Total.TotalMilliseconds);
        Log.LogMessage(MessageImportance.Low, "GoBuild phases of '{0}': {1}.", request.ModuleDirectory, timings.Summary());
    }
}
