using System;
using System.Collections.Generic;
using GoToolchain.Build.Diagnostics;
using GoToolchain.Build.Platform;

namespace GoToolchain.Build.Toolchain;

/// <summary>
/// Under WSL a Windows go.exe on PATH builds Windows binaries with Windows paths, and a module on a Windows drive
/// (/mnt/c/...) goes through the slow 9P file system: both work badly and are easy to miss.
/// </summary>
public sealed class WslChecks
{
    private readonly IPlatform _platform;

    public WslChecks(IPlatform platform) => _platform = platform;

    public void CheckGo(string goPath, IReadOnlyList<string> otherGoOnPath, string? projectFile, DiagnosticBag diagnostics)
    {
        if (!_platform.IsWsl) return;
        foreach (var candidate in Prepend(goPath, otherGoOnPath))
        {
            if (candidate.EndsWith(".exe", StringComparison.OrdinalIgnoreCase) || PlatformPaths.IsWslWindowsDrivePath(candidate))
            {
                var used = candidate == goPath ? "is the go this build uses" : "is on PATH";
                diagnostics.Add(Diagnostic.Warning(Codes.WslWindowsGo,
                    $"'{candidate}' {used}, but it is a Windows Go installation seen from WSL: it builds for Windows with Windows paths. " +
                    "Fix: install Go inside the WSL distribution (e.g. apt-get install golang-1.23-go) and set GoRoot, or remove the Windows Go " +
                        "directory from PATH (appendWindowsPath=false in /etc/wsl.conf).",
                    projectFile));
            }
        }
    }

    public void CheckModule(string moduleDirectory, string? goModFile, DiagnosticBag diagnostics)
    {
        if (!_platform.IsWsl || !PlatformPaths.IsWslWindowsDrivePath(moduleDirectory)) return;
        diagnostics.Add(Diagnostic.Warning(Codes.WslWindowsDrive,
            $"The Go module '{moduleDirectory}' is on a Windows drive seen from WSL: every go command reads it through the slow 9P file system " +
                $"and file modes and case rules differ. " +
            "Fix: keep the repository inside the WSL file system (e.g. under ~/src).",
            goModFile ?? moduleDirectory));
    }

    private static IEnumerable<string> Prepend(string first, IEnumerable<string> rest)
    {
        yield return first;
        foreach (var item in rest) yield return item;
    }
}
