using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using GoToolchain.Build.Diagnostics;
using GoToolchain.Build.Execution;

namespace GoToolchain.Build.Building;

/// <summary>
/// Builds each (module, target, mode, settings) once, however many projects or TargetFrameworks use it. Every
/// project still has its own output under its obj/ (MSBuild's incremental check needs it there); the first one to
/// build publishes the result to a machine-wide store keyed by the settings, under a cross-process lock, and the
/// others copy it from there when the module's files are unchanged since (same sizes and timestamps).
/// </summary>
public sealed class SharedModuleBuilds
{
    // Sharing matters within one build; a day keeps the store (a few MB per module and settings) small.
    private static readonly TimeSpan EntryLifetime = TimeSpan.FromDays(1);
    private readonly string _storeRoot;
    private readonly Action<string> _log;

    /// <param name="storeRoot">Where results are shared; <see cref="DefaultStoreRoot"/> in builds.</param>
    public SharedModuleBuilds(string storeRoot, Action<string> log)
    {
        _storeRoot = storeRoot;
        _log = log;
    }

    /// <summary>The store in the user's private state root, or null (with why) when that root must not be trusted.</summary>
    public static string? DefaultStoreRoot(out string? problem) => PrivateStateRoot.Get("builds", out problem);

    /// <param name="settings">Everything besides the files that decides the output (the planner's settings file).</param>
    /// <param name="inputFiles">The module's files.</param>
    /// <param name="build">Runs go build into request.OutputPath; its diagnostics are returned as they are.</param>
    /// <param name="timings">Receives the phases (lock, input stamp, reuse, publish) for the log; optional.</param>
    public IReadOnlyList<Diagnostic> BuildOnce(GoBuildRequest request, string settings, IReadOnlyList<string> inputFiles,
        Func<IReadOnlyList<Diagnostic>> build, CancellationToken cancellation, PhaseTimings? timings = null)
    {
        timings ??= new PhaseTimings();
        var key = Key(request, settings);
        var entry = Path.Combine(_storeRoot, key);
        CrossProcessLock? held;
        try
        {
            held = timings.Measure("lock", () => CrossProcessLock.TryAcquire(entry + ".lock", request.Timeout, cancellation,
                () =>
                    _log($"Waiting for another project of this build that is building '{request.ModuleDirectory}' ({request.Target}) with the " +
                    $"same settings.")));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _log($"Not sharing the build of '{request.ModuleDirectory}' with other projects: the store '{_storeRoot}' is not usable ({e.Message}).");
            return build();
        }
        if (held is null)
        {
            return new[]
            {
                Diagnostic.Error(Codes.SharedBuildLockTimedOut,
                    $"Waited {request.Timeout.TotalSeconds:0} s for another build of '{request.ModuleDirectory}' ({request.Target}) to finish " +
                        $"(lock file '{entry}.lock'). " +
                    "Fix: look for a hung go build of that module in another build; raise GoProcessTimeoutSeconds if it is just slow.",
                    request.DiagnosticFile),
            };
        }

        using (held)
        {
            var stamp = timings.Measure("input stamp", () => InputStamp(inputFiles));
            if (timings.Measure("reuse", () => TryReuse(entry, stamp, request))) return Array.Empty<Diagnostic>();

            var diagnostics = build();
            if (diagnostics.All(d => d.Severity != Severity.Error) && File.Exists(request.OutputPath)
                && timings.Measure("input stamp", () => InputStamp(inputFiles)) == stamp)
            {
                timings.Measure("publish", () => Publish(entry, stamp, request));
            }
            return diagnostics;
        }
    }

    private bool TryReuse(string entry, string stamp, GoBuildRequest request)
    {
        try
        {
            var stampFile = Path.Combine(entry, "inputs.stamp");
            var shared = Path.Combine(entry, Path.GetFileName(request.OutputPath));
            if (!File.Exists(stampFile) || File.ReadAllText(stampFile) != stamp || !File.Exists(shared)) return false;

            var header = HeaderName(request);
            if (header is not null && !File.Exists(Path.Combine(entry, header))) return false;
            CopyIntoPlace(shared, request.OutputPath);
            if (header is not null) CopyIntoPlace(Path.Combine(entry, header), Path.Combine(Path.GetDirectoryName(request.OutputPath)!, header));
            _log($"'{request.ModuleDirectory}' ({request.Target}) was already built with the same settings and files by another project: copied " +
                $"from '{shared}' instead of running go build again.");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _log($"Could not reuse the shared build of '{request.ModuleDirectory}' ({e.Message}); building it.");
            return false;
        }
    }

    private void Publish(string entry, string stamp, GoBuildRequest request)
    {
        try
        {
            var stampFile = Path.Combine(entry, "inputs.stamp");
            Directory.CreateDirectory(entry);
            // The stamp goes last: a half-published entry has none and is never reused.
            if (File.Exists(stampFile)) File.Delete(stampFile);
            File.Copy(request.OutputPath, Path.Combine(entry, Path.GetFileName(request.OutputPath)), overwrite: true);
            var header = HeaderName(request);
            if (header is not null) File.Copy(Path.Combine(Path.GetDirectoryName(request.OutputPath)!, header), Path.Combine(entry, header),
                overwrite: true);
            var temp = stampFile + ".tmp";
            File.WriteAllText(temp, stamp);
            File.Move(temp, stampFile);
            RemoveOldEntries();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _log($"Could not share the build of '{request.ModuleDirectory}' with other projects ({e.Message}); each will build it.");
        }
    }

    /// <summary>Copies through a temporary file and stamps it now, so MSBuild sees an output newer than its inputs.</summary>
    private static void CopyIntoPlace(string source, string destination)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        var temp = destination + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + ".tmp";
        File.Copy(source, temp, overwrite: true);
        File.SetLastWriteTimeUtc(temp, DateTime.UtcNow);
        if (File.Exists(destination)) File.Delete(destination);
        File.Move(temp, destination);
    }

    private void RemoveOldEntries()
    {
        foreach (var stamp in Directory.EnumerateFiles(_storeRoot, "inputs.stamp", SearchOption.AllDirectories))
        {
            if (DateTime.UtcNow - File.GetLastWriteTimeUtc(stamp) < EntryLifetime) continue;
            try { Directory.Delete(Path.GetDirectoryName(stamp)!, recursive: true); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { /* in use or gone: next time */ }
        }
    }

    private static string? HeaderName(GoBuildRequest request)
        => GoBuildModes.HeaderFileName(request.Mode, Path.GetFileName(request.OutputPath));

    private static string Key(GoBuildRequest request, string settings)
    {
        var text = $"v1\n{request.ModuleDirectory}\n{request.Package}\n{Path.GetFileName(request.OutputPath)}\n{settings}";
        return ContentHash.ShortOfText(text);
    }

    /// <summary>Each file's path, size and last write time: what MSBuild's own incremental check looks at.</summary>
    public static string InputStamp(IEnumerable<string> files)
    {
        var sb = new StringBuilder();
        foreach (var file in files.OrderBy(f => f, StringComparer.Ordinal))
        {
            var info = new FileInfo(file);
            sb.Append(file).Append('\t')
              .Append(info.Exists ? info.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) : "missing").Append('\t')
              .Append(info.Exists ? info.LastWriteTimeUtc.Ticks.ToString(System.Globalization.CultureInfo.InvariantCulture) : "").Append('\n');
        }
        return sb.ToString();
    }
}
