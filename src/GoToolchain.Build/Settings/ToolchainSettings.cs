using GoToolchain.Build.Diagnostics;
using GoToolchain.Build.Modules;
using GoToolchain.Build.Versions;

namespace GoToolchain.Build.Settings;

/// <summary>
/// GoVersionRange, read once by <see cref="SettingsReader"/>: the text as written (the GoDoctor report shows it), the range, or
/// the problem (GOTB101). ValidateGoroot reports the problem with the toolchain's own checks, where it always was: a range that
/// is not a range does not hide the toolchain's other problems behind ValidateGoSettings.
/// </summary>
public sealed class VersionRangeSetting
{
    public static readonly VersionRangeSetting Any = new(null, null, null);

    private VersionRangeSetting(string? text, GoVersionRange? range, Diagnostic? problem)
    {
        Text = text;
        Range = range;
        Problem = problem;
    }

    /// <summary>The property, trimmed; null when not set (any Go).</summary>
    public string? Text { get; }

    /// <summary>The range; null when not set or not a range.</summary>
    public GoVersionRange? Range { get; }

    /// <summary>GOTB101 when the text is not a NuGet version range, at the project file.</summary>
    public Diagnostic? Problem { get; }

    public static VersionRangeSetting Read(string? text, string? projectFile)
    {
        var trimmed = (text ?? "").Trim();
        if (trimmed.Length == 0) return Any;
        var range = GoVersionRange.TryParse(trimmed);
        return new VersionRangeSetting(trimmed, range, range is not null ? null : Diagnostic.Error(Codes.VersionRangeInvalid,
            $"GoVersionRange '{trimmed}' is not a NuGet version range. " +
            "Fix: write a minimum such as '1.22' (1.22 or newer), or an interval such as '[1.21,1.24)' (1.21 up to, not including, 1.24).",
            projectFile));
    }

    public override string ToString() => Text ?? "";
}

/// <summary>
/// GoToolchainMode, read once by <see cref="SettingsReader"/>: the text every go process gets as GOTOOLCHAIN, and what it means.
/// Whether the value is allowed depends on the go that runs (only Go 1.21 and later read GOTOOLCHAIN), so its problem (GOTB117)
/// is made here but reported by ValidateGoroot once that go is known (<see cref="ProblemFor"/>).
/// </summary>
public sealed class ToolchainModeSetting
{
    public static readonly ToolchainModeSetting Local = Read("local");

    private readonly string? _goError;

    private ToolchainModeSetting(string text, GoToolchainMode? mode, string? goError)
    {
        Text = text;
        Mode = mode;
        _goError = goError;
    }

    /// <summary>The value go gets as GOTOOLCHAIN.</summary>
    public string Text { get; }

    /// <summary>The parsed value; null when go 1.21+ rejects it.</summary>
    public GoToolchainMode? Mode { get; }

    /// <summary>The property as given ("local" when not set: the targets' default).</summary>
    public static ToolchainModeSetting Read(string? text)
    {
        var value = string.IsNullOrWhiteSpace(text) ? "local" : text!.Trim();
        var mode = GoToolchainMode.TryParse(value, out var goError);
        return new ToolchainModeSetting(value, mode, goError);
    }

    /// <summary>GOTB117 when <paramref name="go"/> reads GOTOOLCHAIN (1.21+) and rejects the value; null otherwise (an older go,
    /// or an unknown one, ignores it).</summary>
    public Diagnostic? ProblemFor(GoVersion? go, string? goVersionText, string? projectFile)
    {
        if (Mode is not null || go is null || !go.SupportsToolchainSwitching) return null;
        return Diagnostic.Error(Codes.ToolchainModeInvalid,
            $"GoToolchainMode '{Text}' is not a GOTOOLCHAIN value {goVersionText} accepts: every go command would fail with '{_goError}'. " +
            "Fix: use local (the default), auto, path, goX.Y.Z, goX.Y.Z+auto or goX.Y.Z+path.",
            projectFile);
    }

    public override string ToString() => Text;
}
