using System.Collections.Generic;

namespace GoToolchain.Build.Diagnostics;

public enum Severity { Message, Warning, Error }

/// <summary>
/// One finding of the pure logic. Task adapters turn it into an MSBuild error, warning or message.
/// File/Line point at the user's file (go.mod, a .go file, the project file); never at our .targets.
/// </summary>
public sealed class Diagnostic
{
    public Diagnostic(string code, Severity severity, string message, string? file = null, int line = 0, int column = 0)
    {
        Code = code;
        Severity = severity;
        Message = message;
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
