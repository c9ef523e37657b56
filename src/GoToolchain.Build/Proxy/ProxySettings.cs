using System;
using System.Collections.Generic;

namespace GoToolchain.Build.Proxy;

/// <summary>
/// The module-download settings one module's go processes see: the go env probe's answer (process env, the
/// user's `go env -w` file and $GOROOT/go.env already merged by go), then the build's and the module's own
/// Environment entries on top, as go would read them from its environment.
/// </summary>
public sealed class ProxySettings
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public static readonly IReadOnlyList<string> Variables = new[]
    {
        "GOPROXY", "GONOPROXY", "GOPRIVATE", "GONOSUMDB", "GOSUMDB", "GOINSECURE", "GOFLAGS", "GOTOOLCHAIN", "GOMODCACHE", "GOWORK",
        "GOHOSTOS", "GOHOSTARCH", "GOAUTH",
    };

    /// <param name="probed">`go env` as the probe answered it.</param>
    /// <param name="overrides">Later layers, applied in order (the build's environment entries, then the module's).</param>
    public ProxySettings(IReadOnlyDictionary<string, string>? probed, params IReadOnlyDictionary<string, string?>?[] overrides)
    {
        foreach (var name in Variables)
        {
            if (probed is not null && probed.TryGetValue(name, out var value)) _values[name] = value ?? "";
        }
        foreach (var layer in overrides)
        {
            if (layer is null) continue;
            // go's cfg.Getenv: an empty environment value falls back to the go env files, so only non-empty entries count.
            var setsPrivate = layer.TryGetValue("GOPRIVATE", out var priv) && !string.IsNullOrEmpty(priv);
            foreach (var pair in layer)
            {
                if (string.IsNullOrEmpty(pair.Value) || Array.IndexOf((string[])Variables, pair.Key) < 0) continue;
                _values[pair.Key] = pair.Value!;
            }
            // GONOPROXY and GONOSUMDB default to GOPRIVATE: a GOPRIVATE set at this layer moves them unless set here too.
            if (setsPrivate)
            {
                if (!(layer.TryGetValue("GONOPROXY", out var np) && !string.IsNullOrEmpty(np))) _values["GONOPROXY"] = priv!;
                if (!(layer.TryGetValue("GONOSUMDB", out var ns) && !string.IsNullOrEmpty(ns))) _values["GONOSUMDB"] = priv!;
            }
        }
    }

    public string Get(string name) => _values.TryGetValue(name, out var v) ? v : "";

    public string GoProxy => Get("GOPROXY");
    public string GoNoProxy => Get("GONOPROXY").Length > 0 ? Get("GONOPROXY") : Get("GOPRIVATE");
    public string GoNoSumDb => Get("GONOSUMDB").Length > 0 ? Get("GONOSUMDB") : Get("GOPRIVATE");
    public string GoPrivate => Get("GOPRIVATE");

    /// <summary>GOSUMDB; empty means go's default sum.golang.org.</summary>
    public string GoSumDb => Get("GOSUMDB").Length == 0 ? "sum.golang.org" : Get("GOSUMDB");

    public bool SumDbOff => GoSumDb == "off";
    public string GoModCache => Get("GOMODCACHE");

    /// <summary>The -mod value GOFLAGS gives (last one wins), or null.</summary>
    public string? ModFlag
    {
        get
        {
            string? mod = null;
            foreach (var flag in Get("GOFLAGS").Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries))
            {
                var f = flag.StartsWith("--", StringComparison.Ordinal) ? flag.Substring(1) : flag;
                if (f.StartsWith("-mod=", StringComparison.Ordinal)) mod = f.Substring(5);
            }
            return mod;
        }
    }

    /// <summary>go bypasses GOPROXY for this module (GONOPROXY, defaulting to GOPRIVATE) and asks its origin directly.</summary>
    public bool BypassesProxy(string modulePath) => ModulePaths.MatchPrefixPatterns(GoNoProxy, modulePath);

    /// <summary>go will not ask the checksum database about this module.</summary>
    public bool SkipsSumDb(string modulePath) => SumDbOff || ModulePaths.MatchPrefixPatterns(GoNoSumDb, modulePath);

    /// <summary>
    /// The checksum database's name and the URL go asks (GOSUMDB "name", "name+key" or "name+key url").
    /// </summary>
    public (string Name, string Url) SumDbEndpoint
    {
        get
        {
            var parts = GoSumDb.Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries);
            var name = parts.Length == 0 ? "sum.golang.org" : parts[0];
            var plus = name.IndexOf('+');
            if (plus >= 0) name = name.Substring(0, plus);
            var url = parts.Length > 1 ? parts[1] : "https://" + name;
            if (name == "sum.golang.google.cn" && parts.Length == 1) url = "https://sum.golang.google.cn";
            return (name, url.TrimEnd('/'));
        }
    }
}
