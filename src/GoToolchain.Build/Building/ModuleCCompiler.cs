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
    /// <summary>Adds CC=&lt;compiler&gt; to the module's Environment when cgo needs one go would not pick (cross targets, GoCC). A cgo
    /// cross build for which no C compiler is known and none is set fails here, before go runs (GOTB553), as dotnet pack does for
    /// each RID (GOTB551): go would run the host's C compiler for it and fail in runtime/cgo.</summary>
    public static GoModuleSpec WithCCompiler(GoModuleSpec spec, IReadOnlyDictionary<string, string?> environment, GoTarget host, GoTarget target,
        string? goCC, string? projectFile, DiagnosticBag diagnostics, string? runtimeIdentifier = null)
    {
        var found = new DiagnosticBag();
        var choice = Choose(spec, environment, host, target, goCC, projectFile, found);
        if (choice is { NoneKnown: true })
        {
            diagnostics.Add(UnknownCrossCompiler(spec.Directory, host, target, runtimeIdentifier, projectFile));
            return spec;
        }
        diagnostics.AddRange(found.Items);
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

    /// <summary>GOTB553: a build (not a pack) for a target whose cgo needs a C compiler GoToolchain.Build knows none of on this host.</summary>
    public static Diagnostic UnknownCrossCompiler(string moduleDirectory, GoTarget host, GoTarget target, string? runtimeIdentifier, string? projectFile)
    {
        var rid = string.IsNullOrWhiteSpace(runtimeIdentifier) ? null : runtimeIdentifier!.Trim();
        var what = rid is null ? $"the build for {target.GoOS}/{target.GoArch} (GoOS/GoArch)" : $"dotnet build -r {rid} ({target.GoOS}/{target.GoArch})";
        var condition = rid is null ? "" : $" (<GoCC Condition=\"'$(RuntimeIdentifier)' == '{rid}'\">...</GoCC>)";
        return Diagnostic.Error(Codes.BuildCCompilerUnknown,
            $"GoModule '{moduleDirectory}' needs cgo for {what}, but GoToolchain.Build knows no C cross-compiler for {target.GoOS}/{target.GoArch} " +
                $"on this {host.GoOS}/{host.GoArch} machine and neither GoCC nor CC names one: this machine's C compiler cannot build for " +
                $"{target.GoOS}/{target.GoArch}, so go build would fail in runtime/cgo. Nothing was built. " +
            $"Fix: set GoCC to a C compiler for {target.GoOS}/{target.GoArch}{condition}, e.g. 'zig cc -target " +
                $"{ZigTarget(target)}'; or build it on a {target.GoOS}/{target.GoArch} machine; or, if the module needs no cgo, " +
                "BuildMode=\"exe\" with CgoEnabled=\"0\".",
            projectFile);
    }

    private static string ZigTarget(GoTarget target)
    {
        var arch = target.GoArch switch { "amd64" => "x86_64", "arm64" => "aarch64", "386" => "x86", _ => target.GoArch };
        var os = target.GoOS switch { "darwin" => "macos", "windows" => "windows-gnu", _ => target.GoOS + (target.Musl ? "-musl" : "-gnu") };
        return os == "windows-gnu" ? arch + "-windows-gnu" : arch + "-" + os;
    }

    private static System.Collections.Generic.IEnumerable<string> Subdirectories(string folder)
    {
        try { return System.IO.Directory.Exists(folder) ? System.IO.Directory.GetDirectories(folder) : Array.Empty<string>(); }
        catch (Exception e) when (e is System.IO.IOException or UnauthorizedAccessException) { return Array.Empty<string>(); }
    }
}
