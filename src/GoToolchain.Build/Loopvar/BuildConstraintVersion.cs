using System;
using System.Collections.Generic;
using System.IO;
using System.Text.RegularExpressions;
using GoToolchain.Build.Versions;

namespace GoToolchain.Build.Loopvar;

/// <summary>
/// The Go version a `//go:build` line implies, as go/build/constraint.GoVersion computes it: the minimum goX.Y
/// every satisfying assignment needs (`a &amp;&amp; b` takes the larger, `a || b` the smaller, `!x` none). Since
/// Go 1.21 that version is the file's language version, so a file can have other loop semantics than its module
/// (`//go:build go1.22` upgrades one file; on 1.22+ `//go:build go1.21` also downgrades one).
/// </summary>
public static class BuildConstraintVersion
{
    private static readonly Regex GoVersionTag = new(@"^go1\.(\d+)$", RegexOptions.CultureInvariant);

    /// <summary>The implied version of a constraint expression (the text after //go:build), or null for none or an unreadable one.</summary>
    public static GoVersion? Of(string expression)
    {
        try
        {
            var parser = new Parser(expression);
            var version = parser.Or();
            parser.ExpectEnd();
            return version;
        }
        catch (FormatException)
        {
            return null; // go reports malformed constraints itself when it builds
        }
    }

    /// <summary>
    /// Reads the `//go:build` line of a Go source file's header (before the package clause), with its 1-based line
    /// number; null when there is none.
    /// </summary>
    public static (string Expression, int Line)? ReadConstraint(TextReader reader)
    {
        var lineNumber = 0;
        var inBlockComment = false;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            var trimmed = line.Trim();
            if (inBlockComment)
            {
                if (trimmed.Contains("*/")) inBlockComment = false;
                continue;
            }
            if (trimmed.Length == 0) continue;
            if (trimmed.StartsWith("//go:build", StringComparison.Ordinal)
                && (trimmed.Length == 10 || char.IsWhiteSpace(trimmed[10])))
            {
                return (trimmed.Substring(10).Trim(), lineNumber);
            }
            if (trimmed.StartsWith("//", StringComparison.Ordinal)) continue;
            if (trimmed.StartsWith("/*", StringComparison.Ordinal))
            {
                inBlockComment = !trimmed.Contains("*/");
                continue;
            }
            return null; // the package clause or code: build constraints must come before it
        }
        return null;
    }

    private sealed class Parser
    {
        private readonly List<string> _tokens = new();
        private int _position;

        public Parser(string text)
        {
            for (var i = 0; i < text.Length;)
            {
                var c = text[i];
                if (char.IsWhiteSpace(c)) { i++; continue; }
                if (c is '(' or ')' or '!') { _tokens.Add(c.ToString()); i++; continue; }
                if ((c == '&' || c == '|') && i + 1 < text.Length && text[i + 1] == c) { _tokens.Add(new string(c, 2)); i += 2; continue; }
                var start = i;
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] is '_' or '.')) i++;
                if (i == start) throw new FormatException("unexpected character");
                _tokens.Add(text.Substring(start, i - start));
            }
        }

        private string? Peek => _position < _tokens.Count ? _tokens[_position] : null;

        public void ExpectEnd()
        {
            if (Peek is not null) throw new FormatException("trailing tokens");
        }

        public GoVersion? Or()
        {
            var left = And();
            while (Peek == "||")
            {
                _position++;
                var right = And();
                left = left is null || right is null ? null : left < right ? left : right;
            }
            return left;
        }

        private GoVersion? And()
        {
            var left = Not();
            while (Peek == "&&")
            {
                _position++;
                var right = Not();
                left = left is null ? right : right is null ? left : left > right ? left : right;
            }
            return left;
        }

        private GoVersion? Not()
        {
            if (Peek == "!")
            {
                _position++;
                Not();
                return null; // !go1.22 needs no Go version
            }
            return Atom();
        }

        private GoVersion? Atom()
        {
            var token = Peek ?? throw new FormatException("unexpected end");
            _position++;
            if (token == "(")
            {
                var inner = Or();
                if (Peek != ")") throw new FormatException("missing )");
                _position++;
                return inner;
            }
            if (token is ")" or "&&" or "||") throw new FormatException("unexpected " + token);
            var match = GoVersionTag.Match(token);
            return match.Success ? GoVersion.Parse("1." + match.Groups[1].Value) : null;
        }
    }
}
