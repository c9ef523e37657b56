using System;
using System.Collections.Generic;
using System.Linq;
using GoToolchain.Build.Diagnostics;

namespace GoToolchain.Build.Building;

/// <summary>What dotnet pack does with one RID of RuntimeIdentifiers: build it, or leave it out (GoOptionalRuntimeIdentifiers).</summary>
public sealed class PackRuntimeIdentifierVerdict
{
    public PackRuntimeIdentifierVerdict(bool build, IReadOnlyList<Diagnostic> diagnostics)
    {
        Build = build;
        Diagnostics = diagnostics;
    }

    public bool Build { get; }

    /// <summary>The errors that fail the pack, or the one warning that says the RID was left out.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; }
}

/// <summary>
/// dotnet pack of a project with RuntimeIdentifiers (plural) and no RuntimeIdentifier builds the Go modules once per RID
/// (docs/design.md, "One pack, every RID"). Before any of those go builds starts, every RID's C compilers are checked
/// here: a missing one fails the pack with its install hint (GOTB513), or, for a RID the user named in
/// GoOptionalRuntimeIdentifiers, leaves that RID out of the package with one warning (GOTB550).
/// </summary>
public static class PackRuntimeIdentifiers
{
    /// <summary>GoOptionalRuntimeIdentifiers' value that makes every RID optional.</summary>
    public const string Every = "*";

    /// <summary>The ;-separated list as MSBuild would split it: trimmed, empty entries dropped, each RID once (first spelling kept).</summary>
    public static IReadOnlyList<string> Parse(string? list)
        => (list ?? "").Split(';').Select(r => r.Trim()).Where(r => r.Length > 0)
            .Distinct(StringComparer.OrdinalIgnoreCase).ToList();

    /// <summary>RIDs compare case-insensitively, as NuGet's runtimes/ folders do.</summary>
    public static bool IsOptional(string runtimeIdentifier, string? optionalList)
        => Parse(optionalList).Any(r => r == Every || string.Equals(r, runtimeIdentifier.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>Entries of GoOptionalRuntimeIdentifiers that RuntimeIdentifiers does not list (a typo makes nothing optional).</summary>
    public static IReadOnlyList<string> NotListed(string? optionalList, string? runtimeIdentifiers)
    {
        var listed = Parse(runtimeIdentifiers);
        return Parse(optionalList).Where(r => r != Every && !listed.Contains(r, StringComparer.OrdinalIgnoreCase)).ToList();
    }

    /// <summary>GOTB552, at the line that sets GoOptionalRuntimeIdentifiers.</summary>
    public static Diagnostic NotListedWarning(string rid, string runtimeIdentifiers, string? file, int line)
        => Diagnostic.Warning(Codes.OptionalRuntimeIdentifierNotListed,
            $"GoOptionalRuntimeIdentifiers names '{rid}', which RuntimeIdentifiers ('{runtimeIdentifiers}') does not list, so it makes " +
                $"nothing optional. Fix: spell it as RuntimeIdentifiers does, or remove it.",
            file, line);

    /// <param name="chooseCompiler">The module's C compiler for the target, checked; adds GOTB513 to the bag when it is absent
    /// (ModuleCCompiler.Choose); null for a module that builds nothing.</param>
    public static PackRuntimeIdentifierVerdict Check(string runtimeIdentifier, GoTarget target, GoTarget host, IReadOnlyList<GoModuleSpec> modules,
        bool optional, Func<GoModuleSpec, DiagnosticBag, CCompilerChoice?> chooseCompiler, string projectName, string? projectFile)
    {
        var rid = runtimeIdentifier.Trim();
        var errors = new List<Diagnostic>();
        var reasons = new List<string>();
        foreach (var module in modules)
        {
            var bag = new DiagnosticBag();
            var choice = chooseCompiler(module, bag);
            var missing = bag.Items.Where(d => d.Code == Codes.CrossCompilerMissing).ToList();
            if (missing.Count > 0)
            {
                reasons.Add($"GoModule '{module.Directory}' needs the C compiler '{choice?.Compiler}', which is not on the PATH go gets");
                errors.AddRange(missing.Select(d => Diagnostic.Error(d.Code,
                    $"RuntimeIdentifiers lists '{rid}' ({target.GoOS}/{target.GoArch}): {d.Message} " +
                        $"To pack the other RuntimeIdentifiers without '{rid}' on this machine, add it to GoOptionalRuntimeIdentifiers.",
                    d.File, d.Line, d.Column)));
            }
            else if (choice is { NoneKnown: true })
            {
                reasons.Add($"GoModule '{module.Directory}' needs cgo, and no C compiler for {target.GoOS}/{target.GoArch} is known on this " +
                    $"{host.GoOS}/{host.GoArch} machine");
                errors.Add(Diagnostic.Error(Codes.PackCCompilerUnknown,
                    $"RuntimeIdentifiers lists '{rid}' ({target.GoOS}/{target.GoArch}), and GoModule '{module.Directory}' needs cgo for it, but " +
                        $"GoToolchain.Build knows no C cross-compiler for {target.GoOS}/{target.GoArch} on a {host.GoOS}/{host.GoArch} host and " +
                        $"neither GoCC nor CC names one, so go build would fail in runtime/cgo. Fix: set GoCC for that RID " +
                        $"(<GoCC Condition=\"'$(RuntimeIdentifier)' == '{rid}'\">...</GoCC>, e.g. 'zig cc -target ...'), pack '{rid}' on a " +
                        $"{target.GoOS} machine, or add it to GoOptionalRuntimeIdentifiers to pack the other RuntimeIdentifiers without it here.",
                    projectFile));
            }
        }
        if (errors.Count == 0) return new PackRuntimeIdentifierVerdict(true, Array.Empty<Diagnostic>());
        if (!optional) return new PackRuntimeIdentifierVerdict(false, errors);
        return new PackRuntimeIdentifierVerdict(false, new[]
        {
            Diagnostic.Warning(Codes.PackRuntimeIdentifierSkipped,
                $"dotnet pack of '{projectName}' leaves out RuntimeIdentifier '{rid}' ({target.GoOS}/{target.GoArch}): " +
                    $"{string.Join("; ", reasons)}. The package gets no runtimes/{rid}/native/ folder, so an app for '{rid}' that uses it " +
                    $"cannot load its Go library. " +
                    $"GoOptionalRuntimeIdentifiers allows this. Fix: to ship '{rid}', pack on a machine with that C compiler (or set GoCC " +
                    $"for it); NoWarn GOTB550 if this package is not meant to carry it.",
                projectFile),
        });
    }
}
