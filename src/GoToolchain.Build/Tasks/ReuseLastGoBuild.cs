using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using GoToolchain.Build.Building;
using GoToolchain.Build.Diagnostics;
using GoToolchain.Build.Package;
using GoToolchain.Build.Platform;
using GoToolchain.Build.Toolchain;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace GoToolchain.Build.Tasks;

/// <summary>
/// The no-op build's one task: when nothing GoBuild depends on changed since the last successful, warning-free build of
/// this project (its <see cref="BuildFingerprint"/>) and its outputs are as that build left them, hands on what that build
/// handed on (the builds, the bindings, GoResolvedVersion…) so the targets skip the toolchain check, the loop and proxy
/// checks, go generate, the build planning and the bindings. Otherwise removes the record and outputs the fingerprint
/// taken now, which RecordLastGoBuild saves when this build ends well. Starts no process; any doubt means a full build.
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
        var started = DateTime.UtcNow;
        BuildFingerprint? fingerprint;
        try
        {
            fingerprint = Take();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            Log.LogMessage(MessageImportance.Low, "Building in full: the last build could not be compared with this one ({0}).", e.Message);
            LastBuildRecord.Delete(RecordFile);
            return;
        }
        if (fingerprint is null)
        {
            LastBuildRecord.Delete(RecordFile);
            return;
        }

        var record = LastBuildRecord.TryLoad(RecordFile);
        var reason = record is null ? "there is no record of a last build in '" + RecordFile + "'"
            : fingerprint.FirstDifference(record.Fingerprint) ?? (record.ChangedOutput(SystemPlatform.Instance) is { } output
                ? $"the output '{output}' changed since the last build" : null);
        if (reason is null)
        {
            HandOn(record!);
            Log.LogMessage(MessageImportance.Low,
                "Nothing GoBuild depends on changed since the last build of this project ({0}): its Go outputs are used as they are, and " +
                    "the toolchain check, go generate and go build do not run. GoReuseLastBuild=false turns this off.", RecordFile);
            return;
        }

        // From here on the old record must not survive a build that fails or warns.
        LastBuildRecord.Delete(RecordFile);
        if (fingerprint.NewestInputUtc > started - Execution.FileStampMemo.SettleTime)
        {
            Log.LogMessage(MessageImportance.Low, "Building in full: {0}; a file was written in the last seconds, so this build is not recorded.",
                reason);
            return;
        }
        Log.LogMessage(MessageImportance.Low, "Building in full: {0}.", reason);
        Fingerprint = fingerprint.Serialize();
        FingerprintedSourceFiles = SourceFiles;
    }

    /// <summary>The fingerprint of this build as it starts; null when go cannot be found (GoValidate reports that).</summary>
    private BuildFingerprint? Take()
    {
        var settings = ReadSettings();
        // A setting that is not allowed fails the build (ValidateGoSettings): such a build is never recorded, nor reused.
        if (settings.Problems.Count > 0) return null;
        var platform = SystemPlatform.Instance;
        var diagnostics = new DiagnosticBag();
        var location = new GoLocator(platform).Locate(settings.GoExecutable, settings.GoRoot, ProjectFile, diagnostics);
        if (location is null || diagnostics.HasErrors) return null;
        var probeKey = SharedGoEnvProbe(settings).CacheKey(location.GoPath, new BuildEnvironment(platform, settings.Environment));

        return BuildFingerprint.Compute(new BuildFingerprint.Inputs
        {
            PackageVersion = PackageInfo.Version,
            // Every setting (the targets' one list, @(_GoSettings)): whatever a skipped target would read.
            Settings = Settings is null ? "" : string.Join("\n", TaskItems.OwnMetadata(Settings).OrderBy(p => p.Key, StringComparer.OrdinalIgnoreCase)
                .Select(p => p.Key + "=" + p.Value)),
            // Only these: a solution passes its own global properties (CurrentSolutionConfigurationContents lists its projects),
            // so a project built from two solutions, or from one and on its own, would never be reused with all of them.
            GlobalProperties = GlobalProperties().Where(p => PropertyOrigins.VariableFor(p.Key) is not null)
                .ToDictionary(p => p.Key, p => p.Value, StringComparer.OrdinalIgnoreCase),
            Modules = settings.Modules.Select(m => (m.ItemSpec, m.Directory, m.OwnMetadata)).ToList(),
            SourceFiles = SourceFiles.Select(f => f.GetMetadata("FullPath")).ToList(),
            GoPath = location.GoPath,
            OtherGoOnPath = location.OtherGoOnPath,
            ProbeKey = probeKey,
        }, platform);
    }

    private void HandOn(LastBuildRecord record)
    {
        Reused = true;
        Builds = Items(record, RecordLastGoBuild.BuildItemType);
        BindingsFiles = Items(record, RecordLastGoBuild.BindingsItemType);
        ResolvedGoExecutable = record.Property(nameof(ResolvedGoExecutable));
        ResolvedGoRoot = record.Property(nameof(ResolvedGoRoot));
        ResolvedGoVersion = record.Property(nameof(ResolvedGoVersion));
        HostGoOS = record.Property(nameof(HostGoOS));
        HostGoArch = record.Property(nameof(HostGoArch));
    }

    private static ITaskItem[] Items(LastBuildRecord record, string type)
        => record.ItemsOfType(type)
            .Select(i => TaskItems.Create(i.Spec, i.Metadata)).ToArray();
}
