using System;
using System.Collections.Generic;
using System.IO;
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

    /// <summary>Lines for the GoDoctor report.</summary>
    public IEnumerable<string> Describe()
    {
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
    }
}

/// <summary>
/// Per GoModule: the folder and its go.mod exist and parse, the go.work that governs it (GOWORK, else the first
/// go.work above it) parses and uses it, and the go/toolchain lines of the governing file work with the toolchain
/// under GoToolchainMode, exactly as go would decide (ToolchainSelection).
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

    /// <param name="local">The toolchain's version; null when no toolchain could be probed (the files are still parsed).</param>
    /// <param name="decideToolchain">False when GoToolchainMode is invalid: that is reported once, not per module.</param>
    public ModuleValidation Check(string directory, GoVersion? local, string? localToolchainName, string goToolchainMode, bool decideToolchain,
        BuildEnvironment environment, string? projectFile, DiagnosticBag diagnostics)
    {
        var module = new ModuleValidation(directory);
        if (!_platform.DirectoryExists(directory))
        {
            diagnostics.Add(Diagnostic.Error(Codes.ModuleDirectoryMissing,
                $"GoModule '{directory}' does not exist. Fix: make the GoModule Include point at the folder that holds the module's go.mod " +
                    $"(relative to the project file).",
                projectFile));
            return module;
        }
        var goModPath = Path.Combine(directory, "go.mod");
        if (!_platform.FileExists(goModPath))
        {
            diagnostics.Add(Diagnostic.Error(Codes.GoModMissing,
                $"GoModule '{directory}' has no go.mod. Fix: point the GoModule at the module's root folder, or create one with `go mod init " +
                    $"<module path>` there.",
                projectFile));
            return module;
        }
        module.GoModPath = goModPath;
        module.GoMod = GoModFile.Load(goModPath, local);
        diagnostics.AddRange(module.GoMod.Diagnostics);

        module.GoWork = FindWorkspace(directory, environment, local);
        if (module.GoWork is not null)
        {
            diagnostics.AddRange(module.GoWork.Diagnostics);
            if (!module.GoWork.HasErrors && module.GoWork.CheckModuleListed(directory) is { } notListed) diagnostics.Add(notListed);
        }

        IGoVersionDirectives governing = module.GoWork is not null ? module.GoWork : module.GoMod;
        var parsed = !module.GoMod.HasErrors && module.GoWork?.HasErrors != true;
        if (local is not null && decideToolchain && parsed)
        {
            module.Decision = new ToolchainSelection(_lookPath).Decide(local, goToolchainMode, governing, projectFile, directory, localToolchainName);
            if (module.Decision.Diagnostic is { } decision) diagnostics.Add(decision);
        }
        return module;
    }

    /// <summary>go's rule: GOWORK=off disables workspaces, GOWORK=path names the file, else the nearest go.work above.</summary>
    private GoWorkFile? FindWorkspace(string directory, BuildEnvironment environment, GoVersion? local)
    {
        var goWork = environment.Get("GOWORK");
        if (goWork == "off") return null;
        if (!string.IsNullOrEmpty(goWork))
        {
            // go fails when GOWORK names a file it cannot read ("go: reading go.work: open …: no such file or
            // directory"); Load reports that as GoWorkMalformed at the named file.
            return GoWorkFile.Load(goWork!, local);
        }
        for (var current = directory; !string.IsNullOrEmpty(current); current = Path.GetDirectoryName(current))
        {
            var candidate = Path.Combine(current, "go.work");
            if (_platform.FileExists(candidate)) return GoWorkFile.Load(candidate, local);
        }
        return null;
    }
}
