using System;
using GoToolchain.Build.Package;

namespace GoToolchain.Build.Diagnostics;

/// <summary>
/// The help link of each GOTB code: its section of docs/diagnostics.md in the repository. The terminal logger, Visual
/// Studio's error list and binlog viewers show it. The repository URL is defined once, in the csproj (RepositoryUrl),
/// and reaches the assembly as metadata (PackageInfo).
/// </summary>
public static class HelpLinks
{
    /// <summary>docs/diagnostics.md on the default branch.</summary>
    public static string Document { get; } = PackageInfo.RepositoryUrl + "/blob/main/docs/diagnostics.md";

    /// <summary>
    /// The anchors GitHub gives the headings of docs/diagnostics.md, one per hundred (0xx, 1xx, ...). A test checks
    /// each against the document, and that each code is listed under the heading its link names.
    /// </summary>
    internal static readonly string[] SectionAnchors =
    {
        "0xx-finding-go-and-checking-its-installation",
        "1xx-versions-gomod-gowork-gotoolchain",
        "2xx-module-proxy-checksum-database-module-availability",
        "3xx-loop-variable-semantics",
        "4xx-go-generate",
        "5xx-go-build-and-native-files",
        "6xx-c-bindings",
        "7xx-go-tests-in-dotnet-test",
        null!,
        "9xx-internal",
    };

    /// <summary>GOTB060-079 (the package's own properties and metadata) have a section of their own inside 0xx.</summary>
    internal const string SettingsAnchor = "06x-the-packages-properties-and-gomodule-metadata";

    /// <summary>The link for a code such as GOTB020; null for anything that is not a GOTB code.</summary>
    public static string? For(string? code)
    {
        if (code is null || code.Length != 7 || !code.StartsWith("GOTB", StringComparison.Ordinal) || !char.IsDigit(code[4])) return null;
        if (code[4] == '0' && (code[5] == '6' || code[5] == '7')) return Document + "#" + SettingsAnchor;
        var anchor = SectionAnchors[code[4] - '0'];
        return anchor is null ? null : Document + "#" + anchor;
    }
}
