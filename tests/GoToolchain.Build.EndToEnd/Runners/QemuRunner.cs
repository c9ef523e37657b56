using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.EndToEnd;

/// <summary>
/// Runs a linux-arm64 executable (a self-contained .NET app with its Go library, or a Go exe) under user-mode qemu,
/// so tests prove the arm64 output works instead of only reading its ELF header. Each launch is one qemu process with
/// nothing to set up or tear down. See Runners/README.md.
/// </summary>
public static class QemuRunner
{
    public const string Qemu = "/usr/bin/qemu-aarch64-static";

    /// <summary>The arm64 glibc of libc6-dev-arm64-cross: the dynamic loader and libc/libstdc++ the app needs.</summary>
    public const string SysRoot = "/usr/aarch64-linux-gnu";

    /// <summary>Runs <paramref name="exe"/> with qemu-aarch64-static -L <see cref="SysRoot"/>.</summary>
    public static ProcessOutput Run(string exe, IEnumerable<string> arguments, string workingDirectory, TimeSpan timeout)
    {
        if (!File.Exists(Qemu)) Assert.Fail($"QemuRunner: {Qemu} is missing: run build/prereqs.sh (as root) to install qemu-user-static.");
        if (!File.Exists(Path.Combine(SysRoot, "lib", "ld-linux-aarch64.so.1")))
            Assert.Fail($"QemuRunner: no arm64 loader in {SysRoot}/lib: run build/prereqs.sh (as root) to install libc6-dev-arm64-cross.");
        if (!File.Exists(exe)) Assert.Fail($"QemuRunner: no executable at {exe}");
        // -L: the guest's absolute paths (/lib/ld-linux-aarch64.so.1, /lib/libc.so.6) are looked up in SysRoot first.
        // qemu emulates only the CPU; the guest's threads are host threads and its syscalls the host's kernel, so the
        // timeout's tree kill reaches the app directly. QEMU_* variables from the test process would change the
        // emulation: cleared for the child.
        var environment = new Dictionary<string, string?>
        {
            ["QEMU_LD_PREFIX"] = null,
            ["QEMU_STRACE"] = null,
            ["QEMU_CPU"] = null,
        };
        return PackagedBuild.Run(Qemu, new[] { "-L", SysRoot, exe }.Concat(arguments), workingDirectory, environment, timeout);
    }
}
