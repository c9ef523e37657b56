using System.Collections.Generic;
using GoToolchain.Build.Tasks;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace GoToolchain.Build.Tests.Tasks;

/// <summary>@(_GoSettings) as the targets give it to the tasks: the targets' defaults, and a test's own values on top.</summary>
internal static class TaskSettings
{
    public static TaskItem Defaults() => new("GoToolchain.Build", new Dictionary<string, string>
    {
        ["GoToolchainEnabled"] = "true",
        ["GoReuseLastBuild"] = "true",
        ["GoToolchainMode"] = "local",
        ["GoTrimPath"] = "true",
        ["GoProcessTimeoutSeconds"] = "600",
        ["GoLoopvar"] = "Off",
        ["GoLoopvarReport"] = "false",
        ["GoGenerate"] = "Run",
        ["GoProxyCheck"] = "Auto",
        ["GoProxyTimeoutSeconds"] = "5",
        ["GoCheckDeclarations"] = "true",
    });

    /// <summary>Sets one setting (a property of the package, by name) for the task.</summary>
    public static T With<T>(this T task, string name, string value) where T : GoTaskBase
    {
        task.Settings ??= Defaults();
        task.Settings.SetMetadata(name, MSBuildEscaping.Escape(value));
        return task;
    }

    /// <summary>A planned build as PlanGoBuilds hands it to BuildGoModule: every input item carries these.</summary>
    public static ITaskItem Planned(string file, IDictionary<string, string> metadata)
        => TaskItems.Create(file, metadata);

    /// <summary>The one input item (the module's go.mod) of a planned linux build of <paramref name="module"/> for this machine's CPU.</summary>
    public static ITaskItem[] PlannedLinuxBuild(string module, string outputPath, string buildMode)
        => new[]
        {
            Planned(System.IO.Path.Combine(module, "go.mod"), new Dictionary<string, string>
            {
                ["ModuleDirectory"] = module,
                ["OutputPath"] = outputPath,
                ["GoOS"] = "linux",
                ["GoArch"] = Building.BuildFixtures.HostTarget().GoArch,
                ["BuildMode"] = buildMode,
                ["GoModPath"] = System.IO.Path.Combine(module, "go.mod"),
            }),
        };
}
