using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using GoToolchain.Build.Diagnostics;
using GoToolchain.Build.Modules;
using GoToolchain.Build.Execution;
using GoToolchain.Build.Package;
using GoToolchain.Build.Versions;

namespace GoToolchain.Build.Loopvar;

/// <summary>One loop the compiler reports: its variable now gets a fresh copy per iteration.</summary>
public sealed class LoopFinding
{
    public LoopFinding(string file, int line, int column, string variable, string allocation)
    {
        File = file;
        Line = line;
        Column = column;
        Variable = variable;
        Allocation = allocation;
    }

    public string File { get; }
    public int Line { get; }
    public int Column { get; }
    public string Variable { get; }

    /// <summary>"stack" or "heap": where the per-iteration copy lives.</summary>
    public string Allocation { get; }

    public override string ToString() => $"{File}:{Line}:{Column}: {Variable} ({Allocation})";
}

/// <summary>
/// The compiler's loop report: `go build -gcflags=&lt;module&gt;/...=-d=loopvar=2` prints
/// `./main.go:7:6: loop variable i now per-iteration, stack-allocated` for each loop whose variable is captured
/// or has its address taken, the loops whose meaning changes. -d=loopvar=2 switches those loops to per-iteration
/// for that compile, so its output goes to a throw-away folder and is never the artifact. Only the module's own
/// packages get the flag: dependencies are not the user's code to change, and flagging them would recompile them.
/// The findings are cached under obj/ by a key over the go binary, the environment and every module file, so an
/// unchanged module reports again without a go process (go's build cache does replay the compiler lines, but a
/// go process costs time even then).
/// </summary>
public sealed class LoopReport
{
    private static readonly Regex FindingLine = new(
        @"^(?<file>.+?\.go):(?<line>\d+):(?<col>\d+): loop variable (?<name>\S+) now per-iteration, " +
        @"(?<alloc>stack|heap)-allocated(?<inlined> \(loop inlined into .*\))?\s*$",
        RegexOptions.CultureInvariant);

    /// <summary>
    /// Parses the compiler's lines. Paths are relative to <paramref name="workingDirectory"/> (go prints ./main.go
    /// or sub/x.go) or absolute. Lines for loops inlined into another function repeat a loop already reported at
    /// its own place and are dropped; so are files outside <paramref name="moduleDirectory"/>.
    /// </summary>
    public static IReadOnlyList<LoopFinding> Parse(IEnumerable<string> lines, string workingDirectory, string moduleDirectory)
    {
        var root = Path.GetFullPath(moduleDirectory).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        var findings = new List<LoopFinding>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in lines)
        {
            var match = FindingLine.Match(line.TrimEnd());
            if (!match.Success || match.Groups["inlined"].Success) continue;
            var file = Path.GetFullPath(Path.Combine(workingDirectory, match.Groups["file"].Value));
            if (!file.StartsWith(root, StringComparison.Ordinal)) continue;
            var name = match.Groups["name"].Value;
            var dot = name.LastIndexOf('.');
            if (dot >= 0) name = name.Substring(dot + 1);
            var finding = new LoopFinding(file, int.Parse(match.Groups["line"].Value), int.Parse(match.Groups["col"].Value), name,
                match.Groups["alloc"].Value);
            if (seen.Add($"{finding.File}:{finding.Line}:{finding.Column}")) findings.Add(finding);
        }
        return findings.OrderBy(f => f.File, StringComparer.Ordinal).ThenBy(f => f.Line).ThenBy(f => f.Column).ToList();
    }

    public static Diagnostic ToDiagnostic(LoopFinding finding, string moduleDirectory, bool changedByBuild) =>
        ToDiagnostic(finding, moduleDirectory, changedByBuild, null);

    /// <param name="cgoFileOn">The toolchain, when the loop is in a file with import "C" that it compiles per-iteration
    /// whatever the go line says (Go 1.22–1.24); null otherwise.</param>
    public static Diagnostic ToDiagnostic(LoopFinding finding, string moduleDirectory, bool changedByBuild, GoVersion? cgoFileOn) =>
        Diagnostic.Warning(Codes.LoopSemanticsChange,
        $"Loop variable {finding.Variable} is captured or has its address taken here, so this loop behaves differently with per-iteration " +
            $"semantics ({finding.Allocation}-allocated copy per iteration): " +
        (cgoFileOn is not null
            ? $"this file has import \"C\", so go{cgoFileOn.Text} compiles the loop per-iteration whatever the go line says (a Go 1.22–1.24 " +
                $"bug, GOTB313), but Go 1.21 and Go 1.25 and later compile it per-loop, as the go line of module '{moduleDirectory}' says. "
            : changedByBuild
            ? $"this build compiles module '{moduleDirectory}' with per-iteration loop variables (GOEXPERIMENT=loopvar) where its go line alone " +
                $"gives per-loop ones. "
            : $"module '{moduleDirectory}' has per-loop semantics now and gets per-iteration ones with a go 1.22 line (or GoLoopvar=Enable). ") +
        "Fix: check that the loop relies on one variable per iteration (closures, goroutines, &v keep the value of their own iteration), then " +
            (cgoFileOn is not null ? "raise the go line to `go 1.22` so that it stays per-iteration on every toolchain, or " : "") +
            "silence with NoWarn=GOTB310.",
        finding.File, finding.Line, finding.Column);

    private readonly string _goExecutable;
    private readonly string _cacheDirectory;
    private readonly TimeSpan _timeout;
    private readonly CancellationToken _cancellation;
    private readonly Action<string> _log;

    /// <summary>
    /// The report for every module whose go line gives per-loop semantics: a warning at each loop that changes
    /// meaning, except in files already per-iteration through their own //go:build go1.22 line.
    /// </summary>
    /// <param name="buildEnvironment">What every go process of the build gets; each module's Environment goes on top.</param>
    public IReadOnlyList<Diagnostic> ReportChangedLoops(LoopvarPlan plan, GoVersion toolchain, IReadOnlyDictionary<string,
        string?> buildEnvironment, DiagnosticBag diagnostics)
    {
        var warnings = new List<Diagnostic>();
        foreach (var verdict in plan.Modules.Where(v => v.GoLineIsPerLoop && v.Module.GoMod?.ModulePath is not null))
        {
            var module = verdict.Module;
            var env = new Dictionary<string, string?>(buildEnvironment.ToDictionary(p => p.Key, p => p.Value), StringComparer.Ordinal);
            foreach (var pair in module.Environment) env[pair.Key] = pair.Value;
            if (plan.SetsExperiment) env["GOEXPERIMENT"] = verdict.Experiment;

            var findings = Run(module.Directory, module.GoMod!.ModulePath!, module.Tags, env, module.DiagnosticFile, diagnostics);
            if (findings is null) continue;
            // Files per-iteration by their own //go:build go1.22 line are so on every toolchain from 1.22: not listed. Files with
            // import "C" are listed even where Go 1.22–1.24 make them per-iteration: Go 1.21 and 1.25+ do not.
            var files = LoopvarSemantics.HasGoLineSemantics(toolchain) ? LoopvarPlanner.FileFacts(module.Directory, null).ToList()
                : new List<LoopvarFile>();
            var upgraded = new HashSet<string>(files.Where(f => f.ConstraintVersion >= LoopvarSemantics.Go122 && f.ConstraintVersion <= toolchain)
                .Select(f => f.Path), StringComparer.Ordinal);
            var cgoFiles = new HashSet<string>(LoopvarSemantics.HasCgoFileBug(toolchain) ? files.Where(f => f.ImportsC).Select(f => f.Path)
                : Enumerable.Empty<string>(), StringComparer.Ordinal);
            warnings.AddRange(findings.Where(f => !upgraded.Contains(f.File)).Select(f => ToDiagnostic(f, module.Directory,
                verdict.Final.IsPerIteration, cgoFiles.Contains(f.File) ? toolchain : null)));
            _log($"GoLoopvarReport: {findings.Count} loop(s) in '{module.Directory}' change meaning.");
        }
        return warnings;
    }

    public LoopReport(string goExecutable, string cacheDirectory, TimeSpan timeout, CancellationToken cancellation, Action<string> log)
    {
        _goExecutable = goExecutable;
        _cacheDirectory = cacheDirectory;
        _timeout = timeout;
        _cancellation = cancellation;
        _log = log;
    }

    /// <summary>Number of go processes started (for tests and the log).</summary>
    public int ProcessesStarted { get; private set; }

    /// <summary>
    /// The module's findings, or null after reporting (as a warning: the real build reports its own errors) that
    /// the report could not be made.
    /// </summary>
    public IReadOnlyList<LoopFinding>? Run(string moduleDirectory, string modulePath, string? tags, IReadOnlyDictionary<string, string?> environment,
        string? diagnosticFile, DiagnosticBag diagnostics)
    {
        var key = Key(moduleDirectory, modulePath, tags, environment);
        var cacheFile = Path.Combine(_cacheDirectory, "loops-" + key + ".txt");
        if (ReadCache(cacheFile) is { } cached) return cached;

        var scratch = Path.Combine(_cacheDirectory, "out-" + Guid.NewGuid().ToString("N").Substring(0, 12)) + Path.DirectorySeparatorChar;
        try
        {
            Directory.CreateDirectory(scratch);
            var arguments = new List<string> { "build", $"-gcflags={modulePath}/...=-d=loopvar=2", "-o", scratch };
            if (!string.IsNullOrWhiteSpace(tags)) { arguments.Add("-tags"); arguments.Add(tags!.Trim()); }
            arguments.Add("./...");
            var spec = new ProcessSpec(_goExecutable, arguments, _timeout, moduleDirectory, environment);
            _log($"{moduleDirectory}> {spec.CommandLineForLog}");
            ProcessesStarted++;
            var result = ProcessRunner.Run(spec, _cancellation, _log, _log);
            if (result.Cancelled) return null;
            if (!result.Succeeded)
            {
                var said = result.StartError ?? (result.TimedOut ? $"it did not finish within {_timeout.TotalSeconds:0} s"
                    : $"exit {result.ExitCode}: {string.Join(" | ", result.StandardError.Where(l => l.Trim().Length > 0).Take(5))}");
                diagnostics.Add(Diagnostic.Warning(Codes.LoopReportFailed,
                    $"GoLoopvarReport: the compiler's loop report for module '{moduleDirectory}' failed ({said}), so its changed loops are not " +
                        $"listed. Fix: make `go build ./...` succeed in the module (the build reports the same errors), or set " +
                        $"GoLoopvarReport=false.",
                    diagnosticFile));
                return null;
            }
            var findings = Parse(result.StandardOutput.Concat(result.StandardError), moduleDirectory, moduleDirectory);
            WriteCache(cacheFile, findings);
            return findings;
        }
        finally
        {
            try { if (Directory.Exists(scratch)) Directory.Delete(scratch, recursive: true); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }
    }

    private string Key(string moduleDirectory, string modulePath, string? tags, IReadOnlyDictionary<string, string?> environment)
    {
        var sb = new StringBuilder("v1\n").Append("package=").Append(PackageInfo.Version).Append('\n');
        sb.Append(_goExecutable).Append('@').Append(Stamp(_goExecutable)).Append('\n');
        sb.Append(moduleDirectory).Append('\n').Append(modulePath).Append('\n').Append(tags).Append('\n');
        foreach (var pair in environment.OrderBy(p => p.Key, StringComparer.Ordinal)) sb.Append(pair.Key).Append('=').Append(pair.Value
            ?? "\0unset").Append('\n');
        foreach (var name in new[] { "GOFLAGS", "GOEXPERIMENT", "GOOS", "GOARCH", "CGO_ENABLED", "CC" })
        {
            if (!environment.ContainsKey(name)) sb.Append(name).Append(':').Append(Environment.GetEnvironmentVariable(name)).Append('\n');
        }
        foreach (var file in ModuleSources.Files(moduleDirectory)) sb.Append(file).Append('@').Append(Stamp(file)).Append('\n');
        return ContentHash.ShortOfText(sb.ToString());
    }

    private static string Stamp(string file)
    {
        try
        {
            var info = new FileInfo(file);
            return info.Exists ? $"{info.Length}@{info.LastWriteTimeUtc.Ticks}" : "-";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return "?";
        }
    }

    private static IReadOnlyList<LoopFinding>? ReadCache(string cacheFile)
    {
        try
        {
            if (!File.Exists(cacheFile)) return null;
            return File.ReadAllLines(cacheFile).Where(l => l.Length > 0).Select(l => l.Split('\t'))
                .Select(p => new LoopFinding(p[0], int.Parse(p[1]), int.Parse(p[2]), p[3], p[4])).ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    private static void WriteCache(string cacheFile, IReadOnlyList<LoopFinding> findings)
    {
        try
        {
            var temp = cacheFile + "." + Guid.NewGuid().ToString("N") + ".tmp";
            File.WriteAllLines(temp, findings.Select(f => string.Join("\t", f.File, f.Line, f.Column, f.Variable, f.Allocation)));
            if (File.Exists(cacheFile)) File.Delete(cacheFile);
            File.Move(temp, cacheFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }
}
