using System;
using System.Collections.Generic;

namespace GoToolchain.Build.Building;

/// <summary>A GOOS/GOARCH pair (plus GOARM where the RID implies it, and whether the C library is musl).</summary>
public sealed class GoTarget
{
    public GoTarget(string goos, string goarch, string? goarm = null, bool musl = false)
    {
        GoOS = goos;
        GoArch = goarch;
        GoArm = goarm;
        Musl = musl;
    }

    public string GoOS { get; }
    public string GoArch { get; }
    public string? GoArm { get; }

    /// <summary>
    /// Linux with musl libc (linux-musl-x64, alpine.3.18-arm64): go's GOOS is linux either way, but cgo must link
    /// against musl (musl-gcc), and c-shared/c-archive outputs do not work there (GOTB560).
    /// </summary>
    public bool Musl { get; }

    public override string ToString() => GoOS + "/" + GoArch + (GoArm is null ? "" : " GOARM=" + GoArm) + (Musl ? " (musl)" : "");

    /// <summary>
    /// The build's target: GoOS/GoArch when both are set, else the RuntimeIdentifier's (each of GoOS/GoArch still
    /// wins), else the host's. Null for a RuntimeIdentifier the map does not know (GOTB510). go build and go
    /// generate's package scope both use it, so they agree on which files build constraints select.
    /// </summary>
    /// <param name="hostMusl">The build machine runs on musl (Alpine): a target without a RID has its C library.</param>
    public static GoTarget? Resolve(string? goOS, string? goArch, string? runtimeIdentifier, string hostGoOS, string hostGoArch,
        bool hostMusl = false)
    {
        static string? Value(string? text) => string.IsNullOrWhiteSpace(text) ? null : text!.Trim();
        if (Value(goOS) is { } os && Value(goArch) is { } arch) return new GoTarget(os, arch, musl: hostMusl && os == "linux");
        if (Value(runtimeIdentifier) is { } rid)
        {
            var mapped = RuntimeIdentifierMap.TryMap(rid);
            if (mapped is null) return null;
            var goos = Value(goOS) ?? mapped.GoOS;
            return new GoTarget(goos, Value(goArch) ?? mapped.GoArch, mapped.GoArm, mapped.Musl && goos == "linux");
        }
        var hostOs = Value(goOS) ?? hostGoOS;
        return new GoTarget(hostOs, Value(goArch) ?? hostGoArch, musl: hostMusl && hostOs == "linux");
    }
}

/// <summary>
/// Maps a .NET RuntimeIdentifier to what go build needs. Portable RIDs (linux-x64, linux-musl-arm64, win-arm64,
/// osx-arm64, ...) and the older versioned ones (win10-x64, ubuntu.22.04-x64, alpine.3.18-arm64) are understood.
/// </summary>
public static class RuntimeIdentifierMap
{
    private static readonly Dictionary<string, (string Arch, string? Arm)> Architectures = new(StringComparer.OrdinalIgnoreCase)
    {
        ["x64"] = ("amd64", null),
        ["x86"] = ("386", null),
        ["arm64"] = ("arm64", null),
        ["arm"] = ("arm", "7"),          // .NET's linux-arm is ARMv7 hard-float
        ["armv6"] = ("arm", "6"),
        ["s390x"] = ("s390x", null),
        ["ppc64le"] = ("ppc64le", null),
        ["riscv64"] = ("riscv64", null),
        ["loongarch64"] = ("loong64", null),
        ["wasm"] = ("wasm", null),
    };

    private static readonly string[] LinuxDistributions =
        { "linux", "ubuntu", "debian", "rhel", "centos", "fedora", "alpine", "ol", "opensuse", "sles", "tizen", "linuxmint", "manjaro", "arch",
            "gentoo", "exherbo", "almalinux", "rocky" };

    /// <returns>The target, or null for a RID this map does not know.</returns>
    public static GoTarget? TryMap(string runtimeIdentifier)
    {
        var rid = runtimeIdentifier.Trim();
        var lastDash = rid.LastIndexOf('-');
        if (lastDash <= 0 || lastDash == rid.Length - 1) return null;
        if (!Architectures.TryGetValue(rid.Substring(lastDash + 1), out var arch)) return null;

        // The OS is the first component, without a version suffix: "win10" -> "win", "ubuntu.22.04" -> "ubuntu".
        var osParts = rid.Substring(0, lastDash).Split('-');
        var osPart = osParts[0];
        var dot = osPart.IndexOf('.');
        if (dot > 0) osPart = osPart.Substring(0, dot);
        var os = osPart.TrimEnd('0', '1', '2', '3', '4', '5', '6', '7', '8', '9').ToLowerInvariant();

        string? goos = os switch
        {
            "win" => "windows",
            "osx" or "macos" => "darwin",
            "freebsd" => "freebsd",
            "android" => "android",
            "ios" or "iossimulator" => "ios",
            // Mac Catalyst runs on the macOS kernel and runtime: gomobile builds it with GOOS=darwin.
            "maccatalyst" => "darwin",
            "browser" => "js",
            "wasi" => "wasip1",
            _ => Array.IndexOf(LinuxDistributions, os) >= 0 ? "linux" : null,
        };
        if (goos is null) return null;
        // linux-bionic: Android's bionic libc without the Android framework; Go's bionic target is GOOS=android.
        if (goos == "linux" && osParts.Length > 1 && osParts[1].Equals("bionic", StringComparison.OrdinalIgnoreCase)) goos = "android";
        if (arch.Arch == "wasm" && goos is not ("js" or "wasip1")) return null;
        if (goos is "js" or "wasip1" && arch.Arch != "wasm") return null;
        return new GoTarget(goos, arch.Arch, arch.Arm, goos == "linux" && IsMusl(rid));
    }

    /// <summary>linux-musl-x64, linux-musl-arm64, alpine.3.18-x64, alpine-arm: RIDs whose C library is musl.</summary>
    public static bool IsMusl(string? runtimeIdentifier)
    {
        if (string.IsNullOrWhiteSpace(runtimeIdentifier)) return false;
        var parts = runtimeIdentifier!.Trim().ToLowerInvariant().Split('-');
        return parts.Length > 1 && (parts[0].StartsWith("alpine", StringComparison.Ordinal) || Array.IndexOf(parts, "musl", 1) > 0);
    }

    /// <summary>
    /// The portable RID NuGet's runtimes/&lt;rid&gt;/native/ folder needs for a target built without a RuntimeIdentifier
    /// (the host, or GoOS/GoArch): linux/amd64 -> linux-x64. Null where .NET has no portable RID for it.
    /// </summary>
    public static string? ToPortableRuntimeIdentifier(GoTarget target)
    {
        string? os = target.GoOS switch
        {
            "linux" => target.Musl ? "linux-musl" : "linux",
            "windows" => "win",
            "darwin" => "osx",
            "freebsd" => "freebsd",
            "android" => "android",
            "ios" => "ios",
            "js" => "browser",
            "wasip1" => "wasi",
            _ => null,
        };
        if (os is null) return null;
        string? arch = target.GoArch switch
        {
            "amd64" => "x64",
            "386" => "x86",
            "arm64" => "arm64",
            "arm" => target.GoArm == "6" ? "armv6" : "arm",
            "s390x" or "ppc64le" or "riscv64" or "wasm" => target.GoArch,
            "loong64" => "loongarch64",
            _ => null,
        };
        return arch is null ? null : os + "-" + arch;
    }
}
