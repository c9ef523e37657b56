using System;
using System.Collections.Generic;

namespace GoToolchain.Build.Execution;

/// <summary>What happened to a child process. Everything the child did is data here; nothing about it is an exception.</summary>
public sealed class ProcessResult
{
    internal ProcessResult(
        string commandLineForLog,
        int exitCode,
        bool timedOut,
        bool cancelled,
        string? startError,
        IReadOnlyList<string> standardOutput,
        string standardOutputText,
        IReadOnlyList<string> standardError,
        string standardErrorText,
        TimeSpan elapsed,
        int standardOutputOmittedLines = 0,
        int standardErrorOmittedLines = 0,
        string? transcriptPath = null)
    {
        StandardOutputOmittedLines = standardOutputOmittedLines;
        StandardErrorOmittedLines = standardErrorOmittedLines;
        TranscriptPath = transcriptPath;
        CommandLineForLog = commandLineForLog;
        ExitCode = exitCode;
        TimedOut = timedOut;
        Cancelled = cancelled;
        StartError = startError;
        StandardOutput = standardOutput;
        StandardOutputText = standardOutputText;
        StandardError = standardError;
        StandardErrorText = standardErrorText;
        Elapsed = elapsed;
    }

    /// <summary>Of <see cref="Elapsed"/>, the time spent after a normal exit looking for processes the child left behind
    /// (the environment-marker sweep of /proc), for the task's phase log.</summary>
    public TimeSpan LeftoverSweep { get; internal set; }

    /// <summary>The process's exit code; -1 when it never started or could not be waited for after a kill.</summary>
    public int ExitCode { get; }

    /// <summary>The timeout elapsed and the process tree was killed.</summary>
    public bool TimedOut { get; }

    /// <summary>The cancellation token fired (build cancelled) and the process tree was killed, or it was never started.</summary>
    public bool Cancelled { get; }

    /// <summary>Why the process could not be started (missing file, not executable, bad working directory...); null when it started.</summary>
    public string? StartError { get; }

    /// <summary>Standard output split into lines (without "\n" / "\r\n"); a last line without terminator is included.</summary>
    public IReadOnlyList<string> StandardOutput { get; }

    /// <summary>Standard output exactly as decoded from UTF-8, line terminators included.</summary>
    public string StandardOutputText { get; }

    public IReadOnlyList<string> StandardError { get; }
    public string StandardErrorText { get; }
    public TimeSpan Elapsed { get; }
    public string CommandLineForLog { get; }

    /// <summary>Lines past the bound of what is kept (ProcessRunner.MaxRetainedCharsPerStream): counted, not kept.</summary>
    public int StandardOutputOmittedLines { get; }
    public int StandardErrorOmittedLines { get; }

    /// <summary>Where the full output was written because it was too long to keep; null when nothing was left out or no
    /// transcript was asked for.</summary>
    public string? TranscriptPath { get; }

    /// <summary>" (N more lines were not kept; the full output is in X)" for messages, or "" when nothing was left out.</summary>
    public string OmittedNote
    {
        get
        {
            var omitted = StandardOutputOmittedLines + StandardErrorOmittedLines;
            if (omitted == 0) return "";
            return $" ({omitted} more lines of output were not kept; "
                + (TranscriptPath is null ? "run the command by hand to see them)" : $"the full output is in '{TranscriptPath}')");
        }
    }

    /// <summary>Started, finished on its own, exit code 0.</summary>
    public bool Succeeded => StartError is null && !TimedOut && !Cancelled && ExitCode == 0;

    public override string ToString() =>
        StartError is not null ? $"{CommandLineForLog}: not started: {StartError}"
        : TimedOut ? $"{CommandLineForLog}: timed out after {Elapsed.TotalSeconds:0.0} s"
        : Cancelled ? $"{CommandLineForLog}: cancelled"
        : $"{CommandLineForLog}: exit code {ExitCode}";
}
