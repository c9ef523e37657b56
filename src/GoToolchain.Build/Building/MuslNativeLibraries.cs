using System;
using System.Collections.Generic;
using GoToolchain.Build.Diagnostics;
using GoToolchain.Build.Versions;

namespace GoToolchain.Build.Building;

/// <summary>
/// Go's c-shared and c-archive outputs do not work on musl (Alpine, linux-musl-* RIDs). A c-shared library cannot be
/// dlopen'ed: Go accesses its TLS with the initial-exec model, which musl refuses for a library loaded after start
/// ("Error relocating libgreeter.so: free: initial-exec TLS resolves to dynamic definition", golang/go#54805). A
/// c-archive linked into a C host crashes before main: Go's init reads argc/argv from its DT_INIT_ARRAY arguments,
/// which musl does not pass (runtime.sysargs dereferences a NULL argv, golang/go#13492). Measured with musl-gcc for
/// Go 1.19.8, 1.21.13, 1.22.12 and 1.23.5: every one fails both ways (dlopen from a musl C program, and a static and
/// a dynamic musl host of the c-archive); a Go exe built with musl-gcc runs. Both Go issues are still open.
/// </summary>
public static class MuslNativeLibraries
{
    /// <summary>The first Go release whose c-shared library loads on musl; null while none does (see the class summary).</summary>
    public static GoVersion? FirstWorkingGo { get; } = null;

    /// <summary>The releases the measurement covered, named in the message.</summary>
    public const string TestedGoVersions = "1.19, 1.21, 1.22, 1.23 and 1.27";

    /// <summary>True when <paramref name="goVersion"/> builds c-shared/c-archive outputs that work on musl.</summary>
    public static bool Works(GoVersion? goVersion) => FirstWorkingGo is not null && goVersion is not null && goVersion.CompareTo(FirstWorkingGo) >= 0;

    /// <param name="where">The GoModule item's file and line (its BuildMode metadata when written).</param>
    public static Diagnostic? Check(GoTarget target, string? runtimeIdentifier, GoVersion? goVersion, GoBuildPlan plan,
        Func<GoBuildPlan, (string? File, int Line)> where)
    {
        if (!target.Musl || plan.Mode is not (GoBuildMode.CShared or GoBuildMode.CArchive) || Works(goVersion)) return null;
        var platform = string.IsNullOrWhiteSpace(runtimeIdentifier) ? "musl (this machine's C library)" : $"'{runtimeIdentifier!.Trim()}'";
        var go = goVersion is null ? "this Go" : "Go " + goVersion.Text;
        var why = plan.Mode == GoBuildMode.CShared
            ? $"a Go c-shared library cannot be loaded on musl: dlopen fails with 'Error relocating {plan.OutputFileName}: ...: " +
                "initial-exec TLS resolves to dynamic definition' (golang/go#54805), so the app's P/Invoke throws DllNotFoundException"
            : $"a Go c-archive crashes on musl as soon as the program that links it starts (the Go runtime reads argc/argv that musl " +
                "does not pass to library initializers, golang/go#13492)";
        var fixedIn = FirstWorkingGo is null
            ? $"no Go release fixes it (tested: Go {TestedGoVersions})"
            : $"fixed from Go {FirstWorkingGo.Text} (tested)";
        var directory = plan.Module.Directory;
        var (file, line) = where(plan);
        return Diagnostic.Warning(Codes.MuslNativeLibrary,
            $"GoModule '{directory}' builds {plan.OutputFileName} (BuildMode={GoBuildModes.ToGoFlag(plan.Mode)}) with {go} for {platform}, but " +
                $"{why}; {fixedIn}. The file is still built. Fix: ship the Go code as a tool instead (BuildMode=exe: a Go program " +
                "built with musl-gcc runs on musl, and the app starts it as a process), or build the app for glibc (-r linux-x64 or " +
                "linux-arm64); NoWarn GOTB560 if the output is not meant to be loaded on musl.",
            file, line);
    }
}
