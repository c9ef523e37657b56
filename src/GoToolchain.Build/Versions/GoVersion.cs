using System;
using NuGet.Versioning;

namespace GoToolchain.Build.Versions;

/// <summary>
/// A Go version as Go's internal/gover package reads it: major[.minor[.patch]][kind[pre]], e.g. 1, 1.21, 1.21.0,
/// 1.21rc2. Go does not use semver: the language version 1.21 sorts before 1.21rc1, which sorts before 1.21.0.
/// For minor versions before 21 a missing patch means .0 (1.20 == 1.20.0).
/// </summary>
public sealed class GoVersion : IComparable<GoVersion>, IEquatable<GoVersion>
{
    // Numbers stay decimal strings, as in gover: go1.99999999999 is a valid version and overflows an int.
    private readonly string _major;
    private readonly string _minor;
    private readonly string _patch; // "" only for a language version (1.21 and later)
    private readonly string _kind;  // "", or the lower-case prerelease word: alpha, beta, rc
    private readonly string _pre;

    private GoVersion(string text, string major, string minor, string patch, string kind, string pre)
    {
        Text = text;
        _major = major;
        _minor = minor;
        _patch = patch;
        _kind = kind;
        _pre = pre;
    }

    private static readonly GoVersion Go121 = Parse("1.21");
    private static readonly GoVersion Go122 = Parse("1.22");

    /// <summary>The text this version was parsed from (no "go" prefix), e.g. "1.22" for a go line written so.</summary>
    public string Text { get; }

    /// <summary>
    /// True for a language version such as 1.21 or 1.23: 1.21 and later without patch or prerelease (gover.IsLang).
    /// 1.20 is not one: before 1.21 it means the release 1.20.0.
    /// </summary>
    public bool IsLanguageVersion => _patch.Length == 0 && _kind.Length == 0;

    /// <summary>The language version (major.minor) this version belongs to: 1.22.12 → 1.22, 1.21rc2 → 1.21.</summary>
    public GoVersion LanguageVersion => _minor == "0" && _major == "1" ? Parse("1") : Parse(_major + "." + _minor);

    /// <summary>Parses a version without the "go" prefix ("1.22.12", "1.21rc2", "1.23"). Whitespace is not trimmed, as in gover.</summary>
    public static bool TryParse(string? text, out GoVersion? version)
    {
        version = text is null ? null : ParseGover(text);
        return version is not null;
    }

    /// <summary>Like <see cref="TryParse"/> but throws <see cref="FormatException"/>; for literals the code knows are valid.</summary>
    public static GoVersion Parse(string text)
        => ParseGover(text) ?? throw new FormatException($"'{text}' is not a Go version such as 1.22 or 1.22.3.");

    /// <summary>
    /// The version a toolchain name stands for, as gover.FromToolchain reads it: "go1.22.12" → 1.22.12,
    /// "go1.23.5-bigcorp" → 1.23.5 (anything after a space, tab or '-' is ignored). Null for "local", "auto",
    /// "path", names with a path separator, and anything that is not go + a valid version.
    /// </summary>
    public static GoVersion? FromToolchainName(string? name)
    {
        if (name is null || name.IndexOfAny(new[] { '\\', '/' }) >= 0 || !name.StartsWith("go", StringComparison.Ordinal)) return null;
        var version = name.Substring(2);
        var cut = version.IndexOfAny(new[] { ' ', '\t', '-' });
        if (cut >= 0) version = version.Substring(0, cut);
        return ParseGover(version);
    }

    /// <summary>
    /// The version in `go env GOVERSION` ("go1.22.12", "go1.21rc2", "go1.21.13 X:loopvar"). Null for development
    /// builds ("devel go1.24-abc123 Tue …"), whose position among releases is unknown.
    /// </summary>
    public static GoVersion? FromGoEnvVersion(string? goVersion) => FromToolchainName(goVersion?.Trim());

    /// <summary>
    /// The toolchain go switches to when a go line asks for this version (select.go): language versions of
    /// 1.21 and later mean their first release ("1.23" → "go1.23.0"); anything else is taken
    /// as written ("1.23.9" → "go1.23.9", "1.21rc2" → "go1.21rc2").
    /// </summary>
    public string ToolchainNameForGoLine()
        => "go" + Text + (IsLanguageVersion && CompareTo(Go121) >= 0 ? ".0" : "");

    /// <summary>True when this toolchain reads GOTOOLCHAIN and the toolchain line: Go 1.21 and later.</summary>
    public bool SupportsToolchainSwitching => CompareTo(Go121) >= 0;

    /// <summary>
    /// Go 1.21's select.go accepts a toolchain line equal to the minimum; 1.22 and later only a newer one.
    /// The difference shows only with suffixed names (go1.21.1-foo vs go1.21.1).
    /// </summary>
    internal bool AcceptsEqualToolchainLine => CompareTo(Go122) < 0;

    /// <summary>
    /// The NuGet version used to check GoVersionRange: go1.22.12 → 1.22.12, go1.19 → 1.19.0, go1.21rc2 →
    /// 1.21.0-rc.2, 1.21beta1 → 1.21.0-beta.1 (so a release candidate sorts before its release).
    /// Null when a number does not fit NuGet's int fields.
    /// </summary>
    public NuGetVersion? ToNuGetVersion()
    {
        if (!int.TryParse(_major, out var major) || !int.TryParse(_minor, out var minor)) return null;
        var patch = 0;
        if (_patch.Length > 0 && !int.TryParse(_patch, out patch)) return null;
        if (_kind.Length == 0) return new NuGetVersion(major, minor, patch);
        var release = _pre.Length == 0 ? _kind : _kind + "." + _pre;
        return NuGetVersion.TryParse($"{major}.{minor}.{patch}-{release}", out var version) ? version : null;
    }

    public int CompareTo(GoVersion? other)
    {
        if (other is null) return 1;
        var c = CompareDecimal(_major, other._major);
        if (c == 0) c = CompareDecimal(_minor, other._minor);
        if (c == 0) c = CompareDecimal(_patch, other._patch);
        if (c == 0) c = Math.Sign(string.CompareOrdinal(_kind, other._kind)); // "" < alpha < beta < rc
        if (c == 0) c = CompareDecimal(_pre, other._pre);
        return c;
    }

    public bool Equals(GoVersion? other) => other is not null && CompareTo(other) == 0;
    public override bool Equals(object? obj) => obj is GoVersion other && Equals(other);
    public override int GetHashCode() => ToString().GetHashCode();

    /// <summary>
    /// The canonical text: equal versions print alike. Before 1.21 a .0 patch is dropped, as Go names those
    /// releases (1.20.0 → "1.20", 1.0.0 → "1"); from 1.21 on "1.21" (language) and "1.21.0" (release) differ.
    /// </summary>
    public override string ToString()
    {
        var text = _major;
        if (!(_major == "1" && _minor == "0" && _patch == "0" && _kind.Length == 0))
        {
            text += "." + _minor;
            var impliedPatch = _patch == "0" && CompareDecimal(_minor, "21") < 0;
            if (_patch.Length > 0 && !impliedPatch) text += "." + _patch;
        }
        return text + _kind + _pre;
    }

    public static int Compare(GoVersion? a, GoVersion? b)
        => a is null ? (b is null ? 0 : -1) : a.CompareTo(b);

    public static bool operator ==(GoVersion? a, GoVersion? b) => Compare(a, b) == 0;
    public static bool operator !=(GoVersion? a, GoVersion? b) => Compare(a, b) != 0;
    public static bool operator <(GoVersion? a, GoVersion? b) => Compare(a, b) < 0;
    public static bool operator >(GoVersion? a, GoVersion? b) => Compare(a, b) > 0;
    public static bool operator <=(GoVersion? a, GoVersion? b) => Compare(a, b) <= 0;
    public static bool operator >=(GoVersion? a, GoVersion? b) => Compare(a, b) >= 0;

    // A line-by-line port of gover.Parse.
    private static GoVersion? ParseGover(string text)
    {
        var x = text;
        if (!CutInt(ref x, out var major)) return null;
        if (x.Length == 0) return new GoVersion(text, major, "0", "0", "", "");
        if (x[0] != '.') return null;

        x = x.Substring(1);
        if (!CutInt(ref x, out var minor)) return null;
        if (x.Length == 0)
        {
            // A missing patch is .0 before 1.21; from 1.21 on it is the language version.
            var patch = CompareDecimal(minor, "21") < 0 ? "0" : "";
            return new GoVersion(text, major, minor, patch, "", "");
        }

        if (x[0] == '.')
        {
            x = x.Substring(1);
            // No prereleases of patch releases (1.21.3rc1), as in gover.
            if (!CutInt(ref x, out var patch) || x.Length != 0) return null;
            return new GoVersion(text, major, minor, patch, "", "");
        }

        var i = 0;
        while (i < x.Length && (x[i] < '0' || x[i] > '9'))
        {
            if (x[i] < 'a' || x[i] > 'z') return null;
            i++;
        }
        if (i == 0) return null;
        var kind = x.Substring(0, i);
        x = x.Substring(i);
        if (x.Length == 0) return new GoVersion(text, major, minor, "", kind, "");
        if (!CutInt(ref x, out var pre) || x.Length != 0) return null;
        return new GoVersion(text, major, minor, "", kind, pre);
    }

    private static bool CutInt(ref string x, out string number)
    {
        var i = 0;
        while (i < x.Length && x[i] >= '0' && x[i] <= '9') i++;
        number = x.Substring(0, i);
        if (i == 0 || (x[0] == '0' && i != 1)) return false; // no digits, or a leading zero
        x = x.Substring(i);
        return true;
    }

    // gover.CmpInt: decimal strings without leading zeros compare by length, then lexically.
    private static int CompareDecimal(string x, string y)
    {
        if (x == y) return 0;
        if (x.Length != y.Length) return x.Length < y.Length ? -1 : 1;
        return string.CompareOrdinal(x, y) < 0 ? -1 : 1;
    }
}
