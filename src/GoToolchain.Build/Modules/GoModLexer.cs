using System;
using System.Globalization;
using System.Text;

namespace GoToolchain.Build.Modules;

internal enum GoModTokenKind { Eof, EolComment, Comment, Ident, String, Newline, LParen, RParen, Punctuation }

internal readonly struct GoModToken
{
    public GoModToken(GoModTokenKind kind, string text, int line, int column)
    {
        Kind = kind;
        Text = text;
        Line = line;
        Column = column;
    }

    public GoModTokenKind Kind { get; }
    public string Text { get; }
    public int Line { get; }
    public int Column { get; }

    /// <summary>Ends a line: end of file, a newline, or a comment after other tokens (which ate the newline).</summary>
    public bool IsEndOfLine => Kind is GoModTokenKind.Eof or GoModTokenKind.EolComment or GoModTokenKind.Newline;
}

/// <summary>A syntax error: go stops reading the file at the first one, and so do we.</summary>
internal sealed class GoModSyntaxError : Exception
{
    public GoModSyntaxError(string goMessage, int line, int column) : base(goMessage)
    {
        Line = line;
        Column = column;
    }

    public int Line { get; }

    /// <summary>1-based rune column; go prints it only when it is greater than 1.</summary>
    public int Column { get; }
}

/// <summary>
/// The go.mod/go.work tokenizer, a port of golang.org/x/mod/modfile's read.go lexer: identifiers are runs of
/// printable non-space runes, strings are "…" or `…` on one line, `//` comments run to the end of the line,
/// and ( ) [ ] { } , and newline are tokens of their own. Error texts are go's.
/// </summary>
internal sealed class GoModLexer
{
    private readonly string _text;
    private int _index;
    private int _line = 1;
    private int _column = 1;

    public GoModLexer(string text) => _text = text;

    public int Line => _line;
    public int Column => _column;

    public GoModToken Next()
    {
        while (_index < _text.Length)
        {
            var c = _text[_index];
            if (c == ' ' || c == '\t' || c == '\r')
            {
                ReadRune();
                continue;
            }
            if (StartsWith("//"))
            {
                // A comment alone on its line is a statement-level comment; after tokens it ends the line.
                var lineStart = _text.LastIndexOf('\n', Math.Max(_index - 1, 0)) + 1;
                var afterTokens = _index > lineStart && _text.Substring(lineStart, _index - lineStart).Trim().Length > 0;
                var start = _index;
                var (line, column) = (_line, _column);
                while (_index < _text.Length && ReadRune() != "\n") { }
                var comment = _text.Substring(start, _index - start);
                if (comment.EndsWith("\r\n", StringComparison.Ordinal)) comment = comment.Substring(0, comment.Length - 2);
                else if (comment.EndsWith("\n", StringComparison.Ordinal)) comment = comment.Substring(0, comment.Length - 1);
                return new GoModToken(afterTokens ? GoModTokenKind.EolComment : GoModTokenKind.Comment, comment, line, column);
            }
            if (StartsWith("/*")) throw Error("mod files must use // comments (not /* */ comments)");
            break;
        }

        var tokenLine = _line;
        var tokenColumn = _column;
        if (_index >= _text.Length) return new GoModToken(GoModTokenKind.Eof, "", tokenLine, tokenColumn);

        var first = PeekRune();
        switch (first)
        {
            case "\n":
                ReadRune();
                return new GoModToken(GoModTokenKind.Newline, "\n", tokenLine, tokenColumn);
            case "(":
                ReadRune();
                return new GoModToken(GoModTokenKind.LParen, "(", tokenLine, tokenColumn);
            case ")":
                ReadRune();
                return new GoModToken(GoModTokenKind.RParen, ")", tokenLine, tokenColumn);
            case "[": case "]": case "{": case "}": case ",":
                ReadRune();
                return new GoModToken(GoModTokenKind.Punctuation, first, tokenLine, tokenColumn);
            case "\"": case "`":
                return ReadString(first, tokenLine, tokenColumn);
        }

        if (!IsIdentRune(first)) throw Error($"unexpected input character {QuoteRune(first)}");
        var begin = _index;
        while (_index < _text.Length && IsIdentRune(PeekRune()))
        {
            if (StartsWith("//")) break;
            if (StartsWith("/*")) throw Error("mod files must use // comments (not /* */ comments)");
            ReadRune();
        }
        return new GoModToken(GoModTokenKind.Ident, _text.Substring(begin, _index - begin), tokenLine, tokenColumn);
    }

    private GoModToken ReadString(string quote, int tokenLine, int tokenColumn)
    {
        var begin = _index;
        ReadRune();
        while (true)
        {
            if (_index >= _text.Length) throw new GoModSyntaxError("unexpected EOF in string", tokenLine, tokenColumn);
            if (PeekRune() == "\n") throw Error("unexpected newline in string");
            var c = ReadRune();
            if (c == quote) break;
            if (c == "\\" && quote != "`")
            {
                if (_index >= _text.Length) throw new GoModSyntaxError("unexpected EOF in string", tokenLine, tokenColumn);
                ReadRune();
            }
        }
        return new GoModToken(GoModTokenKind.String, _text.Substring(begin, _index - begin), tokenLine, tokenColumn);
    }

    public GoModSyntaxError Error(string goMessage) => new(goMessage, _line, _column);

    private bool StartsWith(string prefix) => string.CompareOrdinal(_text, _index, prefix, 0, prefix.Length) == 0;

    // One rune: a surrogate pair counts as one column, as go counts runes.
    private string PeekRune()
    {
        var length = char.IsHighSurrogate(_text[_index]) && _index + 1 < _text.Length && char.IsLowSurrogate(_text[_index + 1]) ? 2 : 1;
        return _text.Substring(_index, length);
    }

    private string ReadRune()
    {
        var rune = PeekRune();
        _index += rune.Length;
        if (rune == "\n")
        {
            _line++;
            _column = 1;
        }
        else
        {
            _column++;
        }
        return rune;
    }

    // read.go isIdent: printable (unicode.IsPrint) and not space, except ( ) [ ] { } ,
    // A lone surrogate counts as printable: it stands for bytes go decodes as U+FFFD, which is printable.
    private static bool IsIdentRune(string rune)
    {
        if (rune.Length == 1 && "()[]{},".IndexOf(rune[0]) >= 0) return false;
        switch (CharUnicodeInfo.GetUnicodeCategory(rune, 0))
        {
            case UnicodeCategory.SpaceSeparator:
            case UnicodeCategory.LineSeparator:
            case UnicodeCategory.ParagraphSeparator:
            case UnicodeCategory.Control:
            case UnicodeCategory.Format:
            case UnicodeCategory.PrivateUse:
            case UnicodeCategory.OtherNotAssigned:
                return false;
            default:
                return true;
        }
    }

    // Go's %q of a rune (strconv.QuoteRune), as go prints it in "unexpected input character".
    internal static string QuoteRune(string rune)
    {
        var c = rune[0];
        var escaped = c switch
        {
            '\a' => "\\a",
            '\b' => "\\b",
            '\f' => "\\f",
            '\n' => "\\n",
            '\r' => "\\r",
            '\t' => "\\t",
            '\v' => "\\v",
            '\'' => "\\'",
            '\\' => "\\\\",
            _ => null,
        };
        if (escaped is null)
        {
            var codePoint = rune.Length == 2 ? char.ConvertToUtf32(rune[0], rune[1]) : rune[0];
            if (codePoint < 0x20 || codePoint == 0x7f) escaped = $"\\x{codePoint:x2}";
            else if (!IsIdentRune(rune) && codePoint != ' ') escaped = codePoint > 0xffff ? $"\\U{codePoint:x8}" : $"\\u{codePoint:x4}";
            else escaped = rune;
        }
        return new StringBuilder().Append('\'').Append(escaped).Append('\'').ToString();
    }
}
