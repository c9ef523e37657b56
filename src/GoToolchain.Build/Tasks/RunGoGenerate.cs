using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using GoToolchain.Build.Building;
using GoToolchain.Build.Diagnostics;
using GoToolchain.Build.Execution;
using GoToolchain.Build.Generate;
using GoToolchain.Build.Toolchain;
using Microsoft.Build.Framework;

namespace GoToolchain.Build.Tasks;

/// <summary>
/// Runs go generate in every GoModule (Run or Verify, incremental, one build at a time per module), in the packages
/// the build compiles from the module for its target unless GeneratePackages widens the scope.
/// </summary>
public class RunGoGenerate : GoTaskBase
{
    /// <summary>Process variables that change what generators do but are not in GoEnvironment: part of the incremental stamp.</summary>
    private static readonly string[] InheritedVariables =
    {
        "PATH", "GOFLAGS", "GOEXPERIMENT", "GOOS", "GOARCH", "CGO_ENABLED", "GOWORK", "GOTOOLCHAIN", "GOPATH", "GOBIN", "GO111MODULE", "GOPROXY",
    };

    [Required] public string GoExecutable { get; set; } = "";

    /// <summary>GOVERSION of the validated toolchain, e.g. go1.21.13.</summary>
    [Required] public string GoVersion { get; set; } = "";

    /// <summary>From ValidateGoroot (with the effective GOEXPERIMENT): NAME=value for every go process.</summary>
    public string[] GoEnvironment { get; set; } = Array.Empty<string>();

    /// <summary>The GoModule items: FullPath, metadata Generate and Environment.</summary>
    public ITaskItem[] Modules { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>$(GoGenerate): the mode for modules without Generate metadata.</summary>
    public string? Mode { get; set; }

    public string? RunPattern { get; set; }
    public string? SkipPattern { get; set; }
    public string? TimeoutSeconds { get; set; }

    /// <summary>GoDoctor: describe each module's directives and where their generators are; run nothing.</summary>
    public bool ReportOnly { get; set; }

    /// <summary>$(GoResolvedRoot): go generate puts $GOROOT/bin first on the generators' PATH; the report does the same.</summary>
    public string? GoRoot { get; set; }

    /// <summary>Where locks, stamps and Verify backups live, shared by all projects; default: a folder in the user's temp directory.</summary>
    public string? StateDirectory { get; set; }

    /// <summary>This project's own folder for that state, used when the shared one cannot be trusted.</summary>
    public string? FallbackStateDirectory { get; set; }

    /// <summary>The build's target, resolved as GoBuild resolves it (GoOS/GoArch, else the RuntimeIdentifier, else the host):
    /// go list and go generate get its GOOS/GOARCH, so build constraints select the files go build compiles.</summary>
    public string? RuntimeIdentifier { get; set; }
    public string? GoOS { get; set; }
    public string? GoArch { get; set; }
    public string? HostGoOS { get; set; }
    public string? HostGoArch { get; set; }

    /// <summary>$(GoGeneratePackages): the scope for modules without GeneratePackages metadata. Empty: the packages the
    /// build compiles; ./...: all.</summary>
    public string? Packages { get; set; }

    protected override void ExecuteCore()
    {
        if (!GenerateModes.TryParse(NullIfEmpty(Mode) ?? "Run", out var defaultMode))
        {
            Report(Diagnostic.Error(Codes.GenerateModeInvalid,
                $"GoGenerate is '{Mode}'. Fix: set GoGenerate to Run (the default), Verify or Off.", ProjectFile));
            return;
        }
        var version = Toolchain.GoVersion.FromGoEnvVersion(GoVersion);
        if (version is null)
        {
            Report(Diagnostic.Error(Codes.GenerateFailed,
                $"RunGoGenerate got the toolchain version '{GoVersion}', which is not a Go version; GoValidate must run first.", ProjectFile));
            return;
        }

        var diagnostics = new DiagnosticBag();
        var environment = BuildEnvironment.ParseEntries(GoEnvironment, "GoEnvironment", ProjectFile, diagnostics);
        var inherited = InheritedVariables.Where(v => !environment.ContainsKey(v))
            .ToDictionary(v => v, v => (string?)System.Environment.GetEnvironmentVariable(v), StringComparer.Ordinal);
        var stateRoot = NullIfEmpty(StateDirectory) ?? DefaultStateRoot();
        if (stateRoot is null) return;
        var timeout = Settings.SettingChecks.SecondsOr(TimeoutSeconds, 600);

        // Without any target information (the task used on its own) go's own default applies.
        GoTarget? target = null;
        // As PlanGoBuilds: GOOS/GOARCH left in the environment arrive as $(GoOS)/$(GoArch) and never retarget the build.
        GoOS = FromUser(nameof(GoOS), GoOS);
        GoArch = FromUser(nameof(GoArch), GoArch);
        if (new[] { GoOS, GoArch, RuntimeIdentifier, HostGoOS }.Any(v => NullIfEmpty(v) is not null))
        {
            target = GoTarget.Resolve(GoOS, GoArch, RuntimeIdentifier, HostGoOS ?? "", HostGoArch ?? "");
            if (target is null)
            {
                Report(PlanGoBuilds.UnknownRuntimeIdentifier(RuntimeIdentifier!, ProjectFile));
                return;
            }
        }

        var requests = new List<GenerateRequest>();
        foreach (var module in Modules)
        {
            var directory = module.GetMetadata("FullPath").TrimEnd('/', '\\');
            var modeText = NullIfEmpty(module.GetMetadata("Generate"));
            var mode = defaultMode;
            if (modeText is not null && !GenerateModes.TryParse(modeText, out mode))
            {
                diagnostics.Add(Diagnostic.Error(Codes.GenerateModeInvalid,
                    $"GoModule '{module.ItemSpec}' has Generate='{modeText}'. Fix: use Run, Verify or Off, or remove the metadata to use " +
                        $"GoGenerate ('{defaultMode}').",
                    ProjectFile));
                continue;
            }
            if (mode == GenerateMode.Off) continue;
            var moduleEnvironment = new Dictionary<string, string?>(environment, StringComparer.Ordinal);
            var entries = module.GetMetadata("Environment").Split(new[] { ';' }, StringSplitOptions.RemoveEmptyEntries);
            foreach (var pair in BuildEnvironment.ParseEntries(entries, $"GoModule '{module.ItemSpec}' Environment", ProjectFile,
                diagnostics)) moduleEnvironment[pair.Key] = pair.Value;
            // The target and cgo as go build gets them (GoBuildRequest.ProcessEnvironment): the same files are selected.
            if (NullIfEmpty(target?.GoOS) is { } goos) moduleEnvironment["GOOS"] = goos;
            if (NullIfEmpty(target?.GoArch) is { } goarch) moduleEnvironment["GOARCH"] = goarch;
            if (target?.GoArm is { } goarm) moduleEnvironment["GOARM"] = goarm;
            var cgo = NullIfEmpty(module.GetMetadata("CgoEnabled"))
                      ?? (GoBuildModes.TryParse(module.GetMetadata("BuildMode"), out var buildMode) && GoBuildModes.NeedsCgo(buildMode) ? "1" : null);
            if (cgo is not null) moduleEnvironment["CGO_ENABLED"] = cgo.Trim();
            requests.Add(new GenerateRequest
            {
                GoExecutable = GoExecutable,
                GoVersion = version,
                ModuleDirectory = directory,
                Package = NullIfEmpty(module.GetMetadata("Package"))?.Trim() ?? ".",
                Tags = NullIfEmpty(module.GetMetadata("Tags")),
                Scope = ScopeOf(module),
                Target = target?.ToString() ?? "go's default target",
                Mode = mode,
                RunPattern = NullIfEmpty(RunPattern),
                SkipPattern = NullIfEmpty(SkipPattern),
                Environment = moduleEnvironment,
                InheritedEnvironment = inherited,
                Timeout = timeout,
                // Another project's generate of the same module may run go list and go generate, each within the timeout.
                LockTimeout = TimeSpan.FromSeconds(2 * timeout.TotalSeconds + 30),
                StateDirectory = GoGenerateRunner.StateDirectoryFor(stateRoot, directory),
                ProjectFile = ProjectFile,
            });
        }
        Report(diagnostics.Items);
        if (diagnostics.HasErrors) return;
        if (ReportOnly)
        {
            WriteReport(requests);
            return;
        }
        if (requests.Count == 0) return;
        // go list and go generate get the target: one it cannot build is GOTB517 here, before them (PlanGoBuilds checks go build).
        if (target is not null && SupportedTargets.CheckBeforeGo(target, new GoTarget(HostGoOS ?? "", HostGoArch ?? ""),
                TargetVariables.Source(GoOS, GoArch, RuntimeIdentifier), GoExecutable, GoVersion, environment, timeout, CancellationToken,
                BuildScopedCache.Get(BuildEngine4), null, line => Log.LogMessage(MessageImportance.Low, "{0}", line), ProjectFile) is { } unsupported)
        {
            Report(unsupported);
            return;
        }

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

    /// <summary>
    /// GeneratePackages, else GoGeneratePackages, else the packages the build compiles; a BuildMode=none module
    /// (validate and generate only) has no build to scope to, so it generates as a whole (./...).
    /// </summary>
    private GenerateScope ScopeOf(ITaskItem module)
        => GenerateScope.For(NullIfEmpty(module.GetMetadata("GeneratePackages")) ?? Packages, module.GetMetadata("BuildMode"));

    private void WriteReport(IReadOnlyList<GenerateRequest> requests)
    {
        var found = new List<Diagnostic>();
        var goRoot = NullIfEmpty(GoRoot) ?? Path.GetDirectoryName(Path.GetDirectoryName(GoExecutable)) ?? "";
        var offModules = Modules.Select(m => m.GetMetadata("FullPath"))
            .Where(directory => requests.All(r => r.ModuleDirectory != directory.TrimEnd('/', '\\')));
        var runner = new GoGenerateRunner(line => Log.LogMessage(MessageImportance.Low, "{0}", line));
        var section = GenerateDoctor.Section(NullIfEmpty(Mode) ?? "Run", NullIfEmpty(RunPattern), NullIfEmpty(SkipPattern), goRoot,
            offModules, requests, request => runner.BuildPackages(request, found, CancellationToken), found);
        foreach (var line in section) Log.LogMessage(MessageImportance.High, "{0}", line);
        Report(found);
    }

    /// <summary>
    /// The user's private state root, else (another user made it, it is world-writable) this project's own
    /// obj/ folder: locks and stamps are then not shared with other projects, and nothing planted is used.
    /// </summary>
    private string? DefaultStateRoot()
    {
        if (PrivateStateRoot.Get("generate", out var problem) is { } root) return root;
        var fallback = NullIfEmpty(FallbackStateDirectory);
        Report(Diagnostic.Warning(Codes.StateRootUnsafe,
            $"go generate does not use the shared state folder: {problem}. Nothing in it is used" +
            (fallback is null ? "; go generate does not run." : $"; this project keeps its go generate stamps in '{fallback}' instead.") +
            " Fix: remove that folder if you do not know who made it (or set TMPDIR to a folder of your own).",
            ProjectFile));
        return fallback;
    }
}
