using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using GoToolchain.Build.Generate;
using GoToolchain.Build.Modules;
using GoToolchain.Build.Versions;

namespace GoToolchain.Build.Proxy;

/// <summary>A module (or toolchain) the build has to download because it is not in the module cache or vendor/.</summary>
public sealed class NeededDownload
{
    public NeededDownload(string path, string version, bool certain, string why, string? file, int line, bool goSumHasHashes,
        bool isToolchain = false)
    {
        Path = path;
        Version = version;
        Certain = certain;
        Why = why;
        File = file;
        Line = line;
        GoSumHasHashes = goSumHasHashes;
        IsToolchain = isToolchain;
    }

    /// <summary>The module path go downloads (after replace directives).</summary>
    public string Path { get; }
    public string Version { get; }

    /// <summary>
    /// go certainly fetches it (a package the build compiles lives in it). False: it might (the importing file
    /// has build constraints): worth a probe, never worth failing the build.
    /// </summary>
    public bool Certain { get; }

    /// <summary>Why it is needed, for the log ("imported by main.go", "toolchain go1.23.0 for GOTOOLCHAIN=auto").</summary>
    public string Why { get; }

    /// <summary>Where a diagnostic points: go.mod and the require (or go/toolchain) line.</summary>
    public string? File { get; }
    public int Line { get; }

    /// <summary>go.sum already has both h1: lines, so go will not ask the checksum database.</summary>
    public bool GoSumHasHashes { get; }

    public bool IsToolchain { get; }

    public override string ToString() => $"{Path}@{Version}{(Certain ? "" : " (maybe)")}";
}

/// <summary>What one GoModule's build needs from the network, and why nothing else.</summary>
public sealed class ModuleNeeds
{
    public List<NeededDownload> Downloads { get; } = new();

    /// <summary>Why nothing was looked up (vendor/ in use, a workspace...), for the log and the doctor report.</summary>
    public List<string> Notes { get; } = new();
}

/// <summary>
/// Decides, without running go, which modules `go build` of one GoModule must download. Checked on real go
/// 1.19–1.23 with GOPROXY pointing at a refused port (docs/design.md, "What go needs offline"):
/// <list type="bullet">
/// <item>a module that provides a compiled package needs its `cache/download/&lt;esc&gt;/@v/&lt;ver&gt;.mod` and either the
/// `.zip` or the extracted `&lt;esc&gt;@&lt;ver&gt;/` directory with its `.ziphash`; `.info` is not needed;</item>
/// <item>with a go line of 1.17 or later (pruned module graph) a required module that provides no compiled
/// package needs nothing at all; below 1.17 every required module's `.mod` is read;</item>
/// <item>vendor/modules.txt with a go line of 1.14 or later (or GOFLAGS=-mod=vendor) means the cache is not used.</item>
/// </list>
/// Imports are followed through the main module's packages and through dependencies already in the cache.
/// A file with build constraints (a //go:build line or a _GOOS/_GOARCH name) makes its imports "maybe needed".
/// </summary>
public sealed class DownloadNeeds
{
    private static readonly GoVersion Go114 = GoVersion.Parse("1.14");
    private static readonly GoVersion Go117 = GoVersion.Parse("1.17");

    private static readonly HashSet<string> KnownOS = new(StringComparer.Ordinal)
    {
        "aix", "android", "darwin", "dragonfly", "freebsd", "hurd", "illumos", "ios", "js", "linux", "nacl", "netbsd", "openbsd",
        "plan9", "solaris", "wasip1", "windows", "zos",
    };

    private static readonly HashSet<string> KnownArch = new(StringComparer.Ordinal)
    {
        "386", "amd64", "amd64p32", "arm", "armbe", "arm64", "arm64be", "loong64", "mips", "mipsle", "mips64", "mips64le", "mips64p32",
        "mips64p32le", "ppc", "ppc64", "ppc64le", "riscv", "riscv64", "s390", "s390x", "sparc", "sparc64", "wasm",
    };

    private readonly ProxySettings _settings;

    public DownloadNeeds(ProxySettings settings) => _settings = settings;

    /// <param name="moduleDirectory">The GoModule folder (holds go.mod).</param>
    /// <param name="goMod">Its parsed go.mod (no errors).</param>
    /// <param name="package">The GoModule's Package ("." or "./cmd/x").</param>
    /// <param name="goWork">The go.work governing the module, or null. Its `use` modules are on disk (nothing to download);
    /// requirements only other workspace modules add are not followed (so never wrongly "needed").</param>
    /// <param name="toolchainDownload">The toolchain go would download first (ToolchainDecision Download), e.g. "go1.23.0"; null for none.</param>
    /// <param name="generate">Which packages go generate runs in (null: generation is off): a `//go:generate go tool NAME` there
    /// builds go.mod's tool NAME, so its package and imports are needed like the build's own.</param>
    public ModuleNeeds Analyze(string moduleDirectory, GoModFile goMod, string package, GoWorkFile? goWork, string? toolchainDownload,
        GenerateScope? generate = null)
        => Analyze(moduleDirectory, goMod, new[] { package }, goWork, toolchainDownload, generate);

    /// <summary>The same for every package the module's GoModule items build (one module, several items: analysed once).</summary>
    public ModuleNeeds Analyze(string moduleDirectory, GoModFile goMod, IReadOnlyList<string> packages, GoWorkFile? goWork, string? toolchainDownload,
        GenerateScope? generate = null)
    {
        var inWorkspace = goWork is not null;
        var workspaceModules = WorkspaceModules(goWork);
        var needs = new ModuleNeeds();
        var cache = _settings.GoModCache;
        var goSum = ReadGoSum(Path.Combine(moduleDirectory, "go.sum"));

        if (toolchainDownload is not null)
        {
            var host = $"{Or(_settings.Get("GOHOSTOS"), "linux")}-{Or(_settings.Get("GOHOSTARCH"), "amd64")}";
            var version = $"v0.0.1-{toolchainDownload}.{host}";
            if (!(cache.Length > 0 && File.Exists(DownloadFile(cache, "golang.org/toolchain", version, ".zip"))))
            {
                var line = goMod.Toolchain?.Line ?? goMod.Go?.Line ?? 1;
                // Toolchain zips are always verified against the checksum database (go.sum does not list them).
                needs.Downloads.Add(new NeededDownload("golang.org/toolchain", version, true,
                    $"toolchain {toolchainDownload} that GOTOOLCHAIN={Or(_settings.Get("GOTOOLCHAIN"), "auto")} switches to", goMod.FilePath, line,
                        false, isToolchain: true));
            }
        }

        var mod = _settings.ModFlag;
        var goLine = goMod.Go?.Version;
        if (mod == "vendor" || (mod is null && !inWorkspace && goLine is not null && goLine >= Go114
                                && File.Exists(Path.Combine(moduleDirectory, "vendor", "modules.txt"))))
        {
            needs.Notes.Add(mod == "vendor" ? "GOFLAGS=-mod=vendor: go builds from vendor/, no module downloads"
                : "vendor/modules.txt present and go line >= 1.14: go builds from vendor/, no module downloads");
            if (generate is not null) NoteVendoredTools(moduleDirectory, goMod, generate, needs);
            return needs;
        }
        if (inWorkspace) needs.Notes.Add("in a go.work workspace: modules the workspace provides are not downloaded; requirements are checked per " +
            "go.mod");
        if (cache.Length == 0) needs.Notes.Add("GOMODCACHE is unknown: every required module counts as missing");

        var requires = new Dictionary<string, GoModRequire>(StringComparer.Ordinal);
        foreach (var r in goMod.Requires) requires[r.Path] = r; // go uses the last (and `go mod tidy` keeps one)

        var reported = new HashSet<string>(StringComparer.Ordinal);
        void Need(GoModRequire require, string path, string version, bool certain, string why)
        {
            var key = path + "@" + version;
            var existing = needs.Downloads.FindIndex(d => d.Path + "@" + d.Version == key);
            if (existing >= 0)
            {
                if (certain && !needs.Downloads[existing].Certain)
                    needs.Downloads[existing] = new NeededDownload(path, version, true, why, goMod.FilePath, require.Line,
                        needs.Downloads[existing].GoSumHasHashes);
                return;
            }
            var hashed = goSum.Contains(path + " " + version) && goSum.Contains(path + " " + version + "/go.mod");
            needs.Downloads.Add(new NeededDownload(path, version, certain, why, goMod.FilePath, require.Line, hashed));
        }

        // Below go 1.17 the whole module graph is loaded: every required module's go.mod.
        if (goLine is null || goLine < Go117)
        {
            foreach (var require in requires.Values)
            {
                if (workspaceModules.ContainsKey(require.Path)) continue;
                if (Resolve(goMod, require) is not { } target) continue;
                if (cache.Length == 0 || !File.Exists(DownloadFile(cache, target.Path, target.Version, ".mod")))
                {
                    Need(require, target.Path, target.Version, true, $"go {goMod.Go?.Value ?? "(no go line)"} loads every required module's go.mod");
                }
            }
        }

        // Only a require can make go download a package's module: without one, following the imports finds nothing to
        // download, and a no-op build of a standard-library-only module need not read its sources.
        if (requires.Count == 0) return needs;

        // Follow the imports of the packages go build compiles.
        var mainPath = goMod.ModulePath ?? "";
        var queue = new Queue<(string ImportPath, bool Certain, string From)>();
        var seen = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var package in packages)
        {
            var mainPackage = NormalizePackage(package);
            queue.Enqueue((mainPackage.Length == 0 ? mainPath : mainPath + "/" + mainPackage, true, "the GoModule's package"));
        }
        // A wider generate scope (./..., BuildMode=none, patterns) runs directives outside the build's packages: certainly for ./..., maybe
        // for other patterns (not matched here).
        if (generate is { IsBuildPackages: false })
        {
            foreach (var (tool, from, constrained) in ToolDirectives(moduleDirectory, goMod, ModuleSources.GoFiles(moduleDirectory, includeTests: true)))
                queue.Enqueue((tool, !constrained && generate.Patterns!.Contains(GenerateScope.WholeModule), from));
        }
        while (queue.Count > 0)
        {
            var (importPath, certain, from) = queue.Dequeue();
            if (seen.TryGetValue(importPath, out var wasCertain) && (wasCertain || !certain)) continue;
            seen[importPath] = certain;

            string? directory;
            if (importPath == mainPath || importPath.StartsWith(mainPath + "/", StringComparison.Ordinal))
            {
                directory = Path.Combine(moduleDirectory, importPath.Substring(mainPath.Length).TrimStart('/').Replace('/',
                    Path.DirectorySeparatorChar));
            }
            else if (workspaceModules.Keys.Where(p => importPath == p || importPath.StartsWith(p + "/", StringComparison.Ordinal))
                         .OrderByDescending(p => p.Length).FirstOrDefault() is { } workspaceModule)
            {
                directory = Path.Combine(workspaceModules[workspaceModule], importPath.Substring(workspaceModule.Length).TrimStart('/').Replace('/',
                    Path.DirectorySeparatorChar));
            }
            else
            {
                var require = requires.Values.Where(r => importPath == r.Path || importPath.StartsWith(r.Path + "/", StringComparison.Ordinal))
                    .OrderByDescending(r => r.Path.Length).FirstOrDefault();
                if (require is null) continue; // not a requirement: go reports that itself ("no required module provides")
                var target = Resolve(goMod, require);
                if (target is null)
                {
                    // A directory replacement: the package is on disk next to the module.
                    var replace = FindReplace(goMod, require);
                    directory = replace is null ? null : Path.Combine(Path.GetFullPath(Path.Combine(moduleDirectory, replace.NewPath)),
                        importPath.Substring(require.Path.Length).TrimStart('/').Replace('/', Path.DirectorySeparatorChar));
                }
                else
                {
                    var haveMod = cache.Length > 0 && File.Exists(DownloadFile(cache, target.Value.Path, target.Value.Version, ".mod"));
                    var extracted = cache.Length == 0 ? "" : Path.Combine(cache, ModulePaths.Escape(target.Value.Path).Replace('/',
                        Path.DirectorySeparatorChar) + "@" + ModulePaths.Escape(target.Value.Version));
                    var haveContent = cache.Length > 0 && (File.Exists(DownloadFile(cache, target.Value.Path, target.Value.Version, ".zip"))
                        || (Directory.Exists(extracted) && File.Exists(DownloadFile(cache, target.Value.Path, target.Value.Version, ".ziphash"))));
                    if (!haveMod || !haveContent)
                    {
                        Need(require, target.Value.Path, target.Value.Version, certain, from.StartsWith(ToolFrom, StringComparison.Ordinal)
                            ? $"tool {importPath} run by {from}" : $"package {importPath} imported by {from}");
                        continue;
                    }
                    directory = Path.Combine(extracted, importPath.Substring(require.Path.Length).TrimStart('/').Replace('/',
                        Path.DirectorySeparatorChar));
                }
            }
            if (directory is null || !Directory.Exists(directory)) continue;
            // Files are named as a user finds them: by their path in the main module (conf/parser.go:5), else by package path.
            var inMain = importPath == mainPath || importPath.StartsWith(mainPath + "/", StringComparison.Ordinal);
            var relative = inMain ? importPath.Substring(mainPath.Length).TrimStart('/') : importPath;
            foreach (var (import, constrained, file) in ReadImports(directory, relative.Length == 0 ? "" : relative + "/"))
            {
                if (ModulePaths.IsStandardLibrary(import) || import == "C") continue;
                queue.Enqueue((import, certain && !constrained, file));
            }
            // go generate runs the directives of the build's packages (GenerateScope), tests included.
            if (inMain && generate is { IsBuildPackages: true })
            {
                foreach (var (tool, directive, constrained) in ToolDirectives(moduleDirectory, goMod, Directory.GetFiles(directory, "*.go")))
                    queue.Enqueue((tool, certain && !constrained, directive));
            }
        }
        return needs;
    }

    private const string ToolFrom = "`//go:generate go tool ";

    /// <summary>The go.mod tool packages that `//go:generate go tool NAME` directives of these files run, with where they are.</summary>
    /// <remarks>A file with build constraints may not be selected by go generate either: its tools are only "maybe" needed.</remarks>
    private static IEnumerable<(string Package, string From, bool Constrained)> ToolDirectives(string moduleDirectory, GoModFile goMod,
        IEnumerable<string> files)
    {
        var root = Path.GetFullPath(moduleDirectory).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        foreach (var file in files.OrderBy(f => f, StringComparer.Ordinal))
        {
            var full = Path.GetFullPath(file);
            var relative = (full.StartsWith(root, StringComparison.Ordinal) ? full.Substring(root.Length) : full).Replace(Path.DirectorySeparatorChar, '/');
            var directives = GenerateDirectives.Read(file);
            if (directives.All(d => d.GoToolName is null)) continue;
            var name = Path.GetFileNameWithoutExtension(file);
            var constrained = HasFileNameConstraint(name.EndsWith("_test", StringComparison.Ordinal) ? name.Substring(0, name.Length - 5) : name)
                              || Regex.IsMatch(File.ReadAllText(file), @"^//(go:build|\s*\+build)\s", RegexOptions.Multiline);
            foreach (var directive in directives)
            {
                if (directive.GoToolName is not { } tool) continue;
                var (kind, matches) = GenerateDirectives.ResolveTool(tool, goMod, null);
                if (kind == GoToolKind.Declared) yield return (matches[0].Path, $"{ToolFrom}{tool}` ({relative}:{directive.Line})", constrained);
            }
        }
    }

    /// <summary>With vendor/, go builds a tool from vendor/ only (`-mod=vendor` looks nowhere else): say which tools are there.</summary>
    private static void NoteVendoredTools(string moduleDirectory, GoModFile goMod, GenerateScope generate, ModuleNeeds needs)
    {
        var modulesTxt = Path.Combine(moduleDirectory, "vendor", "modules.txt");
        var vendored = File.Exists(modulesTxt)
            ? new HashSet<string>(File.ReadAllLines(modulesTxt).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith("#", StringComparison.Ordinal)),
                StringComparer.Ordinal)
            : new HashSet<string>(StringComparer.Ordinal);
        foreach (var (tool, from, _) in ToolDirectives(moduleDirectory, goMod, ModuleSources.GoFiles(moduleDirectory, includeTests: true)).Distinct())
        {
            needs.Notes.Add(vendored.Contains(tool)
                ? $"tool {tool} ({from}) is built from vendor/"
                : $"tool {tool} ({from}) is not in vendor/modules.txt: go generate fails with 'cannot find module providing package {tool}: import " +
                  $"lookup disabled by -mod=vendor'; run `go mod vendor`");
        }
    }

    /// <summary>Module path -> directory of every module a go.work uses.</summary>
    private static Dictionary<string, string> WorkspaceModules(GoWorkFile? goWork)
    {
        var modules = new Dictionary<string, string>(StringComparer.Ordinal);
        if (goWork is null) return modules;
        var workDirectory = Path.GetDirectoryName(Path.GetFullPath(goWork.FilePath)) ?? "";
        foreach (var use in goWork.Uses)
        {
            var directory = Path.GetFullPath(Path.Combine(workDirectory, use.Path));
            var goModPath = Path.Combine(directory, "go.mod");
            if (!File.Exists(goModPath)) continue;
            if (GoModFile.Load(goModPath).ModulePath is { } path) modules[path] = directory;
        }
        return modules;
    }

    /// <summary>The module and version go downloads for a requirement; null for a directory replacement.</summary>
    private static (string Path, string Version)? Resolve(GoModFile goMod, GoModRequire require)
    {
        var replace = FindReplace(goMod, require);
        if (replace is null) return (require.Path, require.Version);
        if (replace.IsDirectory) return null;
        return (replace.NewPath, replace.NewVersion ?? require.Version);
    }

    private static GoModReplace? FindReplace(GoModFile goMod, GoModRequire require)
        => goMod.Replaces.LastOrDefault(r => r.OldPath == require.Path && r.OldVersion == require.Version)
           ?? goMod.Replaces.LastOrDefault(r => r.OldPath == require.Path && r.OldVersion is null);

    public static string DownloadFile(string cache, string path, string version, string extension)
        => Path.Combine(cache, "cache", "download", ModulePaths.Escape(path).Replace('/', Path.DirectorySeparatorChar), "@v",
            ModulePaths.Escape(version) + extension);

    private static string NormalizePackage(string package)
    {
        var p = (package ?? ".").Replace('\\', '/').Trim();
        while (p.StartsWith("./", StringComparison.Ordinal)) p = p.Substring(2);
        return p == "." ? "" : p.TrimEnd('/');
    }

    private static HashSet<string> ReadGoSum(string path)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        if (!File.Exists(path)) return set;
        foreach (var line in File.ReadAllLines(path))
        {
            var parts = line.Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length >= 3) set.Add(parts[0] + " " + parts[1]);
        }
        return set;
    }

    // Interpreted, not Compiled: compiling costs every MSBuild node tens of milliseconds before its first match.
    private static readonly Regex ImportLine = new(@"^\s*(?:[A-Za-z_.][A-Za-z0-9_]*\s+)?""([^""]+)""");

    /// <summary>The imports of a package directory's non-test .go files, and whether each comes from a constrained file.</summary>
    /// <param name="displayPrefix">Put before each file name in the result (e.g. "conf/"); each name ends in ":line" of its import.</param>
    public static IEnumerable<(string ImportPath, bool Constrained, string File)> ReadImports(string directory, string displayPrefix = "")
    {
        foreach (var file in Directory.GetFiles(directory, "*.go").OrderBy(f => f, StringComparer.Ordinal))
        {
            var name = Path.GetFileNameWithoutExtension(file);
            if (name.EndsWith("_test", StringComparison.Ordinal) || name.StartsWith("_", StringComparison.Ordinal) || name.StartsWith(".",
                StringComparison.Ordinal)) continue;
            string text;
            try
            {
                text = File.ReadAllText(file);
            }
            catch (IOException)
            {
                continue;
            }
            var constrained = HasFileNameConstraint(name) || Regex.IsMatch(text, @"^//(go:build|\s*\+build)\s", RegexOptions.Multiline);
            foreach (var (import, line) in ParseImportLines(text)) yield return (import, constrained,
                $"{displayPrefix}{Path.GetFileName(file)}:{line}");
        }
    }

    /// <summary>The import paths of a Go file (import "x", import alias "x", import ( ... ) blocks); comments skipped.</summary>
    public static List<string> ParseImports(string text) => ParseImportLines(text).Select(i => i.Path).ToList();

    /// <summary>As ParseImports, with the 1-based line of each import.</summary>
    public static List<(string Path, int Line)> ParseImportLines(string text)
    {
        var imports = new List<(string Path, int Line)>();
        var lines = text.Replace("\r", "").Split('\n');
        var inBlock = false;
        var inComment = false;
        for (var index = 0; index < lines.Length; index++)
        {
            var line = lines[index];
            var number = index + 1;
            if (inComment)
            {
                var end = line.IndexOf("*/", StringComparison.Ordinal);
                if (end < 0) continue;
                line = line.Substring(end + 2);
                inComment = false;
            }
            var start = line.IndexOf("/*", StringComparison.Ordinal);
            if (start >= 0 && line.IndexOf("*/", start, StringComparison.Ordinal) < 0 && !line.Substring(0, start).Contains("\""))
            {
                line = line.Substring(0, start);
                inComment = true;
            }
            var trimmed = line.Trim();
            if (trimmed.StartsWith("//", StringComparison.Ordinal) || trimmed.Length == 0) continue;
            if (inBlock)
            {
                if (trimmed.StartsWith(")", StringComparison.Ordinal)) { inBlock = false; continue; }
                var m = ImportLine.Match(trimmed);
                if (m.Success) imports.Add((m.Groups[1].Value, number));
                continue;
            }
            if (trimmed.StartsWith("import", StringComparison.Ordinal))
            {
                var rest = trimmed.Substring(6).Trim();
                if (rest.StartsWith("(", StringComparison.Ordinal))
                {
                    rest = rest.Substring(1).Trim();
                    inBlock = true;
                    if (rest.StartsWith(")", StringComparison.Ordinal)) { inBlock = false; continue; }
                    var first = ImportLine.Match(rest);
                    if (first.Success) imports.Add((first.Groups[1].Value, number));
                    if (rest.EndsWith(")", StringComparison.Ordinal)) inBlock = false;
                    continue;
                }
                var m = ImportLine.Match(rest);
                if (m.Success) imports.Add((m.Groups[1].Value, number));
                continue;
            }
            if (trimmed.StartsWith("package", StringComparison.Ordinal)) continue;
            // The first declaration ends the import section.
            if (trimmed.StartsWith("func", StringComparison.Ordinal) || trimmed.StartsWith("var", StringComparison.Ordinal)
                || trimmed.StartsWith("type", StringComparison.Ordinal) || trimmed.StartsWith("const", StringComparison.Ordinal)) break;
        }
        return imports;
    }

    // go/build's goodOSArchFile: name_GOOS, name_GOARCH, name_GOOS_GOARCH (after dropping _test).
    private static bool HasFileNameConstraint(string name)
    {
        var parts = name.Split('_');
        if (parts.Length < 2) return false;
        var last = parts[parts.Length - 1];
        if (KnownOS.Contains(last) || KnownArch.Contains(last)) return true;
        return false;
    }

    private static string Or(string value, string fallback) => value.Length == 0 ? fallback : value;
}
