using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using GoToolchain.Build.Modules;

namespace GoToolchain.Build.Generate;

/// <summary>One //go:generate line of a .go file, with a `-command` alias already followed.</summary>
public sealed class GenerateDirective
{
    public GenerateDirective(string file, int line, string text, IReadOnlyList<string> words)
    {
        File = file;
        Line = line;
        Text = text;
        Words = words;
    }

    /// <summary>The .go file, as given to <see cref="GenerateDirectives.Read"/>.</summary>
    public string File { get; }

    /// <summary>1-based.</summary>
    public int Line { get; }

    /// <summary>The directive as written, after "//go:generate ".</summary>
    public string Text { get; }

    /// <summary>The words, the alias replaced by its command (so Words[0] is the program go generate starts).</summary>
    public IReadOnlyList<string> Words { get; }

    public string Program => Words[0];

    /// <summary>NAME of `go tool [flags] NAME …`; null for any other command.</summary>
    public string? GoToolName => GenerateDirectives.GoToolName(Words);
}

/// <summary>How `go tool NAME` resolves (Go 1.24+, cmd/go/internal/tool): a tool shipped with go first, then a tool line of go.mod.</summary>
public enum GoToolKind
{
    /// <summary>One of go's own tools ($GOROOT/pkg/tool: vet, cover…): go.mod plays no part.</summary>
    Builtin,
    /// <summary>Exactly one tool line of go.mod matches (its full package path or its default binary name).</summary>
    Declared,
    /// <summary>No tool line matches: go prints `go: no such tool "NAME"` (GOTB414).</summary>
    NotDeclared,
    /// <summary>Several tool lines share the name: go asks for the full package path.</summary>
    Ambiguous,
}

/// <summary>
/// The //go:generate directives as go generate reads them, and what their `go tool NAME` means. Shared by GoDoctor's
/// generator column, go generate's failure messages and the download check, so they agree on every directive.
/// </summary>
public static class GenerateDirectives
{
    private const string Prefix = "//go:generate ";

    /// <summary>
    /// Go's own tools when the toolchain's pkg/tool folder cannot be read (go 1.24-1.27 ship these; `go tool NAME`
    /// runs them whatever go.mod says).
    /// </summary>
    private static readonly HashSet<string> KnownBuiltins = new(StringComparer.Ordinal)
    {
        "addr2line", "asm", "buildid", "cgo", "compile", "covdata", "cover", "dist", "distpack", "doc", "fix", "link", "nm", "objdump",
        "pack", "pprof", "preprofile", "test2json", "trace", "vet",
    };

    /// <summary>The directives of one .go file in order; `-command` lines define aliases and are not returned. Unreadable: none.</summary>
    public static IReadOnlyList<GenerateDirective> Read(string path)
    {
        string[] lines;
        try { lines = File.ReadAllLines(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return Array.Empty<GenerateDirective>(); }
        var directives = new List<GenerateDirective>();
        var aliases = new Dictionary<string, string[]>(StringComparer.Ordinal);
        for (var i = 0; i < lines.Length; i++)
        {
            if (!lines[i].StartsWith(Prefix, StringComparison.Ordinal)) continue;
            var text = lines[i].Substring(Prefix.Length).TrimEnd('\r');
            var words = text.Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries);
            if (words.Length == 0) continue;
            if (words[0] == "-command")
            {
                if (words.Length >= 3) aliases[words[1]] = words.Skip(2).ToArray();
                continue;
            }
            var expanded = aliases.TryGetValue(words[0], out var alias) ? alias.Concat(words.Skip(1)).ToArray() : words;
            directives.Add(new GenerateDirective(path, i + 1, text, expanded));
        }
        return directives;
    }

    /// <summary>NAME of `go tool [-n] [-modfile=…] NAME args`; null when the words are not a `go tool` command.</summary>
    public static string? GoToolName(IReadOnlyList<string> words)
    {
        if (words.Count < 3 || words[0] != "go" || words[1] != "tool") return null;
        return words.Skip(2).FirstOrDefault(w => !w.StartsWith("-", StringComparison.Ordinal));
    }

    /// <summary>
    /// The name `go install` gives a package's binary, which `go tool` also accepts: the last path element, or the
    /// one before a major-version suffix (example.com/mycmd/v2 is mycmd), as cmd/go's DefaultExecName.
    /// </summary>
    public static string DefaultExecName(string packagePath)
    {
        var parts = packagePath.Split('/');
        var last = parts[parts.Length - 1];
        return parts.Length > 1 && IsVersionElement(last) ? parts[parts.Length - 2] : last;
    }

    private static bool IsVersionElement(string s)
        => s.Length >= 2 && s[0] == 'v' && s[1] != '0' && !(s[1] == '1' && s.Length == 2) && s.Skip(1).All(c => c >= '0' && c <= '9');

    /// <summary>What `go tool NAME` runs for this module: go's own tool first (as go does), then go.mod's tool lines.</summary>
    /// <param name="goRoot">The toolchain's GOROOT, to list its own tools; null or empty: the tools go 1.24-1.27 ship.</param>
    public static (GoToolKind Kind, IReadOnlyList<GoModTool> Matches) ResolveTool(string name, GoModFile? goMod, string? goRoot)
    {
        if (IsBuiltinTool(name, goRoot)) return (GoToolKind.Builtin, Array.Empty<GoModTool>());
        var matches = (goMod?.Tools ?? Array.Empty<GoModTool>()).Where(t => t.Path == name || DefaultExecName(t.Path) == name).ToList();
        return (matches.Count switch { 0 => GoToolKind.NotDeclared, 1 => GoToolKind.Declared, _ => GoToolKind.Ambiguous }, matches);
    }

    private static bool IsBuiltinTool(string name, string? goRoot)
    {
        var toolFolder = string.IsNullOrEmpty(goRoot) ? null : Path.Combine(goRoot, "pkg", "tool");
        if (toolFolder is null || !Directory.Exists(toolFolder)) return KnownBuiltins.Contains(name);
        try
        {
            // pkg/tool/<GOHOSTOS>_<GOHOSTARCH>/NAME[.exe]; cross-compiled toolchains have one such folder too.
            return Directory.GetDirectories(toolFolder).Any(d => File.Exists(Path.Combine(d, name)) || File.Exists(Path.Combine(d, name + ".exe")));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return KnownBuiltins.Contains(name);
        }
    }

    /// <summary>The module (of go.mod's require lines) that provides a package: the longest matching path; null for the
    /// main module's own packages and for a package no requirement provides.</summary>
    public static GoModRequire? ModuleOf(string packagePath, GoModFile goMod)
        => goMod.Requires.Where(r => packagePath == r.Path || packagePath.StartsWith(r.Path + "/", StringComparison.Ordinal))
            .OrderByDescending(r => r.Path.Length).FirstOrDefault();

    /// <summary>PATHEXT as go generate's exec.LookPath sees it on Windows (the generators' environment, else the build's, else
    /// Windows' default); null on other systems, where a program's name is its file.</summary>
    public static string? PathExtOnWindows(IReadOnlyDictionary<string, string?> environment)
    {
        if (!System.Runtime.InteropServices.RuntimeInformation.IsOSPlatform(System.Runtime.InteropServices.OSPlatform.Windows)) return null;
        environment.TryGetValue("PATHEXT", out var pathExt);
        return pathExt ?? System.Environment.GetEnvironmentVariable("PATHEXT") ?? Toolchain.ExecutableSearch.DefaultPathExt;
    }

    /// <summary>Where go generate looks for a generator: $GOROOT/bin first (go prepends it, 1.19+), then PATH.</summary>
    public static IReadOnlyList<string> SearchPath(string goRootBin, string? pathVariable)
        => new[] { goRootBin }.Concat((pathVariable ?? "").Split(new[] { Path.PathSeparator }, StringSplitOptions.RemoveEmptyEntries)).ToList();

    /// <summary>Where go generate's exec.LookPath finds the program; null when nowhere. A name with a '/' is relative to the
    /// directive's folder.</summary>
    public static string? FindProgram(string program, string directory, IReadOnlyList<string> searchPath, string? pathExt = null)
    {
        // pathExt is set on Windows only: there exec.LookPath tries each PATHEXT extension (stringer -> stringer.exe).
        var isWindows = pathExt is not null;
        if (program.Contains("/") || program.Contains("\\"))
        {
            var full = Path.GetFullPath(Path.Combine(directory, program));
            if (isWindows) return Toolchain.ExecutableSearch.Find(Path.GetFileName(full), new[] { Path.GetDirectoryName(full)! }, pathExt, true, File.Exists, Path.Combine);
            return File.Exists(full) ? full : null;
        }
        if (isWindows) return Toolchain.ExecutableSearch.Find(program, searchPath, pathExt, true, File.Exists, Path.Combine);
        return new Toolchain.GoLocator(Platform.SystemPlatform.Instance).LookPath(program, string.Join(Path.PathSeparator.ToString(), searchPath));
    }
}
