using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using GoToolchain.Build.Diagnostics;

namespace GoToolchain.Build.Proxy;

/// <summary>GoDoctor's "Module proxy" section: the settings, downloads and probes of each module, then the problems found.</summary>
public static class ProxyDoctorSection
{
    /// <summary>The heading and the check's report, one line per entry.</summary>
    public static IEnumerable<string> Render(ProxyCheckMode mode, double timeoutSeconds, IEnumerable<string> report)
    {
        yield return "";
        yield return $"Module proxy (GoProxyCheck={mode}, GoProxyTimeoutSeconds={timeoutSeconds.ToString(CultureInfo.InvariantCulture)})";
        foreach (var line in report) yield return "  " + line;
    }

    /// <summary>The warnings and errors of the check (informational diagnostics are in the report already).</summary>
    public static IEnumerable<string> Problems(IEnumerable<Diagnostic> diagnostics)
    {
        var problems = diagnostics.Where(d => d.Severity != Severity.Message).ToList();
        yield return problems.Count == 0 ? "  No proxy problems found." : $"  Proxy problems ({problems.Count}):";
        foreach (var d in problems) yield return $"    {d.Severity.ToString().ToLowerInvariant()} {d.Code}: {d.Message}";
    }
}
