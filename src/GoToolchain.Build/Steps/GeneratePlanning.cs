using System;
using System.Collections.Generic;
using System.Linq;
using GoToolchain.Build.Building;
using GoToolchain.Build.Diagnostics;
using GoToolchain.Build.Execution;
using GoToolchain.Build.Generate;
using GoToolchain.Build.Settings;
using GoToolchain.Build.Versions;

namespace GoToolchain.Build.Steps;

/// <summary>
/// RunGoGenerate's work before any go process: one request per GoModule whose mode (metadata Generate, else GoGenerate) is not
/// Off, with the build's environment, the module's Environment and the target's GOOS/GOARCH/CGO_ENABLED as go build gets them.
/// </summary>
public static class GeneratePlanning
{
    /// <summary>Process variables that change what generators do but are not in GoEnvironment: part of the incremental stamp.</summary>
    private static readonly string[] InheritedVariables =
    {
        "PATH", "GOFLAGS", "GOEXPERIMENT", "GOOS", "GOARCH", "CGO_ENABLED", "GOWORK", "GOTOOLCHAIN", "GOPATH", "GOBIN", "GO111MODULE", "GOPROXY",
    };

    /// <summary>Null (with the error) when the toolchain version or the target cannot be known; otherwise the requests (maybe none).</summary>
    public static IReadOnlyList<GenerateRequest>? Requests(ProjectSettings settings, GoProcessContext go,
        IReadOnlyDictionary<string, string?> buildEnvironment, string? hostGoOS, string? hostGoArch, string stateRoot, DiagnosticBag diagnostics,
        bool projectRecords = false)
    {
        var (goExecutable, goVersionText) = (go.GoExecutable, go.GoVersionText);
        // A setting that is not allowed was reported by ValidateGoSettings: nothing to run then.
        if (settings.Generate is not { } defaultMode) return null;
        var version = GoVersion.FromGoEnvVersion(goVersionText);
        if (version is null)
        {
            diagnostics.Add(Diagnostic.Error(Codes.GenerateFailed,
                $"RunGoGenerate got the toolchain version '{goVersionText}', which is not a Go version; GoValidate must run first.", settings.ProjectFile));
            return null;
        }
        // Without any target information (the task used on its own) go's own default applies.
        var target = settings.ResolveTarget(hostGoOS, hostGoArch, out var unknown);
        if (unknown is not null)
        {
            diagnostics.Add(unknown);
            return null;
        }
        var inherited = InheritedVariables.Where(v => !buildEnvironment.ContainsKey(v))
            .ToDictionary(v => v, v => (string?)System.Environment.GetEnvironmentVariable(v), StringComparer.Ordinal);
        var timeout = settings.ProcessTimeout;
        var requests = new List<GenerateRequest>();
        foreach (var module in settings.Modules)
        {
            // Off, or a Generate metadata that is not allowed (reported by ValidateGoSettings): nothing to run.
            if (settings.GenerateScopeOf(module) is not { } scope) continue;
            var mode = settings.GenerateModeOf(module) ?? defaultMode;
            var directory = module.Directory.TrimEnd('/', '\\');
            var environment = module.EnvironmentOver(buildEnvironment);
            // The target and cgo as go build gets them: the same files are selected.
            GoBuildRequest.SetTargetVariables(environment, target, module.BuildMode, module.CgoEnabled);
            requests.Add(new GenerateRequest
            {
                GoExecutable = goExecutable,
                GoVersion = version,
                ModuleDirectory = directory,
                Package = module.Package,
                Tags = module.Tags,
                Scope = scope,
                Target = target?.ToString() ?? "go's default target",
                Mode = mode,
                RunPattern = settings.GenerateRun,
                SkipPattern = settings.GenerateSkip,
                Environment = environment,
                InheritedEnvironment = inherited,
                Timeout = timeout,
                // Another project's generate of the same module may run go list and go generate, each within the timeout.
                LockTimeout = TimeSpan.FromSeconds(2 * timeout.TotalSeconds + 30),
                StateDirectory = GoGenerateRunner.StateDirectoryFor(stateRoot, directory),
                ProjectFile = settings.ProjectFile,
                ProjectRecordDirectory = !projectRecords || settings.IntermediateDirectory.Length == 0 ? null
                    : System.IO.Path.Combine(settings.IntermediateDirectory, "generate-current"),
            });
        }
        // go list and go generate get the target: one it cannot build is GOTB517 here, before them (PlanGoBuilds checks go build).
        // Not for GoDoctor's section, which runs no generator.
        if (!settings.WriteDoctorReport && requests.Count > 0 && target is not null && SupportedTargets.CheckBeforeGo(target,
                new GoTarget(hostGoOS ?? "", hostGoArch ?? ""), TargetVariables.Source(settings.GoOS, settings.GoArch, settings.RuntimeIdentifier),
                goExecutable, goVersionText, buildEnvironment, timeout, go.Cancellation, go.BuildCache, null,
                line => go.Log(LogImportance.Low, line), settings.ProjectFile) is { } unsupported)
        {
            diagnostics.Add(unsupported);
            return null;
        }
        return requests;
    }

    /// <summary>
    /// Where locks, stamps and Verify backups live: _GoGenerateStateDirectory, else the user's private state root, else (another user
    /// made it, it is world-writable) this project's own obj/ folder, with a warning: locks and stamps are then not shared with other
    /// projects, and nothing planted is used.
    /// </summary>
    public static string? StateRoot(ProjectSettings settings, DiagnosticBag diagnostics)
    {
        if (settings.GenerateStateDirectory is { } configured) return configured;
        if (PrivateStateRoot.Get("generate", out var problem) is { } root) return root;
        var fallback = settings.IntermediateDirectory.Length == 0 ? null : System.IO.Path.Combine(settings.IntermediateDirectory, "generate-state");
        diagnostics.Add(Diagnostic.Warning(Codes.StateRootUnsafe,
            $"go generate does not use the shared state folder: {problem}. Nothing in it is used" +
            (fallback is null ? "; go generate does not run." : $"; this project keeps its go generate stamps in '{fallback}' instead.") +
            " Fix: remove that folder if you do not know who made it: the package makes it again, its own (on Unix you may also set TMPDIR to a folder of your own).",
            settings.ProjectFile));
        return fallback;
    }
}
