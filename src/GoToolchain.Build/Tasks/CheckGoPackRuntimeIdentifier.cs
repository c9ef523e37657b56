using System;
using System.IO;
using System.Linq;
using GoToolchain.Build.Building;
using GoToolchain.Build.Settings;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace GoToolchain.Build.Tasks;

/// <summary>
/// dotnet pack with RuntimeIdentifiers: runs in the project built for one of those RIDs, before any go build of the pack,
/// and says whether that RID is built (its C compilers are there), left out (GoOptionalRuntimeIdentifiers, GOTB550) or
/// fails the pack (GOTB513/GOTB551). Runs no process.
/// </summary>
public class CheckGoPackRuntimeIdentifier : GoTaskBase
{
    public ITaskItem[] Modules { get; set; } = Array.Empty<ITaskItem>();
    [Required] public string RuntimeIdentifier { get; set; } = "";
    public string? GoOS { get; set; }
    public string? GoArch { get; set; }
    [Required] public string HostGoOS { get; set; } = "";
    [Required] public string HostGoArch { get; set; } = "";
    public string? GoCC { get; set; }
    public string[] GoEnvironment { get; set; } = Array.Empty<string>();
    public string? RuntimeIdentifiers { get; set; }
    public string? OptionalRuntimeIdentifiers { get; set; }

    /// <summary>The RID, with metadata Build=true or false.</summary>
    [Output] public ITaskItem? Verdict { get; private set; }

    protected override void ExecuteCore()
    {
        var target = GoTarget.Resolve(FromUser(nameof(GoOS), GoOS), FromUser(nameof(GoArch), GoArch), RuntimeIdentifier, HostGoOS, HostGoArch);
        if (target is null)
        {
            Report(PlanGoBuilds.UnknownRuntimeIdentifier(RuntimeIdentifier, ProjectFile));
            return;
        }
        var host = new GoTarget(HostGoOS, HostGoArch);
        var modules = Modules.Select(m => new GoModuleSpec(m.GetMetadata("FullPath"), PlanGoBuilds.CustomMetadata(m))).ToList();
        var verdict = PackRuntimeIdentifiers.Check(RuntimeIdentifier, target, host, modules,
            PackRuntimeIdentifiers.IsOptional(RuntimeIdentifier, OptionalRuntimeIdentifiers),
            (module, bag) => ModuleCCompiler.Choose(module, host, target, NullIfEmpty(GoCC), GoEnvironment, ProjectFile, bag),
            Path.GetFileNameWithoutExtension(ProjectFile ?? ""), ProjectFile);
        Report(verdict.Diagnostics);
        // Every RID's instance runs this once; the first RID's also checks the optional list, so a typo is reported once per pack.
        if (PackRuntimeIdentifiers.Parse(RuntimeIdentifiers).FirstOrDefault() is { } first
            && string.Equals(first, RuntimeIdentifier.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            var at = new ProjectFileLines(ProjectFile).Property("GoOptionalRuntimeIdentifiers");
            Report(PackRuntimeIdentifiers.NotListed(OptionalRuntimeIdentifiers, RuntimeIdentifiers)
                .Select(rid => PackRuntimeIdentifiers.NotListedWarning(rid, RuntimeIdentifiers!, at.File, at.Line)));
        }
        var item = new TaskItem(MSBuildEscaping.Escape(RuntimeIdentifier.Trim()));
        item.SetMetadata("Build", verdict.Build ? "true" : "false");
        Verdict = item;
    }
}
