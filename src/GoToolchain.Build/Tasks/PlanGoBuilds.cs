using System;
using System.Linq;
using GoToolchain.Build.Diagnostics;
using GoToolchain.Build.Steps;
using Microsoft.Build.Framework;

namespace GoToolchain.Build.Tasks;

/// <summary>
/// Resolves the target platform (GoOS/GoArch, else the RuntimeIdentifier, else the host) and plans each
/// GoModule's build: output paths, input files and a settings file for MSBuild's incremental check (<see cref="BuildPlanning"/>).
/// </summary>
public class PlanGoBuilds : GoTaskBase
{
    [Required] public string HostGoOS { get; set; } = "";
    [Required] public string HostGoArch { get; set; } = "";

    /// <summary>$(GoResolvedExecutable): asked which GOOS/GOARCH pairs it supports (GOTB517), once per toolchain.</summary>
    public string? GoExecutable { get; set; }

    /// <summary>GOVERSION of the go that builds (go1.23.5): decides whether musl can load its c-shared outputs (GOTB560).</summary>
    public string? GoVersion { get; set; }

    /// <summary>@(_GoEnvironmentForBuild): NAME=value for every go process (its PATH and CC count for the C compiler).</summary>
    public string[] GoEnvironmentForBuild { get; set; } = Array.Empty<string>();

    /// <summary>Settings shared by all modules (go binary and version, environment, flags): part of every settings file.</summary>
    public string[] SharedSettings { get; set; } = Array.Empty<string>();

    [Output] public ITaskItem[] Builds { get; private set; } = Array.Empty<ITaskItem>();

    /// <summary>Every input file, with the metadata of the build it belongs to (the targets batch on OutputPath).</summary>
    [Output] public ITaskItem[] Inputs { get; private set; } = Array.Empty<ITaskItem>();

    protected override void ExecuteCore()
    {
        var settings = ReadSettings();
        var diagnostics = new DiagnosticBag();
        var builds = BuildPlanning.Plan(settings, settings.Host(HostGoOS, HostGoArch), GoProcesses(GoExecutable, GoVersion),
            ParseBuildEnvironment(GoEnvironmentForBuild), SharedSettings, diagnostics);
        Report(diagnostics.Items);
        Builds = builds.Select(b => TaskItems.Create(b.ModuleDirectory, b.Metadata)).ToArray();
        Inputs = builds.SelectMany(b => b.ListedInputs.Select(file => TaskItems.Create(file, b.Metadata))).ToArray();
    }
}
