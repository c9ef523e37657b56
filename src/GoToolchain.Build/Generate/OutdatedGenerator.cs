using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using GoToolchain.Build.Building;
using GoToolchain.Build.Diagnostics;
using GoToolchain.Build.Modules;

namespace GoToolchain.Build.Generate;

/// <summary>
/// What go generate needs to explain a failing directive beyond go's own line: where the generators are found, the
/// go that runs, and the module's go.mod (its tool and require lines).
/// </summary>
public sealed class GeneratorContext
{
    /// <summary>The go binary that runs go generate (its folder is $GOROOT/bin, which go puts first on PATH).</summary>
    public string GoExecutable { get; set; } = "go";

    /// <summary>"$GOROOT/bin" then PATH, as the generators see it.</summary>
    public IReadOnlyList<string> SearchPath { get; set; } = Array.Empty<string>();

    /// <summary>PATHEXT on Windows (exec.LookPath finds `stringer` as stringer.exe there); null elsewhere.</summary>
    public string? PathExt { get; set; }

    /// <summary>The module's go.mod; null when unreadable.</summary>
    public GoModFile? GoMod { get; set; }
}

/// <summary>
/// A generator that reads the compiler's export data through an older golang.org/x/tools (go/packages, gcexportdata:
/// stringer, mockgen, enumer…) fails when the toolchain writes a newer format: Debian's stringer, built with go1.19.5,
/// panics with `unsupported version: 2` on go 1.24 and `unsupported version: 5` on 1.27 (go-facts §9.3). go generate
/// only says "exit status 2". This names the generator, what built it (its embedded build information), the running
/// toolchain and the command that fixes it: GOTB413.
/// </summary>
public static class OutdatedGenerator
{
    // The texts x/tools' importers give on export data they do not know, across x/tools versions.
    private static readonly Regex ExportDataTooNew = new(
        @"(?<reason>unsupported version: \d+|unknown iexport format version \d+|unknown bexport format version \d+|export data is newer version - update tool)",
        RegexOptions.CultureInvariant);

    // A panic's stack frame: "golang.org/x/tools/internal/pkgbits.NewPkgDecoder({0xc…}, …)".
    private static readonly Regex Frame = new(@"^\s*(?<package>[\w.\-~]+(?:/[\w.\-~]+)+)\.[\w.()*]+\(", RegexOptions.CultureInvariant);

    /// <summary>The reason (e.g. "unsupported version: 5") when these lines show the export-data failure; null otherwise.</summary>
    public static string? Reason(IEnumerable<string> generatorOutput)
        => generatorOutput.Select(l => ExportDataTooNew.Match(l)).FirstOrDefault(m => m.Success)?.Groups["reason"].Value;

    /// <summary>The package whose code failed (the first stack frame's package, e.g. golang.org/x/tools/internal/pkgbits); null without a stack.</summary>
    public static string? FailingPackage(IEnumerable<string> generatorOutput)
        => generatorOutput.Select(l => Frame.Match(l)).FirstOrDefault(m => m.Success)?.Groups["package"].Value;

    /// <summary>
    /// GOTB413 for the directive at <paramref name="file"/>:<paramref name="line"/> whose program <paramref name="program"/>
    /// failed with <paramref name="generatorOutput"/> (its own lines, before go's `running` line); null when the output does
    /// not show the export-data failure.
    /// </summary>
    public static Diagnostic? Diagnose(string file, int line, string program, IReadOnlyList<string> generatorOutput, string runningGo,
        GeneratorContext context, string moduleDirectory)
    {
        if (Reason(generatorOutput) is not { } reason) return null;
        var directive = GenerateDirectives.Read(file).FirstOrDefault(d => d.Line == line);
        var failing = FailingPackage(generatorOutput);
        var where = failing is null ? "" : $" in {failing}";
        var why = "Generators built on golang.org/x/tools/go/packages read the compiler's export data, whose format changes between Go " +
                  "releases, so one built against an older x/tools cannot read what a newer toolchain writes.";
        var go = context.GoExecutable;

        if (program == "go" && directive is not null && PinnedGoRun(directive) is { } pinned)
        {
            // go run pkg@version builds with that version's own requirements, whatever go.mod says.
            var at = pinned.IndexOf('@');
            return Diagnostic.Error(Codes.GeneratorTooOld,
                $"go generate: the generator `{directive.Text}` was built by {runningGo} itself from {pinned} and its own requirements, " +
                    $"and cannot read the export data of {runningGo}: it failed with \"{reason}\"{where}. {why} " +
                $"Fix: run a release that knows {runningGo}: write the directive as `//go:generate {directive.Text.Replace(pinned, pinned.Substring(0, at) + "@latest")}`" +
                    $" (or a tagged version released after {runningGo}).",
                file, line);
        }
        if (program == "go" && directive is not null)
        {
            // go run / go tool: the running go built it, so the old part is a dependency's version in go.mod.
            var (package, declaredAt) = BuiltPackage(directive, context.GoMod);
            var failingModule = failing is not null && context.GoMod is not null ? GenerateDirectives.ModuleOf(failing, context.GoMod) : null;
            var toolModule = package is not null && context.GoMod is not null ? GenerateDirectives.ModuleOf(package, context.GoMod) : null;
            var upgrade = failingModule ?? toolModule;
            var what = package is null ? $"`{directive.Text}`" : $"'{package}'{declaredAt}";
            var modules = string.Join(", ", new[] { toolModule, failingModule }.Where(m => m is not null).Distinct()
                .Select(m => $"{m!.Path} {m.Version} (go.mod line {m.Line})"));
            return Diagnostic.Error(Codes.GeneratorTooOld,
                $"go generate: the generator {what} was built by {runningGo} itself, from {(modules.Length > 0 ? modules : "the versions go.mod selects")}, " +
                    $"and cannot read the export data of {runningGo}: it failed with \"{reason}\"{where}. {why} " +
                $"Fix: upgrade the module that reads export data, in '{moduleDirectory}': " +
                $"`{go} get {(upgrade is not null ? upgrade.Path : "golang.org/x/tools")}@latest` " +
                    $"{(directive.GoToolName is not null && package is not null ? $"(or `{go} get -tool {package}@latest`) " : "")}" +
                    $"then `{go} mod tidy`.",
                file, line);
        }

        var path = GenerateDirectives.FindProgram(program, Path.GetDirectoryName(file) ?? moduleDirectory, context.SearchPath, context.PathExt);
        var info = path is null ? null : GoBuildInfo.Read(path);
        var builtWith = info?.GoVersion;
        var mainPackage = info?.ModuleLine("path");
        var mainModule = info?.ModuleLine("mod");
        var xtools = info?.Dependency("golang.org/x/tools");
        var described = path is null ? $"'{program}'" : $"'{program}' ({path})";
        var origin = info is null
            ? " has no Go build information this package can read, so what built it is unknown"
            : $" was built with {builtWith}" +
              (mainPackage is null ? "" : $" from {mainPackage}") +
              (mainModule is not null ? $" (module {mainModule})"
                  : mainPackage is not null ? " (no module recorded: built outside module mode, as distribution packages are)" : "") +
              (xtools is null ? "" : $" with golang.org/x/tools {xtools}");
        var installable = mainPackage ?? (Path.GetFileNameWithoutExtension(program) == "stringer" ? "golang.org/x/tools/cmd/stringer" : null);
        var name = installable is null ? Path.GetFileNameWithoutExtension(program) : GenerateDirectives.DefaultExecName(installable);
        var rewritten = directive is null ? $"//go:generate go tool {name} …"
            : "//go:generate go tool " + name + (directive.Words.Count > 1 ? " " + string.Join(" ", directive.Words.Skip(1)) : "");
        var fix = installable is null
            ? $"Fix: rebuild it from its source with this toolchain (`{go} install <its package>@latest`, with $(go env GOPATH)/bin before " +
                $"'{Path.GetDirectoryName(path ?? program)}' on PATH), or declare it as a tool of the module (Go 1.24+: `{go} get -tool <its package>` " +
                $"and `{rewritten}`), which builds it with the toolchain that runs go generate."
            : $"Fix: rebuild it with this toolchain: `{go} install {installable}@latest`, and put $(go env GOPATH)/bin before " +
                $"'{Path.GetDirectoryName(path ?? program)}' on PATH; or declare it as a tool of the module (Go 1.24+): `{go} get -tool {installable}` in " +
                $"'{moduleDirectory}' and write the directive as `{rewritten}`, which builds it with the toolchain that runs go generate.";
        // Both fixes download x/tools; a machine with no network can still build with what is already generated.
        var offline = " With no network: commit the generated files and set Generate=\"Off\" on the GoModule (or GoGenerate=Off), " +
                      "or build with a toolchain the generator can read (GoRoot to an older Go).";
        return Diagnostic.Error(Codes.GeneratorTooOld,
            $"go generate: the generator {described}{origin}; it cannot read the export data of {runningGo}, which runs this build: it " +
                $"failed with \"{reason}\"{where}. {why} {fix}{offline}",
            file, line);
    }

    /// <summary>PKG@VERSION of a `go run PKG@VERSION …` directive; null for any other.</summary>
    private static string? PinnedGoRun(GenerateDirective directive)
        => directive.Words.Count >= 3 && directive.Words[1] == "run"
            ? directive.Words.Skip(2).FirstOrDefault(w => !w.StartsWith("-", StringComparison.Ordinal)) is { } target && target.Contains("@") ? target : null
            : null;

    /// <summary>The package a `go tool NAME` or `go run PKG[@v]` directive builds, and where go.mod declares the tool.</summary>
    private static (string? Package, string DeclaredAt) BuiltPackage(GenerateDirective directive, GoModFile? goMod)
    {
        if (directive.GoToolName is { } name)
        {
            var (kind, matches) = GenerateDirectives.ResolveTool(name, goMod, null);
            return kind == GoToolKind.Declared ? (matches[0].Path, $" (tool, go.mod line {matches[0].Line})") : (null, "");
        }
        if (directive.Words.Count >= 3 && directive.Words[1] == "run")
        {
            var target = directive.Words.Skip(2).FirstOrDefault(w => !w.StartsWith("-", StringComparison.Ordinal));
            if (target is not null && !target.StartsWith(".", StringComparison.Ordinal)) return (target.Split('@')[0], "");
        }
        return (null, "");
    }
}
