using System;
using System.Collections.Generic;
using System.Linq;
using GoToolchain.Build.Steps;
using Microsoft.Build.Framework;

namespace GoToolchain.Build.Tasks;

/// <summary>
/// After a full GoBuild and the bindings, when no task of the package warned: saves the fingerprint ReuseLastGoBuild took
/// at the start with what the build hands on, so the next build can reuse it (<see cref="BuildReuse.Record"/>).
/// </summary>
public class RecordLastGoBuild : GoTaskBase
{
    [Required] public string RecordFile { get; set; } = "";

    /// <summary>ReuseLastGoBuild's Fingerprint; empty: nothing to record.</summary>
    public string Fingerprint { get; set; } = "";

    public ITaskItem[] FingerprintedSourceFiles { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>@(Compile) after GenerateGoBindings (its own generated files among them).</summary>
    public ITaskItem[] SourceFiles { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>@(_GoModuleBuild) and @(_GoBindingsFile).</summary>
    public ITaskItem[] Builds { get; set; } = Array.Empty<ITaskItem>();
    public ITaskItem[] BindingsFiles { get; set; } = Array.Empty<ITaskItem>();

    public string? ResolvedGoExecutable { get; set; }
    public string? ResolvedGoRoot { get; set; }
    public string? ResolvedGoVersion { get; set; }
    public string? HostGoOS { get; set; }
    public string? HostGoArch { get; set; }

    protected override void ExecuteCore()
    {
        static List<string> FullPaths(ITaskItem[] items) => items.Select(f => f.GetMetadata("FullPath")).ToList();
        var properties = new List<KeyValuePair<string, string>>
        {
            new(nameof(ResolvedGoExecutable), ResolvedGoExecutable ?? ""),
            new(nameof(ResolvedGoRoot), ResolvedGoRoot ?? ""),
            new(nameof(ResolvedGoVersion), ResolvedGoVersion ?? ""),
            new(nameof(HostGoOS), HostGoOS ?? ""),
            new(nameof(HostGoArch), HostGoArch ?? ""),
        };
        BuildReuse.Record(RecordFile, Fingerprint, FullPaths(FingerprintedSourceFiles), FullPaths(SourceFiles),
            Builds.Select(b => (b.ItemSpec, TaskItems.OwnMetadata(b))).ToList(),
            BindingsFiles.Select(f => (f.ItemSpec, f.GetMetadata("FullPath"))).ToList(), properties, LogLine);
    }
}
