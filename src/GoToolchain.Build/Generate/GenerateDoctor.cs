using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using GoToolchain.Build.Diagnostics;
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
            request.Environment.TryGetValue("PATHEXT", out var pathExt);
            foreach (var line in Describe(request.ModuleDirectory, request.Mode, goRoot, path
                ?? System.Environment.GetEnvironmentVariable("PATH"), diagnostics, scopeText, scope,
                OnWindows ? pathExt ?? System.Environment.GetEnvironmentVariable("PATHEXT") ?? ExecutableSearch.DefaultPathExt : null))
            {
                yield return line;
            }
        }
    }

    /// <param name="scopeText">Which packages run, for the report.</param>
    /// <param name="scope">The module-relative package directories that run (the build's packages); null: every directive is checked.</param>
    /// <param name="pathExt">PATHEXT on Windows (go generate finds `stringer` as stringer.exe there); null elsewhere.</param>
    public static IEnumerable<string> Describe(string moduleDirectory, GenerateMode mode, string goRoot, string? pathVariable,
        List<Diagnostic> diagnostics,
        string? scopeText = null, IReadOnlyCollection<string>? scope = null, string? pathExt = null)
    {
        yield return $"  {moduleDirectory}";
        yield return $"    mode: {mode}";
        if (mode == GenerateMode.Off) yield break;
        if (scopeText is not null) yield return $"    packages: {scopeText}";
        var searchPath = new[] { Path.Combine(goRoot, "bin") }
            .Concat((pathVariable ?? "").Split(new[] { Path.PathSeparator }, StringSplitOptions.RemoveEmptyEntries))
            .ToList();
        var found = 0;
        foreach (var relative in ModuleFiles.Inputs(moduleDirectory, null).Select(s => s.RelativePath).Where(r => r.EndsWith(".go",
            StringComparison.Ordinal)))
        {
            var path = Path.Combine(moduleDirectory, relative);
            string[] lines;
            try { lines = File.ReadAllLines(path); } catch (Exception e) when (e is IOException or UnauthorizedAccessException) { continue; }
            var aliases = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < lines.Length; i++)
            {
                if (!lines[i].StartsWith("//go:generate ", StringComparison.Ordinal)) continue;
                var words = lines[i].Substring("//go:generate ".Length).Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries);
                if (words.Length == 0) continue;
                if (words[0] == "-command")
                {
                    if (words.Length >= 3) aliases[words[1]] = words[2];
                    continue;
                }
                found++;
                var program = aliases.TryGetValue(words[0], out var aliased) ? aliased : words[0];
                var location = $"{relative}:{i + 1}";
                if (scope is not null && !GenerateScope.Contains(scope, relative))
                {
                    yield return $"    [--] {location}: {program} (not in a package the build compiles: not run)";
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
                        path, i + 1));
                }
                else
                {
                    yield return $"    [ok] {location}: {program} -> {where}";
                }
            }
        }
        if (found == 0) yield return "    (no //go:generate directives)";
    }

    /// <summary>Where go generate's exec.LookPath would find the program; "(not checked)" when it depends on expansion.</summary>
    private static string? Resolve(string program, string directory, IReadOnlyList<string> searchPath, string? pathExt)
    {
        if (program.Contains("$")) return "(not checked: the name is expanded by go generate)";
        var isWindows = pathExt is not null;
        if (program.Contains("/") || (isWindows && program.Contains("\\")))
        {
            var full = Path.GetFullPath(Path.Combine(directory, program));
            return ExecutableSearch.Find(Path.GetFileName(full), new[] { Path.GetDirectoryName(full)! }, pathExt, isWindows, File.Exists, Path.Combine);
        }
        return ExecutableSearch.Find(program, searchPath, pathExt, isWindows, File.Exists, Path.Combine);
    }

    private static bool OnWindows => System.Runtime.InteropServices.RuntimeInformation.IsOSPlatform(System.Runtime.InteropServices.OSPlatform.Windows);
}
