using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using GoToolchain.Build.Diagnostics;

namespace GoToolchain.Build.Generate;

/// <summary>
/// Turns go generate's stderr into diagnostics: every `file:line: running "x": …` line becomes an
/// error at that .go file and line (go prints the path relative to its working directory), a missing generator
/// gets its own code and the fix, and any other go error is quoted at the module's go.mod.
/// </summary>
public static class GenerateOutput
{
    // b/b.go:4: running "sh": exit status 3
    private static readonly Regex Running = new(
        @"^(?<file>.+?\.go):(?<line>\d+): running ""(?<command>[^""]*)"": (?<error>.*)$",
        RegexOptions.CultureInvariant);

    // exec: "nonexistent-tool": executable file not found in $PATH (Windows: in %PATH%)
    private static readonly Regex NotFound = new(
        @"exec: ""(?<name>[^""]*)"": executable file not found in (\$PATH|%PATH%)", RegexOptions.CultureInvariant);

    /// <summary>go's own note that a pattern matched nothing; it exits 0 (all versions), so it is checked on success too.</summary>
    public const string MatchedNoPackages = "matched no packages";

    /// <summary>Known generators and how to install them, for the missing-generator fix.</summary>
    private static readonly Dictionary<string, string> InstallHints = new(StringComparer.Ordinal)
    {
        ["stringer"] =
            "go install golang.org/x/tools/cmd/stringer@latest (Debian/Ubuntu: apt-get install --no-install-recommends golang-golang-x-tools)",
        ["goyacc"] = "go install golang.org/x/tools/cmd/goyacc@latest (Debian/Ubuntu: apt-get install --no-install-recommends golang-golang-x-tools)",
        ["mockgen"] = "go install go.uber.org/mock/mockgen@latest",
        ["protoc"] = "install the protobuf compiler (Debian/Ubuntu: apt-get install protobuf-compiler)",
        ["protoc-gen-go"] = "go install google.golang.org/protobuf/cmd/protoc-gen-go@latest",
        ["enumer"] = "go install github.com/dmarkham/enumer@latest",
    };

    /// <summary>The generator's name without folder or Windows extension ("C:\\tools\\stringer.exe" -> "stringer").</summary>
    private static string GeneratorName(string program)
    {
        var name = program.Substring(program.LastIndexOfAny(new[] { '/', '\\' }) + 1);
        foreach (var extension in new[] { ".exe", ".cmd", ".bat", ".com" })
            if (name.EndsWith(extension, StringComparison.OrdinalIgnoreCase)) return name.Substring(0, name.Length - extension.Length);
        return name;
    }

    /// <param name="moduleDirectory">go's working directory: relative paths in go's output are relative to it.</param>
    /// <param name="goModPath">Where errors that name no .go file point.</param>
    /// <param name="command">The go generate command as run, for messages ("go generate . ./internal/x").</param>
    /// <param name="whyNoPackages">An explanation added when go found no package (e.g. cgo off for want of a C compiler).</param>
    /// <param name="context">Where generators are found and the module's go.mod, to explain a generator too old for the toolchain
    /// (GOTB413) and an undeclared `go tool` (GOTB414); null: those failures stay GOTB402.</param>
    public static IReadOnlyList<Diagnostic> Classify(string moduleDirectory, string goModPath, IReadOnlyList<string> stderr, int exitCode,
        string goVersion,
        string command = "go generate ./...", string whyNoPackages = "", int omittedLines = 0, string? transcriptPath = null,
        GeneratorContext? context = null)
    {
        var diagnostics = new List<Diagnostic>();
        var unexplained = new List<string>();
        // What the failing generator printed: go generate runs one directive at a time, so the lines since the last `running` line.
        var sinceLastFailure = new List<string>();
        foreach (var raw in stderr)
        {
            var line = raw.TrimEnd();
            var match = Running.Match(line);
            if (!match.Success)
            {
                if (IsGoErrorLine(line)) unexplained.Add(line);
                sinceLastFailure.Add(line);
                continue;
            }
            var generatorOutput = sinceLastFailure.ToList();
            sinceLastFailure.Clear();
            var file = match.Groups["file"].Value;
            var fullPath = Path.IsPathRooted(file) ? file : Path.GetFullPath(Path.Combine(moduleDirectory, file));
            var lineNumber = int.Parse(match.Groups["line"].Value);
            var program = match.Groups["command"].Value;
            var error = match.Groups["error"].Value;
            if (context is not null && Explain(fullPath, lineNumber, program, generatorOutput, goVersion, context, moduleDirectory) is { } explained)
            {
                diagnostics.Add(explained);
                continue;
            }
            if (NotFound.Match(error) is { Success: true } notFound)
            {
                var name = notFound.Groups["name"].Value;
                var install = InstallHints.TryGetValue(GeneratorName(name), out var hint) ? hint : $"go install <module path of {name}>@<version>";
                diagnostics.Add(Diagnostic.Error(Codes.GeneratorNotFound,
                    $"go generate: the generator '{name}' of this //go:generate directive is not on PATH ({error}). " +
                    $"Fix: install it ({install}) and make sure its folder (e.g. $(go env GOPATH)/bin) is on the PATH the build runs with, " +
                    $"or write the directive as `//go:generate go run <package>@<version> …` (or `go run ./<generator package>`) " +
                    $"so go builds the generator itself; " +
                    $"if the build does not need this generator's output (it is committed), set Generate=\"Off\" on the GoModule.",
                    fullPath, lineNumber));
                continue;
            }
            var crossBuilt = stderr.Any(l => l.Contains("exec format error"))
                ? " A generator that `go run` builds gets the build's GOOS/GOARCH, so for a cross target it cannot run on this machine: build for " +
                    "the host, or commit the output and set Generate=\"Off\" for cross builds."
                : "";
            diagnostics.Add(Diagnostic.Error(Codes.GenerateDirectiveFailed,
                $"go generate: running \"{program}\" failed: {error}. The generator's own output is in the build log just above this " +
                    $"line.{crossBuilt} " +
                "Fix: run the directive by hand in this file's folder (go generate runs it there) and correct the generator or its arguments; " +
                "if the build does not need it (its output is committed), set Generate=\"Off\" on the GoModule, or skip it with GoGenerateSkip.",
                fullPath, lineNumber));
        }

        if (exitCode != 0 && diagnostics.Count == 0 || unexplained.Any(l => l.Contains(MatchedNoPackages)))
        {
            var lastLines = stderr.Where(l => l.Trim().Length > 0).Skip(Math.Max(0, stderr.Count - 5)).ToList();
            var quoted = unexplained.Count > 0 ? string.Join(" | ", unexplained)
                : lastLines.Count > 0 ? $"exit code {exitCode}; last lines: {string.Join(" | ", lastLines)}"
                : $"exit code {exitCode}, no error text";
            var noPackages = unexplained.Any(l => l.Contains(MatchedNoPackages));
            diagnostics.Add(Diagnostic.Error(noPackages ? Codes.GeneratePackagesMissing : Codes.GenerateFailed,
                noPackages
                    ? $"{command} in '{moduleDirectory}' ({goVersion}) found no Go package, so no //go:generate directive could run: {quoted}. " +
                        $"{whyNoPackages}" +
                      "Fix: point the GoModule at the folder whose go.mod owns the Go packages, or set its Generate metadata to Off."
                    : $"{command} in '{moduleDirectory}' ({goVersion}) failed before running the generators: {quoted}. Fix: correct what go names " +
                        $"above; " +
                      $"run `{command}` in that folder to reproduce.",
                goModPath));
        }
        return DiagnosticLimit.Cap(diagnostics, $"go generate ./... in '{moduleDirectory}'", omittedLines, transcriptPath, goModPath);
    }

    // go 1.24-1.27: `go tool NAME` with NAME neither go's own tool nor a tool line of go.mod (older go prints the same).
    private static readonly Regex NoSuchTool = new(@"^go: no such tool ""(?<name>[^""]+)""", RegexOptions.CultureInvariant);

    /// <summary>GOTB413 (a generator too old for the toolchain's export data) or GOTB414 (`go tool` of an undeclared tool); null: neither.</summary>
    private static Diagnostic? Explain(string file, int line, string program, IReadOnlyList<string> generatorOutput, string goVersion,
        GeneratorContext context, string moduleDirectory)
    {
        if (program == "go" && generatorOutput.Select(l => NoSuchTool.Match(l)).LastOrDefault(m => m.Success) is { } noSuchTool)
        {
            return UndeclaredTool(file, line, noSuchTool.Groups["name"].Value, $"{goVersion} says '{noSuchTool.Value}'", goVersion, context,
                moduleDirectory);
        }
        return OutdatedGenerator.Diagnose(file, line, program, generatorOutput, goVersion, context, moduleDirectory);
    }

    /// <summary>GOTB414 at the directive: which tools go.mod declares, and the `go get -tool` that declares this one.</summary>
    /// <param name="failure">What go does or would do, e.g. "go1.27.4 says 'go: no such tool "x"'".</param>
    public static Diagnostic UndeclaredTool(string file, int line, string name, string failure, string goVersion, GeneratorContext context,
        string moduleDirectory)
    {
        var goMod = context.GoMod;
        var declared = goMod is null || goMod.Tools.Count == 0 ? "declares no tool"
            : "declares only " + string.Join(", ", goMod.Tools.Select(t => $"{t.Path} (`go tool {GenerateDirectives.DefaultExecName(t.Path)}`, line {t.Line})"));
        var version = Versions.GoVersion.FromGoEnvVersion(goVersion);
        var tooOld = version is not null && version < Versions.GoVersion.Parse("1.24")
            ? $" Tool lines in go.mod need Go 1.24 or later, and {goVersion} runs this build: set GoRoot to Go 1.24 or later."
            : "";
        var package = InstallHints.ContainsKey(name) && InstallHints[name].StartsWith("go install ", StringComparison.Ordinal)
            ? InstallHints[name].Substring("go install ".Length).Split('@')[0]
            : $"<package path of {name}>";
        return Diagnostic.Error(Codes.GoToolNotDeclared,
            $"go generate: `go tool {name}` runs no tool: {failure}. `go tool NAME` runs one of go's own tools or a tool " +
                $"that go.mod declares with a `tool` line (Go 1.24+), by its package path or its last path element; " +
                $"'{goMod?.FilePath ?? Path.Combine(moduleDirectory, "go.mod")}' {declared}.{tooOld} " +
            $"Fix: declare it in '{moduleDirectory}': `{context.GoExecutable} get -tool {package}` (adds the tool line and its module's " +
                $"requirement), or change the directive to a tool go.mod declares.",
            file, line);
    }

    private static readonly System.Text.RegularExpressions.Regex GoFileReason =
        new(@"^\S*go\.(mod|work|sum):\d+(:\d+)?: ", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    /// <summary>Lines go itself prints about a failure, as opposed to a generator's output or -x echoes.</summary>
    private static bool IsGoErrorLine(string line)
        => line.StartsWith("go: ", StringComparison.Ordinal)
           // the reason under "go: errors parsing go.mod:", e.g. "go.mod:1: unexpected input character '\ufeff'" (a BOM)
           || GoFileReason.IsMatch(line)
           || line.StartsWith("pattern ", StringComparison.Ordinal)
           || line.StartsWith("no required module provides", StringComparison.Ordinal)
           || line.StartsWith("stat ", StringComparison.Ordinal)
           || line.StartsWith("flag provided but not defined", StringComparison.Ordinal)
           || line.Contains(MatchedNoPackages);
}
