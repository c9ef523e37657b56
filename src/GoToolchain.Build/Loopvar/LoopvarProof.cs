using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using GoToolchain.Build.Building;
using GoToolchain.Build.Diagnostics;
using GoToolchain.Build.Execution;

namespace GoToolchain.Build.Loopvar;

/// <summary>
/// Proves a built binary or c-shared library carries an experiment: the version string Go's linker embeds (what
/// `go version &lt;file&gt;` prints, e.g. `go1.21.13 X:loopvar`) must list it. It is read from the file itself
/// (Building/GoBuildInfo: ELF, PE, Mach-O), so the proof starts no process. Only for a file the reader cannot read
/// does it ask `go version`, with GOEXPERIMENT removed, since a bad one breaks even `go version`. A c-archive has
/// no readable build information (`go version` prints nothing for it either), so it is not checked.
/// </summary>
public static class LoopvarProof
{
    public static Diagnostic? Check(string goExecutable, string builtFile, string experiment, IReadOnlyDictionary<string, string?> environment,
        TimeSpan timeout, CancellationToken cancellation, Action<string> log, string moduleDirectory, string? diagnosticFile)
    {
        environment.TryGetValue("GOEXPERIMENT", out var value);
        var info = GoBuildInfo.Read(builtFile);
        if (info is not null)
        {
            log($"Build information of '{builtFile}' (read from the file): {info.GoVersion}");
            if (GoExperiment.VersionLineHas(info.GoVersion, experiment)) return null;
            return NotProven(moduleDirectory, value, $"`{Path.GetFileName(builtFile)}: {info.GoVersion}`", experiment, diagnosticFile);
        }

        var env = environment.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        env["GOEXPERIMENT"] = null;
        env["GOTOOLCHAIN"] = "local";
        var spec = new ProcessSpec(goExecutable, new[] { "version", builtFile }, timeout, null, env);
        log(spec.CommandLineForLog);
        var result = ProcessRunner.Run(spec, cancellation, log, log);
        if (result.Cancelled) return null;
        var line = result.StandardOutput.FirstOrDefault(l => l.Trim().Length > 0)?.Trim() ?? "";
        if (result.Succeeded && GoExperiment.VersionLineHas(line, experiment)) return null;
        if (result.Succeeded && line.StartsWith(builtFile + ":", StringComparison.Ordinal)) line = Path.GetFileName(builtFile)
            + line.Substring(builtFile.Length);
        var said = result.Succeeded ? (line.Length == 0 ? "nothing" : $"`{line}`")
            : $"`{(result.StartError ?? string.Join(" ", result.StandardError)).Trim()}` (exit {result.ExitCode})";
        return NotProven(moduleDirectory, value, said, experiment, diagnosticFile);
    }

    private static Diagnostic NotProven(string moduleDirectory, string? goExperiment, string said, string experiment, string? diagnosticFile)
    {
        return Diagnostic.Error(Codes.LoopvarProofFailed,
            $"go build of '{moduleDirectory}' ran with GOEXPERIMENT='{goExperiment}', but the result's Go version (what `go version` on it " +
                $"prints) is {said}, without X:{experiment}: the per-iteration loop semantics that GOEXPERIMENT promises (GoLoopvar=Enable, or " +
                $"your own GOEXPERIMENT) are not proven, so the output was not kept. " +
            $"Fix: check that nothing (GOFLAGS, GoBuildArguments, a toolchain switch through GOTOOLCHAIN) changes the experiment; build the " +
                $"module by hand with GOEXPERIMENT={experiment} and compare with `go version <file>`, or set GoLoopvar=Off.",
            diagnosticFile);
    }
}
