using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using GoToolchain.Build.Diagnostics;
using GoToolchain.Build.Execution;
using GoToolchain.Build.Loopvar;

namespace GoToolchain.Build.Building;

/// <summary>
/// Runs go build for one module and publishes the result atomically: go writes into a fresh temporary folder
/// next to the output, and only a complete, checked result is moved into place. A failed or cancelled build
/// therefore never leaves a half-written file that the next incremental build would take as up to date.
/// The current output is copied into that folder first: go reads the build ID of the file it is asked to write and
/// skips the link when it is already the output of these inputs (a touched or checked-out file with the same content),
/// which a fresh folder would make it redo every time (0.3-1.0 s more for the benchmark's small c-shared library).
/// </summary>
public sealed class GoModuleBuilder
{
    private readonly Action<string> _logLine;
    private readonly Action<string> _notice;

    /// <param name="logLine">Receives the progress line, the command line and every line go prints.</param>
    /// <param name="notice">Receives the line for a go build that runs longer than the request's ProgressNotice (high importance in builds).</param>
    public GoModuleBuilder(Action<string> logLine, Action<string>? notice = null)
    {
        _logLine = logLine;
        _notice = notice ?? logLine;
    }

    /// <param name="timings">Receives the phases (staging, go build, checks, proof, move, cleanup) for the log; optional.</param>
    public IReadOnlyList<Diagnostic> Build(GoBuildRequest request, CancellationToken cancellation, PhaseTimings? timings = null)
    {
        timings ??= new PhaseTimings();
        var diagnostics = new List<Diagnostic>();
        var outputDirectory = Path.GetDirectoryName(request.OutputPath)!;
        var outputName = Path.GetFileName(request.OutputPath);
        var headerName = GoBuildModes.HeaderFileName(request.Mode, outputName);
        var staging = Path.Combine(outputDirectory, ".staging-" + Guid.NewGuid().ToString("N").Substring(0, 12));
        try
        {
            var stagedOutput = Path.Combine(staging, outputName);
            timings.Measure("staging", () =>
            {
                Directory.CreateDirectory(staging);
                // A copy, never a link: go writes a relinked file in place, and the current output must stay whole until
                // the checked result replaces it. Not the header: go writes it from its cache even when it skips the link,
                // and a header go did not write must stay missing (go 1.19/1.21 link c-shared without cgo and write none).
                CopyIfPresent(request.OutputPath, stagedOutput);
            });
            var spec = timings.Measure("command line", () =>
            {
                var built = new ProcessSpec(request.GoExecutable, request.Arguments(stagedOutput), request.Timeout, request.ModuleDirectory,
                    request.ProcessEnvironment())
                {
                    TranscriptPath = Path.Combine(outputDirectory, outputName + ".go-build-output.txt"),
                    SlowNoticeAfter = request.ProgressNotice,
                    OnSlow = elapsed => _notice($"Building Go {request.Describe()}: {outputName}, {elapsed.TotalSeconds:0} s so far."),
                };
                _logLine($"Building Go {request.Describe()}: {outputName}.");
                _logLine($"{request.ModuleDirectory}> {built.CommandLineForLog}");
                return built;
            });
            var clock = System.Diagnostics.Stopwatch.StartNew();
            // Under -json the log gets the text the events carry, as go prints it without -json.
            var result = ProcessRunner.Run(spec, cancellation, request.StructuredOutput ? GoBuildEvents.ToText(_logLine) : _logLine, _logLine);
            timings.Add("go build", clock.Elapsed - result.LeftoverSweep);
            timings.Add("leftover sweep", result.LeftoverSweep);
            _logLine($"go build ran {clock.ElapsedMilliseconds} ms (exit code {result.ExitCode}).");

            if (result.StartError is not null)
            {
                diagnostics.Add(Diagnostic.Error(Codes.BuildFailed,
                    $"go build of '{request.ModuleDirectory}' could not start '{request.GoExecutable}': {result.StartError}. Fix: make GoRoot or " +
                        "GoExecutable name a go binary this user can run.",
                        request.DiagnosticFile));
                return diagnostics;
            }
            if (result.TimedOut)
            {
                diagnostics.Add(Diagnostic.Error(Codes.BuildTimedOut,
                    $"go build of '{request.ModuleDirectory}' ({request.Target}) did not finish within {request.Timeout.TotalSeconds:0} s and was " +
                        $"killed with its child processes. " +
                    "Fix: look at the last lines go printed above (a hanging module download or cgo compile); raise GoProcessTimeoutSeconds if " +
                        "the build is just slow.",
                    request.DiagnosticFile));
                return diagnostics;
            }
            if (result.Cancelled) return diagnostics;
            if (result.ExitCode != 0)
            {
                diagnostics.AddRange(request.StructuredOutput
                    ? GoBuildOutput.Classify(request, GoBuildEvents.Decode(result.StandardOutput, result.StandardError), result.ExitCode,
                        result.StandardOutputOmittedLines + result.StandardErrorOmittedLines, result.TranscriptPath)
                    : GoBuildOutput.Classify(request, result.StandardError, result.ExitCode, result.StandardErrorOmittedLines, result.TranscriptPath));
                return diagnostics;
            }

            if (!timings.Measure("checks", () => File.Exists(stagedOutput)))
            {
                diagnostics.Add(Diagnostic.Error(Codes.OutputMissing,
                    $"go build of '{request.ModuleDirectory}' exited 0 but wrote no '{outputName}'. Fix: check that package '{request.Package}' " +
                        $"is a main package.",
                    request.DiagnosticFile));
                return diagnostics;
            }
            // go 1.19/1.21 "succeed" on a c-shared build without cgo and write a library with no header.
            if (headerName is not null && !timings.Measure("checks", () => File.Exists(Path.Combine(staging, headerName))))
            {
                diagnostics.Add(Diagnostic.Error(Codes.HeaderMissing,
                    $"go build -buildmode={GoBuildModes.ToGoFlag(request.Mode)} of '{request.ModuleDirectory}' wrote '{outputName}' but no " +
                        $"'{headerName}': the library was linked without cgo and exports nothing usable. " +
                    "Fix: the main package must `import \"C\"` and mark functions with //export, and CgoEnabled must not be 0.",
                    request.DiagnosticFile));
                return diagnostics;
            }

            // GoLoopvar promised an experiment: prove it from the staged file, and never publish an unproven one.
            if (request.RequiredExperiment is not null && request.Mode != GoBuildMode.CArchive)
            {
                var failure = timings.Measure("loopvar proof", () => LoopvarProof.Check(request.GoExecutable, stagedOutput, request.RequiredExperiment,
                    request.Environment, request.Timeout, cancellation, _logLine, request.ModuleDirectory, request.DiagnosticFile));
                if (failure is not null || cancellation.IsCancellationRequested)
                {
                    if (failure is not null) diagnostics.Add(failure);
                    return diagnostics;
                }
            }

            timings.Measure("move into place", () =>
            {
                MoveIntoPlace(stagedOutput, request.OutputPath);
                if (headerName is not null) MoveIntoPlace(Path.Combine(staging, headerName), Path.Combine(outputDirectory, headerName));
            });
            return diagnostics;
        }
        finally
        {
            timings.Measure("staging", () => TryDelete(staging));
        }
    }

    /// <summary>Stamps the file now: a result go found up to date keeps the copied time, older than the inputs MSBuild just
    /// found newer than the output.</summary>
    private static void MoveIntoPlace(string source, string destination)
    {
        File.SetLastWriteTimeUtc(source, DateTime.UtcNow);
        if (File.Exists(destination)) File.Delete(destination);
        File.Move(source, destination);
    }

    private static void CopyIfPresent(string source, string destination)
    {
        try
        {
            if (File.Exists(source)) File.Copy(source, destination);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Without the copy go links again: slower, same result.
        }
    }

    private static void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A leftover staging folder is harmless: it is never an output.
        }
    }
}
