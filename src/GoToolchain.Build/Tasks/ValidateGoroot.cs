using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using GoToolchain.Build.Diagnostics;
using GoToolchain.Build.Modules;
using GoToolchain.Build.Platform;
using GoToolchain.Build.Toolchain;
using GoToolchain.Build.Versions;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace GoToolchain.Build.Tasks;

/// <summary>
/// Finds the go binary, probes it once (cached), checks the installation, GoVersionRange, the caches and every
/// GoModule's go.mod/go.work against the toolchain. Outputs what later go processes must use.
/// </summary>
public class ValidateGoroot : GoTaskBase
{
    public string? GoExecutable { get; set; }
    public string? GoRoot { get; set; }
    public string? GoVersionRange { get; set; }
    public string? GoToolchainMode { get; set; }

    /// <summary>GoEnvironment: NAME=value entries for every go process.</summary>
    public string[] GoEnvironment { get; set; } = Array.Empty<string>();

    /// <summary>The GoModule items; their full paths are the module directories.</summary>
    public ITaskItem[] Modules { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>A folder under obj/ for the probe cache and the GOCACHE/GOMODCACHE fallback.</summary>
    [Required]
    public string IntermediateDirectory { get; set; } = "";

    /// <summary>GoProcessTimeoutSeconds: how long `go env` may run.</summary>
    /// <summary>GoProcessTimeoutSeconds, as written (validated by ValidateGoSettings; a bad value falls back to 600 here).</summary>
    public string? ProbeTimeoutSeconds { get; set; }

    /// <summary>GoDoctor: also render the full report.</summary>
    public bool WriteReport { get; set; }

    [Output] public string? ResolvedGoExecutable { get; private set; }
    [Output] public string? ResolvedGoRoot { get; private set; }
    [Output] public string? ResolvedGoVersion { get; private set; }
    [Output] public string? HostGoOS { get; private set; }
    [Output] public string? HostGoArch { get; private set; }

    /// <summary>NAME=value for every later go process (GOTOOLCHAIN, cache fallbacks, GoEnvironment).</summary>
    [Output] public string[] GoEnvironmentForBuild { get; private set; } = Array.Empty<string>();

    protected override void ExecuteCore()
    {
        var platform = SystemPlatform.Instance;
        var diagnostics = new DiagnosticBag();
        var overrides = BuildEnvironment.ParseEntries(GoEnvironment, "GoEnvironment", ProjectFile, diagnostics);
        var environment = new BuildEnvironment(platform, overrides);
        var probe = SharedGoEnvProbe(IntermediateDirectory, Modules, (int)Settings.SettingChecks.SecondsOr(ProbeTimeoutSeconds, 600).TotalSeconds);

        // GOROOT in the environment arrives as $(GoRoot) too: that one is not a choice of go binary but what go sees,
        // and ToolchainValidator checks it as such (ExplicitGoRoot).
        var goRootOrigin = GoRootOrigin(GoRoot);
        if (goRootOrigin == ValueOrigin.Environment)
        {
            Log.LogMessage(MessageImportance.Low,
                "GoRoot '{0}' comes from the GOROOT environment variable, not from the project or -p:; it is checked as the GOROOT go sees.", GoRoot);
        }
        var request = new ValidationRequest
        {
            GoExecutable = NullIfEmpty(GoExecutable),
            GoRoot = goRootOrigin == ValueOrigin.Property ? NullIfEmpty(GoRoot) : null,
            GoVersionRange = NullIfEmpty(GoVersionRange),
            GoToolchainMode = NullIfEmpty(GoToolchainMode) ?? "local",
            Environment = environment,
            ModuleDirectories = Modules.Select(m => m.GetMetadata("FullPath")).ToList(),
            ProjectFile = ProjectFile,
            FallbackCacheRoot = Path.Combine(IntermediateDirectory, "fallback"),
        };
        var result = new ToolchainValidator(platform, probe).Validate(request);
        Report(diagnostics.Items);
        Report(result.Diagnostics.Items);
        if (probe.LastSource is not null)
        {
            Log.LogMessage(MessageImportance.Low, "go env probe answered from {0}{1}{2}.", probe.LastSource,
                probe.WaitedForAnotherProbe ? " (after waiting for another MSBuild node's probe)" : "",
                probe.LastSource == "process" ? ": " + probe.LastCommandLine : "");
        }

        if (WriteReport)
        {
            foreach (var line in DoctorReport.Render(result, request)) Log.LogMessage(MessageImportance.High, line);
        }

        ResolvedGoExecutable = result.Location?.GoPath;
        ResolvedGoRoot = result.GoRoot;
        ResolvedGoVersion = result.GoVersionText;
        HostGoOS = result.Get("GOHOSTOS");
        HostGoArch = result.Get("GOHOSTARCH");
        GoEnvironmentForBuild = result.EnvironmentForGo.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "=" + p.Value).ToArray();
    }
}
