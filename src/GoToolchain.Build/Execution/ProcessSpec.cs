using System;
using System.Collections.Generic;
using System.Linq;

namespace GoToolchain.Build.Execution;

/// <summary>What to run: a program and its argv (never a shell command line), where, with which environment changes,
/// and for how long at most.</summary>
public sealed class ProcessSpec
{
    private static readonly IReadOnlyDictionary<string, string?> NoOverrides = new Dictionary<string, string?>();

    /// <summary>How long one go process may run unless GoProcessTimeoutSeconds says otherwise: the one place this default lives
    /// (the targets' own default of the property is the same number).</summary>
    public const int DefaultTimeoutSeconds = 600;

    public static TimeSpan DefaultTimeout => TimeSpan.FromSeconds(DefaultTimeoutSeconds);

    /// <param name="fileName">The program; a full path is best (a bare name is looked up on PATH by .NET).</param>
    /// <param name="arguments">The argv after the program name, passed verbatim.</param>
    /// <param name="timeout">Required and finite: when it elapses the whole process tree is killed.</param>
    /// <param name="workingDirectory">Null inherits ours.</param>
    /// <param name="environmentOverrides">Applied to the child's copy of our environment only; a null value removes the variable.</param>
    public ProcessSpec(
        string fileName,
        IEnumerable<string> arguments,
        TimeSpan timeout,
        string? workingDirectory = null,
        IReadOnlyDictionary<string, string?>? environmentOverrides = null)
    {
        FileName = fileName ?? throw new ArgumentNullException(nameof(fileName));
        if (arguments is null) throw new ArgumentNullException(nameof(arguments));
        // Copy so the caller cannot change what runs after the spec was built (or logged).
        var argv = arguments.ToArray();
        if (argv.Any(a => a is null)) throw new ArgumentException("An argument is null.", nameof(arguments));
        Arguments = Array.AsReadOnly(argv);
        if (timeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(timeout), timeout,
            "Every child process needs a positive, finite timeout.");
        Timeout = timeout;
        WorkingDirectory = workingDirectory;
        EnvironmentOverrides = environmentOverrides is null || environmentOverrides.Count == 0
            ? NoOverrides
            : environmentOverrides.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
    }

    public string FileName { get; }
    public IReadOnlyList<string> Arguments { get; }
    public string? WorkingDirectory { get; }
    public IReadOnlyDictionary<string, string?> EnvironmentOverrides { get; }
    public TimeSpan Timeout { get; }

    /// <summary>
    /// Where to write the whole output when it is longer than what is kept in memory (a file in the build's own
    /// folders, e.g. under obj/); null: the excess is only counted.
    /// </summary>
    public string? TranscriptPath { get; set; }

    /// <summary>Called once, on the runner's thread (where MSBuild logging is safe), when the child has run <see cref="SlowNoticeAfter"/>
    /// and is still running: the build's "go is still building" line. Null: no notice.</summary>
    public Action<TimeSpan>? OnSlow { get; set; }
    public TimeSpan SlowNoticeAfter { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Program and argv quoted exactly as handed to the OS, for logs.</summary>
    public string CommandLineForLog => CommandLineQuoting.Join(new[] { FileName }.Concat(Arguments));

    public override string ToString() => CommandLineForLog;
}
