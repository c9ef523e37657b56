using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using GoToolchain.Build.Building;
using GoToolchain.Build.Diagnostics;
using GoToolchain.Build.Package;
using GoToolchain.Build.Platform;
using GoToolchain.Build.Settings;
using GoToolchain.Build.Toolchain;

namespace GoToolchain.Build.Steps;

/// <summary>What the no-op check decided: reuse the last build's record, or build in full (recording this build if it may).</summary>
public sealed class ReuseVerdict
{
    /// <summary>The record whose outputs are handed on; null: build in full.</summary>
    public LastBuildRecord? Reused { get; set; }

    /// <summary>When building in full: the fingerprint to record if this build succeeds without a warning (empty: not recordable).</summary>
    public string Fingerprint { get; set; } = "";
}

/// <summary>
/// ReuseLastGoBuild and RecordLastGoBuild's work (docs/design.md, "The no-op build"): when nothing GoBuild depends on changed since
/// the last successful, warning-free build of this project (its <see cref="BuildFingerprint"/>) and its outputs are as that build left
/// them, the last build is reused; otherwise the record is removed and the fingerprint taken now is saved when this build ends well.
/// Starts no process; any doubt means a full build.
/// </summary>
public static class BuildReuse
{
    public const string BuildItemType = "build";
    public const string BindingsItemType = "bindings";

    /// <summary>Metadata of the builds not written to obj/: they can hold secrets, and nothing after GoBuild reads them.</summary>
    private static readonly HashSet<string> UnrecordedMetadata = new(StringComparer.OrdinalIgnoreCase) { "Environment", "LdFlags" };

    /// <param name="settingsText">Every setting, NAME=value per line (@(_GoSettings)).</param>
    /// <param name="globalProperties">The project's global properties whose variables MSBuild also turns into properties.</param>
    public static ReuseVerdict Decide(ProjectSettings settings, string settingsText, string recordFile,
        IReadOnlyDictionary<string, string> globalProperties, IReadOnlyList<string> sourceFiles, GoEnvProbe probe, BuildLog log)
    {
        var started = DateTime.UtcNow;
        BuildFingerprint? fingerprint;
        try
        {
            fingerprint = Take(settings, settingsText, globalProperties, sourceFiles, probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            log(LogImportance.Low, $"Building in full: the last build could not be compared with this one ({e.Message}).");
            LastBuildRecord.Delete(recordFile);
            return new ReuseVerdict();
        }
        if (fingerprint is null)
        {
            LastBuildRecord.Delete(recordFile);
            return new ReuseVerdict();
        }

        var record = LastBuildRecord.TryLoad(recordFile);
        var reason = record is null ? "there is no record of a last build in '" + recordFile + "'"
            : fingerprint.FirstDifference(record.Fingerprint) ?? (record.ChangedOutput(SystemPlatform.Instance) is { } output
                ? $"the output '{output}' changed since the last build" : null);
        if (reason is null)
        {
            log(LogImportance.Low,
                $"Nothing GoBuild depends on changed since the last build of this project ({recordFile}): its Go outputs are used as they are, and " +
                    "the toolchain check, go generate and go build do not run. GoReuseLastBuild=false turns this off.");
            return new ReuseVerdict { Reused = record };
        }

        // From here on the old record must not survive a build that fails or warns.
        LastBuildRecord.Delete(recordFile);
        if (fingerprint.NewestInputUtc > started - Execution.FileStampMemo.SettleTime)
        {
            log(LogImportance.Low, $"Building in full: {reason}; a file was written in the last seconds, so this build is not recorded.");
            return new ReuseVerdict();
        }
        log(LogImportance.Low, $"Building in full: {reason}.");
        return new ReuseVerdict { Fingerprint = fingerprint.Serialize() };
    }

    /// <summary>The fingerprint of this build as it starts; null when go cannot be found (GoValidate reports that) or a setting is not
    /// allowed (ValidateGoSettings fails the build: such a build is never recorded, nor reused).</summary>
    private static BuildFingerprint? Take(ProjectSettings settings, string settingsText, IReadOnlyDictionary<string, string> globalProperties,
        IReadOnlyList<string> sourceFiles, GoEnvProbe probe)
    {
        if (settings.Problems.Count > 0) return null;
        var platform = SystemPlatform.Instance;
        var diagnostics = new DiagnosticBag();
        var location = new GoLocator(platform).Locate(settings.GoExecutable, settings.GoRoot, settings.ProjectFile, diagnostics);
        if (location is null || diagnostics.HasErrors) return null;
        return BuildFingerprint.Compute(new BuildFingerprint.Inputs
        {
            PackageVersion = PackageInfo.Version,
            Settings = settingsText,
            // Only these: a solution passes its own global properties (CurrentSolutionConfigurationContents lists its projects),
            // so a project built from two solutions, or from one and on its own, would never be reused with all of them.
            GlobalProperties = globalProperties.Where(p => PropertyOrigins.VariableFor(p.Key) is not null)
                .ToDictionary(p => p.Key, p => p.Value, StringComparer.OrdinalIgnoreCase),
            Modules = settings.Modules.Select(m => (m.ItemSpec, m.Directory, m.OwnMetadata)).ToList(),
            SourceFiles = sourceFiles,
            GoPath = location.GoPath,
            OtherGoOnPath = location.OtherGoOnPath,
            ProbeKey = probe.CacheKey(location.GoPath, new BuildEnvironment(platform, settings.Environment)),
        }, platform);
    }

    /// <summary>
    /// After a full GoBuild and the bindings, when no task warned: saves the fingerprint with what the build hands on. Not recorded:
    /// a build whose C# files, as the bindings saw them, include a file with DllImport/LibraryImport that the fingerprint did not
    /// cover (added by a target that ran after GoBuild, so the next build could not tell it changed).
    /// </summary>
    /// <param name="builds">Each build's item spec and own metadata (OutputPath, HeaderPath…).</param>
    /// <param name="bindingsFiles">The generated bindings: item spec and full path.</param>
    public static void Record(string recordFile, string fingerprintText, IReadOnlyList<string> fingerprintedSourceFiles,
        IReadOnlyList<string> sourceFiles, IReadOnlyList<(string Spec, IReadOnlyDictionary<string, string> Metadata)> builds,
        IReadOnlyList<(string Spec, string FullPath)> bindingsFiles, IReadOnlyList<KeyValuePair<string, string>> properties, BuildLog log)
    {
        if (BuildFingerprint.Parse(fingerprintText) is not { } fingerprint) return;
        if (LateDeclarationFile(fingerprintedSourceFiles.Concat(bindingsFiles.Select(b => b.FullPath)), sourceFiles) is { } late)
        {
            log(LogImportance.Low, $"Not recorded for reuse: '{late}' joined Compile after GoBuild and declares native imports.");
            return;
        }
        var platform = SystemPlatform.Instance;
        var outputs = new List<KeyValuePair<string, string>>();
        void Output(string path)
        {
            if (path.Length > 0 && outputs.All(o => o.Key != path)) outputs.Add(new KeyValuePair<string, string>(path, LastBuildRecord.StampOf(platform, path)));
        }
        var items = new List<RecordedItem>();
        foreach (var (spec, metadata) in builds)
        {
            items.Add(new RecordedItem(BuildItemType, spec,
                metadata.Where(p => !UnrecordedMetadata.Contains(p.Key)).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal)));
            Output(metadata.TryGetValue("OutputPath", out var output) ? output : "");
            Output(metadata.TryGetValue("HeaderPath", out var header) ? header : "");
        }
        foreach (var (spec, fullPath) in bindingsFiles)
        {
            items.Add(new RecordedItem(BindingsItemType, spec, new Dictionary<string, string>()));
            Output(fullPath);
        }
        try
        {
            new LastBuildRecord(fingerprint, outputs, properties, items).Save(recordFile);
            log(LogImportance.Low, $"Recorded this build for reuse by the next one: {recordFile}.");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            log(LogImportance.Low, $"Not recorded for reuse: {e.Message}.");
        }
    }

    private static string? LateDeclarationFile(IEnumerable<string> coveredFiles, IEnumerable<string> sourceFiles)
    {
        var covered = new HashSet<string>(coveredFiles, StringComparer.Ordinal);
        foreach (var file in sourceFiles.Where(f => !covered.Contains(f)))
        {
            try
            {
                if (File.Exists(file) && Bindings.HandWrittenDeclarationCheck.MayDeclare(File.ReadAllText(file))) return file;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return file;
            }
        }
        return null;
    }
}
