using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using GoToolchain.Build.Diagnostics;
using GoToolchain.Build.Modules;
using GoToolchain.Build.Toolchain;

namespace GoToolchain.Build.Generate;

/// <summary>
/// The go generate section of `dotnet build -t:GoDoctor`: per module, its mode and every //go:generate directive
/// with where its generator would be found, the way go generate finds it ($GOROOT/bin first, then PATH). Runs
/// nothing: a missing generator is reported (GOTB403 at the directive) without starting go.
/// </summary>
public static class GenerateDoctor
{
    /// <summary>
    /// The whole section: the heading, every module go generate skips (GoGenerate=Off), then each module's directives.
    /// <paramref name="buildPackages"/> runs go list for a module whose scope is the build's packages (lazily, in order).
    /// </summary>
    public static IEnumerable<string> Section(string mode, string? runPattern, string? skipPattern, string goRoot,
        IEnumerable<string> offModules, IReadOnlyList<GenerateRequest> requests,
        Func<GenerateRequest, IReadOnlyCollection<string>?> buildPackages, List<Diagnostic> diagnostics)
    {
        yield return "";
        yield return $"go generate (GoGenerate={mode}{(runPattern is null ? "" : ", -run " + runPattern)}" +
            $"{(skipPattern is null ? "" : ", -skip " + skipPattern)})";
        foreach (var module in offModules)
        {
            yield return $"  {module}";
            yield return "    mode: Off";
        }
        if (requests.Select(GoGenerateRunner.CheckFlags).FirstOrDefault(d => d is not null) is { } unsupported) diagnostics.Add(unsupported);
        foreach (var request in requests)
        {
            request.Environment.TryGetValue("PATH", out var path);
            // The doctor runs no generator, but one go list tells which directives the build would run.
            var scope = request.Scope.IsBuildPackages ? buildPackages(request) : null;
            var scopeText = scope is null ? request.Scope.Describe(request.Package) + $" for {request.Target}"
                : $"{string.Join(" ", scope)} (what the build compiles from Package '{request.Package}' for {request.Target})";
            foreach (var line in Describe(request.ModuleDirectory, request.Mode, goRoot, path
                ?? System.Environment.GetEnvironmentVariable("PATH"), diagnostics, scopeText, scope, "go" + request.GoVersion,
                GenerateDirectives.PathExtOnWindows(request.Environment)))
            {
                yield return line;
            }
        }
    }

    /// <param name="scopeText">Which packages run, for the report.</param>
    /// <param name="scope">The module-relative package directories that run (the build's packages); null: every directive is checked.</param>
    /// <param name="goVersion">The toolchain, e.g. "go1.27.4", for GOTB414 (tool lines need go 1.24).</param>
    /// <param name="pathExt">PATHEXT on Windows (go generate finds `stringer` as stringer.exe there); null elsewhere.</param>
    public static IEnumerable<string> Describe(string moduleDirectory, GenerateMode mode, string goRoot, string? pathVariable,
        List<Diagnostic> diagnostics,
        string? scopeText = null, IReadOnlyCollection<string>? scope = null, string goVersion = "go", string? pathExt = null)
    {
        yield return $"  {moduleDirectory}";
        yield return $"    mode: {mode}";
        if (mode == GenerateMode.Off) yield break;
        if (scopeText is not null) yield return $"    packages: {scopeText}";
        var searchPath = GenerateDirectives.SearchPath(Path.Combine(goRoot, "bin"), pathVariable);
        var goModPath = Path.Combine(moduleDirectory, "go.mod");
        var goMod = File.Exists(goModPath) ? GoModFile.Load(goModPath) : null;
        var found = 0;
        foreach (var relative in ModuleFiles.Inputs(moduleDirectory, null).Select(s => s.RelativePath).Where(r => r.EndsWith(".go",
            StringComparison.Ordinal)))
        {
            var path = Path.Combine(moduleDirectory, relative);
            foreach (var directive in GenerateDirectives.Read(path))
            {
                found++;
                var program = directive.Program;
                var location = $"{relative}:{directive.Line}";
                if (scope is not null && !GenerateScope.Contains(scope, relative))
                {
                    yield return $"    [--] {location}: {program} (not in a package the build compiles: not run)";
                    continue;
                }
                if (directive.GoToolName is { } tool)
                {
                    yield return DescribeTool(directive, tool, location, goMod, goModPath, goRoot, searchPath, moduleDirectory, goVersion,
                        diagnostics);
                    continue;
                }
                var where = Resolve(program, Path.GetDirectoryName(path)!, searchPath, pathExt);
                if (where is null)
                {
                    yield return $"    [x] {location}: '{program}' not found on $GOROOT/bin or PATH";
                    diagnostics.Add(Diagnostic.Error(Codes.GeneratorNotFound,
                        $"GoDoctor: the generator '{program}' of this //go:generate directive is not on $GOROOT/bin or PATH, so go generate would " +
                            $"fail here. " +
                        "Fix: install it (e.g. go install <module path>@<version>) with its folder on PATH, or write the directive as `go run " +
                            "<package>@<version>`.",
                        path, directive.Line));
                }
                else
                {
                    // What built it: a generator built by an older Go may not read this toolchain's export data (GOTB413 when it fails).
                    var built = File.Exists(where) ? Building.GoBuildInfo.Read(where)?.GoVersion : null;
                    yield return $"    [ok] {location}: {program} -> {where}{(built is null ? "" : $" (built with {built})")}";
                }
            }
        }
        if (found == 0) yield return "    (no //go:generate directives)";
    }

    /// <summary>Where go generate's exec.LookPath would find the program; "(not checked)" when it depends on expansion.</summary>
    private static string? Resolve(string program, string directory, IReadOnlyList<string> searchPath, string? pathExt)
        => program.Contains("$") ? "(not checked: the name is expanded by go generate)" : GenerateDirectives.FindProgram(program, directory, searchPath, pathExt);

    /// <summary>
    /// `go tool NAME`: go's own tool, or the go.mod tool line it names with its module and where go gets it from
    /// (vendor/, the module cache, or a download: CheckGoProxy checks that one); an undeclared tool is GOTB414.
    /// </summary>
    private static string DescribeTool(GenerateDirective directive, string tool, string location, GoModFile? goMod, string goModPath,
        string goRoot, IReadOnlyList<string> searchPath, string moduleDirectory, string goVersion, List<Diagnostic> diagnostics)
    {
        var (kind, matches) = GenerateDirectives.ResolveTool(tool, goMod, goRoot);
        switch (kind)
        {
            case GoToolKind.Builtin:
                return $"    [ok] {location}: go tool {tool} -> go's own tool ({goRoot})";
            case GoToolKind.Declared:
                var module = goMod is null ? null : GenerateDirectives.ModuleOf(matches[0].Path, goMod);
                var source = module is null ? "" : File.Exists(Path.Combine(moduleDirectory, "vendor", "modules.txt"))
                    ? $", module {module.Path} {module.Version} from vendor/"
                    : $", module {module.Path} {module.Version} from the module cache or the proxy (see the module proxy section)";
                return $"    [ok] {location}: go tool {tool} -> {matches[0].Path} (tool in go.mod line {matches[0].Line}{source})";
            case GoToolKind.Ambiguous:
                return $"    [x] {location}: go tool {tool} is ambiguous in go.mod: {string.Join(", ", matches.Select(m => m.Path))} (write the full package path)";
            default:
                var context = new GeneratorContext { GoExecutable = Path.Combine(goRoot, "bin", "go"), SearchPath = searchPath, GoMod = goMod };
                diagnostics.Add(GenerateOutput.UndeclaredTool(directive.File, directive.Line, tool,
                    $"go generate would stop here with 'go: no such tool \"{tool}\"' (GoDoctor ran nothing)", goVersion, context, moduleDirectory));
                return $"    [x] {location}: go tool {tool}: not in go.mod ({goModPath} has no tool line for it)";
        }
    }

}
