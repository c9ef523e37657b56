using System;
using System.IO;
using GoToolchain.Build.Diagnostics;
using GoToolchain.Build.GoTests;
using GoToolchain.Build.Steps;
using Microsoft.Build.Framework;

namespace GoToolchain.Build.Tasks;

/// <summary>
/// Resolves each GoTest item (<see cref="GoTestPlanning"/>) and writes the manifest the test adapter reads beside the test
/// assembly (<see cref="GoTestManifest"/>). The GoTest items arrive as Modules: the settings model reads them like GoModules.
/// </summary>
public class WriteGoTestManifest : GoTaskBase
{
    [Required] public string HostGoOS { get; set; } = "";
    [Required] public string HostGoArch { get; set; } = "";
    [Required] public string GoExecutable { get; set; } = "";
    public string? GoVersion { get; set; }

    /// <summary>@(_GoTestEnvironment): NAME=value for every go process, as ValidateGoroot resolved it.</summary>
    public string[] GoEnvironmentForBuild { get; set; } = Array.Empty<string>();

    /// <summary>Where the manifest goes: $(TargetDir)$(TargetName).gotests.json.</summary>
    [Required] public string ManifestPath { get; set; } = "";

    protected override void ExecuteCore()
    {
        var settings = ReadSettings();
        var diagnostics = new DiagnosticBag();
        var modules = GoTestPlanning.Plan(settings, settings.Host(HostGoOS, HostGoArch), GoProcesses(GoExecutable, GoVersion),
            ParseBuildEnvironment(GoEnvironmentForBuild), diagnostics);
        Report(diagnostics.Items);
        if (diagnostics.HasErrors) return;
        var text = GoTestManifest.Write(modules);
        // Written only when it changed, so an unchanged build leaves the file (and what watches it) alone.
        if (File.Exists(ManifestPath) && File.ReadAllText(ManifestPath) == text) return;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(ManifestPath))!);
        File.WriteAllText(ManifestPath, text);
        Log.LogMessage(MessageImportance.Normal, "{0}: wrote '{1}' for {2} GoTest item(s).", Codes.GoTestManifestWritten, ManifestPath, modules.Count);
    }
}
