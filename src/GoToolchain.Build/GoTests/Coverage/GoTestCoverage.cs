using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using GoToolchain.Build.Diagnostics;

namespace GoToolchain.Build.GoTests.Coverage;

/// <summary>
/// GoTestCoverage in the test host: the build puts the project's GoTestCoverage and GoTestCoverMode into the test application's
/// runtimeconfig (RuntimeHostConfigurationOption, build/GoToolchain.Build.TestingPlatform.targets), so whichever host runs the Go
/// tests (the VSTest adapter in testhost, the Microsoft.Testing.Platform extension in the test application) reads them with
/// <see cref="AppContext.GetData"/>. The profile is written at run time: only the host knows the results folder.
/// </summary>
public sealed class GoTestCoverage
{
    public const string EnabledKey = "GoToolchain.Build.GoTestCoverage";
    public const string ModeKey = "GoToolchain.Build.GoTestCoverMode";

    /// <summary>The Cobertura file, in the results folder beside the TRX.</summary>
    public const string ReportFileName = "go-coverage.cobertura.xml";

    public bool Enabled { get; private set; }

    /// <summary>set, count or atomic; empty: go's default (set, atomic with -race).</summary>
    public string Mode { get; private set; } = "";

    public static GoTestCoverage FromAppContext()
        => Of(AppContext.GetData(EnabledKey) as string, AppContext.GetData(ModeKey) as string);

    public static GoTestCoverage Of(string? enabled, string? mode) => new()
    {
        Enabled = string.Equals(enabled?.Trim(), "true", StringComparison.OrdinalIgnoreCase),
        Mode = mode?.Trim().ToLowerInvariant() ?? "",
    };

    /// <summary>One profile per module ("example.com/calc" → example.com_calc.coverprofile).</summary>
    public static string ProfileName(GoTestModule module)
    {
        var name = module.ModulePath.Length > 0 ? module.ModulePath : Path.GetFileName(module.ModuleDirectory.TrimEnd('/', '\\'));
        var safe = new StringBuilder();
        foreach (var c in name) safe.Append(char.IsLetterOrDigit(c) || c is '-' or '.' ? c : '_');
        return safe + ".coverprofile";
    }

    /// <summary>The module with go test's coverage flags added (the runner's argv is built from <see cref="GoTestModule.Flags"/>).</summary>
    public static GoTestModule WithCoverage(GoTestModule module, GoTestCoverage coverage, string profilePath)
    {
        var flags = module.Flags.ToList();
        flags.Add("-coverprofile=" + profilePath);
        if (coverage.Mode.Length > 0) flags.Add("-covermode=" + coverage.Mode);
        // A copy through the manifest's own format: every field the host got from the build, whatever fields the core adds.
        var copy = GoTestManifest.Read(GoTestManifest.Write(new[] { module }), out _)![0];
        copy.Flags = flags;
        return copy;
    }

    /// <summary>
    /// The profiles of every module (one mode: the same flags made them) as one Cobertura report; null when written, else the
    /// problem (GOTB742) naming the profile.
    /// </summary>
    public static Diagnostic? WriteReport(IReadOnlyList<string> profiles, IReadOnlyList<GoTestModule> modules, string reportPath)
    {
        var text = new StringBuilder();
        foreach (var profile in profiles)
        {
            try
            {
                var content = File.ReadAllText(profile);
                CoverProfile.Parse(content); // each on its own, so a problem names its file and line
                text.Append(content).Append('\n');
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or CoverProfileException)
            {
                return Diagnostic.Error(Codes.GoTestCoverageUnreadable,
                    $"The Go coverage profile '{profile}' cannot be read: {e.Message}. No Cobertura report was written. Fix: run the tests again; " +
                        "if it persists, report it with the profile to GoToolchain.Build.", profile);
            }
        }
        try
        {
            var sources = SourceMap.ForModules(modules.Select(m => m.ModuleDirectory));
            var directory = Path.GetDirectoryName(Path.GetFullPath(reportPath));
            if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
            var version = modules.Select(m => m.GoVersion).FirstOrDefault(v => v.Length > 0) ?? "go";
            CoberturaReport.Create(CoverProfile.Parse(text.ToString()), sources, DateTimeOffset.UtcNow, version).Save(reportPath);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CoverProfileException)
        {
            return Diagnostic.Error(Codes.GoTestCoverageUnreadable,
                $"The Go coverage report '{reportPath}' was not written: {e.Message}. Fix: check that the results folder is writable.", reportPath);
        }
    }
}
