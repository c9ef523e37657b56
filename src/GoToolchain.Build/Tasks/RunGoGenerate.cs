using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using GoToolchain.Build.Diagnostics;
using GoToolchain.Build.Generate;
using GoToolchain.Build.Settings;
using GoToolchain.Build.Steps;
using Microsoft.Build.Framework;

namespace GoToolchain.Build.Tasks;

/// <summary>
/// Runs go generate in every GoModule (Run or Verify, incremental, one build at a time per module), in the packages
/// the build compiles from the module for its target unless GeneratePackages widens the scope (<see cref="GeneratePlanning"/>).
/// </summary>
public class RunGoGenerate : GoTaskBase
{
    /// <summary>$(GoResolvedExecutable) and $(GoResolvedVersion) (e.g. go1.21.13).</summary>
    [Required] public string GoExecutable { get; set; } = "";
    [Required] public string GoVersion { get; set; } = "";

    /// <summary>@(_GoEnvironmentForBuild) (with the effective GOEXPERIMENT): NAME=value for every go process.</summary>
    public string[] GoEnvironmentForBuild { get; set; } = Array.Empty<string>();

    /// <summary>From GoValidate: the target is resolved as PlanGoBuilds resolves it, so go list and go generate get its GOOS/GOARCH.</summary>
    public string? HostGoOS { get; set; }
    public string? HostGoArch { get; set; }

    /// <summary>$(GoResolvedRoot): go generate puts $GOROOT/bin first on the generators' PATH; the report does the same.</summary>
    public string? GoRoot { get; set; }

    protected override void ExecuteCore()
    {
        var settings = ReadSettings();
        var diagnostics = new DiagnosticBag();
        var stateRoot = GeneratePlanning.StateRoot(settings, diagnostics);
        var requests = stateRoot is null ? null : GeneratePlanning.Requests(settings, GoProcesses(GoExecutable, GoVersion),
            ParseBuildEnvironment(GoEnvironmentForBuild), HostGoOS, HostGoArch, stateRoot, diagnostics,
            projectRecords: !settings.WriteDoctorReport);
        Report(diagnostics.Items);
        if (requests is null) return;
        // GoDoctor: describe each module's directives and where their generators are; run nothing.
        if (settings.WriteDoctorReport)
        {
            WriteReport(settings, requests);
            return;
        }
        if (requests.Count == 0) return;

        // Other projects build while we wait for the module lock or go runs; an up-to-date module keeps the node (a no-op
        // build would otherwise hand it away and queue to get it back, once per project).
        using var node = new NodeYield(BuildEngine3);
        var runner = new GoGenerateRunner(line => Log.LogMessage(MessageImportance.Normal, "{0}", line), node.BeforeBlocking);
        foreach (var request in requests)
        {
            if (CancellationToken.IsCancellationRequested) break;
            Report(runner.Generate(request, CancellationToken));
        }
    }

    private void WriteReport(ProjectSettings settings, IReadOnlyList<GenerateRequest> requests)
    {
        var found = new List<Diagnostic>();
        var goRoot = NullIfEmpty(GoRoot) ?? Path.GetDirectoryName(Path.GetDirectoryName(GoExecutable)) ?? "";
        var offModules = settings.Modules.Select(m => m.Directory).Where(directory => requests.All(r => r.ModuleDirectory != directory.TrimEnd('/', '\\')));
        var runner = new GoGenerateRunner(line => Log.LogMessage(MessageImportance.Low, "{0}", line));
        var section = GenerateDoctor.Section(settings.Generate.ToString(), settings.GenerateRun, settings.GenerateSkip, goRoot,
            offModules, requests, request => runner.BuildPackages(request, found, CancellationToken), found);
        foreach (var line in section) Log.LogMessage(MessageImportance.High, "{0}", line);
        Report(found);
    }
}
