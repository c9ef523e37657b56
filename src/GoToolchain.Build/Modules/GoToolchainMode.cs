using System;
using GoToolchain.Build.Versions;

namespace GoToolchain.Build.Modules;

/// <summary>What a GOTOOLCHAIN value lets go do when a go.mod/go.work asks for a newer Go.</summary>
public enum ToolchainSwitching
{
    /// <summary>`local` or a bare `goX.Y.Z`: go.mod and go.work are not consulted.</summary>
    None,

    /// <summary>`auto`, `+auto`: switch, finding the toolchain on PATH or downloading it.</summary>
    Auto,

    /// <summary>`path`, `+path`: switch, but only to a toolchain found on PATH.</summary>
    Path,
}

/// <summary>
/// A GOTOOLCHAIN value, read as cmd/go/internal/toolchain/select.go reads it (Go 1.21+): `auto` is
/// `local+auto`, `path` is `local+path`; otherwise `min[+auto|+path]` where min is `local` or a toolchain name
/// such as go1.23.5. The MSBuild property GoToolchainMode is passed to go as GOTOOLCHAIN, so any value go
/// accepts is accepted here, and nothing else.
/// </summary>
public sealed class GoToolchainMode
{
    private GoToolchainMode(string text, string? minimumToolchain, GoVersion? minimumVersion, ToolchainSwitching switching)
    {
        Text = text;
        MinimumToolchain = minimumToolchain;
        MinimumVersion = minimumVersion;
        Switching = switching;
    }

    /// <summary>The value as given to go.</summary>
    public string Text { get; }

    /// <summary>The toolchain named before '+' (e.g. "go1.23.5"); null for `local`, `auto` and `path`, which start from
    /// the local toolchain.</summary>
    public string? MinimumToolchain { get; }

    public GoVersion? MinimumVersion { get; }

    public ToolchainSwitching Switching { get; }

    /// <summary>go ≥ 1.21 treats an empty GOTOOLCHAIN as "do nothing" (only when a packager removed it from go.env).</summary>
    public bool IsUnset => Text.Length == 0;

    /// <summary>True for `path` and `…+path`: go never downloads.</summary>
    public bool PathOnly => Switching == ToolchainSwitching.Path;

    /// <summary>Parses a GOTOOLCHAIN value; on failure <paramref name="goError"/> is go's message (without "go: ").</summary>
    public static GoToolchainMode? TryParse(string? text, out string? goError)
    {
        goError = null;
        var value = text ?? "";
        switch (value)
        {
            case "":
            case "local":
                return new GoToolchainMode(value, null, null, ToolchainSwitching.None);
            case "auto":
                return new GoToolchainMode(value, null, null, ToolchainSwitching.Auto);
            case "path":
                return new GoToolchainMode(value, null, null, ToolchainSwitching.Path);
        }

        var plus = value.IndexOf('+');
        var minimum = plus < 0 ? value : value.Substring(0, plus);
        var suffix = plus < 0 ? "" : value.Substring(plus + 1);
        string? minimumToolchain = null;
        GoVersion? minimumVersion = null;
        if (minimum != "local")
        {
            minimumVersion = GoVersion.FromToolchainName(minimum);
            if (minimumVersion is null)
            {
                goError = plus >= 0
                    ? $"invalid GOTOOLCHAIN \"{value}\": invalid minimum toolchain \"{minimum}\""
                    : $"invalid GOTOOLCHAIN \"{value}\"";
                return null;
            }
            minimumToolchain = minimum;
        }
        if (plus >= 0 && suffix != "auto" && suffix != "path")
        {
            goError = $"invalid GOTOOLCHAIN \"{value}\": only version suffixes are +auto and +path";
            return null;
        }
        var switching = suffix switch { "auto" => ToolchainSwitching.Auto, "path" => ToolchainSwitching.Path, _ => ToolchainSwitching.None };
        return new GoToolchainMode(value, minimumToolchain, minimumVersion, switching);
    }

    public override string ToString() => Text;

    internal static bool IsPlausibleToolchainName(string name)
        => name.StartsWith("go1", StringComparison.Ordinal) || name.IndexOf("-go1", StringComparison.Ordinal) >= 0;
}
