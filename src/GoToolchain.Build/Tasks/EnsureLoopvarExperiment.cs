using System;
using System.Linq;
using GoToolchain.Build.Diagnostics;
using GoToolchain.Build.Steps;
using Microsoft.Build.Framework;

namespace GoToolchain.Build.Tasks;

/// <summary>
/// Decides per GoModule whether loop variables are per-iteration and applies GoLoopvar (<see cref="LoopvarChecking"/>); with
/// GoLoopvarReport lists the loops whose meaning changes.
/// </summary>
public class EnsureLoopvarExperiment : GoTaskBase
{
    /// <summary>$(GoResolvedExecutable) and $(GoResolvedVersion) (e.g. go1.21.13).</summary>
    [Required] public string GoExecutable { get; set; } = "";
    [Required] public string GoVersion { get; set; } = "";

    /// <summary>@(_GoEnvironmentForBuild): NAME=value for every later go process.</summary>
    public string[] GoEnvironmentForBuild { get; set; } = Array.Empty<string>();

    /// <summary>The input with the effective GOEXPERIMENT when loopvar is in force; otherwise the input unchanged.</summary>
    [Output] public string[] LoopvarEnvironmentForBuild { get; private set; } = Array.Empty<string>();

    /// <summary>"loopvar" when the experiment is in force (GoLoopvar=Enable, or the user's own GOEXPERIMENT): GoBuild
    /// then proves every output carries X:loopvar.</summary>
    [Output] public string RequiredExperiment { get; private set; } = "";

    protected override void ExecuteCore()
    {
        LoopvarEnvironmentForBuild = GoEnvironmentForBuild;
        var settings = ReadSettings();
        var diagnostics = new DiagnosticBag();
        var outcome = LoopvarChecking.Run(settings, GoExecutable, GoVersion, ParseBuildEnvironment(GoEnvironmentForBuild), SharedGoEnvProbe(settings),
            diagnostics, LogLine, CancellationToken);
        Report(diagnostics.Items);
        if (outcome.BuildEnvironment is { } environment)
        {
            LoopvarEnvironmentForBuild = environment.Where(p => p.Value is not null).OrderBy(p => p.Key, StringComparer.Ordinal)
                .Select(p => p.Key + "=" + p.Value).ToArray();
        }
        RequiredExperiment = outcome.RequiredExperiment ?? "";
        if (outcome.ReportLoops is null) return;
        BuildEngine3?.Yield(); // other projects may build while go runs
        try
        {
            Report(outcome.ReportLoops());
        }
        finally
        {
            BuildEngine3?.Reacquire();
        }
    }
}
