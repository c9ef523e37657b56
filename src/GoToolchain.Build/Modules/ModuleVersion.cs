using System;
using System.Text.RegularExpressions;

namespace GoToolchain.Build.Modules;

/// <summary>
/// Module versions exactly as go checks them in go.mod (golang.org/x/mod/semver and module): canonical form,
/// and the major version a module path allows. go rejects `require x latest` and `require x/v2 v1.0.0` while
/// reading the file, and stores `v1.2` as `v1.2.0`, so the rest of the build must see the same.
/// </summary>
public static class ModuleVersion
{
    private static readonly Regex PseudoVersion = new(
        @"^v[0-9]+\.(0\.0-|\d+\.\d+-([^+]*\.)?0\.)\d{14}-[A-Za-z0-9]+(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$", RegexOptions.CultureInvariant);

    /// <summary>module.CanonicalVersion: "v1.2" → "v1.2.0", build metadata dropped except +incompatible; null when invalid.</summary>
    public static string? Canonical(string v)
    {
        if (!Parse(v, out var build, out var shortSuffix)) return null;
        var canonical = build.Length > 0 ? v.Substring(0, v.Length - build.Length) : v + shortSuffix;
        return build == "+incompatible" ? canonical + build : canonical;
    }

    /// <summary>semver.Major of a valid version: "v2" for "v2.3.4".</summary>
    public static string Major(string v)
    {
        var end = 1;
        while (end < v.Length && char.IsDigit(v[end])) end++;
        return v.Substring(0, end);
    }

    public static bool IsPseudo(string v) => v.Split('-').Length >= 3 && Canonical(v) is not null && PseudoVersion.IsMatch(v);

    /// <summary>
    /// module.SplitPathVersion's major suffix: "" (none), "/v2"…, or ".v1"… for gopkg.in; null when the path's
    /// version suffix is itself invalid ("/v1", "/v0", "/v02", "/v2.1").
    /// </summary>
    public static string? PathMajor(string path)
    {
        if (path.StartsWith("gopkg.in/", StringComparison.Ordinal))
        {
            var dot = path.Length;
            while (dot > 0 && (char.IsDigit(path[dot - 1]) || path[dot - 1] == '.')) dot--;
            var unstable = path.EndsWith("-unstable", StringComparison.Ordinal);
            var core = unstable ? path.Substring(0, path.Length - "-unstable".Length) : path;
            var i = core.Length;
            while (i > 0 && char.IsDigit(core[i - 1])) i--;
            if (i <= 1 || i == core.Length || core[i - 1] != 'v' || core[i - 2] != '.') return null;
            if (core[i] == '0' && core.Length - i > 1) return null;
            return core.Substring(i - 2) + (unstable ? "-unstable" : "");
        }
        var j = path.Length;
        var sawDot = false;
        while (j > 0 && (char.IsDigit(path[j - 1]) || path[j - 1] == '.'))
        {
            if (path[j - 1] == '.') sawDot = true;
            j--;
        }
        if (j <= 1 || j == path.Length || path[j - 1] != 'v' || path[j - 2] != '/') return "";
        var major = path.Substring(j - 2);
        if (sawDot || major.Length <= 2 || major[2] == '0' || major == "/v1") return null;
        return major;
    }

    /// <summary>module.CheckPathMajor's complaint ("should be v2, not v1"), or null when the version fits the path.</summary>
    public static string? PathMajorError(string version, string pathMajor)
    {
        if (pathMajor.StartsWith(".v", StringComparison.Ordinal) && pathMajor.EndsWith("-unstable", StringComparison.Ordinal))
            return $"{Noun(version)} {GoStrings.Quote(version)} invalid: unstable import path {GoStrings.Quote(pathMajor)} not supported";
        if (Matches(version, pathMajor)) return null;
        var wanted = pathMajor.Length == 0 ? "v0 or v1" : pathMajor.Substring(1);
        return $"{Noun(version)} {GoStrings.Quote(version)} invalid: should be {wanted}, not {Major(version)}";
    }

    private static string Noun(string version) => IsPseudo(version) ? "pseudo-version" : "version";

    private static bool Matches(string v, string pathMajor)
    {
        if (v.StartsWith("v0.0.0-", StringComparison.Ordinal) && pathMajor == ".v1") return true;
        var m = Major(v);
        if (pathMajor.Length == 0) return m is "v0" or "v1" || v.EndsWith("+incompatible", StringComparison.Ordinal);
        return (pathMajor[0] == '/' || pathMajor[0] == '.') && m == pathMajor.Substring(1);
    }

    // golang.org/x/mod/semver.parse
    private static bool Parse(string v, out string build, out string shortSuffix)
    {
        build = "";
        shortSuffix = "";
        if (v.Length == 0 || v[0] != 'v') return false;
        var i = 1;
        if (!Int(v, ref i)) return false;
        if (i == v.Length) { shortSuffix = ".0.0"; return true; }
        if (v[i] != '.') return false;
        i++;
        if (!Int(v, ref i)) return false;
        if (i == v.Length) { shortSuffix = ".0"; return true; }
        if (v[i] != '.') return false;
        i++;
        if (!Int(v, ref i)) return false;
        if (i < v.Length && v[i] == '-')
        {
            var start = ++i;
            while (i < v.Length && v[i] != '+')
            {
                if (!IsIdent(v[i]) && v[i] != '.') return false;
                if (v[i] == '.')
                {
                    if (start == i || BadNumber(v, start, i)) return false;
                    start = i + 1;
                }
                i++;
            }
            if (start == i || BadNumber(v, start, i)) return false;
        }
        if (i < v.Length && v[i] == '+')
        {
            var buildStart = i;
            var start = ++i;
            while (i < v.Length)
            {
                if (!IsIdent(v[i]) && v[i] != '.') return false;
                if (v[i] == '.')
                {
                    if (start == i) return false;
                    start = i + 1;
                }
                i++;
            }
            if (start == i) return false;
            build = v.Substring(buildStart);
        }
        return i == v.Length;
    }

    private static bool Int(string v, ref int i)
    {
        var start = i;
        while (i < v.Length && v[i] >= '0' && v[i] <= '9') i++;
        if (i == start) return false;
        return !(v[start] == '0' && i - start != 1);
    }

    private static bool IsIdent(char c) => c is >= '0' and <= '9' or >= 'a' and <= 'z' or >= 'A' and <= 'Z' or '-';

    private static bool BadNumber(string v, int start, int end)
    {
        var i = start;
        while (i < end && v[i] >= '0' && v[i] <= '9') i++;
        return i == end && end - start > 1 && v[start] == '0';
    }
}
