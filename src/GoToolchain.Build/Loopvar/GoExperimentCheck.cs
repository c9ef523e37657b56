using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using GoToolchain.Build.Diagnostics;
using GoToolchain.Build.Execution;

namespace GoToolchain.Build.Loopvar;

/// <summary>
/// Asks the toolchain whether it accepts a GOEXPERIMENT value before any build runs: `go env GOEXPERIMENT` with
/// that value fails exactly as every other go command would (`go: unknown GOEXPERIMENT x`).
/// Only values with experiments other than loopvar/noloopvar are asked (those two the version decides). An
/// accepted value is remembered under obj/ by the go binary (path, size, mtime) and the value, so a no-op build
/// starts no go process.
/// </summary>
public sealed class GoExperimentCheck
{
    private readonly string _goExecutable;
    private readonly string? _cacheDirectory;
    private readonly TimeSpan _timeout;
    private readonly CancellationToken _cancellation;
    private readonly Action<string> _log;

    public GoExperimentCheck(string goExecutable, string? cacheDirectory, TimeSpan timeout, CancellationToken cancellation, Action<string> log)
    {
        _goExecutable = goExecutable;
        _cacheDirectory = cacheDirectory;
        _timeout = timeout;
        _cancellation = cancellation;
        _log = log;
    }

    /// <summary>Number of go processes started (for tests and the log).</summary>
    public int ProcessesStarted { get; private set; }

    /// <param name="environment">The environment go processes get (GOTOOLCHAIN etc.); GOEXPERIMENT is replaced by <paramref name="value"/>.</param>
    public void Check(string value, IReadOnlyDictionary<string, string?> environment, string source, string? diagnosticFile,
        DiagnosticBag diagnostics)
    {
        var marker = _cacheDirectory is null ? null : Path.Combine(_cacheDirectory, "goexperiment-ok-" + Key(value));
        if (marker is not null && File.Exists(marker)) return;

        var env = environment.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        env["GOEXPERIMENT"] = value;
        env["GOTOOLCHAIN"] = "local"; // a go.mod must not make this probe switch toolchains (it runs from a neutral directory anyway)
        var spec = new ProcessSpec(_goExecutable, new[] { "env", "GOEXPERIMENT" }, _timeout, Path.GetTempPath(), env);
        _log($"GOEXPERIMENT={value} {spec.CommandLineForLog}");
        ProcessesStarted++;
        var result = ProcessRunner.Run(spec, _cancellation, _log, _log);
        if (result.Cancelled) return;
        if (!result.Succeeded)
        {
            var said = result.StartError ?? (result.TimedOut ? $"no answer within {_timeout.TotalSeconds:0} s" : string.Join(" ",
                result.StandardError.Where(l => l.Trim().Length > 0)));
            diagnostics.Add(Diagnostic.Error(Codes.GoExperimentRejected,
                $"GOEXPERIMENT='{value}' (from {source}) is rejected by '{_goExecutable}': `{said.Trim()}`. Every go command of the build would " +
                    $"fail the same way. " +
                "Fix: remove the experiment go does not know (names are case-sensitive and not trimmed) or use a toolchain that has it.",
                diagnosticFile));
            return;
        }
        if (marker is not null) WriteMarker(marker);
    }

    private string Key(string value)
    {
        var stamp = "";
        try
        {
            var info = new FileInfo(_goExecutable);
            stamp = info.Exists ? $"{info.Length}@{info.LastWriteTimeUtc.Ticks}" : "";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
        }
        return ContentHash.ShortOfText($"v1\n{_goExecutable}\n{stamp}\n{value}");
    }

    private static void WriteMarker(string marker)
    {
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(marker)!);
            File.WriteAllText(marker, "");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The marker only saves a go process next time.
        }
    }
}
