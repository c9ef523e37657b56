using GoToolchain.Build.Diagnostics;
using NuGet.Versioning;

namespace GoToolchain.Build.Versions;

/// <summary>
/// The GoVersionRange property: a NuGet version range the toolchain must satisfy. "1.22" means 1.22 or newer,
/// "[1.21,1.24)" a window. Go versions are mapped with <see cref="GoVersion.ToNuGetVersion"/>, so go1.22rc1 does
/// not satisfy "1.22" (its release does).
/// </summary>
public sealed class GoVersionRange
{
    private GoVersionRange(string text, VersionRange range)
    {
        Text = text;
        Range = range;
    }

    /// <summary>The property value as written.</summary>
    public string Text { get; }
    public VersionRange Range { get; }

    /// <summary>Parses the property (trimmed); null when it is not a NuGet version range (the settings model reports that,
    /// GOTB101).</summary>
    public static GoVersionRange? TryParse(string? text)
    {
        var trimmed = (text ?? "").Trim();
        return trimmed.Length > 0 && VersionRange.TryParse(trimmed, out var range) && range is not null ? new GoVersionRange(trimmed, range) : null;
    }

    public bool IsSatisfiedBy(GoVersion version)
    {
        var nuget = version.ToNuGetVersion();
        return nuget is not null && Range.Satisfies(nuget);
    }

    /// <summary>
    /// Checks the toolchain against the range. Reports VersionRangeNotSatisfied (error) or, when the version
    /// cannot be placed among releases (a devel build), VersionNotComparable (warning).
    /// </summary>
    /// <param name="version">The toolchain's version, or null when GOVERSION could not be parsed.</param>
    /// <param name="goVersionText">GOVERSION as go reported it, for the message.</param>
    /// <param name="goPath">The go binary, for the message.</param>
    /// <returns>True when the range is satisfied or the check could not be made.</returns>
    public bool Check(GoVersion? version, string goVersionText, string goPath, string? projectFile, DiagnosticBag diagnostics)
    {
        if (version?.ToNuGetVersion() is null)
        {
            diagnostics.Add(Diagnostic.Warning(Codes.VersionNotComparable,
                $"Cannot check GoVersionRange '{Text}' against '{goPath}': its version '{goVersionText}' is not a Go release (a development " +
                    $"build?), so the range check is skipped. " +
                "Fix: set GoRoot to a released Go, or clear GoVersionRange for this toolchain.",
                projectFile));
            return true;
        }
        if (IsSatisfiedBy(version)) return true;

        diagnostics.Add(Diagnostic.Error(Codes.VersionRangeNotSatisfied,
            $"Go {version} ('{goPath}', GOVERSION {goVersionText}) is outside GoVersionRange '{Text}' ({Range.PrettyPrint()}). " +
            $"Fix: install a Go in that range and set GoRoot to its directory, or change GoVersionRange.",
            projectFile));
        return false;
    }
}
