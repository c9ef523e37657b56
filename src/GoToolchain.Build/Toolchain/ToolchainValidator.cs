using System;
using System.Collections.Generic;
using System.Linq;
using GoToolchain.Build.Diagnostics;
using GoToolchain.Build.Modules;
using GoToolchain.Build.Platform;
using GoToolchain.Build.Settings;
using GoToolchain.Build.Versions;

namespace GoToolchain.Build.Toolchain;

/// <summary>What ValidateGoroot was asked to check.</summary>
public sealed class ValidationRequest
{
    public string? GoExecutable { get; set; }
    public string? GoRoot { get; set; }
    public VersionRangeSetting GoVersionRange { get; set; } = VersionRangeSetting.Any;
    public ToolchainModeSetting GoToolchainMode { get; set; } = ToolchainModeSetting.Local;
    public BuildEnvironment Environment { get; set; } = null!;
    public IReadOnlyList<string> ModuleDirectories { get; set; } = Array.Empty<string>();

    /// <summary>The GoModule items (ValidateGoroot sets them; else one per <see cref="ModuleDirectories"/> entry). Items of one
    /// folder are one module: checked once, listed once with its items.</summary>
    public IReadOnlyList<ModuleItemCheck> ModuleItems { get; set; } = Array.Empty<ModuleItemCheck>();

    /// <summary>The file and line that set a property (ProjectFileLines.Property), asked only for an error; null: the project file.</summary>
    public Func<string, (string? File, int Line)>? PropertyAt { get; set; }

    /// <summary>By module folder, the environment of a module with Environment metadata: GoEnvironment, then its own entries (its go
    /// processes get them last, so its GOWORK and PATH decide which go.work governs and where go finds a toolchain to switch to).
    /// A module not listed gets <see cref="Environment"/>.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string?>> ModuleEnvironments { get; set; } =
        new Dictionary<string, IReadOnlyDictionary<string, string?>>();
    public string? ProjectFile { get; set; }

    /// <summary>Where GOCACHE/GOMODCACHE fall back to when the user's are unusable (under obj/).</summary>
    public string FallbackCacheRoot { get; set; } = "";
    /// <summary>What later go processes get as arguments (the obj folder, modules, GoBuildArguments), named for a message:
    /// checked against a .cmd/.bat go (BatchFileArguments).</summary>
    public IReadOnlyList<(string What, string Value)> ArgumentValues { get; set; } = Array.Empty<(string, string)>();
}

/// <summary>One GoModule item as ValidateGoroot checks it.</summary>
public sealed class ModuleItemCheck
{
    public string Directory { get; set; } = "";
    public string ItemSpec { get; set; } = "";
    public string Package { get; set; } = ".";

    /// <summary>Whether the item's Package must be checked (a BuildMode that builds a package) and go generate runs before the build.</summary>
    public bool BuildsPackage { get; set; }
    public bool GenerateRuns { get; set; }

    /// <summary>The item's line in the user's files (ProjectFileLines.Item), asked only for an error.</summary>
    public Func<(string? File, int Line)>? At { get; set; }
}

/// <summary>Everything ValidateGoroot learned; GoDoctor renders it, later tasks use the environment.</summary>
public sealed class ValidationResult
{
    public DiagnosticBag Diagnostics { get; } = new();
    public GoLocation? Location { get; set; }
    public IReadOnlyDictionary<string, string>? GoEnv { get; set; }
    public GoVersion? Version { get; set; }

    /// <summary>The variables every later go process of this build gets (on top of the build's environment).</summary>
    public Dictionary<string, string> EnvironmentForGo { get; } = new(StringComparer.Ordinal);

    public List<ModuleValidation> Modules { get; } = new();

    public string? GoVersionText => GoEnv is not null && GoEnv.TryGetValue("GOVERSION", out var v) ? v : null;
    public string? GoRoot => GoEnv is not null && GoEnv.TryGetValue("GOROOT", out var v) ? v : null;
    public string? Get(string name) => GoEnv is not null && GoEnv.TryGetValue(name, out var v) ? v : null;
}

/// <summary>
/// ValidateGoroot's logic: find go, probe it once, check the installation, the version range, the caches,
/// WSL pitfalls and every module's go.mod/go.work against the toolchain. Collects all problems instead of
/// stopping at the first, so GoDoctor can list them together.
/// </summary>
public sealed class ToolchainValidator
{
    private readonly IPlatform _platform;
    private readonly IGoEnvSource _envSource;

    public ToolchainValidator(IPlatform platform, IGoEnvSource envSource)
    {
        _platform = platform;
        _envSource = envSource;
    }

    public ValidationResult Validate(ValidationRequest request)
    {
        var result = new ValidationResult();
        var diagnostics = result.Diagnostics;
        var project = request.ProjectFile;
        var locator = new GoLocator(_platform);
        var wsl = new WslChecks(_platform);

        foreach (var pair in request.Environment.Overrides)
        {
            if (pair.Value is not null) result.EnvironmentForGo[pair.Key] = pair.Value;
        }
        result.EnvironmentForGo["GOTOOLCHAIN"] = request.GoToolchainMode.Text;

        var location = locator.Locate(request.GoExecutable, request.GoRoot, project, diagnostics, request.PropertyAt);
        result.Location = location;
        if (location is not null)
        {
            diagnostics.Add(Diagnostic.Info(Codes.GoSelected, $"Using go '{location.GoPath}' because {location.Reason}.", project));
            ReportShadowing(location, project, diagnostics);
            wsl.CheckGo(location.GoPath, location.OtherGoOnPath, project, diagnostics);

            var rootChecks = new GoRootChecks(_platform);
            var explicitRoot = ExplicitGoRoot.Find(_platform, request.Environment, GoEnvProbe.UserGoEnvFile(_platform, request.Environment));
            var env = rootChecks.CheckExplicitRootExists(location, explicitRoot, project, diagnostics)
                ? _envSource.GetEnv(location.GoPath, request.Environment, project, diagnostics)
                : null;
            result.GoEnv = env;
            if (env is not null)
            {
                rootChecks.Check(location, env, explicitRoot, project, diagnostics, request.PropertyAt);
                result.Version = GoVersion.FromGoEnvVersion(result.GoVersionText ?? "");
                if (request.GoVersionRange.Problem is { } rangeProblem) diagnostics.Add(rangeProblem);
                request.GoVersionRange.Range?.Check(result.Version, result.GoVersionText ?? "", location.GoPath, project, diagnostics);
                diagnostics.AddRange(BatchFileArguments.Check(location.GoPath, env, request.ArgumentValues, project));
                foreach (var pair in new GoCacheDirectories(_platform).Check(env, request.FallbackCacheRoot, project, diagnostics))
                {
                    result.EnvironmentForGo[pair.Key] = pair.Value;
                }
                NeutralizeTargetVariables(request, result);
            }
        }

        // GOTOOLCHAIN means something only to go 1.21 and later; an invalid value breaks every go command there (reported once,
        // not per module).
        var modeProblem = request.GoToolchainMode.ProblemFor(result.Version, result.GoVersionText, project);
        if (modeProblem is not null) diagnostics.Add(modeProblem);
        var items = request.ModuleItems.Count > 0 ? request.ModuleItems
            : request.ModuleDirectories.Select(d => new ModuleItemCheck { Directory = d, ItemSpec = d }).ToList();
        // Items of one folder are one module: checked once, listed once with its items.
        foreach (var group in items.GroupBy(i => i.Directory, PlatformPaths.For(_platform).Comparer))
        {
            var first = group.First();
            var environment = request.ModuleEnvironments.TryGetValue(group.Key, out var own) ? new BuildEnvironment(_platform, own) : request.Environment;
            // go switches toolchains by looking on its own PATH: the one GoEnvironment (or the module's Environment) gives it, if any.
            var goPath = environment.Get("PATH");
            var modules = new ModuleChecks(_platform, name => locator.LookPath(name, goPath));
            var module = modules.Check(group.Key, result.Version, result.GoVersionText, request.GoToolchainMode.Text, modeProblem is null,
                environment, project, diagnostics, first.At);
            wsl.CheckModule(group.Key, module.GoModPath, diagnostics);
            foreach (var item in group)
            {
                if (request.ModuleItems.Count > 0) module.Items.Add((item.ItemSpec, item.Package));
                if (item.BuildsPackage && module.GoMod is { HasErrors: false }
                    && modules.CheckPackage(module, item.ItemSpec, item.Package, item.GenerateRuns, item.At ?? (() => (project, 0))) is { } wrong)
                    diagnostics.Add(wrong);
            }
            result.Modules.Add(module);
        }
        return result;
    }

    private void ReportShadowing(GoLocation location, string? project, DiagnosticBag diagnostics)
    {
        if (location.OtherGoOnPath.Count == 0 || location.Source != GoSource.PathEnvironment) return;
        // A version-manager shim first on PATH is in charge of choosing go; a Go further down PATH is its fallback, not a rival.
        if (new GoLocator(_platform).IsLauncher(location.GoPath)) return;
        var root = new GoRootChecks(_platform);
        var paths = PlatformPaths.For(_platform);
        string Describe(string go)
        {
            var real = _platform.ResolveSymlinks(go);
            var version = root.ReadVersionFile(paths.GetDirectoryName(paths.GetDirectoryName(real) ?? "") ?? "");
            return version is null ? $"'{go}'" : $"'{go}' ({version})";
        }
        var others = string.Join(", ", System.Linq.Enumerable.Select(location.OtherGoOnPath, Describe));
        diagnostics.Add(Diagnostic.Warning(Codes.GoShadowedOnPath,
            $"PATH holds more than one go: {Describe(location.GoPath)} comes first and is used; it shadows {others}. " +
            "Which Go a build gets then depends on PATH order. Fix: set GoRoot (or GoExecutable) to the Go this project needs, or remove the " +
                "others from PATH.",
            project));
    }

    /// <summary>
    /// GOOS/GOARCH left in the environment would retarget every go process (go generate, go list, the loop report)
    /// that does not set them itself: those get the host's explicitly. go build gets the target's (GoBuildRequest);
    /// PlanGoBuilds warns when the variables differ from it. GoEnvironment's GOOS/GOARCH are the user's choice and stay.
    /// </summary>
    private void NeutralizeTargetVariables(ValidationRequest request, ValidationResult result)
    {
        foreach (var (name, host) in new[] { ("GOOS", "GOHOSTOS"), ("GOARCH", "GOHOSTARCH") })
        {
            if (request.Environment.Overrides.ContainsKey(name) || string.IsNullOrEmpty(_platform.GetEnvironmentVariable(name))) continue;
            if (result.Get(host) is { Length: > 0 } value) result.EnvironmentForGo[name] = value;
        }
    }
}
