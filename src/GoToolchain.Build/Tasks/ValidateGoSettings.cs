using System;
using System.Collections.Generic;
using System.Linq;
using GoToolchain.Build.Building;
using GoToolchain.Build.Diagnostics;
using GoToolchain.Build.Generate;
using GoToolchain.Build.Loopvar;
using GoToolchain.Build.Proxy;
using GoToolchain.Build.Settings;
using Microsoft.Build.Framework;

namespace GoToolchain.Build.Tasks;

/// <summary>
/// The first task of every build: checks each property and GoModule metadata value of the package, reporting a
/// coded error at the line of the user's file that sets it. Every value arrives as a string; nothing here runs go.
/// </summary>
public class ValidateGoSettings : GoTaskBase
{
    public string? GoToolchainEnabled { get; set; }
    public string? GoTrimPath { get; set; }
    public string? GoLoopvar { get; set; }
    public string? GoLoopvarReport { get; set; }
    public string? GoReuseLastBuild { get; set; }
    public string? GoGenerate { get; set; }
    public string? GoProxyCheck { get; set; }
    public string? GoProxyTimeoutSeconds { get; set; }
    public string? GoProcessTimeoutSeconds { get; set; }
    public string[] GoBuildArguments { get; set; } = Array.Empty<string>();
    public ITaskItem[] Modules { get; set; } = Array.Empty<ITaskItem>();

    protected override void ExecuteCore()
    {
        var lines = new ProjectFileLines(ProjectFile);
        Report(Check(lines));
    }

    private IEnumerable<Diagnostic> Check(ProjectFileLines lines)
    {
        var found = new List<Diagnostic?>
        {
            Located(nameof(GoToolchainEnabled), at => SettingChecks.Boolean(nameof(GoToolchainEnabled), GoToolchainEnabled, at)),
            Located(nameof(GoTrimPath), at => SettingChecks.Boolean(nameof(GoTrimPath), GoTrimPath, at)),
            Located(nameof(GoLoopvarReport), at => SettingChecks.Boolean(nameof(GoLoopvarReport), GoLoopvarReport, at)),
            Located(nameof(GoReuseLastBuild), at => SettingChecks.Boolean(nameof(GoReuseLastBuild), GoReuseLastBuild, at)),
            Located(nameof(GoProcessTimeoutSeconds), at => SettingChecks.Seconds(nameof(GoProcessTimeoutSeconds), GoProcessTimeoutSeconds, at)),
        };
        // A check is run without a place first: only a value that fails it makes the project files be read for its line.
        Diagnostic? Located(string property, Func<(string? File, int Line), Diagnostic?> check)
            => check((null, 0)) is null ? null : check(lines.Property(property));
        // These have had their own codes since they were added; here they gain the line that sets them.
        if (!LoopvarPolicies.TryParse(GoLoopvar, out _))
            found.Add(At(Codes.LoopvarPolicyInvalid, nameof(GoLoopvar), GoLoopvar, LoopvarPolicies.ValidValues, lines));
        if (!GenerateModes.TryParse(NullIfEmpty(GoGenerate) ?? "Run", out _))
            found.Add(At(Codes.GenerateModeInvalid, nameof(GoGenerate), GoGenerate, "Run (the default), Verify or Off", lines));
        if (ProxyCheck.ParseMode(GoProxyCheck) is null)
            found.Add(At(Codes.ProxyCheckModeInvalid, nameof(GoProxyCheck), GoProxyCheck, "Off, Config, Auto (the default) or Network", lines));
        if (SettingChecks.ParseSeconds(GoProxyTimeoutSeconds, 3600) is null && !IsFractionOfSeconds(GoProxyTimeoutSeconds))
            found.Add(At(Codes.ProxyTimeoutInvalid, nameof(GoProxyTimeoutSeconds), GoProxyTimeoutSeconds,
                "a number of seconds above 0 and at most 3600, e.g. 5 (the default)", lines));
        var buildArguments = GoBuildArguments.Where(a => a.Length > 0).ToList();
        if (SettingChecks.BuildArguments(buildArguments, (null, 0)).Any())
            found.AddRange(SettingChecks.BuildArguments(buildArguments, lines.Property(nameof(GoBuildArguments))));

        foreach (var module in Modules)
        {
            string Get(string name) => module.GetMetadata(name) ?? "";
            (string?, int) Where(string name) => lines.Metadata(module.ItemSpec, name);
            if (!GoBuildModes.TryParse(Get("BuildMode"), out _))
                found.Add(Diagnostic.Error(Codes.InvalidBuildMode,
                    $"GoModule '{module.ItemSpec}' has BuildMode='{Get("BuildMode")}'. Fix: use c-shared (the default), exe, c-archive or none.",
                    Where("BuildMode").Item1, Where("BuildMode").Item2));
            if (NullIfEmpty(Get("Generate")) is { } generate && !GenerateModes.TryParse(generate, out _))
                found.Add(Diagnostic.Error(Codes.GenerateModeInvalid,
                    $"GoModule '{module.ItemSpec}' has Generate='{generate}'. Fix: use Run, Verify or Off, or remove the metadata to use GoGenerate.",
                    Where("Generate").Item1, Where("Generate").Item2));
            found.AddRange(SettingChecks.Metadata(module.ItemSpec, Get, Where));
        }
        return found.Where(d => d is not null)!;
    }

    private static bool IsFractionOfSeconds(string? value)
        => double.TryParse((value ?? "").Trim(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture,
            out var s)
           && s > 0 && s <= 3600;

    private static Diagnostic At(string code, string property, string? value, string allowed, ProjectFileLines lines)
        => SettingChecks.Invalid(code, property, value, allowed, lines.Property(property));
}
