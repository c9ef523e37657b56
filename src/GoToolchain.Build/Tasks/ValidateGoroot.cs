using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using GoToolchain.Build.Building;
using GoToolchain.Build.Generate;
using GoToolchain.Build.Platform;
using GoToolchain.Build.Settings;
using GoToolchain.Build.Toolchain;
using Microsoft.Build.Framework;

namespace GoToolchain.Build.Tasks;

/// <summary>
/// Finds the go binary, probes it once (cached), checks the installation, GoVersionRange, the caches and every
/// GoModule's go.mod/go.work against the toolchain (<see cref="ToolchainValidator"/>). Outputs what later go processes must use.
/// </summary>
public class ValidateGoroot : GoTaskBase
{
    [Output] public string? ResolvedGoExecutable { get; private set; }
    [Output] public string? ResolvedGoRoot { get; private set; }
    [Output] public string? ResolvedGoVersion { get; private set; }
    [Output] public string? HostGoOS { get; private set; }
    [Output] public string? HostGoArch { get; private set; }

    /// <summary>NAME=value for every later go process (GOTOOLCHAIN, cache fallbacks, GoEnvironment).</summary>
    [Output] public string[] GoEnvironmentForBuild { get; private set; } = Array.Empty<string>();

    /// <summary>Where this build keeps the module results for CheckGoProxy (<see cref="ModuleValidationHandoff"/>).</summary>
    [Output] public string ModuleValidations { get; private set; } = "";

    protected override void ExecuteCore()
    {
        var settings = ReadSettings();
        var platform = SystemPlatform.Instance;
        var probe = SharedGoEnvProbe(settings);
        // GOROOT in the environment arrives as $(GoRoot) too: that one is not a choice of go binary but what go sees,
        // and ToolchainValidator checks it as such (ExplicitGoRoot).
        if (settings.GoRootFromEnvironment is { } fromEnvironment)
        {
            Log.LogMessage(MessageImportance.Low,
                "GoRoot '{0}' comes from the GOROOT environment variable, not from the project or -p:; it is checked as the GOROOT go sees.", fromEnvironment);
        }
        // Where the user set GoRoot/GoExecutable and each GoModule item: read from the project files only for an error.
        var lines = new ProjectFileLines(ProjectFile);
        var request = new ValidationRequest
        {
            GoExecutable = settings.GoExecutable,
            GoRoot = settings.GoRoot,
            GoVersionRange = settings.VersionRange,
            GoToolchainMode = settings.ToolchainMode,
            Environment = new BuildEnvironment(platform, settings.Environment),
            ModuleDirectories = settings.Modules.Select(m => m.Directory).ToList(),
            ModuleItems = settings.Modules.Select(m => new ModuleItemCheck
            {
                Directory = m.Directory, ItemSpec = m.ItemSpec, Package = m.Package,
                BuildsPackage = m.BuildMode is { } mode && mode != GoBuildMode.None,
                GenerateRuns = settings.GenerateModeOf(m) is { } generate && generate != GenerateMode.Off,
                At = () => lines.Item(m.ItemSpec),
            }).ToList(),
            PropertyAt = lines.Property,
            ModuleEnvironments = settings.Modules.Where(m => m.Environment.Count > 0).GroupBy(m => m.Directory)
                .ToDictionary(g => g.Key, g => (IReadOnlyDictionary<string, string?>)g.First().EnvironmentOver(settings.Environment)),
            ProjectFile = ProjectFile,
            FallbackCacheRoot = Path.Combine(settings.IntermediateDirectory, "fallback"),
            ArgumentValues = new[] { ("obj folder", settings.IntermediateDirectory) }
                .Concat(settings.Modules.SelectMany(m => new[] { ("GoModule folder", m.Directory), ("GoModule LdFlags", m.Spec.Get("LdFlags")),
                    ("GoModule GcFlags", m.Spec.Get("GcFlags")), ("GoModule Tags", m.Spec.Get("Tags")) }))
                .Concat(settings.BuildArguments.Select(a => ("GoBuildArguments item", a)))
                .Concat(new[] { ("GoGenerateRun", settings.GenerateRun ?? ""), ("GoGenerateSkip", settings.GenerateSkip ?? "") }).ToList(),
        };
        var result = new ToolchainValidator(platform, probe).Validate(request);
        Report(result.Diagnostics.Items);
        if (probe.LastSource is not null)
        {
            Log.LogMessage(MessageImportance.Low, "go env probe answered from {0}{1}{2}.", probe.LastSource,
                probe.WaitedForAnotherProbe ? " (after waiting for another MSBuild node's probe)" : "",
                probe.LastSource == "process" ? ": " + probe.LastCommandLine : "");
        }
        if (settings.WriteDoctorReport)
        {
            foreach (var line in DoctorReport.Render(result, request)) Log.LogMessage(MessageImportance.High, line);
        }

        ResolvedGoExecutable = result.Location?.GoPath;
        ResolvedGoRoot = result.GoRoot;
        ResolvedGoVersion = result.GoVersionText;
        HostGoOS = result.Get("GOHOSTOS");
        HostGoArch = result.Get("GOHOSTARCH");
        ModuleValidations = ModuleValidationHandoff.Put(BuildEngine4, result.Modules);
        GoEnvironmentForBuild = result.EnvironmentForGo.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "=" + p.Value).ToArray();
    }
}
