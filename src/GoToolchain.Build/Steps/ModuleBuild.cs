using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using GoToolchain.Build.Building;
using GoToolchain.Build.Diagnostics;
using GoToolchain.Build.Execution;
using GoToolchain.Build.Loopvar;
using GoToolchain.Build.Platform;
using GoToolchain.Build.Settings;

namespace GoToolchain.Build.Steps;

/// <summary>
/// BuildGoModule's work: one planned build (PlanGoBuilds' item metadata) becomes a go build request and runs, once for every
/// project that shares its settings file (<see cref="SharedModuleBuilds"/>).
/// </summary>
public static class ModuleBuild
{
    /// <param name="planned">The planned build's metadata (ModuleDirectory, OutputPath, GoOS, GoArch, BuildMode, Environment…).</param>
    /// <param name="requiredExperiment">An experiment GoLoopvar promised (loopvar): merged into GOEXPERIMENT, and proven in the output.</param>
    /// <param name="goVersionText">GOVERSION of the local go (go1.27.4): from 1.24 on, go build runs with -json for exact diagnostics.</param>
    public static GoBuildRequest Request(ProjectSettings settings, string goExecutable, string? goVersionText,
        IReadOnlyDictionary<string, string?> buildEnvironment, Func<string, string> planned, string? requiredExperiment)
    {
        // PlanGoBuilds plans no build for BuildMode none or one that is not allowed: neither reaches this step.
        if (!GoBuildModes.TryParse(planned("BuildMode"), out var mode) || mode == GoBuildMode.None)
        {
            throw new InvalidOperationException($"GoBuild got BuildMode='{planned("BuildMode")}', which PlanGoBuilds never plans.");
        }
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var pair in buildEnvironment) environment[pair.Key] = pair.Value;
        // The planned Environment is the module's (checked by the settings) with the C compiler the planner chose.
        foreach (var pair in BuildEnvironment.ParseEntries(planned("Environment").Split(';'), "Environment", settings.ProjectFile, new DiagnosticBag()))
            environment[pair.Key] = pair.Value;
        // A module's own GOEXPERIMENT=loopvar (its Environment metadata) is in force for it alone: prove it the same way.
        if (requiredExperiment is null && environment.TryGetValue("GOEXPERIMENT", out var own) && GoExperiment.EnablesLoopvar(own))
            requiredExperiment = GoExperiment.Loopvar;
        if (requiredExperiment is not null)
        {
            environment.TryGetValue("GOEXPERIMENT", out var current);
            environment["GOEXPERIMENT"] = GoExperiment.Merge(current, requiredExperiment);
        }
        string? Optional(string name) => string.IsNullOrWhiteSpace(planned(name)) ? null : planned(name).Trim();
        return new GoBuildRequest
        {
            GoExecutable = goExecutable,
            ModuleDirectory = planned("ModuleDirectory"),
            Package = Optional("Package") ?? ".",
            Mode = mode,
            Target = new GoTarget(planned("GoOS"), planned("GoArch"), Optional("GoArm")),
            OutputPath = planned("OutputPath"),
            TrimPath = settings.TrimPath,
            Tags = Optional("Tags"),
            LdFlags = Optional("LdFlags"),
            GcFlags = Optional("GcFlags"),
            ExtraArguments = settings.BuildArguments,
            CgoEnabled = Optional("CgoEnabled"),
            Environment = environment,
            Timeout = settings.ProcessTimeout,
            DiagnosticFile = Optional("GoModPath") ?? settings.ProjectFile,
            RequiredExperiment = requiredExperiment,
            GoVersionText = goVersionText ?? "",
            ProgressNotice = settings.ProgressNotice,
            StructuredOutput = GoBuildEvents.Supported(Versions.GoVersion.FromGoEnvVersion(goVersionText ?? ""),
                environment.TryGetValue("GOTOOLCHAIN", out var goToolchain) ? goToolchain : null),
        };
    }

    /// <summary>go build of the request; with a settings file and a store (<paramref name="store"/> not null), once for all projects of
    /// the build that share it (a copy from the store otherwise).</summary>
    /// <param name="notice">The high-importance line of a go build that runs long.</param>
    public static IReadOnlyList<Diagnostic> Run(GoBuildRequest request, string? settingsFile, IReadOnlyList<string> inputFiles, Action<string> log,
        Action<string> notice, StoreLimits? store, PhaseTimings timings, Action beforeBlocking, string? projectFile, CancellationToken cancellation)
    {
        var builder = new GoModuleBuilder(log, notice);
        IReadOnlyList<Diagnostic> RunGoBuild()
        {
            beforeBlocking();
            return builder.Build(request, cancellation, timings);
        }
        var settings = settingsFile is null ? null : timings.Measure("settings file", () => ReadIfExists(settingsFile));
        if (settings is null || store is null) return RunGoBuild();
        var moduleFiles = timings.Measure("inputs", () => inputFiles.Where(f => !string.Equals(f, settingsFile, StringComparison.Ordinal)).ToList());
        string? problem = null;
        if (timings.Measure("state root", () => SharedModuleBuilds.DefaultStoreRoot(out problem)) is not { } storeRoot)
        {
            var warning = Diagnostic.Warning(Codes.StateRootUnsafe,
                $"Not sharing the build of '{request.ModuleDirectory}' with other projects: {problem}. Nothing in it is used. " +
                "Fix: remove that folder if you do not know who made it: the package makes it again, its own (on Unix you may also set TMPDIR to a folder of your own); each project builds the module " +
                    "itself meanwhile.",
                projectFile);
            return new[] { warning }.Concat(RunGoBuild()).ToList();
        }
        return new SharedModuleBuilds(storeRoot, log, store).BuildOnce(request, settings, moduleFiles, RunGoBuild, cancellation, timings, beforeBlocking);
    }

    private static string? ReadIfExists(string file)
    {
        try { return System.IO.File.ReadAllText(file); }
        catch (Exception e) when (e is System.IO.FileNotFoundException or System.IO.DirectoryNotFoundException) { return null; }
    }
}
