using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace GoToolchain.Build.Bindings;

/// <summary>
/// Reads the <c>lib&lt;name&gt;.h</c> that go build -buildmode=c-shared writes (same layout on go 1.19 to 1.23; Windows adds
/// <c>__declspec(dllexport)</c>): the preamble's C declarations, the <c>*_return</c> structs and the <c>extern</c> lines
/// with the doc comments cgo copies above them. The boilerplate prologue (GoInt, GoString, ...) is known, not parsed.
/// Only the declarations cgo itself can put in a signature are understood; anything else in the preamble is skipped.
/// </summary>
public static class CgoHeaderParser
{
    private const string PreambleStart = "/* Start of preamble from import \"C\" comments.  */";
    private const string PreambleEnd = "/* End of preamble from import \"C\" comments.  */";
    private const string ExternBlockStart = "extern \"C\" {";

    public static CgoHeader Parse(string text)
    {
        var header = new CgoHeader();
        text = text.Replace("\r\n", "\n");
        var preambleStart = text.IndexOf(PreambleStart, StringComparison.Ordinal);
        var preambleEnd = text.IndexOf(PreambleEnd, StringComparison.Ordinal);
        if (preambleStart >= 0 && preambleEnd > preambleStart)
        {
            ParseDeclarations(text.Substring(preambleStart + PreambleStart.Length, preambleEnd - preambleStart - PreambleStart.Length), header);
        }

        var body = text.IndexOf(ExternBlockStart, preambleEnd < 0 ? 0 : preambleEnd, StringComparison.Ordinal);
        if (body < 0) return header;
        ParseExports(text.Substring(body + ExternBlockStart.Length), header);
        return header;
    }

    private static readonly Regex ReturnStructStart = new(@"^struct (\w+) \{$");
    private static readonly Regex ReturnField = new(@"^\s*(.+?)\s+(\w+);\s*(?:/\*\s*(\w+)\s*\*/)?\s*$");
    private static readonly Regex Extern = new(@"^extern\s+(?:__declspec\(dllexport\)\s+)?(.+?)\s*\b(\w+)\s*\((.*)\)\s*;\s*$");

    private static void ParseExports(string body, CgoHeader header)
    {
        var doc = new List<string>();
        var lines = body.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.StartsWith("//", StringComparison.Ordinal))
            {
                doc.Add(line.Substring(2).StartsWith(" ", StringComparison.Ordinal) ? line.Substring(3) : line.Substring(2));
                continue;
            }
            var structStart = ReturnStructStart.Match(line);
            if (structStart.Success)
            {
                var fields = new List<CField>();
                for (i++; i < lines.Length && !lines[i].StartsWith("};", StringComparison.Ordinal); i++)
                {
                    var field = ReturnField.Match(lines[i]);
                    if (field.Success) fields.Add(new CField(ParseType(field.Groups[1].Value), field.Groups[2].Value, 0, field.Groups[3].Success
                        ? field.Groups[3].Value : null));
                }
                var name = structStart.Groups[1].Value;
                header.Structs["struct " + name] = new CStruct(name, fields, isReturnStruct: true);
                continue;
            }
            var match = Extern.Match(line);
            if (match.Success)
            {
                var parameters = SplitTopLevel(match.Groups[3].Value)
                    .Where(p => p.Length > 0 && p != "void")
                    .Select((p, index) => ParseParameter(p, index))
                    .ToList();
                header.Exports.Add(new CExport(match.Groups[2].Value, ParseType(match.Groups[1].Value), parameters, TrimDoc(doc)));
            }
            doc = new List<string>(); // a doc comment belongs to the extern line right below it
        }
    }

    private static IReadOnlyList<string> TrimDoc(List<string> doc)
    {
        // Go doc comments end with a blank "//" line before the //export directive.
        var trimmed = doc.ToList();
        while (trimmed.Count > 0 && trimmed[trimmed.Count - 1].Trim().Length == 0) trimmed.RemoveAt(trimmed.Count - 1);
        return trimmed;
    }

    private static CParameter ParseParameter(string text, int index)
    {
        var match = Regex.Match(text, @"^(.*?[\s*])(\w+)$");
        if (match.Success && !IsTypeKeyword(match.Groups[2].Value)) return new CParameter(ParseType(match.Groups[1].Value), match.Groups[2].Value);
        return new CParameter(ParseType(text), "p" + index);
    }

    private static readonly HashSet<string> CKeywords = new(StringComparer.Ordinal)
    {
        "void", "char", "short", "int", "long", "float", "double", "signed", "unsigned", "_Bool", "bool",
    };

    private static bool IsTypeKeyword(string word) => CKeywords.Contains(word);

    /// <summary>"long unsigned int" → unsigned long; "const char*" → char*; "struct DivMod_return" → struct.</summary>
    public static CType ParseType(string text)
    {
        var pointers = text.Count(c => c == '*');
        var words = Regex.Split(text.Replace("*", " "), @"\s+").Where(w => w.Length > 0).ToList();
        var isConst = words.Remove("const");
        while (words.Remove("volatile") || words.Remove("restrict") || words.Remove("__restrict")) { }
        var isStruct = words.Remove("struct") | words.Remove("union");
        words.Remove("enum");
        return new CType(CanonicalName(words), pointers, isStruct, isConst);
    }

    private static string CanonicalName(List<string> words)
    {
        if (words.Count == 0) return "int";
        if (words.Count == 1 && !IsTypeKeyword(words[0])) return words[0];
        if (words.Contains("_Bool") || words.Contains("bool")) return "_Bool";
        if (words.Contains("void")) return "void";
        if (words.Contains("float")) return "float";
        if (words.Contains("double")) return words.Contains("long") ? "long double" : "double";
        var unsigned = words.Contains("unsigned");
        var longs = words.Count(w => w == "long");
        var prefix = unsigned ? "unsigned " : "";
        if (words.Contains("char")) return unsigned ? "unsigned char" : words.Contains("signed") ? "signed char" : "char";
        if (words.Contains("short")) return prefix + "short";
        if (longs >= 2) return prefix + "long long";
        if (longs == 1) return prefix + "long";
        if (words.All(IsTypeKeyword)) return prefix + "int";
        return string.Join(" ", words);
    }

    /// <summary>Splits at commas outside (), [] and {}; shared with the Go signature scanner.</summary>
    internal static List<string> SplitTopLevel(string text, char separator = ',')
    {
        var parts = new List<string>();
        var depth = 0;
        var current = new StringBuilder();
        foreach (var c in text)
        {
            if (c is '(' or '[' or '{') depth++;
            if (c is ')' or ']' or '}') depth--;
            if (c == separator && depth == 0)
            {
                parts.Add(current.ToString().Trim());
                current.Clear();
                continue;
            }
            current.Append(c);
        }
        if (current.ToString().Trim().Length > 0) parts.Add(current.ToString().Trim());
        return parts;
    }

    // ---------------- the preamble: C declarations ----------------

    /// <summary>Comments and preprocessor lines removed, then top-level declarations one by one (function bodies skipped).</summary>
    public static void ParseDeclarations(string c, CgoHeader header)
    {
        foreach (var declaration in TopLevelDeclarations(StripCommentsAndDirectives(c)))
        {
            ParseDeclaration(declaration, header);
        }
    }

    private static string StripCommentsAndDirectives(string c)
    {
        var noBlock = Regex.Replace(c, @"/\*.*?\*/", " ", RegexOptions.Singleline);
        var noLine = Regex.Replace(noBlock, @"//[^\n]*", "");
        var result = new StringBuilder();
        var continuing = false;
        foreach (var line in noLine.Split('\n'))
        {
            var isDirective = continuing || line.TrimStart().StartsWith("#", StringComparison.Ordinal);
            continuing = isDirective && line.TrimEnd().EndsWith("\\", StringComparison.Ordinal);
            if (!isDirective) result.Append(line).Append('\n');
        }
        return result.ToString();
    }

    private static IEnumerable<string> TopLevelDeclarations(string c)
    {
        var current = new StringBuilder();
        var depth = 0;
        for (var i = 0; i < c.Length; i++)
        {
            var ch = c[i];
            if (ch == '"' || ch == '\'')
            {
                // Skip string and character literals whole.
                var end = i + 1;
                while (end < c.Length && c[end] != ch) end += c[end] == '\\' ? 2 : 1;
                current.Append(c, i, Math.Min(end, c.Length - 1) - i + 1);
                i = end;
                continue;
            }
            if (ch == '{')
            {
                // A function definition: ")" then "{" at the top level. Its body is skipped, and it ends the declaration.
                if (depth == 0 && current.ToString().TrimEnd().EndsWith(")", StringComparison.Ordinal) && !current.ToString().Contains("typedef"))
                {
                    i = SkipBalanced(c, i);
                    current.Clear();
                    continue;
                }
                depth++;
            }
            if (ch == '}') depth--;
            if (ch == ';' && depth == 0)
            {
                var text = current.ToString().Trim();
                if (text.Length > 0) yield return text;
                current.Clear();
                continue;
            }
            current.Append(ch);
        }
    }

    private static int SkipBalanced(string c, int open)
    {
        var depth = 0;
        for (var i = open; i < c.Length; i++)
        {
            if (c[i] == '{') depth++;
            if (c[i] == '}' && --depth == 0) return i;
        }
        return c.Length - 1;
    }

    private static readonly Regex FunctionPointerTypedef = new(@"^typedef\s+(.+?)\(\s*\*\s*(\w+)\s*\)\s*\((.*)\)$", RegexOptions.Singleline);
    private static readonly Regex StructDefinition = new(@"^(typedef\s+)?(struct|union|enum)\s*(\w+)?\s*\{(.*)\}\s*(\w+)?$", RegexOptions.Singleline);
    private static readonly Regex SimpleTypedef = new(@"^typedef\s+(.+?[\s*])(\w+)$", RegexOptions.Singleline);

    private static void ParseDeclaration(string declaration, CgoHeader header)
    {
        declaration = Regex.Replace(declaration, @"\s+", " ").Trim();
        var fnptr = FunctionPointerTypedef.Match(declaration);
        if (fnptr.Success)
        {
            var parameters = SplitTopLevel(fnptr.Groups[3].Value)
                .Where(p => p.Length > 0 && p != "void")
                .Select((p, index) => ParseParameter(p, index).Type)
                .ToList();
            header.FunctionPointers[fnptr.Groups[2].Value] = new CFunctionPointer(fnptr.Groups[2].Value, ParseType(fnptr.Groups[1].Value),
                parameters);
            return;
        }
        var definition = StructDefinition.Match(declaration);
        if (definition.Success)
        {
            var kind = definition.Groups[2].Value;
            var tag = definition.Groups[3].Success ? definition.Groups[3].Value : null;
            var typedefName = definition.Groups[1].Success && definition.Groups[5].Success ? definition.Groups[5].Value : null;
            if (kind == "enum")
            {
                if (typedefName is not null) header.Enums.Add(typedefName);
                if (tag is not null) header.Enums.Add(tag);
                return;
            }
            if (kind == "union") return; // unions are not mapped: any export using one is reported as unknown
            var fields = ParseFields(definition.Groups[4].Value);
            if (fields is null) return;
            var name = typedefName ?? tag!;
            var structure = new CStruct(name, fields, isReturnStruct: false);
            if (typedefName is not null) header.Structs[typedefName] = structure;
            if (tag is not null) header.Structs["struct " + tag] = structure;
            return;
        }
        var alias = SimpleTypedef.Match(declaration);
        if (alias.Success)
        {
            header.Aliases[alias.Groups[2].Value] = ParseType(alias.Groups[1].Value);
        }
    }

    private static readonly Regex FieldDeclarator = new(@"^(\**)\s*(\w+)\s*(?:\[\s*(\d+)\s*\])?$");

    /// <summary>Fields of a struct body, or null when it has something not mapped (nested definitions, bit fields).</summary>
    private static List<CField>? ParseFields(string body)
    {
        var fields = new List<CField>();
        foreach (var raw in body.Split(';'))
        {
            var text = raw.Trim();
            if (text.Length == 0) continue;
            if (text.Contains("{") || text.Contains(":") || text.Contains("(")) return null;
            var declarators = SplitTopLevel(text);
            var first = Regex.Match(declarators[0], @"^(.*?[\s*])(\**\s*\w+\s*(?:\[\s*\d+\s*\])?)$");
            if (!first.Success) return null;
            var baseType = first.Groups[1].Value.Replace("*", "").Trim();
            var all = new[] { first.Groups[2].Value + new string('*', 0) }.Concat(declarators.Skip(1));
            var firstPointers = first.Groups[1].Value.Count(ch => ch == '*');
            var index = 0;
            foreach (var declarator in all)
            {
                var d = FieldDeclarator.Match(declarator.Trim());
                if (!d.Success) return null;
                var pointers = d.Groups[1].Value.Length + (index++ == 0 ? firstPointers : 0);
                var type = ParseType(baseType + new string('*', pointers));
                fields.Add(new CField(type, d.Groups[2].Value, d.Groups[3].Success ? int.Parse(d.Groups[3].Value) : 0));
            }
        }
        return fields;
    }
}
