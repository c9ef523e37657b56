using System;
using System.Collections.Generic;
using GoToolchain.Build.Modules;
using Microsoft.Build.Framework;

namespace GoToolchain.Build.Tasks;

/// <summary>
/// ValidateGoroot's per-module results (go.mod and go.work read by the rules of the go that runs them, the toolchain decision)
/// handed to CheckGoProxy of the same project build, so the module checks run once and their diagnostics are reported once:
/// MSBuild keeps them for the build under a key that the targets pass from one task to the other ($(_GoModuleValidations)).
/// </summary>
internal static class ModuleValidationHandoff
{
    public static string Put(IBuildEngine4? engine, IReadOnlyList<ModuleValidation> modules)
    {
        if (engine is null) return "";
        var key = "GoToolchain.Build.ModuleValidations." + Guid.NewGuid().ToString("N");
        engine.RegisterTaskObject(key, modules, RegisteredTaskObjectLifetime.Build, allowEarlyCollection: false);
        return key;
    }

    /// <summary>The results put under <paramref name="key"/> in this build; null when there are none.</summary>
    public static IReadOnlyList<ModuleValidation>? Get(IBuildEngine4? engine, string? key)
        => engine is null || string.IsNullOrEmpty(key) ? null
            : engine.GetRegisteredTaskObject(key, RegisteredTaskObjectLifetime.Build) as IReadOnlyList<ModuleValidation>;
}
