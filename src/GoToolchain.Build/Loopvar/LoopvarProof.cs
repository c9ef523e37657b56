using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using GoToolchain.Build.Diagnostics;
using GoToolchain.Build.Execution;

namespace GoToolchain.Build.Loopvar;

/// <summary>
/// Proves a built binary or c-shared library carries an experiment: `go version &lt;file&gt;` prints
/// `&lt;file&gt;: go1.21.13 X:loopvar` (go-facts §1.5; checked on exe and .so for 1.21, 1.22 and 1.23). GOEXPERIMENT
/// is removed from that process, since a bad one breaks even `go version` (§1.6). A c-archive is not readable
/// by `go version` (it prints nothing), so it is not checked.
/// </summary>
public static class LoopvarProof
{
    public static Diagnostic? Check(string goExecutable, string builtFile, string experiment, IReadOnlyDictionary<string, string?> environment,
        TimeSpan timeout, CancellationToken cancellation, Action<string> log, string moduleDirectory, string? diagnosticFile)
    {
        var env = environment.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        env["GOEXPERIMENT"] = null;
        env["GOTOOLCHAIN"] = "local";
        var spec = new ProcessSpec(goExecutable, new[] { "version", builtFile }, timeout, null, env);
        log(spec.CommandLineForLog);
        var result = ProcessRunner.Run(spec, cancellation, log, log);
        if (result.Cancelled) return null;
        var line = result.StandardOutput.FirstOrDefault(l => l.Trim().Length > 0)?.Trim() ?? "";
        if (result.Succeeded && GoExperiment.VersionLineHas(line, experiment)) return null;
        if (result.Succeeded && line.StartsWith(builtFile + ":", StringComparison.Ordinal)) line = Path.GetFileName(builtFile) + line.Substring(builtFile.Length);
        var said = result.Succeeded ? (line.Length == 0 ? "nothing" : $"`{line}`") : $"`{(result.StartError ?? string.Join(" ", result.StandardError)).Trim()}` (exit {result.ExitCode})";
        environment.TryGetValue("GOEXPERIMENT", out var value);
        return Diagnostic.Error(Codes.LoopvarProofFailed,
            $"go build of '{moduleDirectory}' ran with GOEXPERIMENT='{value}', but `go version` on the result printed {said}, without X:{experiment}: the per-iteration loop semantics that GOEXPERIMENT promises (GoLoopvar=Enable, or your own GOEXPERIMENT) are not proven, so the output was not kept. " +
            $"Fix: check that nothing (GOFLAGS, GoBuildArguments, a toolchain switch through GOTOOLCHAIN) changes the experiment; build the module by hand with GOEXPERIMENT={experiment} and compare with `go version <file>`, or set GoLoopvar=Off.",
            diagnosticFile);
    }
}
