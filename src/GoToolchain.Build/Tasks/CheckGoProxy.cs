using System;
using GoToolchain.Build.Diagnostics;
using GoToolchain.Build.Steps;

namespace GoToolchain.Build.Tasks;

/// <summary>
/// Checks GOPROXY and friends, decides whether the build must download anything, and when it must (or GoProxyCheck=Network)
/// probes every proxy within GoProxyTimeoutSeconds (<see cref="ProxyChecking"/>). Reads go env from the cached probe.
/// </summary>
public class CheckGoProxy : GoTaskBase
{
    /// <summary>The validated go binary ($(GoResolvedExecutable)); empty when validation found none.</summary>
    public string? GoExecutable { get; set; }

    /// <summary>@(_GoEnvironmentForBuild): what every go process of the build gets on top of the environment.</summary>
    public string[] GoEnvironmentForBuild { get; set; } = Array.Empty<string>();

    /// <summary>$(_GoModuleValidations): where ValidateGoroot left its module results for this build.</summary>
    public string? ModuleValidations { get; set; }

    protected override void ExecuteCore()
    {
        var settings = ReadSettings();
        var diagnostics = new DiagnosticBag();
        ProxyChecking.Run(settings, GoExecutable, ParseBuildEnvironment(GoEnvironmentForBuild), ModuleValidationHandoff.Get(BuildEngine4, ModuleValidations),
            SharedGoEnvProbe(settings), diagnostics, LogLine, CancellationToken);
        Report(diagnostics.Items);
    }
}
