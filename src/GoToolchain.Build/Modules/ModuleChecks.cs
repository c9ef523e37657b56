using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using GoToolchain.Build.Diagnostics;
using GoToolchain.Build.Platform;
using GoToolchain.Build.Versions;

namespace GoToolchain.Build.Modules;

/// <summary>What ValidateGoroot found for one GoModule.</summary>
public sealed class ModuleValidation
{
    public ModuleValidation(string directory) => Directory = directory;

    public string Directory { get; }
    public string? GoModPath { get; set; }
    public GoModFile? GoMod { get; set; }
    public GoWorkFile? GoWork { get; set; }
    public ToolchainDecision? Decision { get; set; }

    /// <summary>The go release whose rules read go.mod and go.work: the one go switches to, else the local one; null when unknown.</summary>
    public GoVersion? ReadBy { get; set; }

    /// <summary>The GoModule items of this module (Include as written, and Package): one module, checked and listed once.</summary>
    public List<(string ItemSpec, string Package)> Items { get; } = new();

    /// <summary>Lines for the GoDoctor report.</summary>
    public IEnumerable<string> Describe()
    {
        if (Items.Count > 0) yield return "GoModule items: " + string.Join(", ", Items.Select(i => $"'{i.ItemSpec}' (Package {i.Package})"));
        if (GoMod is null)
        {
            yield return "go.mod: (none)";
            yield break;
        }
        yield return $"go.mod: {GoMod.FilePath}";
        yield return $"module: {GoMod.ModulePath ?? "(none)"}";
        yield return $"go line: {GoMod.Go?.ToString() ?? "(none)"}";
        yield return $"toolchain line: {GoMod.Toolchain?.ToString() ?? "(none)"}";
        if (GoWork is not null)
        {
            yield return $"workspace: {GoWork.FilePath} (go line {GoWork.Go?.ToString() ?? "(none)"}; its go and toolchain lines govern the module)";
        }
        if (Decision is not null)
        {
            yield return $"toolchain decision: {Decision}" + (Decision.GoMessage is null ? ""
                : $" (go would say: {Decision.GoMessage.Replace("\n", "; ")})");
        }
        var switches = Decision?.Outcome is ToolchainOutcome.SwitchFromPath or ToolchainOutcome.Download or ToolchainOutcome.NotOnPath;
        if (ReadBy is not null) yield return $"read by: the rules of Go {ReadBy}" + (switches ? " (the toolchain go switches to)" : "");
    }
}

/// <summary>
/// Per GoModule: the folder and its go.mod exist, the go/toolchain lines of the governing file (go.work: GOWORK, else the
/// first go.work above it; else go.mod) work with the toolchain under GoToolchainMode, exactly as go would decide
/// (ToolchainSelection), and go.mod and go.work parse by the rules of the toolchain that decision runs, and the workspace
/// uses the module.
/// </summary>
public sealed class ModuleChecks
{
    private readonly IPlatform _platform;
    private readonly Func<string, string?> _lookPath;

    public ModuleChecks(IPlatform platform, Func<string, string?> lookPath)
    {
        _platform = platform;
        _lookPath = lookPath;
    }

    /// <summary>
    /// A GoModule's Package must be a package of the module: a typo ('./testap') otherwise fails in go generate ("directory not found")
    /// with a go generate fix that does not apply, or in go build. Checked before either runs, at the item's line (GOTB121). A
    /// pattern ('./...'), a path outside the module or an import path of another module is left to go. A folder without .go files is
    /// an error only when go generate does not run (a generator may write them).
    /// </summary>
    public Diagnostic? CheckPackage(ModuleValidation module, string itemSpec, string package, bool generateRuns, Func<(string? File, int Line)> at)
    {
        if (module.GoMod is null) return null;
        var text = (package ?? "").Trim().Replace('\\', '/');
        if (text.Length == 0 || text.Contains("...")) return null;
        var modulePath = module.GoMod.ModulePath;
        string relative;
        if (text == "." || text.StartsWith("./", StringComparison.Ordinal)) relative = text.Substring(1).Trim('/');
        else if (modulePath is not null && (text == modulePath || text.StartsWith(modulePath + "/", StringComparison.Ordinal)))
            relative = text.Substring(modulePath.Length).Trim('/');
        else return null;
        if (relative.Split('/').Any(part => part == "..")) return null;
        var folder = relative.Length == 0 ? module.Directory : Path.Combine(module.Directory, relative.Replace('/', Path.DirectorySeparatorChar));
        string? problem = null;
        if (!_platform.DirectoryExists(folder)) problem = $"the module has no folder '{relative}' ('{folder}' does not exist)";
        else if (!generateRuns && !HasGoFiles(folder)) problem = $"its folder '{folder}' holds no .go file";
        if (problem is null) return null;
        var mains = MainPackages(module.Directory);
        var (file, line) = at();
        return Diagnostic.Error(Codes.PackageNotInModule,
            $"GoModule '{itemSpec}' has Package='{package}', which is no package of the module {modulePath ?? module.Directory}: {problem}. " +
            $"Fix: set Package to a main package of the module, relative to its folder " +
                (mains.Count == 0 ? "(e.g. '.' or './cmd/tool')" : $"({string.Join(", ", mains.Select(m => $"'{m}'"))})") + ".",
            file, line);
    }

    private static bool HasGoFiles(string folder)
    {
        try { return Directory.EnumerateFiles(folder, "*.go").Any(f => !f.EndsWith("_test.go", StringComparison.Ordinal)); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return true; /* go will say what is wrong */ }
    }

    /// <summary>Up to ten folders of the module with a `package main` file (what Package may name), nearest first.</summary>
    private static List<string> MainPackages(string moduleDirectory)
    {
        var found = new List<string>();
        try
        {
            foreach (var file in ModuleSources.GoFiles(moduleDirectory, includeTests: false))
            {
                if (found.Count >= 10) break;
                var relative = Path.GetDirectoryName(file)!.Substring(moduleDirectory.TrimEnd('/', '\\').Length).Replace('\\', '/').Trim('/');
                var name = relative.Length == 0 ? "." : "./" + relative;
                if (found.Contains(name)) continue;
                if (File.ReadLines(file).Take(200).Any(l => l.TrimStart().StartsWith("package main", StringComparison.Ordinal)
                                                             && l.Trim().Split(' ', '\t').Skip(1).FirstOrDefault() == "main")) found.Add(name);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { /* no suggestions then */ }
        return found;
    }

    /// <param name="local">The toolchain's version; null when no toolchain could be probed (the files are still parsed).</param>
    /// <param name="decideToolchain">False when GoToolchainMode is invalid: that is reported once, not per module.</param>
    public ModuleValidation Check(string directory, GoVersion? local, string? localToolchainName, string goToolchainMode, bool decideToolchain,
        BuildEnvironment environment, string? projectFile, DiagnosticBag diagnostics, Func<(string? File, int Line)>? itemAt = null)
    {
        var module = new ModuleValidation(directory);
        // The GoModule item's own line (ProjectFileLines.Item), read only for an error.
        Diagnostic AtItem(string code, string message)
        {
            var (file, line) = itemAt?.Invoke() ?? (projectFile, 0);
            return Diagnostic.Error(code, message, file ?? projectFile, line);
        }
        if (!_platform.DirectoryExists(directory))
        {
            diagnostics.Add(AtItem(Codes.ModuleDirectoryMissing,
                $"GoModule '{directory}' does not exist. Fix: make the GoModule Include point at the folder that holds the module's go.mod " +
                    $"(relative to the project file; a go.mod file there means its folder)."));
            return module;
        }
        var goModPath = Path.Combine(directory, "go.mod");
        if (!_platform.FileExists(goModPath))
        {
            diagnostics.Add(AtItem(Codes.GoModMissing,
                $"GoModule '{directory}' has no go.mod. Fix: point the GoModule at the module's root folder, or create one with `go mod init " +
                    $"<module path>` there."));
            return module;
        }
        module.GoModPath = goModPath;

        // As go does: choose the toolchain from the go and toolchain lines alone (go.work when there is one), then read the
        // files by the rules of the toolchain that will build them. A `tool` line on local 1.23 with GOTOOLCHAIN=auto or path
        // and `go 1.24` is read by 1.24, which understands it.
        var goWorkPath = FindWorkspace(directory, environment);
        if (local is not null && decideToolchain)
        {
            var governingLines = goWorkPath is not null && _platform.FileExists(goWorkPath)
                ? GoVersionLines.Load(goWorkPath, workspace: true)
                : GoVersionLines.Load(goModPath, workspace: false);
            module.Decision = new ToolchainSelection(_lookPath).Decide(local, goToolchainMode, governingLines, projectFile, directory, localToolchainName);
        }
        var reader = module.ReadBy = ReadingToolchain(local, module.Decision);
        module.GoMod = GoModFile.Load(goModPath, reader);
        // go fails when GOWORK names a file it cannot read ("go: reading go.work: open …: no such file or directory"); Load
        // reports that as GoWorkMalformed at the named file.
        module.GoWork = goWorkPath is null ? null : GoWorkFile.Load(goWorkPath, reader);

        var parseProblems = module.GoMod.Diagnostics.Concat(module.GoWork?.Diagnostics ?? Array.Empty<Diagnostic>()).ToList();
        var parsed = !parseProblems.Any(d => d.Severity == Severity.Error);
        var tooNewFirst = module.GoWork is null && local is not null && GoModRules.For(local).ReportsTooNewBeforeParseErrors;
        if (!StopsBeforeParsing(module.Decision, local, reader, parsed, tooNewFirst)) diagnostics.AddRange(parseProblems);
        if (module.GoWork is not null && !module.GoWork.HasErrors && module.GoWork.CheckModuleListed(directory) is { } notListed) diagnostics.Add(notListed);
        if (module.Decision is not null && !ReportsDecision(module.Decision, local!, reader, parsed, tooNewFirst))
        {
            module.Decision = null; // the local go stops at the parse errors: there is no toolchain decision to predict
        }
        if (module.Decision?.Diagnostic is { } decision) diagnostics.Add(decision);
        return module;
    }

    /// <summary>The go release that reads go.mod and go.work: the one go switches to, else the local one (null: unknown, the newest
    /// rules).</summary>
    public static GoVersion? ReadingToolchain(GoVersion? local, ToolchainDecision? decision)
        => decision?.Outcome is ToolchainOutcome.SwitchFromPath or ToolchainOutcome.Download or ToolchainOutcome.NotOnPath
           && GoVersion.FromToolchainName(decision.ToolchainName) is { } target
            ? target
            : local;

    // What go prints first. A toolchain switch (or its failure) comes before any parse. A local go that runs with a go.mod
    // whose go line is newer than itself says so instead of go.mod's parse errors from 1.24 on (1.21 to 1.23 print the parse
    // errors; every version prints go.work's). Otherwise the parse errors stop go, and the toolchain checks of a file that
    // parsed (a toolchain line `go mod tidy` would drop) follow.
    private static bool ReportsDecision(ToolchainDecision decision, GoVersion local, GoVersion? reader, bool parsed, bool tooNewFirst)
    {
        if (parsed || reader != local) return true;
        return decision.Outcome == ToolchainOutcome.LocalTooOld && tooNewFirst;
    }

    private static bool StopsBeforeParsing(ToolchainDecision? decision, GoVersion? local, GoVersion? reader, bool parsed, bool tooNewFirst)
    {
        if (decision?.Diagnostic is not { Severity: Severity.Error } || parsed) return false;
        if (reader != local) return true; // go could not switch, or the toolchain it switches to refuses the go line
        return decision.Outcome == ToolchainOutcome.LocalTooOld && tooNewFirst;
    }

    /// <summary>go's rule: GOWORK=off disables workspaces, GOWORK=path names the file, else the nearest go.work above.</summary>
    private string? FindWorkspace(string directory, BuildEnvironment environment)
    {
        var goWork = environment.Get("GOWORK");
        if (goWork == "off") return null;
        if (!string.IsNullOrEmpty(goWork)) return goWork;
        for (var current = directory; !string.IsNullOrEmpty(current); current = Path.GetDirectoryName(current))
        {
            var candidate = Path.Combine(current, "go.work");
            if (_platform.FileExists(candidate)) return candidate;
        }
        return null;
    }
}
