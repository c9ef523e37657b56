using System.Collections.Generic;
using System.Linq;
using GoToolchain.Build.Diagnostics;

namespace GoToolchain.Build.Building;

/// <summary>
/// GOOS/GOARCH left in the environment (docs/design.md, "Environment variables are not properties"): they never
/// retarget a .NET build, and one warning says so when they differ from the target.
/// </summary>
public static class TargetVariables
{
    /// <param name="environmentGoOS">GOOS as the environment sets it, only when it did not come from the user (-p:, project).</param>
    /// <param name="targetSource">Where the target comes from, for the message ("RuntimeIdentifier 'linux-x64'").</param>
    public static Diagnostic? IgnoredWarning(GoTarget target, string? environmentGoOS, string? environmentGoArch, string targetSource,
        string? projectFile)
    {
        var differing = new List<(string Name, string Value)>();
        if (!string.IsNullOrEmpty(environmentGoOS) && environmentGoOS != target.GoOS) differing.Add(("GOOS", environmentGoOS!));
        if (!string.IsNullOrEmpty(environmentGoArch) && environmentGoArch != target.GoArch) differing.Add(("GOARCH", environmentGoArch!));
        if (differing.Count == 0) return null;

        var wanted = new GoTarget(
            differing.Where(v => v.Name == "GOOS").Select(v => v.Value).FirstOrDefault() ?? target.GoOS,
            differing.Where(v => v.Name == "GOARCH").Select(v => v.Value).FirstOrDefault() ?? target.GoArch);
        var rid = RuntimeIdentifierMap.ToPortableRuntimeIdentifier(wanted);
        var ridHint = rid is null ? "set RuntimeIdentifier" : $"set RuntimeIdentifier (e.g. dotnet build -r {rid})";
        return Diagnostic.Warning(Codes.TargetVariablesIgnored,
            $"The environment sets {string.Join(" ", differing.Select(v => $"{v.Name}={v.Value}"))}, which GoToolchain.Build ignores for the Go " +
                $"build: " +
            $"it builds for {target.GoOS}/{target.GoArch}, from {targetSource}, so the Go output matches the .NET app. " +
            $"Fix: to target another platform, {ridHint}, or pass -p:GoOS={wanted.GoOS} -p:GoArch={wanted.GoArch} (or set them in the project); " +
            $"otherwise unset {string.Join(" and ", differing.Select(v => v.Name))} (probably left over in this shell).",
            projectFile);
    }

    /// <summary>Where the target comes from: the GoOS/GoArch the user set, else the RuntimeIdentifier, else the host.</summary>
    public static string Source(string? userGoOS, string? userGoArch, string? runtimeIdentifier)
        => !string.IsNullOrWhiteSpace(userGoOS) || !string.IsNullOrWhiteSpace(userGoArch) ? "the GoOS/GoArch properties"
            : !string.IsNullOrWhiteSpace(runtimeIdentifier) ? $"RuntimeIdentifier '{runtimeIdentifier!.Trim()}'"
            : "the host (no RuntimeIdentifier)";
}
