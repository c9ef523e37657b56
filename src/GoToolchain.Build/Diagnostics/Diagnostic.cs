using System.Collections.Generic;

namespace GoToolchain.Build.Diagnostics;

public enum Severity { Message, Warning, Error }

/// <summary>
/// One finding of the pure logic. Task adapters turn it into an MSBuild error, warning or message.
/// File/Line point at the user's file (go.mod, a .go file, the project file); never at our .targets.
/// </summary>
public sealed class Diagnostic
{
    /// <summary>
    /// A message quotes what go printed, and go's output is not ours to trust: past this length it is cut, so one
    /// runaway line cannot become a 20 MB error (and a 100 MB log).
    /// </summary>
    public const int MaxMessageLength = 4000;

    public Diagnostic(string code, Severity severity, string message, string? file = null, int line = 0, int column = 0)
    {
        Code = code;
        Severity = severity;
        Message = message.Length <= MaxMessageLength
            ? message
            : message.Substring(0, MaxMessageLength) + $"… (message cut: {message.Length - MaxMessageLength} more characters)";
        File = file;
        Line = line;
        Column = column;
    }

    public string Code { get; }
    public Severity Severity { get; }
    public string Message { get; }
    public string? File { get; }
    public int Line { get; }
    public int Column { get; }

    public static Diagnostic Error(string code, string message, string? file = null, int line = 0, int column = 0)
        => new(code, Severity.Error, message, file, line, column);

    public static Diagnostic Warning(string code, string message, string? file = null, int line = 0, int column = 0)
        => new(code, Severity.Warning, message, file, line, column);

    public static Diagnostic Info(string code, string message, string? file = null, int line = 0, int column = 0)
        => new(code, Severity.Message, message, file, line, column);

    public override string ToString()
        => (File is null ? "" : Line > 0 ? $"{File}({Line}): " : $"{File}: ") + $"{Severity.ToString().ToLowerInvariant()} {Code}: {Message}";
}

/// <summary>
/// Caps how many diagnostics one go process's output turns into: a go that prints 200,000 error lines gets
/// <see cref="MaxPerProcess"/> of them and one GOTB590 saying how many more and where the full output is.
/// </summary>
public static class DiagnosticLimit
{
    public const int MaxPerProcess = 50;

    /// <param name="omittedLines">Lines the process runner did not keep (they may hold more of them).</param>
    /// <param name="transcriptPath">Where the full output is, when it was written.</param>
    public static List<Diagnostic> Cap(List<Diagnostic> diagnostics, string what, int omittedLines, string? transcriptPath, string? file)
    {
        var extra = diagnostics.Count - MaxPerProcess;
        if (extra <= 0 && omittedLines == 0) return diagnostics;
        var kept = extra > 0 ? diagnostics.GetRange(0, MaxPerProcess) : diagnostics;
        var where = transcriptPath is not null ? $"the full output is in '{transcriptPath}'"
            : "the full output is in the build log (-v:d) or by running the command by hand";
        var more = (extra > 0 ? $"{extra} more errors than the {MaxPerProcess} shown" : "")
            + (extra > 0 && omittedLines > 0 ? ", and " : "")
            + (omittedLines > 0 ? $"{omittedLines} more lines of output past what the build keeps" : "");
        kept.Add(Diagnostic.Info(Codes.OutputTruncated,
            $"{what} reported {more}; {where}. Fix: correct the first errors above, which usually cause the rest.", file));
        return kept;
    }
}

/// <summary>Collects diagnostics; the pure logic never throws for user errors, it reports.</summary>
public sealed class DiagnosticBag
{
    private readonly List<Diagnostic> _items = new();
    public IReadOnlyList<Diagnostic> Items => _items;
    public bool HasErrors { get; private set; }

    public void Add(Diagnostic diagnostic)
    {
        _items.Add(diagnostic);
        if (diagnostic.Severity == Severity.Error) HasErrors = true;
    }

    public void AddRange(IEnumerable<Diagnostic> diagnostics)
    {
        foreach (var d in diagnostics) Add(d);
    }
}
