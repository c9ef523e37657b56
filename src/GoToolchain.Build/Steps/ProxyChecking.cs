using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using GoToolchain.Build.Diagnostics;
using GoToolchain.Build.Modules;
using GoToolchain.Build.Platform;
using GoToolchain.Build.Proxy;
using GoToolchain.Build.Settings;
using GoToolchain.Build.Toolchain;
using GoToolchain.Build.Versions;

namespace GoToolchain.Build.Steps;

/// <summary>
/// CheckGoProxy's work: GOPROXY and friends of each module, whether the build must download anything (modules missing from the
/// module cache and vendor/, or a toolchain), and when it must (or GoProxyCheck=Network) a probe of every proxy in parallel within
/// GoProxyTimeoutSeconds. Fails only when a needed download certainly cannot succeed.
/// </summary>
public static class ProxyChecking
{
    /// <param name="validations">ValidateGoroot's results for the modules (go.mod and go.work read by the right rules, the toolchain
    /// decision), one per module folder: reported there, used here; null when this build has none.</param>
    public static void Run(ProjectSettings settings, string? goExecutable, IReadOnlyDictionary<string, string?> buildEnvironment,
        IReadOnlyList<ModuleValidation>? validations, GoEnvProbe probe, DiagnosticBag diagnostics, BuildLog log, CancellationToken cancellation)
    {
        // A setting that is not allowed was reported by ValidateGoSettings.
        if (settings.ProxyCheck is not { } mode || settings.ProxyTimeoutSeconds is not { } seconds) return;
        if (mode == ProxyCheckMode.Off || string.IsNullOrEmpty(goExecutable) || settings.Modules.Count == 0) return;
        if (validations is null)
        {
            log(LogImportance.Normal, "CheckGoProxy: no module results from ValidateGoroot in this build: nothing checked.");
            return;
        }

        var platform = SystemPlatform.Instance;
        var ignored = new DiagnosticBag(); // ValidateGoroot reported these already
        var env = probe.GetEnv(goExecutable!, new BuildEnvironment(platform, settings.Environment), settings.ProjectFile, ignored);
        if (env is null) return;
        log(LogImportance.Low, $"CheckGoProxy: go env answered from {probe.LastSource}.");

        var local = GoVersion.FromGoEnvVersion(env.TryGetValue("GOVERSION", out var goVersion) ? goVersion : null);
        var modules = new List<ProxyCheckModule>();
        // ValidateGoroot's results, one per module folder; a module whose files did not parse was reported there.
        var byDirectory = new Dictionary<string, ModuleValidation>(PlatformPaths.For(SystemPlatform.Instance).Comparer);
        foreach (var validation in validations) byDirectory[validation.Directory] = validation;
        // Items of one module with the same environment and go generate scope are one module to check: its proxies are probed once
        // (GoDoctor listed two items of one module as two modules and probed twice).
        var groups = settings.Modules.GroupBy(m => m.Directory + "\n" + string.Join(";", m.Environment.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => p.Key + "=" + p.Value)) + "\n" + (settings.GenerateScopeOf(m) is { } scope ? scope.Describe("") : "off"), StringComparer.Ordinal);
        foreach (var group in groups)
        {
            var module = group.First();
            if (!byDirectory.TryGetValue(module.Directory, out var validation) || validation.GoMod is null || validation.GoMod.HasErrors
                || validation.GoWork?.HasErrors == true) continue;
            var moduleEnvironment = new BuildEnvironment(platform, module.EnvironmentOver(buildEnvironment));
            // The go that downloads the module's dependencies is the one go switches to, if it does; its version decides how
            // it authenticates (GOAUTH from 1.24, the netrc machine rule).
            var downloader = validation.Decision?.Outcome is ToolchainOutcome.SwitchFromPath or ToolchainOutcome.Download
                ? GoVersion.FromToolchainName(validation.Decision.ToolchainName) ?? local
                : local;
            var proxySettings = new ProxySettings(env, buildEnvironment, module.Environment);
            modules.Add(new ProxyCheckModule
            {
                Directory = module.Directory,
                GoMod = validation.GoMod,
                GoWork = validation.GoWork,
                Packages = group.Select(m => m.Package).Distinct(StringComparer.Ordinal).ToList(),
                Settings = proxySettings,
                ToolchainDownload = validation.Decision?.Outcome == ToolchainOutcome.Download ? validation.Decision.ToolchainName : null,
                GetEnvironmentVariable = moduleEnvironment.Get,
                Auth = GoAuth.Resolve(downloader, proxySettings.Get("GOAUTH"), moduleEnvironment.Get, platform.IsWindows, platform.DirectoryExists,
                    platform.FileExists, platform.ReadAllText),
                // A `//go:generate go tool NAME` that runs needs its tool's module too: the scope RunGoGenerate uses.
                Generate = settings.GenerateScopeOf(module),
            });
        }

        // GoDoctor wants to know whether the proxies work even when this build needs nothing: Auto probes there.
        var report = settings.WriteDoctorReport;
        if (report && mode == ProxyCheckMode.Auto) mode = ProxyCheckMode.Network;
        var result = new ProxyCheck().Run(mode, TimeSpan.FromSeconds(seconds), modules, local, settings.ProjectFile, cancellation);
        diagnostics.AddRange(result.Diagnostics.Items);
        var lines = report ? ProxyDoctorSection.Render(mode, seconds, result.Report) : result.Report.Select(line => "CheckGoProxy: " + line);
        foreach (var line in lines) log(report ? LogImportance.High : LogImportance.Low, line);
        if (result.RequestsStarted > 0)
        {
            log(LogImportance.Normal, string.Format(CultureInfo.InvariantCulture, "CheckGoProxy: {0} network request(s), {1:0.00} s (budget {2} s).",
                result.RequestsStarted, result.NetworkTime.TotalSeconds, seconds.ToString(CultureInfo.InvariantCulture)));
        }
        if (report)
        {
            foreach (var line in ProxyDoctorSection.Problems(result.Diagnostics.Items)) log(LogImportance.High, line);
        }
    }
}
