using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace GoToolchain.Build.Bindings;

/// <summary>Where an //export directive is, and the Go types of the function below it (what the header cannot say: bool
/// vs uint8, a slice's element).</summary>
public sealed class GoExport
{
    public GoExport(string name, string file, int line, IReadOnlyList<string> parameterTypes, IReadOnlyList<string> resultTypes,
        IReadOnlyList<string>? doc = null, IReadOnlyList<string>? parameterNames = null, IReadOnlyList<string>? resultNames = null)
    {
        Name = name;
        ParameterNames = parameterNames ?? parameterTypes.Select(_ => "").ToList();
        ResultNames = resultNames ?? resultTypes.Select(_ => "").ToList();
        Doc = doc ?? Array.Empty<string>();
        File = file;
        Line = line;
        ParameterTypes = parameterTypes;
        ResultTypes = resultTypes;
    }

    public string Name { get; }
    public string File { get; }
    /// <summary>1-based line of the //export directive: diagnostics about this export point here.</summary>
    public int Line { get; }
    /// <summary>Go types, one per parameter in order (<c>a, b int</c> gives two), e.g. "[]byte", "*C.char", "bool".</summary>
    public IReadOnlyList<string> ParameterTypes { get; }
    public IReadOnlyList<string> ResultTypes { get; }
    /// <summary>The Go names, one per entry of ParameterTypes / ResultTypes; "" where the signature names none.</summary>
    public IReadOnlyList<string> ParameterNames { get; }
    public IReadOnlyList<string> ResultNames { get; }
    /// <summary>The comment lines right above the //export directive, "// " removed, trailing blank lines dropped: what cgo
    /// copied into the header up to Go 1.24 (1.25 and later copy none).</summary>
    public IReadOnlyList<string> Doc { get; }
}

/// <summary>
/// Finds //export directives in the .go files of one package directory, by text: a directive at the start of a line
/// and the func declaration that follows. Enough for positions and parameter types; build tags are not evaluated
/// (an export excluded by a tag is simply absent from the header and never looked up).
/// </summary>
public static class GoExportScanner
{
    private static readonly Regex Directive = new(@"^//export\s+(\w+)\s*$");

    public static List<GoExport> ScanDirectory(string packageDirectory)
    {
        var exports = new List<GoExport>();
        if (!Directory.Exists(packageDirectory)) return exports;
        foreach (var file in Directory.EnumerateFiles(packageDirectory, "*.go").OrderBy(f => f, StringComparer.Ordinal))
        {
            if (file.EndsWith("_test.go", StringComparison.Ordinal)) continue;
            exports.AddRange(Scan(file, File.ReadAllText(file)));
        }
        return exports;
    }

    public static IEnumerable<GoExport> Scan(string file, string text)
    {
        var lines = text.Replace("\r\n", "\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var directive = Directive.Match(lines[i].TrimEnd());
            if (!directive.Success) continue;
            var name = directive.Groups[1].Value;
            var signature = new StringBuilder();
            for (var j = i + 1; j < lines.Length && j < i + 40; j++)
            {
                signature.Append(lines[j]).Append('\n');
                if (lines[j].Contains("{")) break;
            }
            var (parameters, results) = ParseNamedSignature(signature.ToString(), name);
            yield return new GoExport(name, file, i + 1, parameters.Select(p => p.Type).ToList(), results.Select(r => r.Type).ToList(),
                DocAbove(lines, i), parameters.Select(p => p.Name).ToList(), results.Select(r => r.Name).ToList());
        }
    }

    private static IReadOnlyList<string> DocAbove(string[] lines, int directive)
    {
        var start = directive;
        while (start > 0 && lines[start - 1].TrimEnd().StartsWith("//", StringComparison.Ordinal)) start--;
        var doc = new List<string>();
        for (var k = start; k < directive; k++)
        {
            var text = lines[k].TrimEnd().Substring(2);
            doc.Add(text.StartsWith(" ", StringComparison.Ordinal) ? text.Substring(1) : text);
        }
        while (doc.Count > 0 && doc[doc.Count - 1].Trim().Length == 0) doc.RemoveAt(doc.Count - 1);
        return doc;
    }

    /// <summary>"func Name(a, b int, s []byte) (int, error) {" → (["int","int","[]byte"], ["int","error"]).</summary>
    public static (IReadOnlyList<string> Parameters, IReadOnlyList<string> Results) ParseSignature(string text, string name)
    {
        var (parameters, results) = ParseNamedSignature(text, name);
        return (parameters.Select(p => p.Type).ToList(), results.Select(r => r.Type).ToList());
    }

    /// <summary>As <see cref="ParseSignature"/>, with each entry's Go name ("" when the list names none).</summary>
    public static (IReadOnlyList<(string Name, string Type)> Parameters, IReadOnlyList<(string Name, string Type)> Results)
        ParseNamedSignature(string text, string name)
    {
        var none = Array.Empty<(string, string)>();
        var start = Regex.Match(text, @"func\s+" + Regex.Escape(name) + @"\s*\(");
        if (!start.Success) return (none, none);
        var open = start.Index + start.Length - 1;
        var close = MatchingParen(text, open);
        if (close < 0) return (none, none);
        var parameters = ParameterList(text.Substring(open + 1, close - open - 1));
        var rest = text.Substring(close + 1);
        var brace = TopLevelBrace(rest);
        var resultText = (brace < 0 ? rest : rest.Substring(0, brace)).Trim();
        IReadOnlyList<(string, string)> results;
        if (resultText.StartsWith("(", StringComparison.Ordinal))
        {
            var end = MatchingParen(resultText, 0);
            results = end < 0 ? none : ParameterList(resultText.Substring(1, end - 1));
        }
        else
        {
            results = resultText.Length == 0 ? none : new[] { ("", resultText) };
        }
        return (parameters, results);
    }

    private static int TopLevelBrace(string text)
    {
        var depth = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] is '(' or '[') depth++;
            else if (text[i] is ')' or ']') depth--;
            // interface{} and struct{} in a result type have their brace right after the keyword.
            else if (text[i] == '{' && depth == 0 && !Regex.IsMatch(text.Substring(0, i), @"(interface|struct)\s*$")) return i;
        }
        return -1;
    }

    private static int MatchingParen(string text, int open)
    {
        var depth = 0;
        for (var i = open; i < text.Length; i++)
        {
            if (text[i] == '(') depth++;
            if (text[i] == ')' && --depth == 0) return i;
        }
        return -1;
    }

    private static readonly HashSet<string> TypeKeywords = new(StringComparer.Ordinal) { "chan", "func", "map", "interface", "struct" };

    /// <summary>Go's rule: either every entry is "name Type" (names may share the next type: "a, b int") or none has a name.</summary>
    private static IReadOnlyList<(string Name, string Type)> ParameterList(string text)
    {
        var entries = SplitTopLevel(text);
        if (entries.Count == 0) return Array.Empty<(string, string)>();
        var split = entries.Select(SplitNameAndType).ToList();
        var named = split.Any(s => s.Type is not null);
        if (!named) return entries.Select(e => ("", e)).ToList();
        var list = new (string, string)[entries.Count];
        string? next = null;
        for (var i = entries.Count - 1; i >= 0; i--)
        {
            if (split[i].Type is not null) next = split[i].Type;
            list[i] = next is null ? ("", entries[i]) : (split[i].First, next);
        }
        return list;
    }

    private static (string First, string? Type) SplitNameAndType(string entry)
    {
        var match = Regex.Match(entry, @"^(\w+)\s+(.+)$", RegexOptions.Singleline);
        if (!match.Success || TypeKeywords.Contains(match.Groups[1].Value)) return (entry, null);
        return (match.Groups[1].Value, Regex.Replace(match.Groups[2].Value, @"\s+", " ").Trim());
    }

    private static List<string> SplitTopLevel(string text)
        => CgoHeaderParser.SplitTopLevel(Regex.Replace(text, @"//[^\n]*", "")).Where(p => p.Length > 0).ToList();
}
