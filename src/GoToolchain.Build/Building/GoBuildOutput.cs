using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using GoToolchain.Build.Diagnostics;
using GoToolchain.Build.Modules;

namespace GoToolchain.Build.Building;

/// <summary>
/// Turns go build's output (stderr as text; under -json, Go 1.24+, the decoded BuildEvents with their packages) into
/// diagnostics: compiler errors at their file, line and column with go's follow-up lines, and the failures with a known cause (no C compiler, a toolchain download that cannot happen) into their own codes with the fix.
/// </summary>
public static class GoBuildOutput
{
    /// <summary>GOTB500's fixes (issue 26: every code has one): after a compiler error, after go's follow-up command line
    /// ("\tgo get …"), and after go's last lines when no error names a file.</summary>
    public const string CodeFix = " Fix: correct the Go code at this line.";
    public static readonly string CommandFix = Environment.NewLine + "Fix: run the go command above in the module's folder.";
    public const string OtherFix = " Fix: correct what go names above; the same go build run in the module's folder shows all of its output.";

    // ./main.go:3:15: undefined: x    |   sub/x.go:12: msg    |   /abs/path/y.go:4:2: msg
    private static readonly Regex SourcePosition = new(
        @"^(?<file>(?:[A-Za-z]:)?[^:\s][^:]*\.(?:go|c|h|s|S|cc|cpp|m)):(?<line>\d+)(?::(?<col>\d+))?: (?<message>.+)$",
        RegexOptions.CultureInvariant);

    private static readonly Regex CompilerNotFound = new(@"cgo: C compiler ""(?<cc>[^""]+)"" not found", RegexOptions.CultureInvariant);
    // "go: download go1.23.0: golang.org/toolchain@…" and "go: download go1.23.0 for linux/amd64: …": the name ends before ':' or ' '.
    private static readonly Regex ToolchainDownload = new(@"^go: download(?:ing)? (?<toolchain>go\d[^\s:]*)", RegexOptions.CultureInvariant);

    // Code written for another platform: go names no platform itself (WireGuard-style windows-only packages).
    private static readonly Regex PlatformOnly = new(
        @"build constraints exclude all Go files in|undefined: (?<pkg>windows|syscall|unix|registry|svc|mgr|eventlog)\.\w+",
        RegexOptions.CultureInvariant);

    /// <summary>At most this many compiler errors are listed after a GOTB520: the rest say the same.</summary>
    private const int ErrorsAfterPlatformMismatch = 5;

    /// <summary>Text output (go before 1.24, or without -json): go's stderr lines.</summary>
    public static IReadOnlyList<Diagnostic> Classify(GoBuildRequest request, IReadOnlyList<string> stderr, int exitCode,
        int omittedLines = 0, string? transcriptPath = null)
        => Classify(request, stderr.Select(l => new GoOutputLine(l)).ToList(), exitCode, omittedLines, transcriptPath);

    /// <summary>
    /// go's output as lines with their package where go build -json named it (<see cref="GoBuildEvents.Decode"/>). Each
    /// error at a file position becomes one diagnostic there, with the tab-indented lines go prints right after it for the
    /// same package (the `go get` of "no required module provides package X; to add it:", a compiler's have/want), and,
    /// under -json, the package go built when it failed.
    /// </summary>
    public static IReadOnlyList<Diagnostic> Classify(GoBuildRequest request, IReadOnlyList<GoOutputLine> output, int exitCode,
        int omittedLines = 0, string? transcriptPath = null)
    {
        var stderr = output.Select(l => l.Text).ToList();
        var diagnostics = new List<Diagnostic>();
        var module = request.ModuleDirectory;
        var what = $"go build of '{module}' ({request.Target})";

        if (ToolchainDownloadFailure(what, stderr, Get(request, "GOTOOLCHAIN"), request.DiagnosticFile) is { } downloadFailed)
        {
            diagnostics.Add(downloadFailed);
            return diagnostics;
        }

        if (stderr.Select(l => CompilerNotFound.Match(l)).FirstOrDefault(m => m.Success) is { } cc)
        {
            diagnostics.Add(Diagnostic.Error(Codes.CCompilerMissing,
                $"{what} needs cgo, but the C compiler '{cc.Groups["cc"].Value}' was not found on PATH. " +
                "Fix: install a C compiler (Debian/Ubuntu: apt-get install gcc), or set GoCC / CC to one that is on PATH.",
                request.DiagnosticFile));
            return diagnostics;
        }

        // The host's gcc asked to build for Windows: go runs it anyway and gcc fails: "unrecognized command-line option '-mthreads'"
        // up to Go 1.26; Go 1.27's runtime/cgo no longer passes -mthreads, so gcc gets as far as the Windows header it lacks.
        if (stderr.FirstOrDefault(l => (l.Contains("unrecognized command-line option") && (l.Contains("-mthreads") || l.Contains("-mconsole")))
            || (request.Target.GoOS == "windows" && l.Contains("windows.h: No such file or directory"))) is { } wrongTarget)
        {
            var cross = CrossCompilers.FromLinuxFor(request.Target.GoOS, request.Target.GoArch);
            diagnostics.Add(Diagnostic.Error(Codes.CCompilerWrongTarget,
                $"{what}: the C compiler (CC={Get(request, "CC")}) cannot build for {request.Target.GoOS}: '{wrongTarget.Trim()}'. It is a " +
                    $"compiler for another platform. " +
                $"Fix: leave CC unset so GoToolchain.Build picks the cross-compiler" +
                    (cross is null ? "" : $" ({request.Target.GoOS}/{request.Target.GoArch}: {cross})") +
                    $", or set GoCC to a C compiler for {request.Target.GoOS}/{request.Target.GoArch}.",
                request.DiagnosticFile));
            return diagnostics;
        }

        var mismatch = PlatformMismatch(request, stderr);
        if (mismatch is not null) diagnostics.Add(mismatch);

        var followUps = new HashSet<int>();
        for (var i = 0; i < output.Count; i++)
        {
            if (mismatch is not null && diagnostics.Count > ErrorsAfterPlatformMismatch) break;
            if (followUps.Contains(i)) continue;
            var match = SourcePosition.Match(output[i].Text.Trim());
            if (!match.Success) continue;
            var file = match.Groups["file"].Value;
            var fullPath = Path.IsPathRooted(file) ? file : Path.GetFullPath(Path.Combine(module, file));
            var column = match.Groups["col"].Success ? int.Parse(match.Groups["col"].Value) : 0;
            var message = match.Groups["message"].Value;
            if (output[i].Package is { Length: > 0 } package && !message.Contains(package)) message += $" (package {package})";
            var commands = false;
            foreach (var next in FollowUpLines(output, i))
            {
                followUps.Add(next);
                message += Environment.NewLine + output[next].Text.TrimEnd();
                commands |= output[next].Text.TrimStart().StartsWith("go ", StringComparison.Ordinal);
            }
            // Every code has a fix (issue 26): go's follow-up line is a command to run, else the code at this line is wrong.
            message += commands ? CommandFix : CodeFix;
            diagnostics.Add(Diagnostic.Error(Codes.BuildFailed, message, fullPath, int.Parse(match.Groups["line"].Value), column));
        }
        if (diagnostics.Count > 0) return DiagnosticLimit.Cap(diagnostics, what, omittedLines, transcriptPath, request.DiagnosticFile);

        var text = string.Join(Environment.NewLine, stderr.Where(l => l.Trim().Length > 0).TakeLast(20));
        diagnostics.Add(Diagnostic.Error(Codes.BuildFailed,
            $"{what} failed with exit code {exitCode}: {(text.Length == 0 ? "(no error output)" : text)}" +
            (omittedLines > 0
                ? $" ({omittedLines} more lines were not kept{(transcriptPath is null ? "" : $"; the full output is in '{transcriptPath}'")})" : "") +
            OtherFix,
            request.DiagnosticFile));
        return diagnostics;
    }

    /// <summary>
    /// The lines that continue the error at <paramref name="at"/>: go indents them with a tab ("\tgo get example.com/x",
    /// "\thave (int)"). Under -json they are the next lines of the same package, whatever other packages printed between.
    /// </summary>
    private static IEnumerable<int> FollowUpLines(IReadOnlyList<GoOutputLine> output, int at)
    {
        var package = output[at].Package;
        for (var j = at + 1; j < output.Count; j++)
        {
            if (package is not null && output[j].Package != package) continue;
            if (!output[j].Text.StartsWith("\t", StringComparison.Ordinal) || output[j].Text.Trim().Length == 0) yield break;
            yield return j;
        }
    }

    /// <summary>
    /// GOTB520 when go's errors show code for another OS or CPU: build constraints excluding every file, or
    /// undefined windows.* / syscall.* / unix.* names. One diagnostic that names the target and the RID to set.
    /// </summary>
    private static Diagnostic? PlatformMismatch(GoBuildRequest request, IReadOnlyList<string> stderr)
    {
        var hits = stderr.Select(l => (Line: l.Trim(), Match: PlatformOnly.Match(l))).Where(h => h.Match.Success).ToList();
        if (hits.Count == 0) return null;
        var target = request.Target;
        var likelyOs = hits.Any(h => h.Match.Groups["pkg"].Value is "windows" or "registry" or "svc" or "mgr" or "eventlog"
                                     || h.Line.Contains("/windows") || h.Line.Contains("_windows.go"))
            ? "windows"
            : null;
        var suggestion = likelyOs is not null && likelyOs != target.GoOS
            && RuntimeIdentifierMap.ToPortableRuntimeIdentifier(new GoTarget(likelyOs, target.GoArch)) is { } rid
            ? $"the code looks {likelyOs}-only: set RuntimeIdentifier to the platform it is for (e.g. dotnet build -r {rid}, or " +
                $"<RuntimeIdentifier>{rid}</RuntimeIdentifier> in the project)"
            : "set RuntimeIdentifier to the platform the code is for (e.g. dotnet build -r win-x64), or GoOS/GoArch";
        var position = hits.Select(h => SourcePosition.Match(h.Line)).FirstOrDefault(m => m.Success);
        string? file = request.DiagnosticFile;
        int line = 0;
        if (position is not null)
        {
            var path = position.Groups["file"].Value;
            file = Path.IsPathRooted(path) ? path : Path.GetFullPath(Path.Combine(request.ModuleDirectory, path));
            line = int.Parse(position.Groups["line"].Value);
        }
        return Diagnostic.Error(Codes.PlatformMismatch,
            $"go build of '{request.ModuleDirectory}' targets GOOS={target.GoOS} GOARCH={target.GoArch}, but the code is written for another " +
                $"platform: '{hits[0].Line}'" +
            (hits.Count > 1 ? $" (and {hits.Count - 1} more such error(s))" : "") +
            $". The target comes from the project's RuntimeIdentifier, else GoOS/GoArch, else the host. Fix: {suggestion}; or give the package " +
                $"files for {target.GoOS}/{target.GoArch} (build constraints).",
            file, line);
    }

    /// <summary>
    /// GOTB119 when go failed because it tried to download a toolchain ("go: download go1.23.0: …"); null otherwise.
    /// Shared with go generate, which is the first go process of a build to meet a go.mod that needs another Go.
    /// </summary>
    public static Diagnostic? ToolchainDownloadFailure(string what, IReadOnlyList<string> stderr, string goToolchain, string? file)
    {
        var downloadLine = stderr.FirstOrDefault(l => l.StartsWith("go: download ", StringComparison.Ordinal));
        if (downloadLine is null || ToolchainDownload.Match(downloadLine) is not { Success: true } download) return null;
        var toolchain = download.Groups["toolchain"].Value;
        return Diagnostic.Error(Codes.ToolchainDownloadFailed,
            $"{what}: go tried to download toolchain {toolchain} (GOTOOLCHAIN={goToolchain}) and failed: {downloadLine}. " +
            $"Fix: install Go {toolchain.Substring(2)} and set GoRoot to it, put a '{toolchain}' binary on PATH, or set GoToolchainMode=local to " +
                $"build with the installed Go.",
            file);
    }

    private static string Get(GoBuildRequest request, string name)
        => request.Environment.TryGetValue(name, out var value) && value is not null ? value : "(unset)";

    private static IEnumerable<T> TakeLast<T>(this IEnumerable<T> source, int count)
    {
        var list = source.ToList();
        return list.Skip(Math.Max(0, list.Count - count));
    }
}
