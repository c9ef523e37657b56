using System;
using System.Collections.Generic;
using System.IO;
using GoToolchain.Build.Diagnostics;

namespace GoToolchain.Build.Building;

/// <summary>Which C compiler a cgo build gets (null: go's own default, CC or gcc/clang), and why.</summary>
public sealed class CCompilerChoice
{
    public CCompilerChoice(string? compiler, string reason, bool noneKnown = false)
    {
        Compiler = compiler;
        Reason = reason;
        NoneKnown = noneKnown;
    }

    public string? Compiler { get; }
    public string Reason { get; }

    /// <summary>A cgo cross build for which nobody named a C compiler and no default is known (go falls back to its own).</summary>
    public bool NoneKnown { get; }
}

/// <summary>
/// Picks the C compiler for cgo builds. go uses the host's gcc for every target, so a cross build (windows/amd64
/// from Linux) fails deep inside runtime/cgo with "gcc: error: unrecognized command-line option '-mthreads'".
/// For cross targets we pick the Debian/Ubuntu cross compiler and check it is on PATH before
/// any go build runs. Order: GoCC, then CC from GoEnvironment or the module's Environment, then the cross default;
/// for the host's own target go's default applies. A musl target (linux-musl-x64) is not the host's even on the same
/// CPU: the host's gcc links against glibc, so the output would need glibc's loader on Alpine.
/// </summary>
public static class CrossCompilers
{
    // From a Linux host: the compiler for each GOOS/GOARCH and the Debian/Ubuntu package that installs it.
    private static readonly Dictionary<string, (string Compiler, string Package)> FromLinux = new(StringComparer.Ordinal)
    {
        ["windows/amd64"] = ("x86_64-w64-mingw32-gcc", "gcc-mingw-w64-x86-64-win32"),
        ["windows/386"] = ("i686-w64-mingw32-gcc", "gcc-mingw-w64-i686-win32"),
        ["linux/amd64"] = ("x86_64-linux-gnu-gcc", "gcc-x86-64-linux-gnu"),
        ["linux/arm64"] = ("aarch64-linux-gnu-gcc", "gcc-aarch64-linux-gnu"),
        ["linux/arm"] = ("arm-linux-gnueabihf-gcc", "gcc-arm-linux-gnueabihf"),
        ["linux/386"] = ("i686-linux-gnu-gcc", "gcc-i686-linux-gnu"),
        ["linux/riscv64"] = ("riscv64-linux-gnu-gcc", "gcc-riscv64-linux-gnu"),
        ["linux/ppc64le"] = ("powerpc64le-linux-gnu-gcc", "gcc-powerpc64le-linux-gnu"),
        ["linux/s390x"] = ("s390x-linux-gnu-gcc", "gcc-s390x-linux-gnu"),
        ["linux/loong64"] = ("loongarch64-linux-gnu-gcc", "gcc-loongarch64-linux-gnu"),
    };

    // musl targets of another CPU: the musl-cross-make / musl.cc names; Debian and Ubuntu package none of them.
    // For the host's own CPU, musl-tools' musl-gcc (a wrapper of the host gcc) is the compiler.
    private static readonly Dictionary<string, string> MuslFromLinux = new(StringComparer.Ordinal)
    {
        ["linux/amd64"] = "x86_64-linux-musl-gcc",
        ["linux/arm64"] = "aarch64-linux-musl-gcc",
        ["linux/arm"] = "arm-linux-musleabihf-gcc",
        ["linux/386"] = "i686-linux-musl-gcc",
        ["linux/riscv64"] = "riscv64-linux-musl-gcc",
        ["linux/ppc64le"] = "powerpc64le-linux-musl-gcc",
        ["linux/s390x"] = "s390x-linux-musl-gcc",
        ["linux/loong64"] = "loongarch64-linux-musl-gcc",
    };

    /// <summary>The cross-compiler a Linux host uses for GOOS/GOARCH (e.g. x86_64-w64-mingw32-gcc for windows/amd64); null when none is known.</summary>
    public static string? FromLinuxFor(string goos, string goarch)
        => FromLinux.TryGetValue(goos + "/" + goarch, out var known) ? known.Compiler : null;

    /// <param name="goCC">The GoCC property.</param>
    /// <param name="configuredCC">CC from the module's Environment or GoEnvironment: the user chose it for this build.</param>
    /// <param name="lookPath">Finds a program on the PATH the go process gets; null when absent.</param>
    /// <param name="fileExists">For a compiler given as a path.</param>
    /// <param name="environment">The build's environment, for a Windows host's C compiler search (WindowsCCompilers); null: no search.</param>
    /// <param name="subdirectories">The folders inside a folder, for that search.</param>
    public static CCompilerChoice Choose(GoTarget host, GoTarget target, bool cgo, string? goCC, string? configuredCC,
        Func<string, string?> lookPath, Func<string, bool> fileExists, string moduleDirectory, string? projectFile, DiagnosticBag diagnostics,
        Func<string, string?>? environment = null, Func<string, IEnumerable<string>>? subdirectories = null)
    {
        if (!cgo) return new CCompilerChoice(null, "cgo is off");

        string? package = null;
        CCompilerChoice choice;
        if (!string.IsNullOrWhiteSpace(goCC)) choice = new CCompilerChoice(goCC!.Trim(), "GoCC is set");
        else if (!string.IsNullOrWhiteSpace(configuredCC)) choice = new CCompilerChoice(configuredCC!.Trim(),
            "CC is set in GoEnvironment or the module's Environment");
        else if (IsHost(host, target) && host.GoOS == "windows" && environment is not null)
        {
            // Windows has no C compiler of its own and go's default is gcc on PATH: look where installers put one.
            var onWindows = WindowsCCompilers.Find(lookPath, fileExists, environment, subdirectories ?? (_ => Array.Empty<string>()));
            if (onWindows.GccOnPath) return new CCompilerChoice(null, "the target is the host and gcc is on PATH: go's default C compiler");
            if (onWindows.Compiler is null)
            {
                diagnostics.Add(Diagnostic.Error(Codes.WindowsCCompilerMissing,
                    $"GoModule '{moduleDirectory}' is built for {target.GoOS}/{target.GoArch} with cgo, which needs a C compiler, and this " +
                        $"Windows machine has none: searched {onWindows.Searched}. " +
                        $"Fix: {WindowsCCompilers.InstallHint}; or set GoCC to a C compiler (e.g. 'zig cc -target x86_64-windows-gnu'). " +
                        "A module that needs no cgo needs no C compiler: BuildMode=\"exe\" with CgoEnabled=\"0\".",
                    projectFile));
                return new CCompilerChoice(null, "no C compiler on this Windows host");
            }
            choice = new CCompilerChoice(onWindows.Compiler, $"the target is the host, gcc is not on PATH, and it is the first C compiler found ({onWindows.Place})");
        }
        else if (IsHost(host, target)) return new CCompilerChoice(null, "the target is the host: go's default C compiler");
        else if (host.GoOS == "darwin" && target.GoOS == "darwin") return new CCompilerChoice(null, "clang builds every macOS architecture");
        else if (host.GoOS == "linux" && target.Musl && host.GoArch == target.GoArch)
        {
            choice = new CCompilerChoice("musl-gcc", $"the target is {target.GoOS}/{target.GoArch} with musl libc, and musl-gcc links against " +
                "musl instead of this machine's glibc");
            package = "musl-tools";
        }
        else if (host.GoOS == "linux" && target.Musl && MuslFromLinux.TryGetValue(target.GoOS + "/" + target.GoArch, out var muslCross))
        {
            choice = new CCompilerChoice(muslCross, $"it is the musl C cross-compiler for {target.GoOS}/{target.GoArch}");
        }
        else if (host.GoOS == "linux" && FromLinux.TryGetValue(target.GoOS + "/" + target.GoArch, out var known))
        {
            choice = new CCompilerChoice(known.Compiler, $"it is the C cross-compiler for {target.GoOS}/{target.GoArch}");
            package = known.Package;
        }
        else if (host.GoOS == "windows" && target.GoOS == "linux" && FromLinux.TryGetValue(target.GoOS + "/" + target.GoArch, out var linux))
        {
            // Windows packages no Linux cross gcc; a GNU toolchain named as Debian names it (crosstool-ng, a forwarder), else
            // zig, whose cc builds for every Linux target. Checked before go runs, as from Linux.
            var triplet = target.Musl && MuslFromLinux.TryGetValue(target.GoOS + "/" + target.GoArch, out var musl) ? musl : linux.Compiler;
            var zigTarget = $"{ZigArch(target.GoArch)}-linux-{(target.Musl ? "musl" : "gnu")}";
            if (lookPath(triplet) is null && lookPath("zig") is not null)
                choice = new CCompilerChoice("zig cc -target " + zigTarget, $"it is zig's C compiler for {target.GoOS}/{target.GoArch} ('{triplet}' is not on PATH)");
            else choice = new CCompilerChoice(triplet, $"it is the C cross-compiler for {target.GoOS}/{target.GoArch}");
            package = "zig:" + zigTarget;
        }
        else
        {
            diagnostics.Add(Diagnostic.Info(Codes.CCompilerSelected,
                $"GoModule '{moduleDirectory}' is built for {target.GoOS}/{target.GoArch} with cgo on a {host.GoOS}/{host.GoArch} host, and " +
                    $"GoToolchain.Build knows no default C cross-compiler for that: go uses CC from the environment, else its default. If the " +
                    $"build fails in runtime/cgo, set GoCC to a C compiler for {target.GoOS}/{target.GoArch} (for example 'zig cc -target ...').",
                projectFile));
            return new CCompilerChoice(null, "no known cross-compiler", noneKnown: true);
        }

        var program = FirstWord(choice.Compiler!);
        var found = Path.IsPathRooted(program) ? (fileExists(program) ? program : null) : lookPath(program);
        if (found is null)
        {
            var install = package is not null && package.StartsWith("zig:", StringComparison.Ordinal)
                    ? $"install zig (winget install zig.zig; neither '{program}' nor zig is on PATH), which is then used as " +
                      $"'zig cc -target {package.Substring(4)}'; or put a GNU cross toolchain's {program}.exe on PATH; or build with CgoEnabled=\"0\""
                : package is not null ? $"install it (Debian/Ubuntu: apt-get install --no-install-recommends {package})"
                : target.Musl ? $"install a musl cross toolchain that provides it (musl-cross-make or musl.cc; Debian and Ubuntu package " +
                    $"none), or set GoCC to e.g. 'zig cc -target {ZigArch(target.GoArch)}-linux-musl'"
                : "install it";
            diagnostics.Add(Diagnostic.Error(Codes.CrossCompilerMissing,
                $"GoModule '{moduleDirectory}' is built for {target.GoOS}/{target.GoArch} with cgo, which needs the C compiler " +
                    $"'{choice.Compiler}' ({choice.Reason}), and '{program}' is not on the PATH go gets. " +
                $"Fix: {install}, or set GoCC to a C compiler for {target.GoOS}/{target.GoArch} that is on PATH.",
                projectFile));
            return choice;
        }
        diagnostics.Add(Diagnostic.Info(Codes.CCompilerSelected,
            $"GoModule '{moduleDirectory}' ({target.GoOS}/{target.GoArch}, cgo) uses the C compiler '{choice.Compiler}' ({found}) because " +
                $"{choice.Reason}.",
            projectFile));
        return choice;
    }

    private static bool IsHost(GoTarget host, GoTarget target)
        => host.GoOS == target.GoOS && host.GoArch == target.GoArch && host.Musl == target.Musl;

    private static string ZigArch(string goArch) => goArch switch
    {
        "amd64" => "x86_64",
        "arm64" => "aarch64",
        "386" => "x86",
        "loong64" => "loongarch64",
        "ppc64le" => "powerpc64le",
        _ => goArch,
    };

    /// <summary>go splits CC into words ("zig cc -target x"): the program is the first.</summary>
    private static string FirstWord(string compiler)
    {
        var trimmed = compiler.Trim();
        if (trimmed.StartsWith("\"", StringComparison.Ordinal) || trimmed.StartsWith("'", StringComparison.Ordinal))
        {
            var end = trimmed.IndexOf(trimmed[0], 1);
            if (end > 0) return trimmed.Substring(1, end - 1);
        }
        var space = trimmed.IndexOfAny(new[] { ' ', '\t' });
        return space < 0 ? trimmed : trimmed.Substring(0, space);
    }
}
