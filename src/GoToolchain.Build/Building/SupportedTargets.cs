using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using GoToolchain.Build.Diagnostics;
using GoToolchain.Build.Execution;
using GoToolchain.Build.Toolchain;
using GoToolchain.Build.Versions;

namespace GoToolchain.Build.Building;

/// <summary>
/// The GOOS/GOARCH pairs a toolchain can build, asked of the toolchain itself (`go tool dist list -broken`; 1.19 has no
/// -broken), and GOTB517 for a target it cannot: a port Go removed (windows/arm in 1.26, openbsd/mips64 in 1.27) or
/// never had. Ports go marks broken (windows/arm on 1.24 and 1.25) are listed with -broken and still build, so they pass.
/// The answer depends on the go binary alone: it is kept for the build (per MSBuild node) and in a file under obj/, keyed
/// by the binary's path, size, time and GOVERSION, so it costs one short go process per toolchain (about 10 ms).
/// Without the answer (a wrapper or fake go that cannot run `go tool dist`) nothing is checked: go build says it itself.
/// </summary>
public static class SupportedTargets
{
    private static readonly GoVersion BrokenFlagVersion = GoVersion.Parse("1.21");

    /// <summary>The argv after go: `tool dist list`, with -broken where the toolchain has it.</summary>
    public static IReadOnlyList<string> Arguments(GoVersion? version)
        => version is not null && version.CompareTo(BrokenFlagVersion) >= 0
            ? new[] { "tool", "dist", "list", "-broken" }
            : new[] { "tool", "dist", "list" };

    /// <summary>The pairs of `go tool dist list` output ("linux/amd64" a line), or null when it is not that shape.</summary>
    public static ISet<string>? Parse(IEnumerable<string> lines)
    {
        var pairs = new HashSet<string>(StringComparer.Ordinal);
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.Length == 0) continue;
            var slash = line.IndexOf('/');
            if (slash <= 0 || slash == line.Length - 1 || line.IndexOf('/', slash + 1) >= 0 || line.Any(char.IsWhiteSpace)) return null;
            pairs.Add(line);
        }
        return pairs.Count == 0 ? null : pairs;
    }

    /// <summary>
    /// GOTB517 when the toolchain's list lacks the target; null when it has it, or when the build may run another toolchain
    /// (GOTOOLCHAIN other than local: go may switch to a newer Go whose list differs, and then reports the target itself).
    /// </summary>
    /// <param name="ports">The toolchain's pairs (<see cref="Probe"/>); null: unknown, nothing is checked.</param>
    /// <param name="targetSource">Where the target comes from (TargetVariables.Source), for the message.</param>
    public static Diagnostic? Check(GoTarget target, string targetSource, ISet<string>? ports, string goVersionText, string goExecutable,
        string? projectFile)
    {
        if (ports is null || ports.Contains(target.GoOS + "/" + target.GoArch)) return null;
        var near = ports.Where(p => p.StartsWith(target.GoOS + "/", StringComparison.Ordinal)).OrderBy(p => p, StringComparer.Ordinal).ToList();
        var others = near.Count == 0 ? "" : $" (for {target.GoOS} it lists {string.Join(", ", near)})";
        // The nearest CPU first: windows/arm suggests win-arm64.
        var rids = near.Select(p => p.Substring(p.IndexOf('/') + 1)).OrderBy(arch => arch.StartsWith(target.GoArch, StringComparison.Ordinal) ? 0 : 1)
            .Select(arch => RuntimeIdentifierMap.ToPortableRuntimeIdentifier(new GoTarget(target.GoOS, arch))).Where(r => r is not null).ToList();
        return Diagnostic.Error(Codes.TargetNotSupported,
            $"The target {target.GoOS}/{target.GoArch} (from {targetSource}) is not one that {goVersionText} ('{goExecutable}') can build: " +
                $"`go tool dist list` of that toolchain does not list it{others}. Go removes ports (windows/arm in Go 1.26, openbsd/mips64 in " +
                $"Go 1.27), and go build would stop with 'unsupported GOOS/GOARCH pair {target.GoOS}/{target.GoArch}'. " +
            $"Fix: build for another target{(rids.Count == 0 ? "" : $" (e.g. -r {rids[0]})")}, or build this one with an older Go that lists it " +
                $"(set GoRoot to it).",
            projectFile);
    }

    /// <summary>
    /// The check before any go process of the build uses the target (go generate's package list, go build): none for the host,
    /// none when GOTOOLCHAIN lets go switch to another toolchain (only `local`, the default GoToolchainMode, is checked; go 1.19
    /// never switches), else <see cref="Check"/> against <see cref="Probe"/>.
    /// </summary>
    public static Diagnostic? CheckBeforeGo(GoTarget target, GoTarget host, string targetSource, string goExecutable, string goVersionText,
        IReadOnlyDictionary<string, string?> environment, TimeSpan timeout, CancellationToken cancellation,
        IDictionary<string, IReadOnlyDictionary<string, string>>? buildCache, string? cacheDirectory, Action<string> log, string? projectFile)
    {
        if (target.GoOS == host.GoOS && target.GoArch == host.GoArch) return null;
        var version = GoVersion.FromGoEnvVersion(goVersionText);
        if (version is null) return null;
        environment.TryGetValue("GOTOOLCHAIN", out var goToolchain);
        if (version.SupportsToolchainSwitching && goToolchain?.Trim() != "local")
        {
            log($"Not checking {target.GoOS}/{target.GoArch} against {goVersionText}'s ports: GOTOOLCHAIN={goToolchain} may make go run another toolchain.");
            return null;
        }
        var ports = Probe(goExecutable, goVersionText, environment, timeout, cancellation, buildCache, cacheDirectory, log);
        return Check(target, targetSource, ports, goVersionText, goExecutable, projectFile);
    }

    /// <summary>The toolchain's pairs: from the build's memory, obj/, or one `go tool dist list`; null when it cannot say.</summary>
    /// <param name="environment">The build's environment; GOTOOLCHAIN=local and no GOOS/GOARCH/GOFLAGS/GOEXPERIMENT are
    /// forced, so only the binary answers.</param>
    public static ISet<string>? Probe(string goExecutable, string goVersionText, IReadOnlyDictionary<string, string?> environment,
        TimeSpan timeout, CancellationToken cancellation, IDictionary<string, IReadOnlyDictionary<string, string>>? buildCache,
        string? cacheDirectory, Action<string> log)
    {
        var key = CacheKey(goExecutable, goVersionText);
        if (key is null) return null;
        var memoryKey = "go tool dist list:" + key;
        var cacheFile = cacheDirectory is null ? null : Path.Combine(cacheDirectory, "dist-list-" + key + ".txt");
        if (buildCache is not null && buildCache.TryGetValue(memoryKey, out var remembered) && remembered.TryGetValue("pairs", out var text)
            && Parse(text.Split('\n')) is { } known)
        {
            // Another task of this node asked first: this project's obj/ gets the answer too, for its next build.
            if (cacheFile is not null && !File.Exists(cacheFile)) WriteCache(cacheFile, known);
            return known;
        }
        var pairs = ReadCache(cacheFile);
        if (pairs is null)
        {
            var env = environment.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
            env["GOTOOLCHAIN"] = "local";
            foreach (var name in new[] { "GOOS", "GOARCH", "GOARM", "GOFLAGS", "GOEXPERIMENT" }) env[name] = null;
            var spec = new ProcessSpec(goExecutable, Arguments(GoVersion.FromGoEnvVersion(goVersionText)), timeout, Path.GetTempPath(), env);
            log(spec.CommandLineForLog);
            var result = ProcessRunner.Run(spec, cancellation);
            pairs = result.Succeeded ? Parse(result.StandardOutput) : null;
            if (pairs is null)
            {
                log($"Not checking the target against the toolchain's ports: {result}{(result.StandardError.Count > 0 ? ": " + result.StandardError[0] : "")}.");
                return null;
            }
            WriteCache(cacheFile, pairs);
        }
        if (buildCache is not null) buildCache[memoryKey] = new Dictionary<string, string> { ["pairs"] = string.Join("\n", pairs) };
        return pairs;
    }

    private static string? CacheKey(string goExecutable, string goVersionText)
    {
        try
        {
            var binary = new FileInfo(goExecutable);
            if (!binary.Exists) return null;
            return ContentHash.ShortOfText(string.Join("\n", binary.FullName, binary.Length, binary.LastWriteTimeUtc.Ticks, goVersionText));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return null;
        }
    }

    private static ISet<string>? ReadCache(string? file)
    {
        try
        {
            return file is not null && File.Exists(file) ? Parse(File.ReadAllLines(file)) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>As the go env probe's cache: a failed write only means go is asked again next time.</summary>
    private static void WriteCache(string? file, ISet<string> pairs)
    {
        if (file is not null) GoEnvProbe.WriteAtomically(file, string.Join("\n", pairs.OrderBy(p => p, StringComparer.Ordinal)) + "\n");
    }
}
