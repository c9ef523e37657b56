using System;
using System.Collections.Generic;
using System.Linq;
using GoToolchain.Build.Diagnostics;
using GoToolchain.Build.Modules;
using GoToolchain.Build.Versions;

namespace GoToolchain.Build.Toolchain;

/// <summary>
/// The `dotnet build -t:GoDoctor` report: everything ValidateGoroot knows, readable top to bottom, with every
/// problem listed (not just the first).
/// </summary>
public static class DoctorReport
{
    private static readonly string[] ShownVariables =
    {
        "GOVERSION", "GOROOT", "GOTOOLDIR", "GOOS", "GOARCH", "GOHOSTOS", "GOHOSTARCH", "GOPATH", "GOCACHE", "GOMODCACHE",
        "GOENV", "GOFLAGS", "GOEXPERIMENT", "GOTOOLCHAIN", "GOPROXY", "GONOPROXY", "GOPRIVATE", "GOSUMDB", "GONOSUMDB",
        "GOINSECURE", "GOWORK", "CGO_ENABLED", "CC", "CXX",
    };

    public static IEnumerable<string> Render(ValidationResult result, ValidationRequest request)
    {
        yield return "GoToolchain.Build doctor";
        yield return "========================";
        yield return "";
        yield return "Toolchain";
        if (result.Location is null)
        {
            yield return "  [x] no usable go binary (see the errors below)";
        }
        else
        {
            yield return $"  [ok] go: {result.Location.GoPath} (chosen because {result.Location.Reason})";
            foreach (var other in result.Location.OtherGoOnPath) yield return $"  [!] also on PATH: {other}";
        }
        if (result.GoEnv is not null)
        {
            yield return $"  version: {result.GoVersionText}";
            yield return $"  GoVersionRange: {request.GoVersionRange.Text ?? "(any)"}";
            yield return $"  GoToolchainMode (GOTOOLCHAIN for builds): {request.GoToolchainMode.Text}";
            yield return "";
            yield return "Go environment (as `go env` reports it for the host; each module's own target, BuildMode and CGO_ENABLED are under " +
                "Builds; proxy credentials redacted)";
            foreach (var name in ShownVariables)
            {
                var value = result.Get(name) ?? "";
                if (name is "GOPROXY" or "GONOPROXY" or "GOSUMDB") value = RedactCredentials(value);
                yield return $"  {name}={value}";
            }
            foreach (var pair in result.EnvironmentForGo.Where(p => p.Key is "GOCACHE" or "GOMODCACHE"))
            {
                yield return $"  (this build uses {pair.Key}={pair.Value})";
            }
        }
        yield return "";
        yield return "Modules";
        if (result.Modules.Count == 0) yield return "  (no GoModule items)";
        foreach (var module in result.Modules)
        {
            yield return $"  {module.Directory}";
            foreach (var line in module.Describe()) yield return "    " + line;
        }
        yield return "";
        var problems = result.Diagnostics.Items.Where(d => d.Severity != Severity.Message).ToList();
        yield return problems.Count == 0 ? "No problems found." : $"Problems ({problems.Count}):";
        foreach (var d in problems)
        {
            yield return $"  {d.Severity.ToString().ToLowerInvariant()} {d.Code}: {d.Message}";
        }
    }

    /// <summary>`go env` prints proxy passwords in clear: never echo them.</summary>
    public static string RedactCredentials(string list)
    {
        var parts = list.Split(',', '|');
        var result = list;
        foreach (var part in parts)
        {
            var scheme = part.IndexOf("://", StringComparison.Ordinal);
            if (scheme < 0) continue;
            // User info ends at the LAST '@' before the path, as in go's url.Parse: a password may contain '@'.
            var slash = part.IndexOf('/', scheme + 3);
            var authorityEnd = slash < 0 ? part.Length : slash;
            var at = part.LastIndexOf('@', authorityEnd - 1, authorityEnd - scheme - 3);
            if (at < 0) continue;
            var userInfo = part.Substring(scheme + 3, at - scheme - 3);
            var colon = userInfo.IndexOf(':');
            var redacted = colon < 0 ? "xxxxx" : userInfo.Substring(0, colon) + ":xxxxx";
            result = result.Replace(part, part.Substring(0, scheme + 3) + redacted + part.Substring(at));
        }
        return result;
    }
}
