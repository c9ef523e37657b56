using System;
using System.Collections.Generic;
using System.Linq;
using GoToolchain.Build.Building;
using GoToolchain.Build.Diagnostics;
using GoToolchain.Build.Generate;
using GoToolchain.Build.Loopvar;
using GoToolchain.Build.Proxy;

namespace GoToolchain.Build.Settings;

/// <summary>
/// Every property and GoModule metadata value of the package, typed, read once per task by <see cref="SettingsReader"/>
/// (docs/design.md, "How a setting reaches the logic"). A value that is not allowed is one of <see cref="Problems"/>,
/// which ValidateGoSettings reports at the line that sets it; the value here is then the default (or null where no default
/// makes sense), so a task never checks a setting itself.
/// </summary>
public sealed class ProjectSettings
{
    /// <summary>GoProcessTimeoutSeconds' default: how long one go process may run.</summary>
    public const int DefaultProcessTimeoutSeconds = Execution.ProcessSpec.DefaultTimeoutSeconds;

    /// <summary>GoProxyTimeoutSeconds' default and largest value: the whole network budget of the proxy check.</summary>
    public const double DefaultProxyTimeoutSeconds = 5;
    public const double MaxProxyTimeoutSeconds = 3600;

    public string? ProjectFile { get; set; }
    public bool Enabled { get; set; } = true;
    public bool ReuseLastBuild { get; set; } = true;

    /// <summary>GoExecutable and GoRoot, absolute (relative to the project); GoRoot only when the user chose it (not the
    /// GOROOT variable MSBuild turned into $(GoRoot)), see <see cref="GoRootFromEnvironment"/>.</summary>
    public string? GoExecutable { get; set; }
    public string? GoRoot { get; set; }

    /// <summary>$(GoRoot) as it came from the GOROOT environment variable: checked as the GOROOT go sees, not a choice.</summary>
    public string? GoRootFromEnvironment { get; set; }

    /// <summary>GoVersionRange and GoToolchainMode: judged against the toolchain, so ValidateGoroot reports their problems.</summary>
    public VersionRangeSetting VersionRange { get; set; } = VersionRangeSetting.Any;
    public ToolchainModeSetting ToolchainMode { get; set; } = ToolchainModeSetting.Local;

    /// <summary>GoOS/GoArch as the user set them; null when MSBuild made them from GOOS/GOARCH left in the environment.</summary>
    public string? GoOS { get; set; }
    public string? GoArch { get; set; }

    /// <summary>GOOS/GOARCH in the environment that the build ignores (they never retarget a .NET build): warned about.</summary>
    public string? IgnoredEnvironmentGoOS { get; set; }
    public string? IgnoredEnvironmentGoArch { get; set; }
    public string? GoCC { get; set; }
    public bool TrimPath { get; set; } = true;
    public IReadOnlyList<string> BuildArguments { get; set; } = Array.Empty<string>();

    /// <summary>GoEnvironment, parsed: NAME=value for every go process (the user's; the build adds GOTOOLCHAIN and more).</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; set; } = new Dictionary<string, string?>();
    public TimeSpan ProcessTimeout { get; set; } = TimeSpan.FromSeconds(DefaultProcessTimeoutSeconds);

    /// <summary>GoShareBuilds: projects of one build share each go build through the per-user store; GoBuildStoreMaxAgeHours and
    /// GoBuildStoreMaxMegabytes bound what stays there (<see cref="Building.StoreLimits"/>).</summary>
    public bool ShareBuilds { get; set; } = true;
    public TimeSpan BuildStoreMaxAge { get; set; } = TimeSpan.FromHours(Building.StoreLimits.DefaultMaxAgeHours);
    public long BuildStoreMaxBytes { get; set; } = Building.StoreLimits.DefaultMaxMegabytes * 1024L * 1024L;

    /// <summary>GoProgressNoticeSeconds: after how long a running go build gets a line at high importance (shown by -v:m and -tl).</summary>
    public const int DefaultProgressNoticeSeconds = 5;
    public TimeSpan ProgressNotice { get; set; } = TimeSpan.FromSeconds(DefaultProgressNoticeSeconds);

    /// <summary>GoLoopvar; null when not allowed (reported).</summary>
    public LoopvarPolicy? Loopvar { get; set; } = LoopvarPolicy.Off;
    public bool LoopvarReport { get; set; }

    /// <summary>GoGenerate: the mode of modules without Generate metadata; null when not allowed (reported).</summary>
    public GenerateMode? Generate { get; set; } = GenerateMode.Run;
    public string? GeneratePackages { get; set; }
    public string? GenerateRun { get; set; }
    public string? GenerateSkip { get; set; }
    public string? GenerateStateDirectory { get; set; }

    /// <summary>GoProxyCheck and GoProxyTimeoutSeconds; null when not allowed (reported).</summary>
    public ProxyCheckMode? ProxyCheck { get; set; } = ProxyCheckMode.Auto;
    public double? ProxyTimeoutSeconds { get; set; } = DefaultProxyTimeoutSeconds;
    public bool CheckDeclarations { get; set; } = true;
    public string? OptionalRuntimeIdentifiers { get; set; }
    public string? RootNamespace { get; set; }
    public string? RuntimeIdentifier { get; set; }
    public string? RuntimeIdentifiers { get; set; }

    /// <summary>$(NETCoreSdkRuntimeIdentifier): linux-musl-x64 on Alpine, where the host's C compiler links against musl.</summary>
    public string? HostRuntimeIdentifier { get; set; }
    public bool HostIsMusl => RuntimeIdentifierMap.IsMusl(HostRuntimeIdentifier);

    /// <summary>The package's folder under obj/; empty when the task is used on its own.</summary>
    public string IntermediateDirectory { get; set; } = "";

    /// <summary>GoDoctor: tasks print their report sections.</summary>
    public bool WriteDoctorReport { get; set; }

    public IReadOnlyList<ModuleSettings> Modules { get; set; } = Array.Empty<ModuleSettings>();

    /// <summary>The values that are not allowed, each made into its diagnostic with the place that sets it.</summary>
    public IReadOnlyList<Func<ProjectFileLines, Diagnostic>> Problems { get; set; } = Array.Empty<Func<ProjectFileLines, Diagnostic>>();

    /// <summary>
    /// The platform go builds for: GoOS/GoArch, else the RuntimeIdentifier, else the host (with its C library: musl on Alpine).
    /// Null without an error when nothing is known (a task used on its own: go's default); null with GOTB510 for a RID
    /// that has no Go equivalent.
    /// </summary>
    public GoTarget? ResolveTarget(string? hostGoOS, string? hostGoArch, out Diagnostic? error)
    {
        error = null;
        if (new[] { GoOS, GoArch, RuntimeIdentifier, hostGoOS }.All(string.IsNullOrWhiteSpace)) return null;
        var target = GoTarget.Resolve(GoOS, GoArch, RuntimeIdentifier, hostGoOS ?? "", hostGoArch ?? "", hostGoOS == "linux" && HostIsMusl);
        if (target is null)
        {
            error = Diagnostic.Error(Codes.UnknownRuntimeIdentifier,
                $"RuntimeIdentifier '{RuntimeIdentifier!.Trim()}' has no Go equivalent that GoToolchain.Build knows. Fix: set GoOS and GoArch " +
                    $"(e.g. linux and arm64) for this project, or use a portable RID such as linux-x64, linux-musl-arm64, win-x64 or osx-arm64.",
                ProjectFile);
        }
        return target;
    }

    /// <summary>The host as go build sees it, with its C library.</summary>
    public GoTarget Host(string hostGoOS, string hostGoArch) => new(hostGoOS, hostGoArch, musl: hostGoOS == "linux" && HostIsMusl);

    /// <summary>The module's go generate mode: its Generate metadata, else GoGenerate; null when the one that applies is not allowed.</summary>
    public GenerateMode? GenerateModeOf(ModuleSettings module) => module.Get(ModuleMetadataNames.Generate).Length > 0 ? module.Generate : Generate;

    /// <summary>The packages go generate runs in for the module (GeneratePackages, else GoGeneratePackages; the whole module for
    /// BuildMode none); null when the module does not generate (Off, or a mode that is not allowed).</summary>
    public GenerateScope? GenerateScopeOf(ModuleSettings module)
        => GenerateModeOf(module) is { } mode && mode != GenerateMode.Off
            ? GenerateScope.For(module.GeneratePackages ?? GeneratePackages, module.BuildMode)
            : null;

    /// <summary>The module whose folder this is (a build item's ModuleDirectory), if any.</summary>
    public ModuleSettings? Module(string directory)
        => Modules.FirstOrDefault(m => string.Equals(m.Directory.TrimEnd('/', '\\'), directory.TrimEnd('/', '\\'), StringComparison.Ordinal));
}

/// <summary>One GoModule item: its folder and every metadata value, typed.</summary>
public sealed class ModuleSettings
{
    public ModuleSettings(string itemSpec, string directory, IReadOnlyDictionary<string, string> metadata,
        IReadOnlyDictionary<string, string> ownMetadata)
    {
        ItemSpec = itemSpec;
        Directory = directory;
        Spec = new GoModuleSpec(directory, metadata);
        OwnMetadata = ownMetadata;
    }

    /// <summary>The Include as written: ProjectFileLines finds the item by it.</summary>
    public string ItemSpec { get; }

    /// <summary>The module's folder (the item's FullPath).</summary>
    public string Directory { get; }

    /// <summary>Every non-empty metadata value, MSBuild's well-known ones included (the build planner's view).</summary>
    public GoModuleSpec Spec { get; }

    /// <summary>The item's own metadata without the well-known ones (which change without a change to the item).</summary>
    public IReadOnlyDictionary<string, string> OwnMetadata { get; }

    public string Get(string name) => Spec.Get(name);

    /// <summary>BuildMode; null when not allowed (reported).</summary>
    public GoBuildMode? BuildMode { get => Spec.BuildMode; set => Spec.BuildMode = value; }

    /// <summary>OutputName, trimmed: a file name, or "" for the folder's name; null when not a file name (reported).</summary>
    public string? OutputName { get => Spec.OutputName; set => Spec.OutputName = value; }
    public string Package => Get(ModuleMetadataNames.Package) is { Length: > 0 } package ? package : ".";
    public string? Tags => NullIfEmpty(Get(ModuleMetadataNames.Tags));

    /// <summary>CgoEnabled: 1, 0, or null for go's default for the BuildMode.</summary>
    public string? CgoEnabled => NullIfEmpty(Get(ModuleMetadataNames.CgoEnabled));

    /// <summary>The Environment metadata, parsed: applied over the build's environment for this module's go processes.</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; set; } = new Dictionary<string, string?>();

    /// <summary>Generate metadata; null: the project's GoGenerate.</summary>
    public GenerateMode? Generate { get; set; }
    public string? GeneratePackages => NullIfEmpty(Get(ModuleMetadataNames.GeneratePackages));
    public bool GenerateBindings { get; set; }
    public string? BindingsNamespace => NullIfEmpty(Get(ModuleMetadataNames.BindingsNamespace));
    public string? BindingsClassName => NullIfEmpty(Get(ModuleMetadataNames.BindingsClassName));
    public string? BindingsFreeFunction => NullIfEmpty(Get(ModuleMetadataNames.BindingsFreeFunction));
    public bool BindingsSignalFix { get; set; } = true;
    /// <summary>BindingsVisibility: the generated class is public only on request (internal keeps raw interop out of a library's API).</summary>
    public bool BindingsPublic { get; set; }

    /// <summary>The environment of this module's go processes: the build's, then its own Environment entries.</summary>
    public Dictionary<string, string?> EnvironmentOver(IReadOnlyDictionary<string, string?> buildEnvironment)
    {
        var merged = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var pair in buildEnvironment) merged[pair.Key] = pair.Value;
        foreach (var pair in Environment) merged[pair.Key] = pair.Value;
        return merged;
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
