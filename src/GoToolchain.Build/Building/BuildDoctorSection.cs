using System;
using System.Collections.Generic;
using System.Linq;

namespace GoToolchain.Build.Building;

/// <summary>
/// GoDoctor's "Builds" section: what each module is built as, for its own target. The "Go environment" section
/// shows the host's defaults (`go env` of the host); CGO_ENABLED and CC there say nothing about a c-shared
/// library cross-built for Windows.
/// </summary>
public static class BuildDoctorSection
{
    /// <param name="targetSource">Where the target comes from: "RuntimeIdentifier 'win-x64'", "GoOS/GoArch", "the host".</param>
    public static IEnumerable<string> Render(GoTarget target, string targetSource, GoTarget host, IEnumerable<GoBuildPlan> plans)
    {
        yield return "";
        yield return $"Builds (target {target.GoOS}/{target.GoArch}{(target.GoArm is null ? "" : " GOARM=" + target.GoArm)}, from {targetSource})";
        var any = false;
        foreach (var plan in plans)
        {
            any = true;
            var spec = plan.Module;
            var mode = plan.Mode;
            var cc = Environment(spec).TryGetValue("CC", out var compiler) ? compiler : null;
            yield return $"  {plan.ModuleDirectory}";
            yield return $"    BuildMode: {GoBuildModes.ToGoFlag(mode)}, package {(spec.Get("Package").Length == 0 ? "." : spec.Get("Package"))} " +
                $"-> {plan.OutputFileName}";
            yield return $"    GOOS={target.GoOS} GOARCH={target.GoArch}, CGO_ENABLED={Cgo(spec, mode, target, host)}";
            yield return $"    C compiler: {cc ?? (NeedsCgo(spec, mode) ? "go's default (CC from go env, else gcc)" : "(none needed)")}";
        }
        if (!any) yield return "  (no GoModule items)";
    }

    /// <summary>The CGO_ENABLED go build gets, and why.</summary>
    public static string Cgo(GoModuleSpec spec, GoBuildMode mode, GoTarget target, GoTarget host)
    {
        var explicitValue = spec.Get("CgoEnabled");
        if (explicitValue.Length > 0) return explicitValue + " (CgoEnabled metadata)";
        if (Environment(spec).TryGetValue("CGO_ENABLED", out var fromEnvironment)) return fromEnvironment + " (the module's Environment)";
        if (GoBuildModes.NeedsCgo(mode)) return $"1 ({GoBuildModes.ToGoFlag(mode)} needs cgo)";
        return target.GoOS == host.GoOS && target.GoArch == host.GoArch
            ? "go's default for the host (1 when a C compiler is found)"
            : "0 (go's default when cross-compiling)";
    }

    private static bool NeedsCgo(GoModuleSpec spec, GoBuildMode mode)
        => spec.Get("CgoEnabled") == "1" || (spec.Get("CgoEnabled").Length == 0 && GoBuildModes.NeedsCgo(mode));

    private static Dictionary<string, string> Environment(GoModuleSpec spec)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in spec.Get("Environment").Split(';').Select(e => e.Trim()))
        {
            var eq = entry.IndexOf('=');
            if (eq > 0) result[entry.Substring(0, eq)] = entry.Substring(eq + 1);
        }
        return result;
    }
}
