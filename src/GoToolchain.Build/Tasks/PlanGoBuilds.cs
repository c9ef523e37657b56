using System;
using System.Collections.Generic;
using System.Linq;
using GoToolchain.Build.Building;
using GoToolchain.Build.Diagnostics;
using GoToolchain.Build.Settings;
using GoToolchain.Build.Toolchain;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace GoToolchain.Build.Tasks;

/// <summary>
/// Resolves the target platform (GoOS/GoArch, else the RuntimeIdentifier, else the host) and plans each
/// GoModule's build: output paths, input files and a settings file for MSBuild's incremental check.
/// </summary>
public class PlanGoBuilds : GoTaskBase
{
    public ITaskItem[] Modules { get; set; } = Array.Empty<ITaskItem>();
    public string? RuntimeIdentifier { get; set; }

    /// <summary>RuntimeIdentifiers (plural): with no RuntimeIdentifier, dotnet pack packs each of those RIDs' own builds, not this one.</summary>
    public string? RuntimeIdentifiers { get; set; }
    public string? GoOS { get; set; }
    public string? GoArch { get; set; }
    [Required] public string HostGoOS { get; set; } = "";
    [Required] public string HostGoArch { get; set; } = "";
    [Required] public string IntermediateDirectory { get; set; } = "";

    /// <summary>$(NETCoreSdkRuntimeIdentifier): linux-musl-x64 on Alpine, where the host's C compiler already links against musl.</summary>
    public string? HostRuntimeIdentifier { get; set; }

    /// <summary>GOVERSION of the go that builds (go1.23.5): decides whether musl can load its c-shared outputs (GOTB560).</summary>
    public string? GoVersion { get; set; }

    /// <summary>The go that builds: asked which GOOS/GOARCH pairs it supports (GOTB517), once per toolchain (cached under obj/).</summary>
    public string? GoExecutable { get; set; }

    /// <summary>GoProcessTimeoutSeconds, for that question.</summary>
    public string? TimeoutSeconds { get; set; }

    /// <summary>GoCC: the C compiler for cgo builds (default: go's own for the host, a cross-compiler for other targets).</summary>
    public string? GoCC { get; set; }

    /// <summary>From ValidateGoroot: NAME=value for every go process (its PATH and CC count for the C compiler).</summary>
    public string[] GoEnvironment { get; set; } = Array.Empty<string>();

    /// <summary>Settings shared by all modules (go binary and version, environment, flags): part of every settings file.</summary>
    public string[] SharedSettings { get; set; } = Array.Empty<string>();

    /// <summary>GoDoctor: print each module's target, BuildMode, cgo setting and C compiler.</summary>
    public bool WriteReport { get; set; }

    [Output] public ITaskItem[] Builds { get; private set; } = Array.Empty<ITaskItem>();

    /// <summary>Every input file, with the metadata of the build it belongs to (the targets batch on OutputPath).</summary>
    [Output] public ITaskItem[] Inputs { get; private set; } = Array.Empty<ITaskItem>();

    protected override void ExecuteCore()
    {
        // GOOS/GOARCH in the environment arrive as $(GoOS)/$(GoArch): a .NET build is retargeted only by the RID or
        // by GoOS/GoArch the user set (project, Directory.Build.props, -p:), never by a variable left in a shell.
        GoOS = FromUser(nameof(GoOS), GoOS);
        GoArch = FromUser(nameof(GoArch), GoArch);
        var target = ResolveTarget();
        if (target is null) return;
        var targetSource = TargetVariables.Source(GoOS, GoArch, RuntimeIdentifier);
        if (TargetVariables.IgnoredWarning(target, IgnoredVariable("GOOS", nameof(GoOS)), IgnoredVariable("GOARCH", nameof(GoArch)), targetSource,
            ProjectFile) is { } ignored)
        {
            Report(ignored);
        }

        var packageRid = PackageRuntimeIdentifier(target);
        if (NullIfEmpty(RuntimeIdentifier) is null && PackRuntimeIdentifiers.Parse(RuntimeIdentifiers) is { Count: > 0 } rids)
        {
            packageRid = null;
            Log.LogMessage(MessageImportance.Normal,
                "This build is for {0} (no RuntimeIdentifier); dotnet pack packs the Go outputs of a build for each of RuntimeIdentifiers " +
                    "({1}) instead.",
                target, string.Join(";", rids));
        }
        else if (packageRid is null)
        {
            Log.LogMessage(MessageImportance.Normal,
                "{0} has no .NET runtime identifier: dotnet pack will not include the Go outputs under runtimes/<rid>/native/.", target);
        }

        var diagnostics = new DiagnosticBag();
        if (NullIfEmpty(GoExecutable) is { } go && NullIfEmpty(GoVersion) is { } version && UnsupportedTarget(target, targetSource, go, version,
            TimeoutSeconds) is { } unsupported)
        {
            diagnostics.Add(unsupported);
        }
        var host = new GoTarget(HostGoOS, HostGoArch, musl: HostGoOS == "linux" && RuntimeIdentifierMap.IsMusl(HostRuntimeIdentifier));
        var specs = Modules.Select(m => new GoModuleSpec(m.GetMetadata("FullPath"), CustomMetadata(m)))
            .Select(spec => ModuleCCompiler.WithCCompiler(spec, host, target, NullIfEmpty(GoCC), GoEnvironment,
                ProjectFile, diagnostics))
            .ToList();
        var shared = SharedSettings.Concat(GoBuildPlanner.ShellEnvironmentSettings(SystemPlatform.Instance,
            new BuildEnvironment(SystemPlatform.Instance))).ToList();
        var plans = GoBuildPlanner.Plan(specs, target, IntermediateDirectory, shared, ProjectFile, diagnostics);
        var lines = new ProjectFileLines(ProjectFile);
        var goVersion = Toolchain.GoVersion.FromGoEnvVersion(GoVersion ?? "");
        foreach (var plan in plans)
        {
            if (MuslNativeLibraries.Check(target, RuntimeIdentifier, goVersion, plan, p => lines.Metadata(ItemSpecOf(p), "BuildMode")) is { } musl)
                diagnostics.Add(musl);
        }
        if (HostAppLibraryMismatch.Check(target, new GoTarget(HostGoOS, HostGoArch), RuntimeIdentifier, plans, ProjectFile) is { } mismatch)
        {
            diagnostics.Add(mismatch);
        }
        Report(diagnostics.Items);
        if (WriteReport)
        {
            foreach (var line in BuildDoctorSection.Render(target, targetSource, new GoTarget(HostGoOS, HostGoArch),
                plans)) Log.LogMessage(MessageImportance.High, line);
        }
        if (diagnostics.HasErrors) return;

        var builds = new List<ITaskItem>();
        var inputs = new List<ITaskItem>();
        foreach (var plan in plans)
        {
            var spec = plan.Module;
            GoBuildPlanner.WriteSettings(plan);
            var metadata = new Dictionary<string, string>
            {
                ["ModuleDirectory"] = plan.ModuleDirectory,
                ["BuildMode"] = spec.Get("BuildMode"),
                ["Package"] = spec.Get("Package"),
                ["Tags"] = spec.Get("Tags"),
                ["LdFlags"] = spec.Get("LdFlags"),
                ["GcFlags"] = spec.Get("GcFlags"),
                ["CgoEnabled"] = spec.Get("CgoEnabled"),
                ["Environment"] = spec.Get("Environment"),
                ["OutputPath"] = plan.OutputPath,
                ["OutputFileName"] = plan.OutputFileName,
                ["HeaderPath"] = plan.HeaderPath ?? "",
                ["GoModPath"] = plan.GoModPath,
                ["SettingsPath"] = plan.SettingsPath,
                ["CopyToOutput"] = plan.CopyToOutput ? "true" : "false",
                ["GoOS"] = target.GoOS,
                ["GoArch"] = target.GoArch,
                ["GoArm"] = target.GoArm ?? "",
                // dotnet pack: native assets go to runtimes/<rid>/native/, where NuGet consumers pick them up. The path names
                // the folder (trailing '/'): NuGet takes a PackagePath without an extension, such as an exe tool 'gozip',
                // for a folder and would pack runtimes/<rid>/native/gozip/gozip.
                ["Pack"] = plan.CopyToOutput && packageRid is not null ? "true" : "false",
                ["PackagePath"] = plan.CopyToOutput && packageRid is not null ? $"runtimes/{packageRid}/native/" : "",
            };
            // TaskItem takes escaped text: unescaped, a folder named a$(x) or 100% would reach the next task as 'a' or '100'.
            var escaped = metadata.ToDictionary(p => p.Key, p => MSBuildEscaping.Escape(p.Value));
            builds.Add(new TaskItem(MSBuildEscaping.Escape(plan.ModuleDirectory), escaped));
            // A current module (the no-op build) lists only its settings file: MSBuild reaches the same verdict (skip) without
            // one item per module file. An out-of-date one lists every file: MSBuild decides, and GoBuild stamps them.
            var listed = UpToDateCheck.OutputIsCurrent(plan.OutputPath, plan.InputFiles) ? new[] { plan.SettingsPath } : plan.InputFiles;
            inputs.AddRange(listed.Select(file => new TaskItem(MSBuildEscaping.Escape(file), escaped)));
        }
        Builds = builds.ToArray();
        Inputs = inputs.ToArray();
    }

    /// <summary>GOTB517 before go build uses a target the toolchain cannot build (RunGoGenerate checks before go generate).</summary>
    private Diagnostic? UnsupportedTarget(GoTarget target, string targetSource, string goExecutable, string goVersion, string? timeoutSeconds)
    {
        var environment = BuildEnvironment.ParseEntries(GoEnvironment, "GoEnvironment", ProjectFile, new DiagnosticBag());
        return SupportedTargets.CheckBeforeGo(target, new GoTarget(HostGoOS, HostGoArch), targetSource, goExecutable, goVersion, environment,
            SettingChecks.SecondsOr(timeoutSeconds, 600), CancellationToken, BuildScopedCache.Get(BuildEngine4),
            System.IO.Path.Combine(IntermediateDirectory, "probe"), line => Log.LogMessage(MessageImportance.Low, "{0}", line),
            ProjectFile);
    }

    /// <summary>The variable's value when it is set and not also the user's (-p:GoOS=windows with GOOS=windows is the user's).</summary>
    private string? IgnoredVariable(string variable, string property)
        => SystemPlatform.Instance.GetEnvironmentVariable(variable) is { Length: > 0 } value && OriginOf(property, value) == ValueOrigin.Environment
            ? value : null;

    /// <summary>The GoModule Include as written (ProjectFileLines finds the item by it).</summary>
    private string ItemSpecOf(GoBuildPlan plan)
        => Modules.FirstOrDefault(m => string.Equals(m.GetMetadata("FullPath"), plan.Module.Directory, StringComparison.Ordinal))?.ItemSpec
            ?? plan.Module.Directory;

    private GoTarget? ResolveTarget()
    {
        var target = GoTarget.Resolve(GoOS, GoArch, RuntimeIdentifier, HostGoOS, HostGoArch,
            HostGoOS == "linux" && RuntimeIdentifierMap.IsMusl(HostRuntimeIdentifier));
        if (target is null) Report(UnknownRuntimeIdentifier(RuntimeIdentifier!, ProjectFile));
        return target;
    }

    /// <summary>GOTB510, shared with RunGoGenerate (which resolves the same target for its package scope).</summary>
    public static Diagnostic UnknownRuntimeIdentifier(string rid, string? projectFile)
        => Diagnostic.Error(Codes.UnknownRuntimeIdentifier,
            $"RuntimeIdentifier '{rid.Trim()}' has no Go equivalent that GoToolchain.Build knows. Fix: set GoOS and GoArch (e.g. linux and arm64) " +
                $"for this project, or use a portable RID such as linux-x64, linux-musl-arm64, win-x64 or osx-arm64.",
            projectFile);

    /// <summary>The RID folder for dotnet pack: the project's RuntimeIdentifier when it is what we built for, else the
    /// portable RID of the target.</summary>
    private string? PackageRuntimeIdentifier(GoTarget target)
    {
        if (NullIfEmpty(RuntimeIdentifier) is { } rid && RuntimeIdentifierMap.TryMap(rid) is { } mapped
            && mapped.GoOS == target.GoOS && mapped.GoArch == target.GoArch)
        {
            return rid;
        }
        return RuntimeIdentifierMap.ToPortableRuntimeIdentifier(target);
    }

    /// <summary>Every metadata value but the empty ones, MSBuild's well-known ones included (FullPath, Filename…).</summary>
    internal static IReadOnlyDictionary<string, string> CustomMetadata(ITaskItem item)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string name in item.MetadataNames)
        {
            var value = item.GetMetadata(name);
            if (value.Length > 0) result[name] = value;
        }
        return result;
    }

    /// <summary>The item's own metadata only, without the well-known ones MSBuild derives (FullPath, ModifiedTime, AccessedTime…),
    /// which change without a change to the item.</summary>
    internal static IReadOnlyDictionary<string, string> OwnMetadata(ITaskItem item)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry entry in item.CloneCustomMetadata()) result[(string)entry.Key] = (string)(entry.Value ?? "");
        return result;
    }
}
