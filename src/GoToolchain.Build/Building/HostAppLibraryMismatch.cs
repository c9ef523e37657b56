using System;
using System.Collections.Generic;
using System.Linq;
using GoToolchain.Build.Diagnostics;

namespace GoToolchain.Build.Building;

/// <summary>
/// GoOS/GoArch retarget go build, but without a RuntimeIdentifier the .NET app itself stays portable and runs on the
/// build machine's platform. A c-shared library built for another platform is then copied next to an app that cannot
/// load it (DllNotFoundException at run time, and nothing said at build time). An exe tool or a c-archive is not
/// loaded by the app, so only c-shared outputs are flagged.
/// </summary>
public static class HostAppLibraryMismatch
{
    public static Diagnostic? Check(GoTarget target, GoTarget host, string? runtimeIdentifier, IEnumerable<GoBuildPlan> plans, string? projectFile)
    {
        if (!string.IsNullOrWhiteSpace(runtimeIdentifier)) return null;
        if (target.GoOS == host.GoOS && target.GoArch == host.GoArch) return null;
        var libraries = plans.Where(p => p.Mode == GoBuildMode.CShared).Select(p => p.OutputFileName).ToList();
        if (libraries.Count == 0) return null;
        var rid = RuntimeIdentifierMap.ToPortableRuntimeIdentifier(target);
        return Diagnostic.Warning(Codes.HostAppLibraryMismatch,
            $"GoOS/GoArch build {string.Join(", ", libraries)} for {target.GoOS}/{target.GoArch}, but the project has no RuntimeIdentifier, so the app " +
            $"beside it runs on this machine's platform ({host.GoOS}/{host.GoArch}) and cannot load that library (DllNotFoundException at run time). " +
            (rid is null
                ? "Fix: build the app for the Go target's platform with a RuntimeIdentifier, or remove GoOS/GoArch."
                : $"Fix: build the app for that platform instead, with -r {rid} (or <RuntimeIdentifier>{rid}</RuntimeIdentifier>), and remove GoOS/GoArch."),
            projectFile);
    }
}
