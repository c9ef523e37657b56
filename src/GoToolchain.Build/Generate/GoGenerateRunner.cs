using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using GoToolchain.Build.Building;
using GoToolchain.Build.Diagnostics;
using GoToolchain.Build.Execution;
using GoToolchain.Build.Platform;
using GoToolchain.Build.Toolchain;
using GoToolchain.Build.Package;
using GoToolchain.Build.Versions;

namespace GoToolchain.Build.Generate;

/// <summary>
/// go generate for one module, as the build needs it: one at a time per module across processes (CrossProcessLock),
/// skipped when nothing changed since the last successful run (GenerateStamp, shared by every project using the
/// module), guarded against go &lt;= 1.21's silent successes (go list first), every failure at its .go file and
/// line (GenerateOutput), unchanged outputs keeping their time (Run), and the tree put back exactly (Verify).
/// </summary>
public sealed class GoGenerateRunner
{
    private static readonly GoVersion FirstWithSkip = GoVersion.Parse("1.20");
    private static readonly GoVersion FirstReportingMissingPackages = GoVersion.Parse("1.22");
    /// <summary>
    /// Where go keeps caches: they never change what a generator writes, and ValidateGoroot's fallback puts them
    /// under each project's obj/ (no HOME), which would make projects sharing a module disagree about the stamp.
    /// </summary>
    private static readonly HashSet<string> CacheVariables = new(StringComparer.Ordinal) { "GOCACHE", "GOMODCACHE", "GOTMPDIR" };

    private readonly Action<string> _log;

    /// <param name="log">Receives progress, the command lines and every line go and the generators print.</param>
    /// <param name="beforeBlocking">Called once, just before the first wait for the module lock or the first go process
    /// (the task yields its node there); never on an up-to-date module whose lock was free, so a no-op build does not
    /// give its node away and wait to get it back.</param>
    public GoGenerateRunner(Action<string> log, Action? beforeBlocking = null)
    {
        _log = log;
        _beforeBlocking = beforeBlocking;
    }

    private readonly Action? _beforeBlocking;
    private bool _blocked;

    private void BeforeBlocking()
    {
        if (_blocked) return;
        _blocked = true;
        _beforeBlocking?.Invoke();
    }

    /// <summary>What the run did, for tests and the log.</summary>
    public GenerateOutcome LastOutcome { get; private set; } = GenerateOutcome.NotRun;

    public static string StateDirectoryFor(string stateRoot, string moduleDirectory)
    {
        var full = Path.GetFullPath(moduleDirectory).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
        var name = new string(Path.GetFileName(full).Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' ? c : '_').Take(32).ToArray());
        return Path.Combine(stateRoot, name + "-" + ContentHash.OfText(full).Substring(0, 16));
    }

    public IReadOnlyList<Diagnostic> Generate(GenerateRequest request, CancellationToken cancellation)
    {
        var diagnostics = new List<Diagnostic>();
        LastOutcome = GenerateOutcome.NotRun;
        if (request.Mode == GenerateMode.Off) return diagnostics;

        if (CheckFlags(request) is { } unsupported)
        {
            diagnostics.Add(unsupported);
            return diagnostics;
        }

        var lockFile = Path.Combine(request.StateDirectory, "lock");
        using var moduleLock = CrossProcessLock.TryAcquire(lockFile, request.LockTimeout, cancellation,
            () =>
            {
                BeforeBlocking();
                _log($"go generate: waiting for another build that is generating '{request.ModuleDirectory}' (lock {lockFile})");
            });
        if (moduleLock is null)
        {
            diagnostics.Add(Diagnostic.Error(Codes.GenerateLockTimeout,
                $"go generate of '{request.ModuleDirectory}' waited {request.LockTimeout.TotalSeconds:0} s for another build that holds the " +
                    $"module's generate lock '{lockFile}'. " +
                "Fix: let the other build (another project or TargetFramework in this build, or another dotnet build) finish, or stop it; the " +
                    "lock is released when its process ends. " +
                "Raise GoProcessTimeoutSeconds if its generators are just slow.",
                request.GoModPath));
            return diagnostics;
        }

        var backupDirectory = Path.Combine(request.StateDirectory, "verify-backup");
        int recovered;
        try
        {
            recovered = TreeSnapshot.RecoverInterrupted(request.ModuleDirectory, backupDirectory);
        }
        catch (EntryOutsideRootException e)
        {
            recovered = -1;
            diagnostics.Add(Diagnostic.Warning(Codes.StateEntryOutsideRoot,
                $"Not restoring '{request.ModuleDirectory}' from an interrupted Verify: {e.Message}. GoToolchain.Build never writes such a " +
                    $"backup, so it was deleted unused. " +
                "Fix: nothing in the module was touched; find out who can write to that state folder.",
                request.GoModPath));
        }
        if (recovered >= 0)
        {
            diagnostics.Add(Diagnostic.Warning(Codes.GenerateTreeRecovered,
                $"An earlier Verify-mode go generate of '{request.ModuleDirectory}' was interrupted before it could put the tree back; " +
                    $"{recovered} file(s) were restored now from '{backupDirectory}'. " +
                "Nothing to fix; check the module's files if you edited them while that build was running.",
                request.GoModPath));
        }

        // One stamp per scope: projects that build the module for different targets, tags or Packages keep their own.
        var stampFile = Path.Combine(request.StateDirectory, "stamp-" + request.Mode.ToString().ToLowerInvariant() + "-"
            + ContentHash.OfText(ScopeKey(request)).Substring(0, 12));
        var settingsHash = ContentHash.OfText(Settings(request));
        var stamp = GenerateStamp.TryLoad(stampFile);
        var inputs = ModuleFiles.Inputs(request.ModuleDirectory, stamp?.ByPath);
        var record = request.ProjectRecordDirectory is null ? null : Path.Combine(request.ProjectRecordDirectory, Path.GetFileName(stampFile));
        if (stamp is not null && stamp.Matches(settingsHash, inputs) && (record is null || File.Exists(record)
            || Writer(stampFile) is { } writer && writer != record))
        {
            WriteRecord(record);
            _log($"go generate of '{request.ModuleDirectory}' skipped: its {inputs.Count} input file(s), toolchain and settings are unchanged " +
                $"since the last successful run ({request.Mode}).");
            LastOutcome = GenerateOutcome.UpToDate;
            return diagnostics;
        }
        if (stamp is not null && record is not null && !File.Exists(record))
            _log($"go generate of '{request.ModuleDirectory}' runs: this project has no record of it under obj/ (dotnet clean, Rebuild) and the stamp is its own.");
        // From here on a failure, a crash or a cancellation must mean "run again next time".
        GenerateStamp.Delete(stampFile);

        IReadOnlyList<string> packages;
        if (request.Scope.Patterns is { } patterns)
        {
            packages = patterns;
            if (request.GoVersion < FirstReportingMissingPackages)
            {
                diagnostics.AddRange(CheckPackages(request, patterns, cancellation));
                if (diagnostics.Any(d => d.Severity == Severity.Error) || cancellation.IsCancellationRequested) return diagnostics;
            }
        }
        else
        {
            // Exact and one process, and only here, when generation must run: go list selects what go build compiles.
            var listed = BuildPackages(request, diagnostics, cancellation);
            if (listed is null) return diagnostics;
            packages = listed;
        }

        TreeSnapshot? snapshot = null;
        var failed = true;
        try
        {
            if (request.Mode == GenerateMode.Verify)
            {
                snapshot = TreeSnapshot.Take(request.ModuleDirectory, backupDirectory);
                _log($"go generate (Verify): saved {snapshot.FileCount} file(s) of '{request.ModuleDirectory}' to '{backupDirectory}'; they are " +
                    $"put back after the check.");
            }

            var runDiagnostics = RunGoGenerate(request, packages, cancellation);
            diagnostics.AddRange(runDiagnostics);
            failed = runDiagnostics.Any(d => d.Severity == Severity.Error) || cancellation.IsCancellationRequested;

            if (snapshot is not null && !cancellation.IsCancellationRequested)
            {
                var changes = snapshot.Compare();
                diagnostics.AddRange(changes.Select(c => Describe(request, packages, c, failed)));
                failed |= changes.Count > 0;
            }
        }
        finally
        {
            if (snapshot is not null)
            {
                var restored = snapshot.Restore();
                if (restored > 0) _log($"go generate (Verify): put {restored} file(s) of '{request.ModuleDirectory}' back as they were.");
            }
            else
            {
                KeepTimesOfUnchangedFiles(request.ModuleDirectory, inputs);
            }
        }

        if (failed) return diagnostics;
        var after = request.Mode == GenerateMode.Verify ? inputs : ModuleFiles.Inputs(request.ModuleDirectory, inputs.ToDictionary(i =>
            i.RelativePath, StringComparer.Ordinal));
        new GenerateStamp(settingsHash, after).Save(stampFile);
        WriteRecord(record);
        WriteWriter(stampFile, record);
        LastOutcome = GenerateOutcome.Ran;
        return diagnostics;
    }

    /// <summary>GOTB401 when -skip is asked of a toolchain that has no such flag (go 1.19; it arrived in 1.20).</summary>
    public static Diagnostic? CheckFlags(GenerateRequest request)
    {
        if (string.IsNullOrEmpty(request.SkipPattern) || request.GoVersion >= FirstWithSkip) return null;
        return Diagnostic.Error(Codes.GenerateSkipUnsupported,
            $"GoGenerateSkip is '{request.SkipPattern}', but go generate of go{request.GoVersion} ('{request.GoExecutable}') has no -skip flag " +
                $"(it arrived in go 1.20). " +
            "Fix: use Go 1.20 or later (GoRoot / GoExecutable), or remove GoGenerateSkip and select directives with GoGenerateRun.",
            request.ProjectFile);
    }

    /// <summary>Everything besides the files that changes what go generate produces.</summary>
    private static string Settings(GenerateRequest request)
    {
        var sb = new StringBuilder();
        sb.Append("go=").Append(request.GoExecutable).Append('\n');
        try
        {
            var info = new FileInfo(request.GoExecutable);
            if (info.Exists) sb.Append("go-file=").Append(info.Length).Append('@').Append(info.LastWriteTimeUtc.Ticks).Append('\n');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException) { }
        sb.Append("version=").Append(request.GoVersion).Append('\n');
        sb.Append("package=").Append(PackageInfo.Version).Append('\n');
        sb.Append("mode=").Append(request.Mode).Append('\n');
        sb.Append("run=").Append(request.RunPattern).Append('\n');
        sb.Append("skip=").Append(request.SkipPattern).Append('\n');
        sb.Append(ScopeKey(request));
        foreach (var pair in request.InheritedEnvironment.OrderBy(p => p.Key,
            StringComparer.Ordinal)) sb.Append("inherited:").Append(pair.Key).Append('=').Append(pair.Value).Append('\n');
        foreach (var pair in request.Environment.Where(p => !CacheVariables.Contains(p.Key)).OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            sb.Append("env:").Append(pair.Key).Append('=').Append(pair.Value).Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>What decides which packages run: the target (GOOS/GOARCH/CGO_ENABLED are in the environment), Package, tags, scope.</summary>
    private static string ScopeKey(GenerateRequest request)
    {
        request.Environment.TryGetValue("GOOS", out var goos);
        request.Environment.TryGetValue("GOARCH", out var goarch);
        request.Environment.TryGetValue("GOARM", out var goarm);
        request.Environment.TryGetValue("CGO_ENABLED", out var cgo);
        return $"scope={(request.Scope.Patterns is { } p ? string.Join(";", p) : "build")}\n" +
            $"package={request.Package}\ntags={request.Tags}\ntarget={goos}/{goarch}/{goarm}/cgo={cgo}\n";
    }

    /// <summary>Which project's record the stamp was written with (a file beside it); null when unknown.</summary>
    private static string? Writer(string stampFile)
    {
        try { return File.Exists(stampFile + ".writer") ? File.ReadAllText(stampFile + ".writer") : null; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
    }

    private static void WriteWriter(string stampFile, string? record)
    {
        try
        {
            if (record is null) File.Delete(stampFile + ".writer");
            else File.WriteAllText(stampFile + ".writer", record);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { /* unknown writer: the stamp alone decides */ }
    }

    /// <summary>The project's record that go generate is current for it (deleted with obj/ by dotnet clean).</summary>
    private static void WriteRecord(string? record)
    {
        if (record is null) return;
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(record)!);
            File.WriteAllText(record, "");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { /* go generate runs again next build: slower, same result */ }
    }

    /// <summary>
    /// The module's own packages that go build compiles from Package for the target (go list -deps, with the same
    /// environment, tags and build constraints as go generate and go build). Null after an error. A Package go
    /// cannot load is GOTB406 on every version: go generate would have nothing of the build's to run.
    /// </summary>
    public IReadOnlyList<string>? BuildPackages(GenerateRequest request, List<Diagnostic> diagnostics, CancellationToken cancellation)
    {
        // One line per package of the build: kept out of the log, which gets the resulting scope instead.
        var result = GoList(request, GenerateScope.ListArguments(request.Package, request.Tags),
            $"go list -deps {request.Package} (which packages go generate runs in)",
            logOutput: false, diagnostics, cancellation);
        if (result is null) return null;
        var listing = GenerateScope.Read(request.ModuleDirectory, result.StandardOutput);
        if (!result.Succeeded || listing.RootProblems.Count > 0 || listing.Packages.Count == 0)
        {
            var what = listing.RootProblems.Count > 0 ? string.Join(" | ", listing.RootProblems)
                : string.Join(" | ", result.StandardError.Where(l => l.Trim().Length >
                    0).Take(10).DefaultIfEmpty($"no package of this module (exit code {result.ExitCode})"));
            diagnostics.Add(Diagnostic.Error(Codes.GeneratePackagesMissing,
                $"go generate of '{request.ModuleDirectory}' runs in {request.Scope.Describe(request.Package)} for {request.Target}, but go list " +
                    $"-deps cannot load that package: {what}. " +
                "Fix: set the GoModule's Package to the main package's folder relative to the module root (e.g. ./cmd/tool), and its Tags if the " +
                    "files need them; " +
                "if a go.work is above the module, list it there (go work use <dir>) or set GOWORK=off in the module's Environment; or set the " +
                    "module's Generate metadata to Off.",
                request.GoModPath));
            return null;
        }
        _log($"go generate scope of '{request.ModuleDirectory}' for {request.Target}: {listing.Packages.Count} package(s) the build compiles: " +
            $"{string.Join(" ", listing.Packages)} (GeneratePackages=./... runs the whole module).");
        return listing.Packages;
    }

    /// <summary>
    /// go &lt;= 1.21 generate does nothing and exits 0 when the pattern finds no package, or when go.work leaves
    /// the module out. go list -e names those cases; go 1.22 and later fail by themselves.
    /// </summary>
    private IReadOnlyList<Diagnostic> CheckPackages(GenerateRequest request, IReadOnlyList<string> patterns, CancellationToken cancellation)
    {
        var arguments = new List<string> { "list", "-e" };
        if (!string.IsNullOrWhiteSpace(request.Tags)) arguments.Add("-tags=" + request.Tags!.Trim());
        arguments.AddRange(new[] { "-f", "{{.Dir}}\t{{if .Error}}{{.Error}}{{end}}" });
        arguments.AddRange(patterns);
        var diagnostics = new List<Diagnostic>();
        var result = GoList(request, arguments, $"go list {string.Join(" ", patterns)} (the package check before go generate)", logOutput: true,
            diagnostics, cancellation);
        if (result is null) return diagnostics;
        var problems = result.StandardOutput
            .Select(l => l.Split(new[] { '\t' }, 2))
            .Where(p => p.Length == 2 && p[1].Trim().Length > 0)
            .Select(p => (p[0].Length > 0 ? p[0] + ": " : "") + p[1].Trim().Replace("\n", " "))
            .ToList();
        var noPackages = result.StandardError.Any(l => l.Contains(GenerateOutput.MatchedNoPackages))
                         || result.Succeeded && result.StandardOutput.All(l => l.Trim().Length == 0);
        // Only errors that stop go generate from seeing a package count: a package with a compile error or a
        // missing import still has its directives run, so those are left to go build.
        var blocking = problems.Where(p => p.Contains("pattern ") || p.Contains("does not contain")
            || p.Contains("not one of the workspace modules") || p.Contains("directory not found")).ToList();
        if (noPackages || blocking.Count > 0 || !result.Succeeded)
        {
            var what = blocking.Count > 0 ? string.Join(" | ", blocking)
                : noPackages ? $"\"{string.Join(" ", patterns)}\" matched no packages"
                : string.Join(" | ", result.StandardError.Where(l => l.Trim().Length > 0).Take(10));
            diagnostics.Add(Diagnostic.Error(Codes.GeneratePackagesMissing,
                $"{request.CommandForMessages(patterns)} in '{request.ModuleDirectory}' would run no //go:generate directive, and " +
                    $"{"go" + request.GoVersion} would still report success " +
                $"(go 1.21 and older do not fail here): go list says {what}. " + (noPackages ? CgoOffBecauseNoCompiler(request) : "") +
                "Fix: point the GoModule at the folder whose go.mod owns the packages, and GeneratePackages at packages of that module; if a " +
                    "go.work is above it, list the module there (go work use <dir>) or set GOWORK=off in the module's Environment; " +
                "or set the module's Generate metadata to Off.",
                request.GoModPath));
        }
        return diagnostics;
    }

    /// <summary>
    /// Without a C compiler on PATH go turns cgo off by itself (go 1.20+), which leaves out every file that imports "C":
    /// a c-shared module then has no package at all. Says so, instead of only "matched no packages".
    /// </summary>
    private static string CgoOffBecauseNoCompiler(GenerateRequest request)
    {
        string? Get(string name) => request.Environment.TryGetValue(name, out var v) ? v : System.Environment.GetEnvironmentVariable(name);
        if (Get("CGO_ENABLED") == "1") return "";
        var compiler = (Get("CC") ?? "").Trim().Split(' ')[0];
        if (compiler.Length == 0) compiler = "gcc";
        if (new GoLocator(SystemPlatform.Instance).LookPath(compiler, Get("PATH")) is not null) return "";
        var cgoFile = ModuleFiles.SnapshotScope(request.ModuleDirectory).Files
            .Where(f => f.EndsWith(".go", StringComparison.Ordinal))
            .FirstOrDefault(f => { try { return File.ReadAllText(Path.Combine(request.ModuleDirectory,
                f)).Contains("import \"C\""); } catch (IOException) { return false; } });
        return cgoFile is null ? ""
            : $"cgo is off because no C compiler ('{compiler}') is on PATH, so go leaves out the files that import \"C\" ('{cgoFile}' among them). " +
              "Fix: install a C compiler (Debian/Ubuntu: apt-get install gcc) or set CC to one that is on PATH. ";
    }


    /// <summary>A go list before go generate, from the module root; null (the problem in diagnostics) when it could not
    /// start, hung, was cancelled, or failed because go would have to download a toolchain.</summary>
    private ProcessResult? GoList(GenerateRequest request, IReadOnlyList<string> arguments, string what, bool logOutput,
        List<Diagnostic> diagnostics, CancellationToken cancellation)
    {
        var spec = new ProcessSpec(request.GoExecutable, arguments, request.Timeout, request.ModuleDirectory, request.Environment);
        _log($"{request.ModuleDirectory}> {spec.CommandLineForLog}");
        BeforeBlocking();
        var result = ProcessRunner.Run(spec, cancellation, logOutput ? _log : _ => { }, _log);
        if (result.Cancelled) return null;
        if (result.StartError is not null || result.TimedOut)
        {
            diagnostics.Add(ProcessProblem(request, result, what));
            return null;
        }
        if (!result.Succeeded && GoBuildOutput.ToolchainDownloadFailure($"{what} of '{request.ModuleDirectory}'", result.StandardError,
                request.Environment.TryGetValue("GOTOOLCHAIN", out var mode) && mode is not null ? mode : "(unset)",
                    request.GoModPath) is { } download)
        {
            diagnostics.Add(download);
            return null;
        }
        return result;
    }

    private IReadOnlyList<Diagnostic> RunGoGenerate(GenerateRequest request, IReadOnlyList<string> packages, CancellationToken cancellation)
    {
        var spec = new ProcessSpec(request.GoExecutable, request.Arguments(packages), request.Timeout, request.ModuleDirectory, request.Environment)
        {
            TranscriptPath = Path.Combine(request.StateDirectory, "go-generate-output.txt"),
        };
        _log($"{request.ModuleDirectory}> {spec.CommandLineForLog}");
        BeforeBlocking();
        var result = ProcessRunner.Run(spec, cancellation, _log, _log);
        if (result.Cancelled) return Array.Empty<Diagnostic>();
        if (result.StartError is not null || result.TimedOut) return new[] { ProcessProblem(request, result, "go generate") };
        if (result.ExitCode != 0 && GoBuildOutput.ToolchainDownloadFailure($"go generate of '{request.ModuleDirectory}'", result.StandardError,
                request.Environment.TryGetValue("GOTOOLCHAIN", out var mode) && mode is not null ? mode : "(unset)",
                    request.GoModPath) is { } download)
        {
            return new[] { download };
        }
        return GenerateOutput.Classify(request.ModuleDirectory, request.GoModPath, result.StandardError, result.ExitCode, "go" + request.GoVersion,
            request.CommandForMessages(packages), result.StandardError.Any(l => l.Contains(GenerateOutput.MatchedNoPackages))
                ? CgoOffBecauseNoCompiler(request) : "",
            result.StandardErrorOmittedLines, result.TranscriptPath, GeneratorContextFor(request));
    }

    /// <summary>For failure messages: go generate puts its own $GOROOT/bin (the go binary's folder) first on the generators' PATH.</summary>
    public static GeneratorContext GeneratorContextFor(GenerateRequest request) => new()
    {
        GoExecutable = request.GoExecutable,
        SearchPath = GenerateDirectives.SearchPath(Path.GetDirectoryName(request.GoExecutable) ?? "",
            request.Environment.TryGetValue("PATH", out var path) && path is not null ? path : System.Environment.GetEnvironmentVariable("PATH")),
        PathExt = GenerateDirectives.PathExtOnWindows(request.Environment),
        GoMod = File.Exists(request.GoModPath) ? Modules.GoModFile.Load(request.GoModPath) : null,
    };

    private static Diagnostic ProcessProblem(GenerateRequest request, ProcessResult result, string what)
    {
        if (result.StartError is not null)
        {
            return Diagnostic.Error(Codes.GenerateFailed,
                $"{what} of '{request.ModuleDirectory}' could not start '{request.GoExecutable}': {result.StartError}.", request.GoModPath);
        }
        var (file, line, command) = HangLocator.Locate(request.ModuleDirectory, result.StandardError);
        var running = command is null ? "" : $" The last generator it started was `{command}`.";
        return Diagnostic.Error(Codes.GenerateTimedOut,
            $"{what} of '{request.ModuleDirectory}' did not finish within {request.Timeout.TotalSeconds:0} s (GoProcessTimeoutSeconds) and was " +
                $"killed with every generator it started.{running} " +
            "Fix: make the generator finish (it may wait for input, the network or a lock); raise GoProcessTimeoutSeconds if it is just slow.",
            file ?? request.GoModPath, line);
    }

    private static Diagnostic Describe(GenerateRequest request, IReadOnlyList<string> packages, FileChange change, bool generatorFailed)
    {
        var path = Path.Combine(request.ModuleDirectory, change.RelativePath.Replace('/', Path.DirectorySeparatorChar));
        var command = request.CommandForMessages(packages);
        var fix = generatorFailed
            ? "Fix: correct the failing directive reported above first."
            : $"Fix: run `{command}` in the module (or build once with GoGenerate=Run) and commit the result.";
        return change.Kind switch
        {
            FileChangeKind.Changed => Diagnostic.Error(Codes.GeneratedFileStale,
                $"Generated file is stale: {command} in '{request.ModuleDirectory}' rewrites '{change.RelativePath}' with different content " +
                    $"(first difference at line {change.FirstDifferentLine}); the file was left as it was (Verify). {fix}",
                path, change.FirstDifferentLine),
            FileChangeKind.Created => Diagnostic.Error(Codes.GeneratedFileMissing,
                $"Generated file is missing: {command} in '{request.ModuleDirectory}' creates '{change.RelativePath}', which is not in the tree; " +
                    $"it was removed again (Verify). {fix}",
                path),
            _ => Diagnostic.Error(Codes.GeneratedFileObsolete,
                $"{command} in '{request.ModuleDirectory}' deletes '{change.RelativePath}'; it was restored (Verify). Fix: delete the file (and " +
                    $"commit), or correct the generator that removes it.",
                path),
        };
    }

    /// <summary>
    /// A generator that rewrites a file with the same bytes still gives it a new time, and go build's inputs are
    /// compared by time: put the old time back so an unchanged generation does not rebuild the library.
    /// </summary>
    private void KeepTimesOfUnchangedFiles(string moduleDirectory, IReadOnlyList<FileState> before)
    {
        var kept = 0;
        foreach (var state in before)
        {
            var path = Path.Combine(moduleDirectory, state.RelativePath);
            try
            {
                var info = new FileInfo(path);
                if (!info.Exists || info.Length != state.Size || info.LastWriteTimeUtc.Ticks == state.LastWriteTicksUtc) continue;
                if (ContentHash.OfFile(path) != state.Hash) continue;
                File.SetLastWriteTimeUtc(path, new DateTime(state.LastWriteTicksUtc, DateTimeKind.Utc));
                kept++;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }
        if (kept > 0) _log($"go generate: {kept} file(s) were rewritten with identical content; their previous timestamps were kept so go build " +
            $"is not rerun for them.");
    }
}

public enum GenerateOutcome { NotRun, UpToDate, Ran }
