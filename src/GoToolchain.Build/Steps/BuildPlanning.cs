using System;
using System.Collections.Generic;
using System.Linq;
using GoToolchain.Build.Building;
using GoToolchain.Build.Diagnostics;
using GoToolchain.Build.Platform;
using GoToolchain.Build.Settings;
using GoToolchain.Build.Versions;

namespace GoToolchain.Build.Steps;

/// <summary>One planned build as the targets get it: the item's folder and its metadata (every input file carries them too).</summary>
public sealed class PlannedBuild
{
    public string ModuleDirectory { get; set; } = "";
    public Dictionary<string, string> Metadata { get; set; } = new();
    public IReadOnlyList<string> ListedInputs { get; set; } = Array.Empty<string>();
}

/// <summary>
/// PlanGoBuilds' work: resolves the target platform (GoOS/GoArch, else the RuntimeIdentifier, else the host) and plans each
/// GoModule's build: output paths, input files and a settings file for MSBuild's incremental check.
/// </summary>
public static class BuildPlanning
{
    /// <param name="go">The go that builds: asked which GOOS/GOARCH pairs it supports (GOTB517), once per toolchain (cached under obj/);
    /// its GoVersionText also decides whether musl can load its c-shared outputs (GOTB560).</param>
    public static IReadOnlyList<PlannedBuild> Plan(ProjectSettings settings, GoTarget host, GoProcessContext go,
        IReadOnlyDictionary<string, string?> buildEnvironment, IEnumerable<string> sharedSettings, DiagnosticBag diagnostics)
    {
        var log = go.Log;
        var goVersionText = go.GoVersionText;
        var projectFile = settings.ProjectFile;
        var target = settings.ResolveTarget(host.GoOS, host.GoArch, out var unknown);
        if (target is null)
        {
            if (unknown is not null) diagnostics.Add(unknown);
            return Array.Empty<PlannedBuild>();
        }
        var targetSource = TargetVariables.Source(settings.GoOS, settings.GoArch, settings.RuntimeIdentifier);
        if (TargetVariables.IgnoredWarning(target, settings.IgnoredEnvironmentGoOS, settings.IgnoredEnvironmentGoArch, targetSource,
            projectFile) is { } ignored)
        {
            diagnostics.Add(ignored);
        }

        var packageRid = PackageRuntimeIdentifier(settings.RuntimeIdentifier, target);
        if (settings.RuntimeIdentifier is null && PackRuntimeIdentifiers.Parse(settings.RuntimeIdentifiers) is { Count: > 0 } rids)
        {
            packageRid = null;
            log(LogImportance.Normal, $"This build is for {target} (no RuntimeIdentifier); dotnet pack packs the Go outputs of a build for each " +
                $"of RuntimeIdentifiers ({string.Join(";", rids)}) instead.");
        }
        else if (packageRid is null)
        {
            log(LogImportance.Normal, $"{target} has no .NET runtime identifier: dotnet pack will not include the Go outputs under runtimes/<rid>/native/.");
        }

        // GOTB517 before go build uses a target the toolchain cannot build (RunGoGenerate checks before go generate).
        if (go.GoExecutable.Length > 0 && goVersionText.Length > 0 && SupportedTargets.CheckBeforeGo(target, new GoTarget(host.GoOS, host.GoArch),
                targetSource, go.GoExecutable, goVersionText, buildEnvironment, settings.ProcessTimeout, go.Cancellation, go.BuildCache,
                System.IO.Path.Combine(settings.IntermediateDirectory, "probe"), line => log(LogImportance.Low, line), projectFile) is { } unsupported)
        {
            diagnostics.Add(unsupported);
        }
        var specs = settings.Modules
            .Select(m => ModuleCCompiler.WithCCompiler(m.Spec, m.EnvironmentOver(buildEnvironment), host, target, settings.GoCC, projectFile, diagnostics,
                settings.RuntimeIdentifier))
            .ToList();
        var shared = sharedSettings.Concat(GoBuildPlanner.ShellEnvironmentSettings(SystemPlatform.Instance,
            new BuildEnvironment(SystemPlatform.Instance))).ToList();
        GoBuildPlanner.PackageInputsSource? packageInputs = null;
        if (go.GoExecutable.Length > 0)
        {
            packageInputs = (module, directory, mode, cacheFile, key) => PackageInputs.Get(cacheFile, key, () =>
            {
                var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
                foreach (var pair in buildEnvironment) environment[pair.Key] = pair.Value;
                foreach (var pair in BuildEnvironment.ParseEntries(module.Get(ModuleMetadataNames.Environment).Split(';'), "Environment", projectFile,
                    new DiagnosticBag())) environment[pair.Key] = pair.Value;
                GoBuildRequest.SetTargetVariables(environment, target, mode, module.Get(ModuleMetadataNames.CgoEnabled));
                return PackageInputs.List(go.GoExecutable, directory, module.Get(ModuleMetadataNames.Package), module.Get(ModuleMetadataNames.Tags),
                    environment, settings.ProcessTimeout, go.Cancellation, line => log(LogImportance.Low, line));
            });
        }
        var plans = GoBuildPlanner.Plan(specs, target, settings.IntermediateDirectory, shared, projectFile, diagnostics, packageInputs);
        var lines = new ProjectFileLines(projectFile);
        var goVersion = GoVersion.FromGoEnvVersion(goVersionText);
        foreach (var plan in plans)
        {
            var itemSpec = settings.Module(plan.Module.Directory)?.ItemSpec ?? plan.Module.Directory;
            if (MuslNativeLibraries.Check(target, settings.RuntimeIdentifier, goVersion, plan, _ => lines.Metadata(itemSpec, ModuleMetadataNames.BuildMode))
                is { } musl) diagnostics.Add(musl);
        }
        var plainHost = new GoTarget(host.GoOS, host.GoArch);
        if (HostAppLibraryMismatch.Check(target, plainHost, settings.RuntimeIdentifier, plans, projectFile) is { } mismatch) diagnostics.Add(mismatch);
        if (settings.WriteDoctorReport)
        {
            foreach (var line in BuildDoctorSection.Render(target, targetSource, plainHost, plans)) log(LogImportance.High, line);
        }
        if (diagnostics.HasErrors) return Array.Empty<PlannedBuild>();
        return plans.Select(plan => Planned(plan, target, packageRid)).ToList();
    }

    private static PlannedBuild Planned(GoBuildPlan plan, GoTarget target, string? packageRid)
    {
        var spec = plan.Module;
        GoBuildPlanner.WriteSettings(plan);
        var metadata = new Dictionary<string, string>
        {
            ["ModuleDirectory"] = plan.ModuleDirectory,
            ["BuildMode"] = spec.Get(ModuleMetadataNames.BuildMode),
            ["Package"] = spec.Get(ModuleMetadataNames.Package),
            ["Tags"] = spec.Get(ModuleMetadataNames.Tags),
            ["LdFlags"] = spec.Get(ModuleMetadataNames.LdFlags),
            ["GcFlags"] = spec.Get(ModuleMetadataNames.GcFlags),
            ["CgoEnabled"] = spec.Get(ModuleMetadataNames.CgoEnabled),
            ["Environment"] = spec.Get(ModuleMetadataNames.Environment),
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
        // A current module (the no-op build) lists only its settings file: MSBuild reaches the same verdict (skip) without
        // one item per module file. An out-of-date one lists every file: MSBuild decides, and GoBuild stamps them.
        var listed = UpToDateCheck.OutputIsCurrent(plan.OutputPath, plan.InputFiles) ? new[] { plan.SettingsPath } : plan.InputFiles;
        return new PlannedBuild { ModuleDirectory = plan.ModuleDirectory, Metadata = metadata, ListedInputs = listed.ToList() };
    }

    /// <summary>The RID folder for dotnet pack: the project's RuntimeIdentifier when it is what we built for, else the
    /// portable RID of the target.</summary>
    private static string? PackageRuntimeIdentifier(string? runtimeIdentifier, GoTarget target)
    {
        if (runtimeIdentifier is { } rid && RuntimeIdentifierMap.TryMap(rid) is { } mapped && mapped.GoOS == target.GoOS && mapped.GoArch == target.GoArch)
        {
            return rid;
        }
        return RuntimeIdentifierMap.ToPortableRuntimeIdentifier(target);
    }
}
