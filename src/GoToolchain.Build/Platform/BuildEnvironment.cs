using System;
using System.Collections.Generic;
using System.Linq;
using GoToolchain.Build.Diagnostics;

namespace GoToolchain.Build.Platform;

/// <summary>
/// The environment go processes of this build get: the build's own environment plus overrides (a null value
/// removes the variable). Never written to the process-wide environment.
/// </summary>
public sealed class BuildEnvironment
{
    private readonly IPlatform _platform;
    private readonly Dictionary<string, string?> _overrides;

    public BuildEnvironment(IPlatform platform, IReadOnlyDictionary<string, string?>? overrides = null)
    {
        _platform = platform;
        _overrides = new Dictionary<string, string?>(platform.IsWindows ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);
        if (overrides is not null)
        {
            foreach (var pair in overrides) _overrides[pair.Key] = pair.Value;
        }
    }

    public IReadOnlyDictionary<string, string?> Overrides => _overrides;

    public string? Get(string name)
        => _overrides.TryGetValue(name, out var value) ? value : _platform.GetEnvironmentVariable(name);

    public BuildEnvironment With(string name, string? value)
    {
        var copy = new BuildEnvironment(_platform, _overrides);
        copy._overrides[name] = value;
        return copy;
    }

    /// <summary>
    /// Parses GoEnvironment-style entries ("NAME=value"; "NAME=" sets it empty). A malformed entry is reported
    /// and ignored so one typo does not hide the other findings.
    /// </summary>
    public static Dictionary<string, string?> ParseEntries(IEnumerable<string> entries, string source, string? projectFile, DiagnosticBag diagnostics)
    {
        var result = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var raw in entries.Select(e => e.Trim()).Where(e => e.Length > 0))
        {
            var eq = raw.IndexOf('=');
            var name = eq > 0 ? raw.Substring(0, eq).Trim() : "";
            if (name.Length == 0 || name.Any(c => !(char.IsLetterOrDigit(c) || c == '_')))
            {
                diagnostics.Add(Diagnostic.Error(Codes.EnvironmentEntryInvalid,
                    $"{source} entry '{raw}' is not NAME=value. Fix: write entries as NAME=value separated by ';' (e.g. " +
                        $"GOFLAGS=-mod=vendor;GOPRIVATE=corp.example).",
                    projectFile));
                continue;
            }
            result[name] = raw.Substring(eq + 1);
        }
        return result;
    }
}
