using System.Collections.Generic;

namespace GoToolchain.Build.Modules;

/// <summary>One statement: `verb args…` on a line, or inside a block.</summary>
internal class GoModLine
{
    public GoModLine(List<string> tokens, int line, int column)
    {
        Tokens = tokens;
        Line = line;
        Column = column;
    }

    public List<string> Tokens { get; }
    public int Line { get; }
    public int Column { get; }
}

/// <summary>`verb ( … )`: the verb tokens and the lines inside.</summary>
internal sealed class GoModBlock : GoModLine
{
    public GoModBlock(List<string> tokens, int line, int column, List<GoModLine> lines) : base(tokens, line, column)
        => Lines = lines;

    public List<GoModLine> Lines { get; }
}

/// <summary>
/// The statement structure of a go.mod/go.work file, a port of modfile's read.go parser: lines, and blocks
/// opened by a line ending in '(' and closed by a line starting with ')'. Stops at the first syntax error.
/// </summary>
internal sealed class GoModSyntax
{
    private readonly GoModLexer _lexer;
    private readonly string _filePath;
    private GoModToken _next;

    private GoModSyntax(string text, string filePath)
    {
        _lexer = new GoModLexer(text);
        _filePath = filePath;
    }

    public List<GoModLine> Statements { get; } = new();

    /// <summary>The first syntax error (go reports only that one), or null.</summary>
    public GoModSyntaxError? Error { get; private set; }

    public static GoModSyntax Parse(string text, string filePath)
    {
        var syntax = new GoModSyntax(text, filePath);
        try
        {
            syntax._next = syntax._lexer.Next();
            syntax.ParseFile();
        }
        catch (GoModSyntaxError error)
        {
            syntax.Error = error;
        }
        return syntax;
    }

    private GoModToken Lex()
    {
        var token = _next;
        _next = _lexer.Next();
        return token;
    }

    private void ParseFile()
    {
        while (true)
        {
            switch (_next.Kind)
            {
                case GoModTokenKind.Eof:
                    return;
                case GoModTokenKind.Newline:
                case GoModTokenKind.Comment:
                    Lex();
                    break;
                default:
                    ParseStatement();
                    break;
            }
        }
    }

    private void ParseStatement()
    {
        var first = Lex();
        var tokens = new List<string> { first.Text };
        while (true)
        {
            var token = Lex();
            if (token.IsEndOfLine)
            {
                Statements.Add(new GoModLine(tokens, first.Line, first.Column));
                return;
            }
            if (token.Kind != GoModTokenKind.LParen)
            {
                tokens.Add(token.Text);
                continue;
            }
            if (_next.IsEndOfLine)
            {
                Statements.Add(ParseBlock(tokens, first));
                return;
            }
            if (_next.Kind == GoModTokenKind.RParen)
            {
                Lex();
                if (_next.IsEndOfLine)
                {
                    Lex();
                    Statements.Add(new GoModBlock(tokens, first.Line, first.Column, new List<GoModLine>()));
                    return;
                }
                tokens.Add("(");
                tokens.Add(")"); // "( )" inside a line is two plain tokens
                continue;
            }
            tokens.Add("(");
        }
    }

    private GoModBlock ParseBlock(List<string> verb, GoModToken start)
    {
        var lines = new List<GoModLine>();
        while (true)
        {
            switch (_next.Kind)
            {
                case GoModTokenKind.EolComment:
                case GoModTokenKind.Newline:
                case GoModTokenKind.Comment:
                    Lex();
                    break;
                case GoModTokenKind.Eof:
                    throw _lexer.Error($"syntax error (unterminated block started at {_filePath}:{start.Line}:{start.Column})");
                case GoModTokenKind.RParen:
                    Lex();
                    if (!_next.IsEndOfLine) throw _lexer.Error("syntax error (expected newline after closing paren)");
                    Lex();
                    return new GoModBlock(verb, start.Line, start.Column, lines);
                default:
                    lines.Add(ParseBlockLine());
                    break;
            }
        }
    }

    private GoModLine ParseBlockLine()
    {
        var first = Lex();
        var tokens = new List<string> { first.Text };
        while (true)
        {
            var token = Lex();
            if (token.IsEndOfLine) return new GoModLine(tokens, first.Line, first.Column);
            tokens.Add(token.Text);
        }
    }
}
