using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using GoToolchain.Build.Diagnostics;
using GoToolchain.Build.Execution;
using GoToolchain.Build.Package;
using GoToolchain.Build.Platform;

namespace GoToolchain.Build.Toolchain;

/// <summary>Answers `go env -json` for a go binary and environment.</summary>
public interface IGoEnvSource
{
    /// <returns>The variables, or null after reporting why they could not be had.</returns>
    IReadOnlyDictionary<string, string>? GetEnv(string goPath, BuildEnvironment environment, string? projectFile, DiagnosticBag diagnostics);
}

/// <summary>
/// Runs one `go env -json` with GOTOOLCHAIN=local and GOEXPERIMENT removed, from a neutral directory, so that
/// neither a go.mod asking for another toolchain nor a bad experiment ("go: unknown GOEXPERIMENT x") breaks the probe.
/// Answers are cached by a key over everything that changes go's answer: in memory for the build (per MSBuild node),
/// on disk under obj/ (per project), so a no-op build starts no go process, and in a per-user folder shared by every
/// node, filled under a cross-process lock, so a cold `dotnet build -m` probes each toolchain and environment once.
/// Only answers are shared; a failure is reported by the project that ran the probe and by any that waited for it.
/// </summary>
public sealed class GoEnvProbe : IGoEnvSource
{
    private readonly IPlatform _platform;
    private readonly TimeSpan _timeout;
    private readonly CancellationToken _cancellation;
    private readonly string? _cacheDirectory;
    private readonly IDictionary<string, IReadOnlyDictionary<string, string>>? _buildCache;
    private readonly string? _workingDirectory;
    private readonly Func<string?>? _sharedCacheDirectory;

    /// <param name="workingDirectory">Where go build will run (the first GoModule's folder): a version-manager shim picks
    /// its toolchain from files found from there upward, so a shim is probed from there. A real go is probed from a
    /// neutral folder, where no go.mod or go.work can influence it.</param>
    /// <param name="sharedCacheDirectory">The per-user folder shared by every process (PrivateStateRoot "probe"), asked only
    /// when neither memory nor obj/ has the answer; null (or returning null): no sharing between MSBuild nodes.</param>
    public GoEnvProbe(IPlatform platform, TimeSpan timeout, CancellationToken cancellation, string? cacheDirectory,
        IDictionary<string, IReadOnlyDictionary<string, string>>? buildCache, string? workingDirectory = null,
        Func<string?>? sharedCacheDirectory = null)
    {
        _workingDirectory = workingDirectory;
        _sharedCacheDirectory = sharedCacheDirectory;
        _platform = platform;
        _timeout = timeout;
        _cancellation = cancellation;
        _cacheDirectory = cacheDirectory;
        _buildCache = buildCache;
    }

    /// <summary>What the last call did, for the log and for tests: "memory", "disk" (obj/), "shared" (another node's
    /// probe, from the per-user folder) or "process".</summary>
    public string? LastSource { get; private set; }

    /// <summary>The command line of the last probe process, for the log.</summary>
    public string? LastCommandLine { get; private set; }

    public IReadOnlyDictionary<string, string>? GetEnv(string goPath, BuildEnvironment environment, string? projectFile, DiagnosticBag diagnostics)
    {
        var probeEnvironment = ProbeEnvironment(environment);
        var key = CacheKey(goPath, probeEnvironment);
        var cacheFile = _cacheDirectory is null ? null : Path.Combine(_cacheDirectory, CacheFileName(key));
        WaitedForAnotherProbe = false;

        if (_buildCache is not null && _buildCache.TryGetValue(key, out var remembered))
        {
            LastSource = "memory";
            // Another project of this node asked first: this project's obj/ gets the answer too (one stat when it has it),
            // so its next no-op build finds it there whichever node it lands on.
            if (cacheFile is not null && !_platform.FileExists(cacheFile)) Store(cacheFile, remembered, probeEnvironment);
            return remembered;
        }
        if (ReadCache(cacheFile, probeEnvironment) is { } cached)
        {
            LastSource = "disk";
            Remember(key, cached);
            return cached;
        }

        var shared = _sharedCacheDirectory?.Invoke();
        if (shared is null) return RunAndStore(goPath, key, probeEnvironment, cacheFile, null, projectFile, diagnostics);

        var sharedFile = Path.Combine(shared, CacheFileName(key));
        if (ReadCache(sharedFile, probeEnvironment) is { } fromShared) return Shared(key, fromShared, cacheFile, probeEnvironment);

        // Cold: one probe per key on the machine. Another MSBuild node asking the same is waited for, then reads its answer.
        CrossProcessLock? held;
        var waitStarted = DateTime.UtcNow;
        try
        {
            held = CrossProcessLock.TryAcquire(Path.Combine(shared, "goenv-" + key + ".lock"), _timeout + LockMargin, _cancellation,
                () => WaitedForAnotherProbe = true);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            held = null; // an unusable shared folder only means no sharing
        }
        if (held is null) return RunAndStore(goPath, key, probeEnvironment, cacheFile, null, projectFile, diagnostics);
        using (held)
        {
            if (ReadCache(sharedFile, probeEnvironment) is { } answered) return Shared(key, answered, cacheFile, probeEnvironment);
            var failureFile = Path.Combine(shared, "goenv-" + key + ".failed");
            if (WaitedForAnotherProbe && SharedFailure(failureFile, waitStarted, projectFile) is { } failure)
            {
                // The probe this node waited for failed (say, it hung for the whole timeout): the same failure, reported
                // at this project, instead of a second wait as long as the first.
                LastSource = "shared";
                diagnostics.Add(failure);
                return null;
            }
            return RunAndStore(goPath, key, probeEnvironment, cacheFile, (sharedFile, failureFile), projectFile, diagnostics);
        }
    }

    /// <summary>Whether the last call waited for another process's probe of the same key (for the log and tests).</summary>
    public bool WaitedForAnotherProbe { get; private set; }

    /// <summary>Beyond the probe's own timeout, how long a node waits for another node's probe before running its own.</summary>
    private static readonly TimeSpan LockMargin = TimeSpan.FromSeconds(30);

    /// <summary>Shared answers nobody asked for in this long are removed when a new one is written.</summary>
    private static readonly TimeSpan SharedEntryLifetime = TimeSpan.FromDays(7);

    private static string CacheFileName(string key) => "goenv-" + key + ".json";

    private IReadOnlyDictionary<string, string>? ReadCache(string? file, BuildEnvironment probeEnvironment)
        => file is not null && _platform.ReadAllText(file) is { } text && GoEnvJson.Parse(text, out _) is { } stored
            && stored.ContainsKey("GOVERSION") && stored.ContainsKey("GOROOT") ? Restore(stored, probeEnvironment) : null;

    private IReadOnlyDictionary<string, string> Shared(string key, IReadOnlyDictionary<string, string> env, string? cacheFile,
        BuildEnvironment probeEnvironment)
    {
        LastSource = "shared";
        if (cacheFile is not null) Store(cacheFile, env, probeEnvironment);
        Remember(key, env);
        return env;
    }

    private IReadOnlyDictionary<string, string>? RunAndStore(string goPath, string key, BuildEnvironment probeEnvironment, string? cacheFile,
        (string Answer, string Failure)? shared, string? projectFile, DiagnosticBag diagnostics)
    {
        LastSource = "process";
        var directory = new GoLocator(_platform).IsLauncher(goPath) && _workingDirectory is not null && _platform.DirectoryExists(_workingDirectory)
            ? _workingDirectory : Path.GetTempPath();
        // A .cmd/.bat go also gets a name with % in it, which go echoes back as given: whether the wrapper and cmd.exe
        // hand a % on intact (BatchFileArguments), asked in the same go process.
        var names = _platform.IsWindows && ExecutableSearch.IsBatchFile(goPath) ? ProbedVariables.Concat(new[] { BatchFileArguments.ProbeName }) : ProbedVariables;
        var spec = new ProcessSpec(goPath, new[] { "env", "-json" }.Concat(names).ToList(), _timeout, directory, probeEnvironment.Overrides)
        {
            TranscriptPath = _cacheDirectory is null ? null : Path.Combine(_cacheDirectory, "go-env-output-" + key + ".txt"),
        };
        LastCommandLine = spec.CommandLineForLog;
        var result = ProcessRunner.Run(spec, _cancellation);
        var found = new DiagnosticBag();
        var env = Interpret(goPath, result, projectFile, found);
        diagnostics.AddRange(found.Items);
        if (env is null)
        {
            if (shared is not null && !result.Cancelled && found.Items.FirstOrDefault(d => d.Severity == Severity.Error) is { } error)
                WriteAtomically(shared.Value.Failure, error.Code + "\n" + error.Message);
            return null;
        }

        Remember(key, env);
        if (cacheFile is not null) Store(cacheFile, env, probeEnvironment);
        if (shared is not null && WithoutSecrets(env, probeEnvironment) is { } storable)
        {
            TryDelete(shared.Value.Failure);
            WriteAtomically(shared.Value.Answer, GoEnvJson.Write(storable));
            RemoveOldSharedEntries(Path.GetDirectoryName(shared.Value.Answer)!);
        }
        return env;
    }

    /// <summary>The failure another process's probe of this key wrote while this one waited for it; older ones are ignored
    /// (a failure of an earlier build must not outlive the fix).</summary>
    private Diagnostic? SharedFailure(string failureFile, DateTime waitStarted, string? projectFile)
    {
        try
        {
            if (!File.Exists(failureFile) || File.GetLastWriteTimeUtc(failureFile) < waitStarted.AddSeconds(-1)) return null;
            var text = File.ReadAllText(failureFile);
            var newline = text.IndexOf('\n');
            if (newline <= 0 || !text.StartsWith("GOTB", StringComparison.Ordinal)) return null;
            return Diagnostic.Error(text.Substring(0, newline), text.Substring(newline + 1), projectFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private void Store(string cacheFile, IReadOnlyDictionary<string, string> env, BuildEnvironment probeEnvironment)
    {
        if (WithoutSecrets(env, probeEnvironment) is { } storable) WriteAtomically(cacheFile, GoEnvJson.Write(storable));
    }

    private static void RemoveOldSharedEntries(string folder)
    {
        try
        {
            foreach (var file in Directory.EnumerateFiles(folder, "goenv-*"))
            {
                if (DateTime.UtcNow - File.GetLastWriteTimeUtc(file) > SharedEntryLifetime && !file.EndsWith(".lock", StringComparison.Ordinal))
                    TryDelete(file);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Tidying only.
        }
    }

    private static void TryDelete(string file)
    {
        try { File.Delete(file); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { /* gone or in use: harmless */ }
    }

    /// <summary>Variables that can hold a credential (a proxy URL with a password, flags): never written to obj/ in clear.</summary>
    private static readonly HashSet<string> SecretVariables = new(StringComparer.Ordinal)
        { "GOPROXY", "GONOPROXY", "GOPRIVATE", "GONOSUMDB", "GOSUMDB", "GOINSECURE", "GOFLAGS", "GOAUTH", "GOVCS" };

    private const string FromEnvironment = "<gotb:from-environment>";

    /// <summary>
    /// The answer as it may be stored: a sensitive value that is the build environment's own (every GoEnvironment
    /// entry, or a variable of the process) is replaced by a marker and put back from the environment when read
    /// (the cache key covers those values, so it is the same); one that came from elsewhere (the go env file)
    /// with an '@' in it is never stored, so that answer stays in memory only. Null: do not store.
    /// </summary>
    private static IReadOnlyDictionary<string, string>? WithoutSecrets(IReadOnlyDictionary<string, string> env, BuildEnvironment environment)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in env)
        {
            var sensitive = SecretVariables.Contains(pair.Key) || environment.Overrides.ContainsKey(pair.Key);
            if (!sensitive || pair.Value.Length == 0) result[pair.Key] = pair.Value;
            else if (environment.Get(pair.Key) == pair.Value) result[pair.Key] = FromEnvironment;
            else if (pair.Value.IndexOf('@') >= 0) return null;
            else result[pair.Key] = pair.Value;
        }
        return result;
    }

    private static IReadOnlyDictionary<string, string>? Restore(IReadOnlyDictionary<string, string> stored, BuildEnvironment environment)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in stored)
        {
            if (pair.Value != FromEnvironment) { result[pair.Key] = pair.Value; continue; }
            if (environment.Get(pair.Key) is not { } value) return null; // cannot be: the key covers it; ask go again
            result[pair.Key] = value;
        }
        return result;
    }

    /// <summary>
    /// The variables asked for by name. A bare `go env -json` also computes the cgo flags, which needs a build
    /// cache: without HOME it fails with "build cache is required" before we could fall back. Unknown names
    /// (GOTOOLCHAIN on 1.19) come back empty.
    /// </summary>
    public static readonly IReadOnlyList<string> ProbedVariables = new[]
    {
        "GOVERSION", "GOROOT", "GOTOOLDIR", "GOOS", "GOARCH", "GOHOSTOS", "GOHOSTARCH", "GOARM", "GOAMD64", "GOPATH",
        "GOCACHE", "GOMODCACHE", "GOENV", "GOFLAGS", "GOEXPERIMENT", "GOTOOLCHAIN", "GOPROXY", "GONOPROXY", "GOPRIVATE",
        "GOSUMDB", "GONOSUMDB", "GOINSECURE", "GOWORK", "GO111MODULE", "GOTMPDIR", "CGO_ENABLED", "CC", "CXX",
    };

    /// <summary>
    /// Exposed for tests: the environment the probe process gets. GOOS/GOARCH removed: the probe describes the host
    /// (a GOOS=windows left in a shell must not retarget it); the build's target is set on go build itself.
    /// </summary>
    public static BuildEnvironment ProbeEnvironment(BuildEnvironment environment)
        => environment.With("GOTOOLCHAIN", "local").With("GOEXPERIMENT", null).With("GOOS", null).With("GOARCH", null);

    /// <summary>The files version managers read to pick a Go, looked for in the working directory and every parent.</summary>
    public static readonly IReadOnlyList<string> VersionSelectorFiles = new[]
    {
        ".tool-versions", ".go-version", "mise.toml", ".mise.toml", "mise.local.toml", ".mise.local.toml",
        Path.Combine(".config", "mise.toml"), Path.Combine(".mise", "config.toml"), ".rtx.toml",
    };

    /// <summary>Variables version managers read to pick a Go (GOENV_VERSION is among the GO* ones already keyed).</summary>
    private static readonly string[] VersionSelectorPrefixes = { "ASDF_", "MISE_", "RTX_", "GVM_", "gvm_" };

    private IReadOnlyDictionary<string, string>? Interpret(string goPath, ProcessResult result, string? projectFile, DiagnosticBag diagnostics)
    {
        var command = $"'{goPath}' env -json";
        if (result.StartError is not null)
        {
            diagnostics.Add(Diagnostic.Error(Codes.ProbeFailed,
                $"{command} could not start: {result.StartError}. Fix: check that '{goPath}' is an executable go binary for this machine, or set " +
                    $"GoRoot/GoExecutable to one.",
                projectFile));
            return null;
        }
        if (result.TimedOut)
        {
            diagnostics.Add(Diagnostic.Error(Codes.ProbeTimedOut,
                $"{command} did not finish within {_timeout.TotalSeconds:0} s and was killed with its child processes. A go binary that hangs on " +
                    $"`go env` is broken or waits on a network file system. Fix: run `{goPath} env` by hand to see where it stops, or point " +
                    $"GoRoot at another installation.",
                projectFile));
            return null;
        }
        if (result.Cancelled) return null;

        var stderr = string.Join(Environment.NewLine, result.StandardError.Where(l => l.Trim().Length > 0));
        if (result.ExitCode != 0)
        {
            diagnostics.Add(Diagnostic.Error(Codes.ProbeFailed,
                $"{command} failed with exit code {result.ExitCode}: " +
                    $"{(stderr.Length == 0 ? "(no error output)" : Excerpt(stderr))}{result.OmittedNote}. Fix: correct the Go installation or " +
                    $"environment it names (a GOROOT that does not exist, an invalid go env setting), or point GoRoot at a working Go.",
                projectFile));
            return null;
        }
        var env = GoEnvJson.Parse(result.StandardOutputText, out var error);
        if (env is null || !env.ContainsKey("GOVERSION") || !env.ContainsKey("GOROOT"))
        {
            var excerpt = Excerpt(result.StandardOutputText, 200);
            diagnostics.Add(Diagnostic.Error(Codes.ProbeOutputUnreadable,
                $"{command} printed something that is not a Go environment ({error ?? "no GOVERSION or GOROOT in it"}): '{excerpt.Trim()}'. " +
                    $"'{goPath}' is probably not a go binary. Fix: set GoRoot or GoExecutable to a real Go installation.",
                projectFile));
            return null;
        }
        return env;
    }

    /// <summary>go's output quoted in a message: the start of it, never all of a runaway output.</summary>
    private static string Excerpt(string text, int length = 2000)
        => text.Length > length ? text.Substring(0, length) + "…" : text;

    private void Remember(string key, IReadOnlyDictionary<string, string> env)
    {
        if (_buildCache is not null) _buildCache[key] = env;
    }

    /// <summary>
    /// Everything that can change go's answer: the binary and its installation files, the user's go env file,
    /// and the variables go reads. Changing any of them makes a new key, so a stale answer is never used.
    /// </summary>
    public string CacheKey(string goPath, BuildEnvironment environment)
    {
        var paths = PlatformPaths.For(_platform);
        var sb = new StringBuilder("v3\n").Append("package=").Append(PackageInfo.Version).Append('\n');
        var realGo = _platform.ResolveSymlinks(goPath);
        sb.Append("go=").Append(goPath).Append('>').Append(realGo).Append('@').Append(_platform.GetFileStamp(realGo)).Append('\n');
        var root = paths.GetDirectoryName(paths.GetDirectoryName(realGo) ?? "") ?? "";
        foreach (var file in new[] { paths.Combine(root, "go.env"), paths.Combine(root, "VERSION") })
        {
            sb.Append(file).Append('@').Append(_platform.GetFileStamp(file)).Append('\n');
        }
        var goEnvFile = UserGoEnvFile(_platform, environment);
        if (goEnvFile is not null) sb.Append(goEnvFile).Append('@').Append(_platform.GetFileStamp(goEnvFile)).Append('\n');

        // Behind a shim the toolchain can change with no change to the shim: key in what the shim reads to choose it.
        // Only stats, so a no-op build still starts no go process.
        if (new GoLocator(_platform).IsLauncher(goPath))
        {
            var start = _workingDirectory ?? Path.GetTempPath();
            sb.Append("launcher-dir=").Append(start).Append('\n');
            foreach (var file in SelectorFilesFor(start, environment, paths))
            {
                sb.Append(file).Append('@').Append(_platform.GetFileStamp(file)).Append('\n');
            }
            // A scoop shim starts what its .shim file names, through the `current` junction: key in that go and its
            // installation (stamps follow the junction), so `scoop update go` changes the key.
            if (_platform.IsWindows && WindowsShims.Target(goPath, _platform, paths) is { } target)
            {
                var shimFile = WindowsShims.ShimFile(goPath, paths);
                var realTarget = _platform.ResolveSymlinks(target);
                var targetRoot = paths.GetDirectoryName(paths.GetDirectoryName(realTarget) ?? "") ?? "";
                sb.Append(shimFile).Append('@').Append(_platform.GetFileStamp(shimFile)).Append('\n');
                sb.Append("shim-target=").Append(target).Append('>').Append(realTarget).Append('@').Append(_platform.GetFileStamp(realTarget)).Append('\n');
                foreach (var file in new[] { paths.Combine(targetRoot, "VERSION"), paths.Combine(targetRoot, "go.env") })
                    sb.Append(file).Append('@').Append(_platform.GetFileStamp(file)).Append('\n');
            }
        }

        foreach (var name in InfluentialVariables(environment).OrderBy(n => n, StringComparer.Ordinal))
        {
            sb.Append(name).Append('=').Append(environment.Get(name) ?? "\0unset").Append('\n');
        }
        return ContentHash.ShortOfText(sb.ToString());
    }

    private static readonly string[] FixedVariables =
        { "HOME", "USERPROFILE", "LOCALAPPDATA", "APPDATA", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "PATH", "CC", "CXX", "AR", "PKG_CONFIG", "TMPDIR" };

    private IEnumerable<string> SelectorFilesFor(string start, BuildEnvironment environment, PlatformPaths paths)
    {
        for (var directory = start; !string.IsNullOrEmpty(directory); directory = paths.GetDirectoryName(directory!))
        {
            foreach (var name in VersionSelectorFiles) yield return paths.Combine(directory!, name);
        }
        var home = environment.Get(_platform.IsWindows ? "USERPROFILE" : "HOME");
        if (!string.IsNullOrEmpty(home))
        {
            yield return paths.Combine(home!, ".tool-versions");
            yield return paths.Combine(home!, ".config", "mise", "config.toml");
            yield return paths.Combine(environment.Get("GOENV_ROOT") is { Length: > 0 } goenvRoot ? goenvRoot : paths.Combine(home!, ".goenv"),
                "version");
        }
        if (environment.Get("XDG_CONFIG_HOME") is { Length: > 0 } xdg) yield return paths.Combine(xdg, "mise", "config.toml");
        if (environment.Get("ASDF_DEFAULT_TOOL_VERSIONS_FILENAME") is { Length: > 0 } asdfDefault) yield return asdfDefault;
    }

    private IEnumerable<string> InfluentialVariables(BuildEnvironment environment)
    {
        var names = new HashSet<string>(FixedVariables, StringComparer.Ordinal);
        foreach (var name in environment.Overrides.Keys) names.Add(name);
        foreach (var name in _platform.EnvironmentVariableNames())
        {
            if (name.StartsWith("GO", StringComparison.Ordinal) || name.StartsWith("CGO_", StringComparison.Ordinal)
                || VersionSelectorPrefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal))) names.Add(name);
        }
        return names;
    }

    /// <summary>$GOENV, else the OS config dir + go/env (os.UserConfigDir: %AppData%, ~/Library/Application Support,
    /// $XDG_CONFIG_HOME or ~/.config).</summary>
    public static string? UserGoEnvFile(IPlatform platform, BuildEnvironment environment)
    {
        var paths = PlatformPaths.For(platform);
        var _platform = platform;
        var goEnv = environment.Get("GOENV");
        if (!string.IsNullOrEmpty(goEnv)) return goEnv == "off" ? null : goEnv;
        var home = environment.Get("HOME");
        string? configDir = _platform.IsWindows
            ? environment.Get("APPDATA")
            : _platform.IsMacOS ? (string.IsNullOrEmpty(home) ? null : paths.Combine(home!, "Library", "Application Support"))
            : environment.Get("XDG_CONFIG_HOME") is { Length: > 0 } xdg ? xdg
            : !string.IsNullOrEmpty(home) ? paths.Combine(home!, ".config") : null;
        return configDir is null ? null : paths.Combine(configDir, "go", "env");
    }

    internal static void WriteAtomically(string file, string content)
    {
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            var temp = file + "." + Guid.NewGuid().ToString("N") + ".tmp";
            File.WriteAllText(temp, content);
            if (File.Exists(file)) File.Delete(file);
            File.Move(temp, file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The cache only saves time; a build that cannot write it is still correct.
        }
    }
}
