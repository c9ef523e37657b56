using System;
using System.Linq;
using GoToolchain.Build.Diagnostics;
using GoToolchain.Build.Toolchain;

namespace GoToolchain.Build.Building;

/// <summary>PlanGoBuilds' C compiler choice for each module, made from the environment its go build gets.</summary>
public static class ModuleCCompiler
{
    /// <summary>Adds CC=&lt;compiler&gt; to the module's Environment when cgo needs one go would not pick (cross targets, GoCC).</summary>
    public static GoModuleSpec WithCCompiler(GoModuleSpec spec, GoTarget host, GoTarget target, string? goCC, string[] goEnvironment,
        string? projectFile, DiagnosticBag diagnostics)
    {
        var choice = Choose(spec, host, target, goCC, goEnvironment, projectFile, diagnostics);
        if (choice?.Compiler is null) return spec;

        var metadata = spec.Metadata.ToDictionary(p => p.Key, p => p.Value, StringComparer.OrdinalIgnoreCase);
        var environment = spec.Get("Environment").TrimEnd(';');
        metadata["Environment"] = (environment.Length == 0 ? "" : environment + ";") + "CC=" + choice.Compiler;
        return new GoModuleSpec(spec.Directory, metadata);
    }

    /// <summary>The module's C compiler for <paramref name="target"/>, checked (GOTB513 when absent); null for BuildMode none or an
    /// invalid one (the planner reports it).</summary>
    public static CCompilerChoice? Choose(GoModuleSpec spec, GoTarget host, GoTarget target, string? goCC, string[] goEnvironment,
        string? projectFile, DiagnosticBag diagnostics)
    {
        if (!GoBuildModes.TryParse(spec.Get("BuildMode"), out var mode) || mode == GoBuildMode.None) return null;
        var cgoEnabled = spec.Get("CgoEnabled");
        var cgo = cgoEnabled.Length == 0 ? GoBuildModes.NeedsCgo(mode) : cgoEnabled == "1";

        var ignored = new DiagnosticBag(); // malformed entries are reported by the tasks that use them
        var shared = BuildEnvironment.ParseEntries(goEnvironment, "GoEnvironment", projectFile, ignored);
        var own = BuildEnvironment.ParseEntries(spec.Get("Environment").Split(';'), "Environment", projectFile, ignored);
        string? Get(string name) => own.TryGetValue(name, out var v) ? v : shared.TryGetValue(name, out var w) ? w : null;

        var platform = SystemPlatform.Instance;
        var pathList = Get("PATH") ?? platform.GetEnvironmentVariable("PATH");
        var locator = new GoLocator(platform);
        return CrossCompilers.Choose(host, target, cgo, goCC, Get("CC"),
            name => locator.LookPath(name, pathList), platform.FileExists, spec.Directory, projectFile, diagnostics,
            name => Get(name) ?? platform.GetEnvironmentVariable(name), Subdirectories);
    }

    private static System.Collections.Generic.IEnumerable<string> Subdirectories(string folder)
    {
        try { return System.IO.Directory.Exists(folder) ? System.IO.Directory.GetDirectories(folder) : Array.Empty<string>(); }
        catch (Exception e) when (e is System.IO.IOException or UnauthorizedAccessException) { return Array.Empty<string>(); }
    }
}
