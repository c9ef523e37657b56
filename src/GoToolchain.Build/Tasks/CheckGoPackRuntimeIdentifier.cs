using System;
using System.IO;
using System.Linq;
using GoToolchain.Build.Building;
using GoToolchain.Build.Settings;
using Microsoft.Build.Framework;

namespace GoToolchain.Build.Tasks;

/// <summary>
/// dotnet pack with RuntimeIdentifiers: runs in the project built for one of those RIDs, before any go build of the pack,
/// and says whether that RID is built (its C compilers are there), left out (GoOptionalRuntimeIdentifiers, GOTB550) or
/// fails the pack (GOTB513/GOTB551). Runs no process.
/// </summary>
public class CheckGoPackRuntimeIdentifier : GoTaskBase
{
    [Required] public string HostGoOS { get; set; } = "";
    [Required] public string HostGoArch { get; set; } = "";

    /// <summary>@(_GoEnvironmentForBuild): its PATH and CC count for the C compiler.</summary>
    public string[] GoEnvironmentForBuild { get; set; } = Array.Empty<string>();

    /// <summary>The RID, with metadata Build=true or false.</summary>
    [Output] public ITaskItem? Verdict { get; private set; }

    protected override void ExecuteCore()
    {
        var settings = ReadSettings();
        var rid = settings.RuntimeIdentifier ?? "";
        var target = settings.ResolveTarget(HostGoOS, HostGoArch, out var unknown);
        if (target is null)
        {
            if (unknown is not null) Report(unknown);
            return;
        }
        var host = new GoTarget(HostGoOS, HostGoArch);
        var environment = ParseBuildEnvironment(GoEnvironmentForBuild);
        var verdict = PackRuntimeIdentifiers.Check(rid, target, host, settings.Modules.Select(m => m.Spec).ToList(),
            PackRuntimeIdentifiers.IsOptional(rid, settings.OptionalRuntimeIdentifiers),
            (spec, bag) => ModuleCCompiler.Choose(spec, settings.Module(spec.Directory)!.EnvironmentOver(environment), host, target, settings.GoCC,
                ProjectFile, bag),
            Path.GetFileNameWithoutExtension(ProjectFile ?? ""), ProjectFile);
        Report(verdict.Diagnostics);
        // Every RID's instance runs this once; the first RID's also checks the optional list, so a typo is reported once per pack.
        if (PackRuntimeIdentifiers.Parse(settings.RuntimeIdentifiers).FirstOrDefault() is { } first && string.Equals(first, rid, StringComparison.OrdinalIgnoreCase))
        {
            var at = new ProjectFileLines(ProjectFile).Property(PropertyNames.GoOptionalRuntimeIdentifiers);
            Report(PackRuntimeIdentifiers.NotListed(settings.OptionalRuntimeIdentifiers, settings.RuntimeIdentifiers)
                .Select(notListed => PackRuntimeIdentifiers.NotListedWarning(notListed, settings.RuntimeIdentifiers!, at.File, at.Line)));
        }
        Verdict = TaskItems.Create(rid, new[] { new System.Collections.Generic.KeyValuePair<string, string>("Build", verdict.Build ? "true" : "false") });
    }
}
