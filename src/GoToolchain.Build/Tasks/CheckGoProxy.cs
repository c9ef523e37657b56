using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using GoToolchain.Build.Diagnostics;
using GoToolchain.Build.Generate;
using GoToolchain.Build.Modules;
using GoToolchain.Build.Proxy;
using GoToolchain.Build.Toolchain;
using Microsoft.Build.Framework;

namespace GoToolchain.Build.Tasks;

/// <summary>
/// Checks GOPROXY and friends, decides whether the build must download anything (modules missing from the
/// module cache and vendor/, or a toolchain), and when it must (or GoProxyCheck=Network) probes every proxy in
/// parallel within GoProxyTimeoutSeconds. Fails only when a needed download certainly cannot succeed.
/// </summary>
public class CheckGoProxy : GoTaskBase
{
    /// <summary>GoProxyCheck: Off, Config, Auto (default), Network.</summary>
    public string? Mode { get; set; }

    /// <summary>GoProxyTimeoutSeconds: the whole network budget.</summary>
    public string? TimeoutSeconds { get; set; }

    /// <summary>The validated go binary ($(GoResolvedExecutable)); empty when validation found none.</summary>
    public string? GoExecutable { get; set; }

    public string? GoToolchainMode { get; set; }

    /// <summary>The GoEnvironment property, exactly as given to ValidateGoroot, so the cached probe answers.</summary>
    public string[] GoEnvironment { get; set; } = Array.Empty<string>();

    /// <summary>@(_GoEnvironmentForBuild): what every go process of the build gets on top of the environment.</summary>
    public string[] BuildEnvironment { get; set; } = Array.Empty<string>();

    public ITaskItem[] Modules { get; set; } = Array.Empty<ITaskItem>();

    [Required]
    public string IntermediateDirectory { get; set; } = "";

    /// <summary>GoProcessTimeoutSeconds: how long `go env` may run.</summary>
    /// <summary>GoProcessTimeoutSeconds, as written (validated by ValidateGoSettings; a bad value falls back to 600 here).</summary>
    public string? ProbeTimeoutSeconds { get; set; }

    /// <summary>$(GoGenerate) and $(GoGeneratePackages): a `//go:generate go tool NAME` that runs needs its tool's module too.</summary>
    public string? GenerateMode { get; set; }
    public string? GeneratePackages { get; set; }

    /// <summary>GoDoctor: print the proxy section.</summary>
    public bool WriteReport { get; set; }

    protected override void ExecuteCore()
    {
        var mode = ProxyCheck.ParseMode(Mode);
        if (mode is null)
        {
            Report(Diagnostic.Error(Codes.ProxyCheckModeInvalid,
                $"GoProxyCheck '{Mode}' is not a valid value. Fix: set GoProxyCheck to Off, Config, Auto (the default) or Network.", ProjectFile));
            return;
        }
        if (!double.TryParse((TimeoutSeconds ?? "").Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || seconds <= 0
            || seconds > 3600)
        {
            Report(Diagnostic.Error(Codes.ProxyTimeoutInvalid,
                $"GoProxyTimeoutSeconds '{TimeoutSeconds}' is not a number of seconds between 0 and 3600. Fix: set it to e.g. 5 (the default).",
                    ProjectFile));
            return;
        }
        if (mode == ProxyCheckMode.Off || string.IsNullOrEmpty(GoExecutable) || Modules.Length == 0) return;

        var platform = SystemPlatform.Instance;
        var ignored = new DiagnosticBag(); // ValidateGoroot reported these already
        var overrides = Toolchain.BuildEnvironment.ParseEntries(GoEnvironment, "GoEnvironment", ProjectFile, ignored);
        var environment = new BuildEnvironment(platform, overrides);
        var probe = SharedGoEnvProbe(IntermediateDirectory, Modules, (int)Settings.SettingChecks.SecondsOr(ProbeTimeoutSeconds, 600).TotalSeconds);
        var env = probe.GetEnv(GoExecutable!, environment, ProjectFile, ignored);
        if (env is null) return;
        Log.LogMessage(MessageImportance.Low, "CheckGoProxy: go env answered from {0}.", probe.LastSource);

        var buildEntries = Toolchain.BuildEnvironment.ParseEntries(BuildEnvironment, "GoEnvironment", ProjectFile, ignored);
        var local = GoVersion.FromGoEnvVersion(env.TryGetValue("GOVERSION", out var goVersion) ? goVersion : null);
        var locator = new GoLocator(platform);
        var modules = new List<ProxyCheckModule>();
        foreach (var item in Modules)
        {
            var directory = item.GetMetadata("FullPath");
            var moduleEntries = Toolchain.BuildEnvironment.ParseEntries(
                item.GetMetadata("Environment").Split(new[] { ';' }, StringSplitOptions.RemoveEmptyEntries), "GoModule Environment", ProjectFile,
                    ignored);
            var moduleEnvironment = new BuildEnvironment(platform, Merge(buildEntries, moduleEntries));
            var checks = new ModuleChecks(platform, name => locator.LookPath(name, moduleEnvironment.Get("PATH")));
            var validation = checks.Check(directory, local, goVersion, NullIfEmpty(GoToolchainMode) ?? "local", local is not null,
                moduleEnvironment, ProjectFile, new DiagnosticBag());
            if (validation.GoMod is null || validation.GoMod.HasErrors || validation.GoWork?.HasErrors == true) continue;
            // The go that downloads the module's dependencies is the one go switches to, if it does; its version decides how
            // it authenticates (GOAUTH from 1.24, the netrc machine rule).
            var downloader = validation.Decision?.Outcome is ToolchainOutcome.SwitchFromPath or ToolchainOutcome.Download
                ? GoVersion.FromToolchainName(validation.Decision.ToolchainName) ?? local
                : local;
            var settings = new ProxySettings(env, buildEntries, moduleEntries);
            modules.Add(new ProxyCheckModule
            {
                Directory = directory,
                GoMod = validation.GoMod,
                GoWork = validation.GoWork,
                Package = NullIfEmpty(item.GetMetadata("Package")) ?? ".",
                Settings = settings,
                ToolchainDownload = validation.Decision?.Outcome == ToolchainOutcome.Download ? validation.Decision.ToolchainName : null,
                GetEnvironmentVariable = moduleEnvironment.Get,
                Auth = GoAuth.Resolve(downloader, settings.Get("GOAUTH"), moduleEnvironment.Get, platform.IsWindows, platform.DirectoryExists,
                    platform.FileExists, platform.ReadAllText),
                Generate = GenerateScope.WhenGenerating(NullIfEmpty(item.GetMetadata("Generate")) ?? NullIfEmpty(GenerateMode) ?? "Run",
                    NullIfEmpty(item.GetMetadata("GeneratePackages")) ?? GeneratePackages, item.GetMetadata("BuildMode")),
            });
        }

        // GoDoctor wants to know whether the proxies work even when this build needs nothing: Auto probes there.
        if (WriteReport && mode == ProxyCheckMode.Auto) mode = ProxyCheckMode.Network;
        var result = new ProxyCheck().Run(mode.Value, TimeSpan.FromSeconds(seconds), modules, local, ProjectFile, CancellationToken);
        Report(result.Diagnostics.Items);
        var lines = WriteReport
            ? ProxyDoctorSection.Render(mode.Value, seconds, result.Report)
            : result.Report.Select(line => "CheckGoProxy: " + line);
        foreach (var line in lines) Log.LogMessage(WriteReport ? MessageImportance.High : MessageImportance.Low, "{0}", line);
        if (result.RequestsStarted > 0)
        {
            Log.LogMessage(MessageImportance.Normal, "CheckGoProxy: {0} network request(s), {1:0.00} s (budget {2} s).",
                result.RequestsStarted, result.NetworkTime.TotalSeconds, seconds.ToString(CultureInfo.InvariantCulture));
        }
        if (WriteReport)
        {
            foreach (var line in ProxyDoctorSection.Problems(result.Diagnostics.Items)) Log.LogMessage(MessageImportance.High, "{0}", line);
        }
    }

    private static Dictionary<string, string?> Merge(Dictionary<string, string?> first, Dictionary<string, string?> second)
    {
        var merged = new Dictionary<string, string?>(first, StringComparer.Ordinal);
        foreach (var pair in second) merged[pair.Key] = pair.Value;
        return merged;
    }
}
