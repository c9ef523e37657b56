using System;
using System.Collections.Generic;
using System.Linq;
using GoToolchain.Build.Building;
using GoToolchain.Build.Diagnostics;
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
    public string? GoOS { get; set; }
    public string? GoArch { get; set; }
    [Required] public string HostGoOS { get; set; } = "";
    [Required] public string HostGoArch { get; set; } = "";
    [Required] public string IntermediateDirectory { get; set; } = "";

    /// <summary>Settings shared by all modules (go binary and version, environment, flags): part of every settings file.</summary>
    public string[] SharedSettings { get; set; } = Array.Empty<string>();

    [Output] public ITaskItem[] Builds { get; private set; } = Array.Empty<ITaskItem>();

    /// <summary>Every input file, with the metadata of the build it belongs to (the targets batch on OutputPath).</summary>
    [Output] public ITaskItem[] Inputs { get; private set; } = Array.Empty<ITaskItem>();

    [Output] public string? TargetGoOS { get; private set; }
    [Output] public string? TargetGoArch { get; private set; }

    protected override void ExecuteCore()
    {
        var target = ResolveTarget();
        if (target is null) return;
        TargetGoOS = target.GoOS;
        TargetGoArch = target.GoArch;

        var packageRid = PackageRuntimeIdentifier(target);
        if (packageRid is null)
        {
            Log.LogMessage(MessageImportance.Normal, "{0} has no .NET runtime identifier: dotnet pack will not include the Go outputs under runtimes/<rid>/native/.", target);
        }

        var diagnostics = new DiagnosticBag();
        var specs = Modules.Select(m => new GoModuleSpec(m.GetMetadata("FullPath"), CustomMetadata(m))).ToList();
        var plans = GoBuildPlanner.Plan(specs, target, IntermediateDirectory, SharedSettings, ProjectFile, diagnostics);
        Report(diagnostics.Items);
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
                ["CopyToOutput"] = plan.CopyToOutput ? "true" : "false",
                ["GoOS"] = target.GoOS,
                ["GoArch"] = target.GoArch,
                ["GoArm"] = target.GoArm ?? "",
                // dotnet pack: native assets go to runtimes/<rid>/native/, where NuGet consumers pick them up.
                ["Pack"] = plan.CopyToOutput && packageRid is not null ? "true" : "false",
                ["PackagePath"] = plan.CopyToOutput && packageRid is not null ? $"runtimes/{packageRid}/native/{plan.OutputFileName}" : "",
            };
            builds.Add(new TaskItem(plan.ModuleDirectory, metadata));
            inputs.AddRange(plan.InputFiles.Select(file => new TaskItem(file, metadata)));
        }
        Builds = builds.ToArray();
        Inputs = inputs.ToArray();
    }

    private GoTarget? ResolveTarget()
    {
        if (NullIfEmpty(GoOS) is { } os && NullIfEmpty(GoArch) is { } arch) return new GoTarget(os, arch);
        if (NullIfEmpty(RuntimeIdentifier) is { } rid)
        {
            var mapped = RuntimeIdentifierMap.TryMap(rid);
            if (mapped is null)
            {
                Report(Diagnostic.Error(Codes.UnknownRuntimeIdentifier,
                    $"RuntimeIdentifier '{rid}' has no Go equivalent that GoToolchain.Build knows. Fix: set GoOS and GoArch (e.g. linux and arm64) for this project, or use a portable RID such as linux-x64, linux-musl-arm64, win-x64 or osx-arm64.",
                    ProjectFile));
                return null;
            }
            return new GoTarget(NullIfEmpty(GoOS) ?? mapped.GoOS, NullIfEmpty(GoArch) ?? mapped.GoArch, mapped.GoArm);
        }
        return new GoTarget(NullIfEmpty(GoOS) ?? HostGoOS, NullIfEmpty(GoArch) ?? HostGoArch);
    }

    /// <summary>The RID folder for dotnet pack: the project's RuntimeIdentifier when it is what we built for, else the portable RID of the target.</summary>
    private string? PackageRuntimeIdentifier(GoTarget target)
    {
        if (NullIfEmpty(RuntimeIdentifier) is { } rid && RuntimeIdentifierMap.TryMap(rid) is { } mapped
            && mapped.GoOS == target.GoOS && mapped.GoArch == target.GoArch)
        {
            return rid;
        }
        return RuntimeIdentifierMap.ToPortableRuntimeIdentifier(target);
    }

    private static IReadOnlyDictionary<string, string> CustomMetadata(ITaskItem item)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string name in item.MetadataNames)
        {
            var value = item.GetMetadata(name);
            if (value.Length > 0) result[name] = value;
        }
        return result;
    }
}
