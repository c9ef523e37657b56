using System;
using GoToolchain.Build.Platform;

namespace GoToolchain.Build.Toolchain;

/// <summary>
/// A GOROOT that go is told, rather than one it derives from its own executable: the GOROOT environment
/// variable (the build's environment or GoEnvironment) or a GOROOT line in the user's go env file
/// (`go env -w GOROOT=...`). Only such a root can disagree with the go that runs; a root go derives itself is
/// consistent by construction, whatever launcher (a version-manager shim, a wrapper script) started it.
/// </summary>
public sealed class ExplicitGoRoot
{
    private ExplicitGoRoot(string value, string description, string unsetFix)
    {
        Value = value;
        Description = description;
        UnsetFix = unsetFix;
    }

    /// <summary>The directory as given (go uses it without resolving symlinks).</summary>
    public string Value { get; }

    /// <summary>Where it comes from, for messages: "the GOROOT environment variable".</summary>
    public string Description { get; }

    /// <summary>How to remove it: "unset GOROOT (...)".</summary>
    public string UnsetFix { get; }

    /// <summary>
    /// go's own order (cmd/go/internal/cfg): a non-empty GOROOT variable wins over the go env file; with neither,
    /// go finds its root from its executable. Null in that last case.
    /// </summary>
    /// <param name="goEnvFile">The user's go env file (GoEnvProbe.UserGoEnvFile), or null when there is none.</param>
    public static ExplicitGoRoot? Find(IPlatform platform, BuildEnvironment environment, string? goEnvFile)
    {
        if (environment.Get("GOROOT") is { Length: > 0 } value)
        {
            return environment.Overrides.ContainsKey("GOROOT")
                ? new ExplicitGoRoot(value, "GoEnvironment's GOROOT", "remove GOROOT from the GoEnvironment property")
                : EnvironmentVariable(value);
        }
        if (goEnvFile is not null && ReadGoEnvFile(platform.ReadAllText(goEnvFile), "GOROOT") is { Length: > 0 } fromFile)
        {
            return new ExplicitGoRoot(fromFile, $"GOROOT in the go env file '{goEnvFile}'", "run 'go env -u GOROOT'");
        }
        return null;
    }

    /// <summary>GOROOT set in the build's environment.</summary>
    public static ExplicitGoRoot EnvironmentVariable(string value)
        => new(value, "the GOROOT environment variable",
            "unset GOROOT in the environment the build runs in (a shell profile, CI settings or a leftover from an old install)");

    /// <summary>A value of go's env file: lines NAME=VALUE, the last one wins, as cfg.EnvFile reads it. Null when absent.</summary>
    public static string? ReadGoEnvFile(string? text, string name)
    {
        if (text is null) return null;
        string? found = null;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            var eq = line.IndexOf('=');
            if (eq <= 0 || line.Substring(0, eq) != name) continue;
            found = line.Substring(eq + 1);
        }
        return found;
    }

    public override string ToString() => $"{Description} = {Value}";
}
