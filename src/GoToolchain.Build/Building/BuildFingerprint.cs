using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using GoToolchain.Build.Execution;
using GoToolchain.Build.Platform;

namespace GoToolchain.Build.Building;

/// <summary>What one project's Go build depended on when it started, as one digest per part.</summary>
/// <remarks>
/// The parts are everything the package's tasks read to reach their answer in a build that changes nothing: the
/// package version, the properties they take (one text the targets compose) and which of GoRoot/GoOS/GoArch are global, the GoModule items with all their
/// metadata, every variable of the build's environment (but <see cref="IgnoredVariables"/>), the go binary the build would use with its installation and
/// user env files (<see cref="GoEnvProbe.CacheKey"/>, the key the toolchain check trusts), every file of each module's
/// tree and the go.work go would use for it, and the project's C# files (the declaration check reads them).
/// Only digests are kept: values can hold secrets (GOPROXY credentials, tokens in the environment).
/// </remarks>
public sealed class BuildFingerprint
{
    private BuildFingerprint(IReadOnlyList<KeyValuePair<string, string>> parts, DateTime newestInputUtc)
    {
        Parts = parts;
        NewestInputUtc = newestInputUtc;
    }

    /// <summary>Part name → digest, in a fixed order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Parts { get; }

    /// <summary>The last write time of the newest file stamped (MinValue when none): a file written moments ago can be
    /// written again within the file system's timestamp granularity, so such a fingerprint must not be recorded.</summary>
    public DateTime NewestInputUtc { get; }

    public sealed class Inputs
    {
        public string PackageVersion { get; set; } = "";

        /// <summary>The properties the package's targets pass to its tasks, as one text (NAME=value lines).</summary>
        public string Settings { get; set; } = "";

        /// <summary>Each GoModule: its Include, full path, and every custom metadata value.</summary>
        public IReadOnlyList<(string ItemSpec, string FullPath, IReadOnlyDictionary<string, string> Metadata)> Modules { get; set; }
            = Array.Empty<(string, string, IReadOnlyDictionary<string, string>)>();

        /// <summary>Those of GoRoot, GoOS and GoArch that are global properties (-p:, the MSBuild task's Properties): a value
        /// from the environment means something else (PropertyOrigins).</summary>
        public IReadOnlyDictionary<string, string> GlobalProperties { get; set; } = new Dictionary<string, string>();

        /// <summary>Full paths of @(Compile).</summary>
        public IReadOnlyList<string> SourceFiles { get; set; } = Array.Empty<string>();

        /// <summary>The go binary the toolchain check would choose, the other go binaries on PATH (the check warns about
        /// them), and the probe's cache key for that binary in this environment.</summary>
        public string GoPath { get; set; } = "";
        public IReadOnlyList<string> OtherGoOnPath { get; set; } = Array.Empty<string>();
        public string ProbeKey { get; set; } = "";
    }

    /// <summary>
    /// Variables that differ between two otherwise identical builds and that neither go nor the package reads: with them a
    /// build would rarely be reused. The dotnet CLI's session id is new on every invocation (whenever telemetry is on, the
    /// default), dotnet watch counts its iterations; MSBuild sets its logging switches for a binary log (-bl) in every node; a shell's PWD/OLDPWD/SHLVL/_ say
    /// where and how dotnet was started (go's own processes run in the module folder and ignore a PWD that is not it).
    /// </summary>
    internal static readonly HashSet<string> IgnoredVariables = new(StringComparer.OrdinalIgnoreCase)
    {
        "DOTNET_CLI_TELEMETRY_SESSIONID", "DOTNET_WATCH_ITERATION",
        "MSBUILDBINARYLOGGERENABLED", "MSBUILDLOGIMPORTS", "MSBUILDTARGETOUTPUTLOGGING", "MSBUILDLOGTASKINPUTS",
        "PWD", "OLDPWD", "SHLVL", "_",
    };

    public static BuildFingerprint Compute(Inputs inputs, IPlatform platform)
    {
        var parts = new List<KeyValuePair<string, string>>();
        var newest = DateTime.MinValue;
        void Add(string part, string text) => parts.Add(new KeyValuePair<string, string>(part, ContentHash.ShortOfText(text)));
        string Stamp(string path)
        {
            var stamp = platform.GetFileStamp(path);
            if (stamp is { } s && s.LastWriteTimeUtc > newest) newest = s.LastWriteTimeUtc;
            return stamp?.ToString() ?? "absent";
        }

        Add("package", inputs.PackageVersion);
        Add("settings", inputs.Settings);
        Add("global", string.Join("\n", inputs.GlobalProperties.OrderBy(p => p.Key, StringComparer.OrdinalIgnoreCase)
            .Select(p => p.Key + "=" + p.Value)));
        var modules = new StringBuilder();
        foreach (var (itemSpec, fullPath, metadata) in inputs.Modules)
        {
            modules.Append(itemSpec).Append('\0').Append(fullPath).Append('\n');
            foreach (var pair in metadata.OrderBy(p => p.Key, StringComparer.Ordinal))
                modules.Append(pair.Key).Append('=').Append(pair.Value).Append('\n');
        }
        Add("modules", modules.ToString());
        foreach (var name in platform.EnvironmentVariableNames().Distinct(StringComparer.Ordinal).OrderBy(n => n, StringComparer.Ordinal))
        {
            if (IgnoredVariables.Contains(name)) continue;
            Add("environment:" + name, platform.GetEnvironmentVariable(name) ?? "");
        }
        // After the variables: a variable go reads changes the probe key too, and the log should name the variable.
        Add("go", inputs.GoPath + "\n" + string.Join("\n", inputs.OtherGoOnPath) + "\n" + inputs.ProbeKey);
        foreach (var directory in inputs.Modules.Select(m => m.FullPath).Distinct(StringComparer.Ordinal))
        {
            var files = new StringBuilder();
            if (platform.DirectoryExists(directory))
            {
                foreach (var file in GoBuildPlanner.EnumerateInputs(directory)) files.Append(file).Append('@').Append(Stamp(file)).Append('\n');
            }
            else
            {
                files.Append("absent");
            }
            Add("files:" + directory, files.ToString());
            Add("go.work:" + directory, GoBuildPlanner.NearestWorkspace(directory));
        }
        var sources = new StringBuilder();
        foreach (var file in inputs.SourceFiles) sources.Append(file).Append('@').Append(Stamp(file)).Append('\n');
        Add("sources", sources.ToString());
        return new BuildFingerprint(parts, newest);
    }

    public string Serialize() => string.Join("\n", Parts.Select(p => p.Key + "\t" + p.Value));

    /// <summary>Null when the text is not one <see cref="Serialize"/> wrote.</summary>
    public static BuildFingerprint? Parse(string text)
    {
        var parts = new List<KeyValuePair<string, string>>();
        foreach (var line in text.Split('\n'))
        {
            var tab = line.LastIndexOf('\t');
            if (tab <= 0) return null;
            parts.Add(new KeyValuePair<string, string>(line.Substring(0, tab), line.Substring(tab + 1)));
        }
        return parts.Count == 0 ? null : new BuildFingerprint(parts, DateTime.MinValue);
    }

    /// <summary>Null when both name the same parts with the same digests; else what changed, in words for the log. A variable
    /// comes first: one that go reads changes the probe key too, and the log should name the variable.</summary>
    public string? FirstDifference(BuildFingerprint earlier)
    {
        var before = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in earlier.Parts) before[part.Key] = part.Value;
        var now = new HashSet<string>(Parts.Select(p => p.Key), StringComparer.Ordinal);
        var differences = Parts.Where(p => !before.TryGetValue(p.Key, out var digest) || digest != p.Value)
            .Select(p => (p.Key, What: before.ContainsKey(p.Key) ? "changed" : "is new"))
            .Concat(earlier.Parts.Where(p => !now.Contains(p.Key)).Select(p => (p.Key, What: "is gone")))
            .ToList();
        if (differences.Count == 0) return null;
        var first = differences.FirstOrDefault(d => d.Key.StartsWith("environment:", StringComparison.Ordinal));
        if (first.Key is null) first = differences[0];
        return Describe(first.Key, first.What);
    }

    private static string Describe(string part, string what)
    {
        var colon = part.IndexOf(':');
        var (kind, name) = colon < 0 ? (part, "") : (part.Substring(0, colon), part.Substring(colon + 1));
        return kind switch
        {
            "package" => "the package version " + what,
            "settings" => "a property the package reads " + what,
            "global" => "GoRoot, GoOS or GoArch as a global property (-p:) " + what,
            "modules" => "the GoModule items or their metadata " + what,
            "go" => "the go binary, its installation or the Go environment files " + what,
            "environment" => $"the environment variable {name} {what}",
            "files" => $"a file of module '{name}' {what} (written, added or removed)",
            "go.work" => $"a go.work above module '{name}' {what}",
            "sources" => "the project's C# files " + what,
            _ => part + " " + what,
        };
    }
}
