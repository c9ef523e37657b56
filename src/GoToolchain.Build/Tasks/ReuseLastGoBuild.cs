using System;
using System.Linq;
using GoToolchain.Build.Building;
using GoToolchain.Build.Steps;
using Microsoft.Build.Framework;

namespace GoToolchain.Build.Tasks;

/// <summary>
/// The no-op build's one task: when nothing GoBuild depends on changed since the last successful, warning-free build of this
/// project, hands on what that build handed on (the builds, the bindings, GoResolvedVersion…) so the targets skip the toolchain
/// check, the loop and proxy checks, go generate, the build planning and the bindings (<see cref="BuildReuse.Decide"/>). Otherwise
/// outputs the fingerprint taken now, which RecordLastGoBuild saves when this build ends well.
/// </summary>
public class ReuseLastGoBuild : GoTaskBase
{
    /// <summary>obj/.../go/last-build: the record of the last build.</summary>
    [Required] public string RecordFile { get; set; } = "";

    /// <summary>@(Compile): GenerateGoBindings checks the hand-written declarations in them.</summary>
    public ITaskItem[] SourceFiles { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>true when the last build's outputs are handed on and the rest of the chain is skipped.</summary>
    [Output] public bool Reused { get; private set; }

    /// <summary>When not reused: the fingerprint to record if this build succeeds without a warning (empty: not recordable).</summary>
    [Output] public string Fingerprint { get; private set; } = "";

    /// <summary>When not reused: the C# files the fingerprint covers (RecordLastGoBuild compares the bindings' view with it).</summary>
    [Output] public ITaskItem[] FingerprintedSourceFiles { get; private set; } = Array.Empty<ITaskItem>();

    [Output] public ITaskItem[] Builds { get; private set; } = Array.Empty<ITaskItem>();
    [Output] public ITaskItem[] BindingsFiles { get; private set; } = Array.Empty<ITaskItem>();
    [Output] public string? ResolvedGoExecutable { get; private set; }
    [Output] public string? ResolvedGoRoot { get; private set; }
    [Output] public string? ResolvedGoVersion { get; private set; }
    [Output] public string? HostGoOS { get; private set; }
    [Output] public string? HostGoArch { get; private set; }

    protected override void ExecuteCore()
    {
        var settings = ReadSettings();
        // Every setting (the targets' one list, @(_GoSettings)): whatever a skipped target would read.
        var settingsText = Settings is null ? "" : string.Join("\n", TaskItems.OwnMetadata(Settings).OrderBy(p => p.Key, StringComparer.OrdinalIgnoreCase)
            .Select(p => p.Key + "=" + p.Value));
        var verdict = BuildReuse.Decide(settings, settingsText, RecordFile, GlobalProperties(),
            SourceFiles.Select(f => f.GetMetadata("FullPath")).ToList(), SharedGoEnvProbe(settings), LogLine);
        Fingerprint = verdict.Fingerprint;
        if (Fingerprint.Length > 0) FingerprintedSourceFiles = SourceFiles;
        if (verdict.Reused is not { } record) return;
        Reused = true;
        Builds = Items(record, BuildReuse.BuildItemType);
        BindingsFiles = Items(record, BuildReuse.BindingsItemType);
        ResolvedGoExecutable = record.Property(nameof(ResolvedGoExecutable));
        ResolvedGoRoot = record.Property(nameof(ResolvedGoRoot));
        ResolvedGoVersion = record.Property(nameof(ResolvedGoVersion));
        HostGoOS = record.Property(nameof(HostGoOS));
        HostGoArch = record.Property(nameof(HostGoArch));
    }

    private static ITaskItem[] Items(LastBuildRecord record, string type)
        => record.ItemsOfType(type).Select(i => TaskItems.Create(i.Spec, i.Metadata)).ToArray();
}
