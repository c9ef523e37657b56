using System;
using System.Collections.Generic;
using System.Linq;
using GoToolchain.Build.Diagnostics;
using GoToolchain.Build.Platform;
using GoToolchain.Build.Toolchain;

namespace GoToolchain.Build.Building;

/// <summary>PlanGoBuilds' C compiler choice for each module, made from the environment its go build gets.</summary>
public static class ModuleCCompiler
{
    /// <summary>Adds CC=&lt;compiler&gt; to the module's Environment when cgo needs one go would not pick (cross targets, GoCC).</summary>
    public static GoModuleSpec WithCCompiler(GoModuleSpec spec, IReadOnlyDictionary<string, string?> environment, GoTarget host, GoTarget target,
        string? goCC, string? projectFile, DiagnosticBag diagnostics)
    {
        var choice = Choose(spec, environment, host, target, goCC, projectFile, diagnostics);
        if (choice?.Compiler is null) return spec;

        var metadata = spec.Metadata.ToDictionary(p => p.Key, p => p.Value, StringComparer.OrdinalIgnoreCase);
        var own = spec.Get("Environment").TrimEnd(';');
        metadata["Environment"] = (own.Length == 0 ? "" : own + ";") + "CC=" + choice.Compiler;
        return new GoModuleSpec(spec.Directory, metadata) { BuildMode = spec.BuildMode, OutputName = spec.OutputName };
    }

    /// <summary>The module's C compiler for <paramref name="target"/>, checked (GOTB513 when absent); null for BuildMode none or an
    /// invalid one (the planner reports it). <paramref name="environment"/>: the module's go build environment (the build's, then the
    /// module's Environment metadata).</summary>
    public static CCompilerChoice? Choose(GoModuleSpec spec, IReadOnlyDictionary<string, string?> environment, GoTarget host, GoTarget target,
        string? goCC, string? projectFile, DiagnosticBag diagnostics)
    {
        if (spec.BuildMode is not { } mode || mode == GoBuildMode.None) return null;
        var cgoEnabled = spec.Get("CgoEnabled");
        var cgo = cgoEnabled.Length == 0 ? GoBuildModes.NeedsCgo(mode) : cgoEnabled == "1";

        string? Get(string name) => environment.TryGetValue(name, out var value) ? value : null;

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
