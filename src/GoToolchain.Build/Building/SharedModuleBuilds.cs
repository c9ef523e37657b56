using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using GoToolchain.Build.Diagnostics;
using GoToolchain.Build.Execution;

namespace GoToolchain.Build.Building;

/// <summary>
/// Builds each (module, target, mode, settings) once per build, however many projects or TargetFrameworks use it. Every
/// project still has its own output under its obj/ (MSBuild's incremental check needs it there); the first one to
/// build publishes the result to a per-user store keyed by the settings, under a cross-process lock, and the others copy it
/// from there when the module's files are unchanged since (same sizes and timestamps) and it was published during their own
/// build session (after it began: every node of a `-m` build began its session before the others publish, or it waited for
/// them on the lock). A later build (dotnet clean, Rebuild, the next dotnet build) began after every entry was published and
/// never reuses one: it runs go build. What stays in the store is bounded by <see cref="StoreLimits"/>.
/// </summary>
public sealed class SharedModuleBuilds
{
    private readonly string _storeRoot;
    private readonly Action<string> _log;
    private readonly StoreLimits _limits;

    /// <param name="storeRoot">Where results are shared; <see cref="DefaultStoreRoot"/> in builds.</param>
    /// <param name="limits">The session whose entries may be reused, and how much of older sessions may stay; default: a session of its own.</param>
    public SharedModuleBuilds(string storeRoot, Action<string> log, StoreLimits? limits = null)
    {
        _storeRoot = storeRoot;
        _log = log;
        _limits = limits ?? new StoreLimits();
    }

    /// <summary>The store in the user's private state root, or null (with why) when that root must not be trusted.</summary>
    public static string? DefaultStoreRoot(out string? problem) => PrivateStateRoot.Get("builds", out problem);

    /// <param name="settings">Everything besides the files that decides the output (the planner's settings file).</param>
    /// <param name="inputFiles">The module's files.</param>
    /// <param name="build">Runs go build into request.OutputPath; its diagnostics are returned as they are.</param>
    /// <param name="timings">Receives the phases (lock, input stamp, reuse, publish) for the log; optional.</param>
    /// <param name="beforeWait">Called before waiting for another build's lock (the task yields its node there); optional.</param>
    public IReadOnlyList<Diagnostic> BuildOnce(GoBuildRequest request, string settings, IReadOnlyList<string> inputFiles,
        Func<IReadOnlyList<Diagnostic>> build, CancellationToken cancellation, PhaseTimings? timings = null, Action? beforeWait = null)
    {
        timings ??= new PhaseTimings();
        var key = Key(request, settings);
        var entry = Path.Combine(_storeRoot, key);
        CrossProcessLock? held;
        try
        {
            held = timings.Measure("lock", () => CrossProcessLock.TryAcquire(entry + ".lock", request.Timeout, cancellation,
                () =>
                {
                    _log($"Waiting for another project of this build that is building '{request.ModuleDirectory}' ({request.Target}) with the " +
                        $"same settings.");
                    beforeWait?.Invoke();
                }));
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
            // The stamp of the module's files costs a stat per file (tens of ms on a few thousand files, more under load). It
            // is taken before go build, to reuse an entry and to see files change while go runs, except when the entry is this
            // very output, which MSBuild has just found out of date (one project's edit-and-build loop): then only after.
            string? before = null;
            if (!timings.Measure("reuse check", () => IsThisOutput(entry, request)))
            {
                before = timings.Measure("input stamp", () => InputStamp(inputFiles));
                if (timings.Measure("reuse", () => TryReuse(entry, before, request))) return Array.Empty<Diagnostic>();
            }

            var buildStarted = DateTime.UtcNow;
            var diagnostics = build();
            if (diagnostics.Any(d => d.Severity == Severity.Error) || !File.Exists(request.OutputPath)) return diagnostics;
            var after = timings.Measure("input stamp after build", () => InputStamp(inputFiles, out var latest) is var text
                && (before is not null ? text == before : latest < buildStarted - ClockGranularity) ? text : null);
            if (after is not null) timings.Measure("publish", () => Publish(entry, after, request));
            else _log($"Not sharing the build of '{request.ModuleDirectory}' with other projects: its files changed while go build ran.");
            return diagnostics;
        }
    }

    /// <summary>Without a stamp from before go build, a file written since go build started means the output may not match
    /// the files. File times come from a clock that can lag a tick (10-16 ms) behind the task's: this margin covers it.
    /// A file system that keeps whole seconds can hide a write in the first second; MSBuild's own check has the same blind spot.</summary>
    private static readonly TimeSpan ClockGranularity = TimeSpan.FromMilliseconds(50);

    /// <summary>Minimum time between two sweeps of the store for old entries.</summary>
    private static readonly TimeSpan TidyInterval = TimeSpan.FromMinutes(5);

    /// <summary>True when <paramref name="entry"/> was published from this project's output file as it still is (same size and
    /// time): the output MSBuild is rebuilding, so reusing it cannot help.</summary>
    private static bool IsThisOutput(string entry, GoBuildRequest request)
    {
        try
        {
            var publisher = Path.Combine(entry, "published-from");
            return File.Exists(Path.Combine(entry, "inputs.stamp")) && File.Exists(publisher)
                && File.ReadAllText(publisher) == Publisher(request.OutputPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Which output file an entry was published from, as it was then.</summary>
    private static string Publisher(string outputPath)
    {
        var info = new FileInfo(outputPath);
        return info.Exists
            ? $"{outputPath}\t{info.Length.ToString(CultureInfo.InvariantCulture)}\t{info.LastWriteTimeUtc.Ticks.ToString(CultureInfo.InvariantCulture)}"
            : "";
    }

    private bool TryReuse(string entry, string stamp, GoBuildRequest request)
    {
        try
        {
            var stampFile = Path.Combine(entry, "inputs.stamp");
            var shared = Path.Combine(entry, Path.GetFileName(request.OutputPath));
            if (!File.Exists(stampFile) || File.GetLastWriteTimeUtc(stampFile) < _limits.SessionStarted || File.ReadAllText(stampFile) != stamp
                || !File.Exists(shared)) return false;

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
            File.WriteAllText(Path.Combine(entry, "published-from"), Publisher(request.OutputPath));
            var temp = stampFile + ".tmp";
            File.WriteAllText(temp, stamp);
            File.Move(temp, stampFile);
            _limits.Published?.Invoke(entry);
            Tidy(_storeRoot, _limits, force: false);
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

    /// <summary>
    /// Deletes the entries older than <see cref="StoreLimits.MaxAge"/>, then the oldest until the store holds at most
    /// <see cref="StoreLimits.MaxBytes"/>; at most once every few minutes (a marker's time says when) unless forced, since it walks
    /// the store. An entry in use by another build is skipped (it is deleted next time).
    /// </summary>
    public static void Tidy(string storeRoot, StoreLimits limits, bool force)
    {
        try
        {
            if (!Directory.Exists(storeRoot)) return;
            var marker = Path.Combine(storeRoot, "last-tidy");
            if (!force && File.Exists(marker) && DateTime.UtcNow - File.GetLastWriteTimeUtc(marker) < TidyInterval) return;
            File.WriteAllText(marker, "");
            var entries = Directory.EnumerateDirectories(storeRoot)
                .Select(d => new DirectoryInfo(d))
                .Select(d => (Directory: d, Written: Written(d), Bytes: d.EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length)))
                .OrderBy(e => e.Written)
                .ToList();
            var total = entries.Sum(e => e.Bytes);
            foreach (var entry in entries)
            {
                if (DateTime.UtcNow - entry.Written < limits.MaxAge && total <= limits.MaxBytes) continue;
                if (TryDeleteEntry(entry.Directory.FullName)) total -= entry.Bytes;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Tidying is best effort: the next publish tries again.
        }
    }

    /// <summary>When an entry was published: its stamp's time (the folder's for a half-published one).</summary>
    private static DateTime Written(DirectoryInfo entry)
    {
        var stamp = new FileInfo(Path.Combine(entry.FullName, "inputs.stamp"));
        return stamp.Exists ? stamp.LastWriteTimeUtc : entry.LastWriteTimeUtc;
    }

    /// <summary>Deletes one entry (its folder and lock file); false when it is in use or cannot be deleted now.</summary>
    public static bool TryDeleteEntry(string entry)
    {
        try
        {
            if (Directory.Exists(entry)) Directory.Delete(entry, recursive: true);
            if (File.Exists(entry + ".lock")) File.Delete(entry + ".lock");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
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
    public static string InputStamp(IEnumerable<string> files) => InputStamp(files, out _);

    /// <param name="latestWrite">The latest last write time among the files (MinValue when none exists).</param>
    public static string InputStamp(IEnumerable<string> files, out DateTime latestWrite)
    {
        latestWrite = DateTime.MinValue;
        var sb = new StringBuilder();
        foreach (var file in files.OrderBy(f => f, StringComparer.Ordinal))
        {
            var info = new FileInfo(file);
            sb.Append(file).Append('\t');
            if (!info.Exists)
            {
                sb.Append("missing\t\n");
                continue;
            }
            var written = info.LastWriteTimeUtc;
            if (written > latestWrite) latestWrite = written;
            sb.Append(info.Length.ToString(CultureInfo.InvariantCulture)).Append('\t').Append(written.Ticks.ToString(CultureInfo.InvariantCulture))
              .Append('\n');
        }
        return sb.ToString();
    }
}

/// <summary>What the shared build store keeps: entries published during this build session are reused, older ones only take room, up to these bounds
/// (GoBuildStoreMaxAgeHours, GoBuildStoreMaxMegabytes; docs/design.md "Once per build across projects").</summary>
public sealed class StoreLimits
{
    public const int DefaultMaxAgeHours = 4;
    public const int DefaultMaxMegabytes = 256;

    /// <summary>When this build session began: only entries published since are reused.</summary>
    public DateTime SessionStarted { get; set; } = DateTime.UtcNow;
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromHours(DefaultMaxAgeHours);
    public long MaxBytes { get; set; } = DefaultMaxMegabytes * 1024L * 1024L;

    /// <summary>Receives each entry this session published (the session deletes them when the build ends).</summary>
    public Action<string>? Published { get; set; }
}
