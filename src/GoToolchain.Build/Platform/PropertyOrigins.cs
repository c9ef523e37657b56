using System;
using System.Collections.Generic;

namespace GoToolchain.Build.Platform;

public enum ValueOrigin
{
    /// <summary>Empty.</summary>
    Unset,

    /// <summary>Set by the user: the project, Directory.Build.props, or a global property (-p:, a parent project).</summary>
    Property,

    /// <summary>MSBuild copied it from the environment variable of the same name.</summary>
    Environment,
}

/// <summary>
/// Tells a property the user set from one MSBuild made out of an environment variable. MSBuild turns every
/// environment variable into a property, case-insensitively, and three of this package's property names are
/// Go's own variables: GoRoot (GOROOT), GoOS (GOOS), GoArch (GOARCH). No other property of the package
/// (GoExecutable, GoVersionRange, GoToolchainMode, GoCC, GoTrimPath, GoBuildArguments, GoEnvironment,
/// GoProcessTimeoutSeconds, GoLoopvar, GoLoopvarReport, GoGenerate, GoGenerateRun, GoGenerateSkip, GoProxyCheck,
/// GoProxyTimeoutSeconds, GoToolchainEnabled) is a variable go reads.
/// Rule: a global property (-p:) is the user's, always; otherwise a value equal to the variable's is the
/// environment's. A project that sets GoRoot to exactly the value GOROOT already has is indistinguishable, and
/// is treated as the environment's: go sees that GOROOT anyway.
/// </summary>
public static class PropertyOrigins
{
    private static readonly Dictionary<string, string> Variables = new(StringComparer.OrdinalIgnoreCase)
    {
        ["GoRoot"] = "GOROOT",
        ["GoOS"] = "GOOS",
        ["GoArch"] = "GOARCH",
    };

    /// <summary>GoRoot, GoOS, GoArch: the properties whose meaning depends on whether they are global.</summary>
    public static IEnumerable<string> PropertyNames => Variables.Keys;

    /// <summary>The environment variable MSBuild would turn into this property, or null for a name go does not use.</summary>
    public static string? VariableFor(string propertyName) => Variables.TryGetValue(propertyName, out var v) ? v : null;

    /// <param name="normalize">Applied to both values before comparing (e.g. full paths for GoRoot).</param>
    public static ValueOrigin Classify(string? propertyValue, string? environmentValue, bool isGlobalProperty, Func<string, string>? normalize = null)
    {
        if (string.IsNullOrWhiteSpace(propertyValue)) return ValueOrigin.Unset;
        if (isGlobalProperty || string.IsNullOrEmpty(environmentValue)) return ValueOrigin.Property;
        normalize ??= v => v.Trim();
        return string.Equals(normalize(propertyValue!), normalize(environmentValue!), StringComparison.Ordinal) ? ValueOrigin.Environment
            : ValueOrigin.Property;
    }
}
