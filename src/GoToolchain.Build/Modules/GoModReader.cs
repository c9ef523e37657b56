using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using GoToolchain.Build.Diagnostics;
using GoToolchain.Build.Versions;

namespace GoToolchain.Build.Modules;

/// <summary>
/// Reads the directives of a go.mod or go.work file with the rules of one go release (modfile's rule.go and
/// work.go): which verbs exist, their argument shapes and go's error texts. Collects every rule error, as go
/// does, after the first syntax error stops the parse.
/// </summary>
internal sealed class GoModReader
{
    private readonly string _filePath;
    private readonly GoModRules _rules;
    private readonly bool _workspace;
    private readonly List<Diagnostic> _problems = new();
    private readonly List<GoDebugSetting> _godebug = new();
    private readonly List<GoWorkUse> _uses = new();
    private readonly List<GoModRequire> _requires = new();
    private readonly List<GoModReplace> _replaces = new();
    private readonly List<GoModIgnore> _ignores = new();
    private readonly List<GoModTool> _tools = new();
    private bool _sawModule;
    private bool _goAccepted;
    private bool _toolchainAccepted;

    private GoModReader(string filePath, GoModRules rules, bool workspace)
    {
        _filePath = filePath;
        _rules = rules;
        _workspace = workspace;
    }

    public string? ModulePath { get; private set; }
    public int ModuleLine { get; private set; }
    public GoModDirective? Go { get; private set; }
    public GoModDirective? Toolchain { get; private set; }
    public IReadOnlyList<GoDebugSetting> Godebug => _godebug;
    public IReadOnlyList<GoWorkUse> Uses => _uses;
    public IReadOnlyList<GoModRequire> Requires => _requires;
    public IReadOnlyList<GoModReplace> Replaces => _replaces;
    public IReadOnlyList<GoModIgnore> Ignores => _ignores;
    public IReadOnlyList<GoModTool> Tools => _tools;
    public IReadOnlyList<Diagnostic> Problems => _problems;

    public static GoModReader Read(string text, string filePath, GoModRules rules, bool workspace)
    {
        var reader = new GoModReader(filePath, rules, workspace);
        try
        {
            reader.ReadAll(text ?? "");
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A bug of ours, not the user's file: report it as one, never crash the build.
            reader._problems.Add(Diagnostic.Error(Codes.InternalError,
                $"GoToolchain.Build failed to read {filePath}: {e.GetType().Name}: {e.Message}. Fix: report this with the file to " +
                    $"GoToolchain.Build; go itself may read it.",
                filePath));
        }
        return reader;
    }

    private void ReadAll(string text)
    {
        var syntax = GoModSyntax.Parse(text, _filePath);
        if (syntax.Error is { } error)
        {
            Report(error.Line, error.Column, error.Message, FixForSyntax(error.Message));
            return;
        }

        foreach (var statement in syntax.Statements)
        {
            if (statement is not GoModBlock block)
            {
                Add(statement.Tokens[0], statement.Tokens.Skip(1).ToList(), statement);
                continue;
            }
            if (block.Tokens.Count > 1 || !_rules.IsBlockDirective(block.Tokens[0], _workspace))
            {
                var blockType = string.Join(" ", block.Tokens);
                Report(block.Line, block.Column, $"unknown block type: {blockType}", FixForUnknown(block.Tokens[0]));
                continue;
            }
            foreach (var line in block.Lines) Add(block.Tokens[0], line.Tokens, line);
        }

        if (!_workspace && !_sawModule && _problems.Count == 0)
        {
            Report(1, 0, _rules.MissingModuleError(_filePath),
                "add a first line 'module <path>', e.g. 'module example.com/greeter' (go mod edit -module=example.com/greeter)");
        }
    }

    private void Add(string verb, List<string> args, GoModLine line)
    {
        RecordAsWritten(verb, args, line);
        if (!_rules.IsDirective(verb, _workspace))
        {
            Report(line, $"unknown directive: {verb}", FixForUnknown(verb));
            return;
        }
        switch (verb)
        {
            case "go":
                if (_goAccepted) { Report(line, "repeated go statement", $"keep one go line (the first is on line {Go!.Line})"); return; }
                if (args.Count != 1) { Report(line, "go directive expects exactly one argument",
                    "write it as 'go 1.N' or 'go 1.N.P', e.g. 'go 1.22'"); return; }
                if (_rules.GoVersionError(args[0], _workspace) is { } goError) { Report(line, goError, FixForGoVersion()); return; }
                _goAccepted = true;
                Go = GoLine(args[0], line);
                return;

            case "toolchain":
                if (_toolchainAccepted) { Report(line, "repeated toolchain statement",
                    $"keep one toolchain line (the first is on line {Toolchain!.Line})"); return; }
                if (args.Count != 1) { Report(line, "toolchain directive expects exactly one argument",
                    "write it as 'toolchain go1.N.P', e.g. 'toolchain go1.23.5', or remove it"); return; }
                if (_rules.ToolchainError(args[0], _workspace) is { } toolchainError) { Report(line, toolchainError,
                    "write it as 'toolchain go1.N.P' (e.g. go1.23.5) or 'toolchain default', or remove it"); return; }
                _toolchainAccepted = true;
                Toolchain = ToolchainLine(args[0], line);
                return;

            case "module":
                if (_sawModule) { Report(line, "repeated module statement", $"keep one module line (the first is on line {ModuleLine})"); return; }
                _sawModule = true;
                ModuleLine = line.Line;
                if (args.Count != 1) { Report(line, "usage: module module/path", "write it as 'module example.com/name'"); return; }
                if (ReadString(args[0], line) is { } modulePath) ModulePath = modulePath;
                return;

            case "godebug":
                var setting = args.Count == 1 && args[0].IndexOfAny(new[] { '"', '`', '\'', ',' }) < 0 ? args[0] : null;
                var equals = setting?.IndexOf('=') ?? -1;
                if (setting is null || equals < 0) { Report(line, "usage: godebug key=value",
                    "write one setting per line as key=value, e.g. 'godebug httpmuxgo121=1'"); return; }
                _godebug.Add(new GoDebugSetting(setting.Substring(0, equals), setting.Substring(equals + 1), line.Line));
                return;

            case "use":
                if (args.Count != 1) { Report(line, "usage: use local/dir", "write one directory per use line, e.g. 'use ./greeter'"); return; }
                if (ReadString(args[0], line) is { } directory) _uses.Add(new GoWorkUse(directory, line.Line));
                return;

            case "require":
            case "exclude":
                if (args.Count != 2) { Report(line, $"usage: {verb} module/path v1.2.3", $"write it as '{verb} example.com/other v1.2.3'"); return; }
                if (ReadString(args[0], line) is not { } requiredPath) return;
                if (ReadVersion(verb, requiredPath, args[1], line) is not { } requiredVersion) return;
                if (ReadPathMajor(requiredPath, line, null) is not { } requiredMajor) return;
                if (!CheckPathMajor(verb, requiredPath, requiredVersion, requiredMajor, line)) return;
                if (verb == "require") _requires.Add(new GoModRequire(requiredPath, requiredVersion, line.Line));
                return;

            case "replace":
                CheckReplace(args, line);
                return;

            case "retract":
                CheckRetract(args, line);
                return;

            case "tool":
            case "ignore":
                if (args.Count != 1) { Report(line, GoModRules.OneArgumentError(verb), verb == "tool"
                    ? "write one tool per line as its package path, e.g. 'tool golang.org/x/tools/cmd/stringer' (go get -tool adds it)"
                    : "write one folder per line, e.g. 'ignore ./node_modules' (./ for the module's root folder only, else at any depth)"); return; }
                // The path is a string as in every other directive: "…" or bare; single quotes and backquotes are rejected.
                if (ReadString(args[0], line) is not { } value) return;
                if (verb == "ignore") _ignores.Add(new GoModIgnore(value, line.Line));
                // Kept for `//go:generate go tool NAME` (generate, GoDoctor, the download check).
                else _tools.Add(new GoModTool(value, line.Line));
                return;
        }
    }

    // Toolchain selection needs the go and toolchain lines even where these rules reject them
    // (go 1.19 and a toolchain line): keep the first one written until one is accepted.
    private void RecordAsWritten(string verb, List<string> args, GoModLine line)
    {
        if (args.Count != 1) return;
        if (verb == "go" && Go is null) Go = GoLine(args[0], line);
        if (verb == "toolchain" && Toolchain is null) Toolchain = ToolchainLine(args[0], line);
    }

    private static GoModDirective GoLine(string value, GoModLine line)
        => new(value, line.Line, GoVersion.TryParse(value, out var version) ? version : null);

    private static GoModDirective ToolchainLine(string value, GoModLine line)
        => new(value, line.Line, GoVersion.FromToolchainName(value));

    private void CheckReplace(List<string> args, GoModLine line)
    {
        var arrow = args.Count >= 2 && args[1] == "=>" ? 1 : 2;
        if (args.Count < arrow + 2 || args.Count > arrow + 3 || args[arrow] != "=>")
        {
            Report(line, "usage: replace module/path [v1.2.3] => other/module v1.4\n\t or replace module/path [v1.2.3] => ../local/directory",
                "write it as 'replace example.com/a => ../a' or 'replace example.com/a v1.0.0 => example.com/b v1.1.0'");
            return;
        }
        if (ReadString(args[0], line) is not { } oldPath) return;
        if (ReadPathMajor(oldPath, line, "replace") is not { } oldMajor) return;
        string? oldVersion = null;
        if (arrow == 2)
        {
            if ((oldVersion = ReadVersion("replace", oldPath, args[1], line)) is null) return;
            if (!CheckPathMajor("replace", oldPath, oldVersion, oldMajor, line)) return;
        }
        if (ReadString(args[arrow + 1], line) is not { } target) return;
        string? newVersion = null;
        if (args.Count == arrow + 3 && (newVersion = ReadVersion("replace", target, args[arrow + 2], line)) is null) return;
        if (args.Count == arrow + 2 && !IsDirectoryPath(target))
        {
            Report(line, _rules.ReplacementWithoutVersionError(target),
                "replace with a directory ('./dir', '../dir', an absolute path) or with 'module/path v1.2.3'");
            return;
        }
        if (args.Count == arrow + 2 && Path.DirectorySeparatorChar == '/' && target.Contains("\\"))
        {
            Report(line, "replacement directory appears to be Windows path (on a non-windows system)", "write the directory with '/' separators");
            return;
        }
        if (args.Count == arrow + 3 && IsDirectoryPath(target))
        {
            Report(line, $"replacement module directory path {GoStrings.Quote(target)} cannot have version",
                "drop the version after a directory replacement");
            return;
        }
        _replaces.Add(new GoModReplace(oldPath, oldVersion, target, newVersion, IsDirectoryPath(target), line.Line));
    }

    private void CheckRetract(List<string> args, GoModLine line)
    {
        var problem = RetractIntervalError(args, out var used);
        const string fix = "write it as 'retract v1.2.3' or 'retract [v1.0.0, v1.1.0]'";
        if (problem is not null) Report(line, problem, fix);
        else if (used < args.Count) Report(line, $"unexpected token after version: {GoStrings.Quote(args[used])}", fix);
    }

    // modfile.parseVersionInterval, shape only: "v" or "[ v , v ]".
    private static string? RetractIntervalError(List<string> args, out int used)
    {
        used = 0;
        if (args.Count == 0 || args[0] == "(") return "expected '[' or version";
        used = 1;
        if (args[0] != "[") return null;
        if (used >= args.Count) return "expected version after '['";
        used++;
        if (used >= args.Count || args[used] != ",") return "expected ',' after version";
        used++;
        if (used >= args.Count) return "expected version after ','";
        used++;
        if (used >= args.Count || args[used] != "]") return "expected ']' after version";
        used++;
        return null;
    }

    // modfile.parseVersion with no fixer (go mod edit): the canonical form of a valid version, else go's complaint.
    private string? ReadVersion(string verb, string modulePath, string token, GoModLine line)
    {
        if (ParseString(token, out var quoteError) is not { } version)
        {
            // modfile.parseVersion wraps the string error in module.InvalidVersionError, quoting the token as written.
            Report(line, $"{verb} {modulePath}: version {GoStrings.Quote(token)} invalid: {quoteError}", QuoteFix(quoteError));
            return null;
        }
        if (ModuleVersion.Canonical(version) is { } canonical) return canonical;
        Report(line, $"{verb} {modulePath}: version {GoStrings.Quote(version)} invalid: must be of the form v1.2.3",
            "write a semantic version such as v1.2.3 (go resolves 'latest' or a branch only on the command line: go get example.com/x@latest)");
        return null;
    }

    // modulePathMajor: the /vN (or gopkg.in .vN) suffix a version must match; null after reporting an invalid one.
    private string? ReadPathMajor(string modulePath, GoModLine line, string? verb)
    {
        if (ModuleVersion.PathMajor(modulePath) is { } major) return major;
        Report(line, (verb is null ? "" : $"{verb} {modulePath}: ") + "invalid module path",
            "a major-version suffix is /v2 or higher, without leading zeros or dots");
        return null;
    }

    private bool CheckPathMajor(string verb, string modulePath, string version, string pathMajor, GoModLine line)
    {
        if (ModuleVersion.PathMajorError(version, pathMajor) is not { } error) return true;
        Report(line, $"{verb} {modulePath}: {error}",
            $"use a {ModuleVersion.Major(version)} path ({modulePath.Split('/')[0]}/…/{ModuleVersion.Major(version)}) for that version, or a " +
            $"version of the major the path names");
        return false;
    }

    private string? ReadString(string token, GoModLine line)
    {
        var value = ParseString(token, out var error);
        if (value is null) Report(line, "invalid quoted string: " + error, QuoteFix(error));
        return value;
    }

    // modfile.parseString: "…" is unquoted by Go's rules (strconv.Unquote); a bare token may hold no quote character at all, so
    // 'x' and `x` are rejected (checked on 1.19 and 1.21 to 1.27).
    private static string? ParseString(string token, out string error)
    {
        error = "";
        if (token.StartsWith("\"", StringComparison.Ordinal))
        {
            var value = GoStrings.Unquote(token);
            if (value is null) error = "invalid syntax";
            return value;
        }
        if (token.IndexOfAny(new[] { '"', '\'', '`' }) >= 0)
        {
            error = "unquoted string cannot contain quote";
            return null;
        }
        return token;
    }

    private static string QuoteFix(string error)
        => error == "invalid syntax"
            ? "fix the escape sequences in the quoted string, or write the value without quotes"
            : "write the value without quotes, or in double quotes (single quotes and backquotes are not Go's go.mod strings)";

    // modfile.IsDirectoryPath: Unix and Windows syntaxes alike, since go.mod files travel. A bare "." or ".."
    // counts from go 1.22 on (gopls/go.mod of golang/tools has `=> ../`); 1.19 and 1.21 want "./" or "../".
    private bool IsDirectoryPath(string path)
        => path is "." or ".." && _rules.BareDotIsDirectory || path.StartsWith("./", StringComparison.Ordinal) || path.StartsWith(".\\",
            StringComparison.Ordinal)
           || path.StartsWith("../", StringComparison.Ordinal) || path.StartsWith("..\\", StringComparison.Ordinal)
           || path.StartsWith("/", StringComparison.Ordinal) || path.StartsWith("\\", StringComparison.Ordinal)
           || (path.Length >= 2 && path[1] == ':' && ((path[0] >= 'A' && path[0] <= 'Z') || (path[0] >= 'a' && path[0] <= 'z')));

    private void Report(GoModLine line, string goMessage, string fix) => Report(line.Line, line.Column, goMessage, fix);

    private void Report(int line, int column, string goMessage, string fix)
    {
        // go prints the column only when it is past the first rune of the line.
        var where = column > 1 ? $"{_filePath}:{line}:{column}" : $"{_filePath}:{line}";
        var reader = _rules.Toolchain is null ? "go" : $"go {_rules.Toolchain}";
        goMessage = goMessage.Replace("\n\t", " "); // one-line diagnostics; go indents its continuation lines
        var message = goMessage.StartsWith("error reading", StringComparison.Ordinal) || goMessage.StartsWith("no module declaration",
            StringComparison.Ordinal)
            ? $"{reader} cannot use {_filePath}: {goMessage}. Fix: {fix}."
            : $"{reader} cannot read {_filePath}: {where}: {goMessage}. Fix: {fix}.";
        _problems.Add(Diagnostic.Error(_workspace ? Codes.GoWorkMalformed : Codes.GoModMalformed, message, _filePath, line, column > 1 ? column : 0));
    }

    private string FixForUnknown(string verb)
    {
        var known = _workspace
            ? new[] { "go", "toolchain", "godebug", "use", "replace" }
            : new[] { "module", "go", "toolchain", "godebug", "require", "exclude", "replace", "retract", "tool", "ignore" };
        var newer = verb switch { "toolchain" => "1.21", "godebug" => "1.23", "tool" => "1.24", "ignore" => "1.25", _ => null };
        if (newer is not null && known.Contains(verb))
        {
            return $"the '{verb}' directive needs Go {newer} or newer: set GoRoot to such a Go, or raise the go line to 'go {newer}' with " +
                $"GoToolchainMode auto or path (go then switches to that Go, which reads the file), or remove the '{verb}' line";
        }
        var accepted = string.Join(", ", known.Where(v => _rules.IsDirective(v, _workspace)));
        return $"remove or correct this line; {(_workspace ? "go.work" : "go.mod")} directives for {_rules} are: {accepted}";
    }

    private string FixForGoVersion()
        => _rules.KnowsToolchainLines
            ? "write the go line as a Go version such as 'go 1.22' or 'go 1.22.3'"
            : $"{_rules} reads only two-part go lines such as 'go 1.19': write 'go 1.N', or set GoRoot to Go 1.21 or newer";

    private static string FixForSyntax(string goMessage)
    {
        if (goMessage.StartsWith("syntax error (unterminated block", StringComparison.Ordinal)) return
            "close the block with a ')' on a line of its own";
        if (goMessage.StartsWith("syntax error (expected newline", StringComparison.Ordinal)) return
            "put nothing but a comment after the closing ')'";
        if (goMessage.Contains("in string")) return "close the quoted string on the same line";
        if (goMessage.StartsWith("mod files must use //", StringComparison.Ordinal)) return "use // comments";
        if (goMessage.StartsWith("unexpected input character", StringComparison.Ordinal)) return
            "remove the character (control characters are not allowed)";
        return "correct the syntax";
    }
}

/// <summary>Go string quoting, as strconv does it, for go's messages and quoted paths in go.mod.</summary>
internal static class GoStrings
{
    /// <summary>strconv.Unquote of a "…" literal; null where Go reports invalid syntax.</summary>
    public static string? Unquote(string literal)
    {
        if (literal.Length < 2 || literal[0] != '"' || literal[literal.Length - 1] != '"') return null;
        var s = literal.Substring(1, literal.Length - 2);
        var result = new StringBuilder();
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (c == '"' || c == '\n') return null;
            if (c != '\\') { result.Append(c); continue; }
            if (++i >= s.Length) return null;
            switch (s[i])
            {
                case 'a': result.Append('\a'); break;
                case 'b': result.Append('\b'); break;
                case 'f': result.Append('\f'); break;
                case 'n': result.Append('\n'); break;
                case 'r': result.Append('\r'); break;
                case 't': result.Append('\t'); break;
                case 'v': result.Append('\v'); break;
                case '\\': result.Append('\\'); break;
                case '"': result.Append('"'); break;
                case 'x':
                    if (!TakeHex(s, ref i, 2, out var b)) return null;
                    result.Append((char)b); // a raw byte in Go; close enough for a path that go would reject anyway
                    break;
                case 'u':
                case 'U':
                    if (!TakeHex(s, ref i, s[i] == 'u' ? 4 : 8, out var codePoint) || codePoint > 0x10FFFF || (codePoint >= 0xD800
                        && codePoint < 0xE000)) return null;
                    result.Append(char.ConvertFromUtf32(codePoint));
                    break;
                case >= '0' and <= '7':
                    if (i + 2 >= s.Length) return null;
                    var value = 0;
                    for (var k = 0; k < 3; k++)
                    {
                        var d = s[i + k];
                        if (d < '0' || d > '7') return null;
                        value = value * 8 + (d - '0');
                    }
                    if (value > 255) return null;
                    result.Append((char)value);
                    i += 2;
                    break;
                default:
                    return null;
            }
        }
        return result.ToString();
    }

    private static bool TakeHex(string s, ref int i, int digits, out int value)
    {
        value = 0;
        if (i + digits >= s.Length) return false;
        for (var k = 1; k <= digits; k++)
        {
            var d = s[i + k];
            var v = d >= '0' && d <= '9' ? d - '0' : d >= 'a' && d <= 'f' ? d - 'a' + 10 : d >= 'A' && d <= 'F' ? d - 'A' + 10 : -1;
            if (v < 0) return false;
            value = value * 16 + v;
        }
        i += digits;
        return true;
    }

    /// <summary>strconv.Quote for the printable ASCII cases go's messages need; other characters are \u-escaped.</summary>
    public static string Quote(string s)
    {
        var result = new StringBuilder("\"");
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': result.Append("\\\""); break;
                case '\\': result.Append("\\\\"); break;
                case '\n': result.Append("\\n"); break;
                case '\t': result.Append("\\t"); break;
                case '\r': result.Append("\\r"); break;
                default:
                    if (c < 0x20 || c == 0x7f) result.Append($"\\x{(int)c:x2}");
                    else result.Append(c);
                    break;
            }
        }
        return result.Append('"').ToString();
    }
}
