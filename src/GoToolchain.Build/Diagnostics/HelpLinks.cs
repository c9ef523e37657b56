using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using GoToolchain.Build.Package;

namespace GoToolchain.Build.Diagnostics;

/// <summary>
/// The help link of each GOTB code: its own row of docs/diagnostics.md in the repository (each row carries an anchor named after
/// the code in lower case, `#gotb500`). The terminal logger, Visual Studio's error list and binlog viewers show it. The repository
/// URL is defined once, in the csproj (RepositoryUrl), and reaches the assembly as metadata (PackageInfo); the targets' own
/// warnings (GOTB530) use $(_GoDiagnosticsHelpLink), which a test compares with <see cref="Document"/>.
/// </summary>
public static class HelpLinks
{
    /// <summary>docs/diagnostics.md on the default branch.</summary>
    public static string Document { get; } = PackageInfo.RepositoryUrl + "/blob/main/docs/diagnostics.md";

    /// <summary>Every code of <see cref="Codes"/>: only a code the package emits has a row to link to.</summary>
    private static readonly HashSet<string> Known = new(typeof(Codes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(string)).Select(f => (string)f.GetRawConstantValue()!), StringComparer.Ordinal);

    /// <summary>The anchor of a code's row: GOTB020 gives gotb020.</summary>
    public static string Anchor(string code) => code.ToLowerInvariant();

    /// <summary>The link for a code such as GOTB020; null for anything that is not one of the package's codes.</summary>
    public static string? For(string? code)
        => code is not null && Known.Contains(code) ? Document + "#" + Anchor(code) : null;
}
