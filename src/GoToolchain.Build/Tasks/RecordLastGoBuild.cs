using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using GoToolchain.Build.Building;
using GoToolchain.Build.Platform;
using Microsoft.Build.Framework;

namespace GoToolchain.Build.Tasks;

/// <summary>
/// After a full GoBuild and the bindings, when no task of the package warned: saves the fingerprint ReuseLastGoBuild took
/// at the start with what the build hands on, so the next build can reuse it. Not recorded: a build whose C# files, as the
/// bindings saw them, include a file with DllImport/LibraryImport that the fingerprint did not cover (added by a target
/// that ran after GoBuild, so the next build could not tell it changed).
/// </summary>
public class RecordLastGoBuild : GoTaskBase
{
    internal const string BuildItemType = "build";
    internal const string BindingsItemType = "bindings";

    /// <summary>Metadata of the builds not written to obj/: they can hold secrets, and nothing after GoBuild reads them.</summary>
    private static readonly HashSet<string> UnrecordedMetadata = new(StringComparer.OrdinalIgnoreCase) { "Environment", "LdFlags" };

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
        if (BuildFingerprint.Parse(Fingerprint) is not { } fingerprint) return;
        if (LateDeclarationFile() is { } late)
        {
            Log.LogMessage(MessageImportance.Low, "Not recorded for reuse: '{0}' joined Compile after GoBuild and declares native imports.", late);
            return;
        }
        var platform = SystemPlatform.Instance;
        var outputs = new List<KeyValuePair<string, string>>();
        void Output(string path)
        {
            if (path.Length > 0 && outputs.All(o => o.Key != path)) outputs.Add(new KeyValuePair<string, string>(path, LastBuildRecord.StampOf(platform, path)));
        }
        var items = new List<RecordedItem>();
        foreach (var build in Builds)
        {
            var metadata = TaskItems.OwnMetadata(build).Where(p => !UnrecordedMetadata.Contains(p.Key))
                .ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
            items.Add(new RecordedItem(BuildItemType, build.ItemSpec, metadata));
            Output(build.GetMetadata("OutputPath"));
            Output(build.GetMetadata("HeaderPath"));
        }
        foreach (var file in BindingsFiles)
        {
            items.Add(new RecordedItem(BindingsItemType, file.ItemSpec, new Dictionary<string, string>()));
            Output(file.GetMetadata("FullPath"));
        }
        var properties = new List<KeyValuePair<string, string>>
        {
            new(nameof(ResolvedGoExecutable), ResolvedGoExecutable ?? ""),
            new(nameof(ResolvedGoRoot), ResolvedGoRoot ?? ""),
            new(nameof(ResolvedGoVersion), ResolvedGoVersion ?? ""),
            new(nameof(HostGoOS), HostGoOS ?? ""),
            new(nameof(HostGoArch), HostGoArch ?? ""),
        };
        try
        {
            new LastBuildRecord(fingerprint, outputs, properties, items).Save(RecordFile);
            Log.LogMessage(MessageImportance.Low, "Recorded this build for reuse by the next one: {0}.", RecordFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.LogMessage(MessageImportance.Low, "Not recorded for reuse: {0}.", e.Message);
        }
    }

    private string? LateDeclarationFile()
    {
        var covered = new HashSet<string>(FingerprintedSourceFiles.Concat(BindingsFiles).Select(f => f.GetMetadata("FullPath")),
            StringComparer.Ordinal);
        foreach (var file in SourceFiles.Select(f => f.GetMetadata("FullPath")).Where(f => !covered.Contains(f)))
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
