using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;

namespace GoToolchain.Build.GoTests.Coverage;

/// <summary>One block of go's coverage profile: a span of a source file, how many statements it holds, how often it ran.</summary>
public sealed class CoverBlock
{
    public CoverBlock(string file, int startLine, int startColumn, int endLine, int endColumn, int statements, long count)
    {
        File = file;
        StartLine = startLine;
        StartColumn = startColumn;
        EndLine = endLine;
        EndColumn = endColumn;
        Statements = statements;
        Count = count;
    }

    /// <summary>As go writes it: the package's import path and the file name ("example.com/calc/add.go").</summary>
    public string File { get; }
    public int StartLine { get; }
    public int StartColumn { get; }
    public int EndLine { get; }
    public int EndColumn { get; }
    public int Statements { get; }
    public long Count { get; }

    /// <summary>
    /// The last line the block covers. Go 1.20+ ends a block at column 1 of the next line ("11.3,12.1": the block is line 11;
    /// its end is exclusive), go 1.19 after the closing brace ("10.12,12.3": lines 10 to 12).
    /// </summary>
    public int LastLine => EndColumn <= 1 && EndLine > StartLine ? EndLine - 1 : EndLine;
}

/// <summary>
/// go's text coverage profile (what <c>go test -coverprofile</c> writes, the same format from 1.19 to 1.27): a
/// <c>mode: set|count|atomic</c> line, then one line per block, <c>file.go:startLine.startCol,endLine.endCol numStmts count</c>.
/// A block that appears more than once (each test binary of <c>-coverpkg</c> reports the packages it covers) is merged as
/// go's own cover tool does: in set mode it ran if any run says so, in count and atomic modes the counts add up.
/// </summary>
public sealed class CoverProfile
{
    private CoverProfile(string mode, IReadOnlyList<CoverBlock> blocks)
    {
        Mode = mode;
        Blocks = blocks;
    }

    /// <summary>set, count or atomic.</summary>
    public string Mode { get; }

    /// <summary>In the order go wrote them (first appearance), duplicates merged.</summary>
    public IReadOnlyList<CoverBlock> Blocks { get; }

    public static CoverProfile Parse(string text)
    {
        string? mode = null;
        var blocks = new List<CoverBlock>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var lineNumber = 0;
        using var reader = new StringReader(text ?? "");
        for (var line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            lineNumber++;
            line = line.TrimEnd('\r');
            if (line.Trim().Length == 0) continue;
            if (line.StartsWith("mode:", StringComparison.Ordinal))
            {
                var lineMode = line.Substring("mode:".Length).Trim();
                if (lineMode is not ("set" or "count" or "atomic"))
                    throw new CoverProfileException(lineNumber, $"unknown mode '{lineMode}' (go writes set, count or atomic)");
                if (mode is not null && mode != lineMode)
                    throw new CoverProfileException(lineNumber, $"mode '{lineMode}' after mode '{mode}': one profile has one mode");
                mode = lineMode;
                continue;
            }
            if (mode is null) throw new CoverProfileException(lineNumber, "a block before the 'mode:' line");

            var block = ParseBlock(line, lineNumber);
            var key = $"{block.File}:{block.StartLine}.{block.StartColumn},{block.EndLine}.{block.EndColumn}";
            if (index.TryGetValue(key, out var at))
            {
                var seen = blocks[at];
                var merged = mode == "set" ? Math.Max(seen.Count, block.Count) : seen.Count + block.Count;
                blocks[at] = new CoverBlock(seen.File, seen.StartLine, seen.StartColumn, seen.EndLine, seen.EndColumn, seen.Statements, merged);
            }
            else
            {
                index[key] = blocks.Count;
                blocks.Add(block);
            }
        }
        if (mode is null) throw new CoverProfileException(0, "no 'mode:' line: this is not a go coverage profile");
        return new CoverProfile(mode, blocks);
    }

    // "example.com/calc/add.go:6.24,6.40 1 1": the file name may hold ':' (a Windows drive in a GOPATH profile), so the
    // numbers are read from the right.
    private static CoverBlock ParseBlock(string line, int lineNumber)
    {
        var lastSpace = line.LastIndexOf(' ');
        var midSpace = lastSpace > 0 ? line.LastIndexOf(' ', lastSpace - 1) : -1;
        var colon = midSpace > 0 ? line.LastIndexOf(':', midSpace - 1) : -1;
        if (colon <= 0)
            throw new CoverProfileException(lineNumber, $"'{line}' is not 'file.go:startLine.startCol,endLine.endCol numStmts count'");
        var span = line.Substring(colon + 1, midSpace - colon - 1).Split(',');
        if (span.Length != 2
            || !TryPosition(span[0], out var startLine, out var startColumn)
            || !TryPosition(span[1], out var endLine, out var endColumn)
            || !int.TryParse(line.Substring(midSpace + 1, lastSpace - midSpace - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var statements)
            || !long.TryParse(line.Substring(lastSpace + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            || endLine < startLine)
            throw new CoverProfileException(lineNumber, $"'{line}' is not 'file.go:startLine.startCol,endLine.endCol numStmts count'");
        return new CoverBlock(line.Substring(0, colon), startLine, startColumn, endLine, endColumn, statements, count);
    }

    private static bool TryPosition(string text, out int line, out int column)
    {
        line = column = 0;
        var dot = text.IndexOf('.');
        return dot > 0
            && int.TryParse(text.Substring(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out line)
            && int.TryParse(text.Substring(dot + 1), NumberStyles.None, CultureInfo.InvariantCulture, out column)
            && line > 0;
    }
}

/// <summary>A profile go did not write (or that was cut short): its line and what is wrong there.</summary>
public sealed class CoverProfileException : FormatException
{
    public CoverProfileException(int line, string problem)
        : base(line > 0 ? $"line {line}: {problem}" : problem)
    {
        Line = line;
    }

    public int Line { get; }
}
