using System.Collections.Generic;
using GoToolchain.Build.Diagnostics;
using GoToolchain.Build.Platform;

namespace GoToolchain.Build.Toolchain;

/// <summary>
/// GOCACHE and GOMODCACHE must be usable or every go build fails. A build agent without HOME is the classic case:
/// go then reports GOCACHE=off and fails with "build cache is required, but could not be located".
/// We fall back to directories under obj/ for this build only, and say so.
/// </summary>
public sealed class GoCacheDirectories
{
    private readonly IPlatform _platform;
    private readonly PlatformPaths _paths;

    public GoCacheDirectories(IPlatform platform)
    {
        _platform = platform;
        _paths = PlatformPaths.For(platform);
    }

    /// <returns>Variables to set for later go processes (empty when the toolchain's own directories are fine).</returns>
    public IReadOnlyDictionary<string, string> Check(IReadOnlyDictionary<string, string> env, string fallbackRoot, string? projectFile,
        DiagnosticBag diagnostics)
    {
        var overrides = new Dictionary<string, string>();
        CheckOne("GOCACHE", Codes.GoCacheFallback, "build cache", env, _paths.Combine(fallbackRoot, "cache"), projectFile, diagnostics, overrides);
        CheckOne("GOMODCACHE", Codes.GoModCacheFallback, "module cache", env, _paths.Combine(fallbackRoot, "modcache"), projectFile, diagnostics,
            overrides);
        return overrides;
    }

    private void CheckOne(string name, string code, string what, IReadOnlyDictionary<string, string> env, string fallback,
        string? projectFile, DiagnosticBag diagnostics, Dictionary<string, string> overrides)
    {
        env.TryGetValue(name, out var value);
        value ??= "";
        string problem;
        if (value.Length == 0 || value == "off")
        {
            problem = $"{name} is '{value}' (go derives it from HOME or XDG_CACHE_HOME/GOPATH, and none is set)";
        }
        else if (!_paths.IsRooted(value))
        {
            problem = $"{name} '{value}' is not an absolute path";
        }
        else if (_platform.EnsureWritableDirectory(value) is { } reason)
        {
            problem = $"{name} '{value}' is not writable ({reason})";
        }
        else
        {
            return;
        }

        if (_platform.EnsureWritableDirectory(fallback) is { } fallbackReason)
        {
            diagnostics.Add(Diagnostic.Error(code,
                $"{problem}, and the fallback '{fallback}' is not writable either ({fallbackReason}). Fix: set {name} to a writable absolute " +
                    $"directory in GoEnvironment or the environment.",
                projectFile));
            return;
        }
        overrides[name] = fallback;
        diagnostics.Add(Diagnostic.Info(code,
            $"{problem}; using '{fallback}' as the Go {what} for this build. To choose it yourself, set HOME, or {name} in GoEnvironment or the " +
                $"environment.",
            projectFile));
    }
}
