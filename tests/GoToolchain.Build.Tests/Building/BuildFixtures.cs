using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Threading;
using GoToolchain.Build.Building;
using Microsoft.VisualStudio.TestTools.UnitTesting;

using GoToolchain.Build.Tests.Toolchain;

namespace GoToolchain.Build.Tests.Building;

/// <summary>Go modules, toolchains, a fake go and process checks shared by the Building and Tasks tests.</summary>
internal static class BuildFixtures
{
    /// <summary>The Debian toolchain /usr/lib/go-1.NN/bin/go; a missing one fails the test (nothing is skipped).</summary>
    public static string GoBinary(string version) => RealGo.GoBinary(version);

    /// <summary>What `go env GOVERSION` says, e.g. go1.22.12.</summary>
    public static string GoVersionText(string version) => "go" + RealGo.Version(version).Text;

    /// <summary>The machine's own GOOS/GOARCH: cgo builds in these tests are native.</summary>
    public static GoTarget HostTarget()
    {
        Assert.IsTrue(RuntimeInformation.IsOSPlatform(OSPlatform.Linux), "these tests run the Debian Go toolchains on Linux");
        var arch = RuntimeInformation.OSArchitecture switch
        {
            Architecture.X64 => "amd64",
            Architecture.Arm64 => "arm64",
            var other => throw new AssertFailedException("no Go arch known for " + other),
        };
        return new GoTarget("linux", arch);
    }

    public static string NewTempDirectory(string prefix)
    {
        var directory = Path.Combine(Path.GetTempPath(), prefix + "-" + Guid.NewGuid().ToString("N").Substring(0, 12));
        Directory.CreateDirectory(directory);
        return directory;
    }

    public static void DeleteDirectory(string directory)
    {
        // Two tries: something go started (1.23's telemetry child) may still be writing into the folder.
        for (var attempt = 0; attempt < 2; attempt++)
        {
            try
            {
                if (!Directory.Exists(directory)) return;
                // go makes module-cache folders read-only; make them deletable first.
                if (!OperatingSystem.IsWindows()) MakeWritable(new DirectoryInfo(directory));
                Directory.Delete(directory, recursive: true);
                return;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Thread.Sleep(200);
            }
        }
    }

    /// <summary>Recursion by hand: SearchOption.AllDirectories follows symlinks, and a test tree may hold a cycle.</summary>
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static void MakeWritable(DirectoryInfo directory)
    {
        directory.UnixFileMode |= UnixFileMode.UserWrite;
        foreach (var sub in directory.EnumerateDirectories())
        {
            if (sub.LinkTarget is null) MakeWritable(sub);
        }
    }

    /// <summary>A c-shared library module: package main with import "C" and one //export.</summary>
    public const string CgoLibrary =
        "package main\n\nimport \"C\"\n\n//export Add\nfunc Add(a, b C.int) C.int { return a + b }\n\nfunc main() {}\n";

    /// <summary>A tool: prints one line to stderr (println, so no fmt to compile).</summary>
    public const string ExeProgram = "package main\n\nfunc main() { println(\"hello from go\") }\n";

    /// <summary>Line 3, column 13: `./main.go:3:13: undefined: undefinedThing`.</summary>
    public const string CompileError = "package main\n\nvar x int = undefinedThing\n\nfunc main() {}\n";

    /// <summary>A main package without import "C": c-shared without cgo behaves differently by version.</summary>
    public const string PureGoMain = "package main\n\nfunc main() {}\n";

    public static string WriteModule(string directory, string mainGo, string modulePath = "example.com/m")
    {
        Directory.CreateDirectory(directory);
        // go 1.19: every toolchain under test accepts it without a toolchain switch.
        File.WriteAllText(Path.Combine(directory, "go.mod"), $"module {modulePath}\n\ngo 1.19\n");
        File.WriteAllText(Path.Combine(directory, "main.go"), mainGo);
        return directory;
    }

    /// <summary>
    /// A stand-in for go: a /bin/sh script. It records its argv (NUL-separated) and environment next to itself,
    /// writes its pid (and that of a background child), and then runs <paramref name="body"/>; "$out" is the -o value.
    /// </summary>
    public static string WriteFakeGo(string directory, string body)
    {
        if (OperatingSystem.IsWindows()) throw new AssertFailedException("the fake go is a /bin/sh script");
        Directory.CreateDirectory(directory);
        var script = Path.Combine(directory, "go");
        File.WriteAllText(script,
            "#!/bin/sh\n" +
            $"dir='{directory}'\n" +
            "printf '%s\\0' \"$@\" > \"$dir/argv\"\n" +
            "env > \"$dir/env\"\n" +
            "echo $$ > \"$dir/go.pid\"\n" +
            "out=''; prev=''\n" +
            "for a in \"$@\"; do if [ \"$prev\" = '-o' ]; then out=\"$a\"; fi; prev=\"$a\"; done\n" +
            body + "\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return script;
    }

    /// <summary>Fake-go body: writes part of the output, starts a grandchild and hangs.</summary>
    public const string HangAfterWritingPartialOutput =
        "printf 'half-written' > \"$out\"\nsleep 300 &\necho $! > \"$dir/child.pid\"\nwait";

    public static IReadOnlyList<string> ReadFakeGoArguments(string directory)
    {
        var text = File.ReadAllText(Path.Combine(directory, "argv"));
        return text.Split('\0').SkipLast(1).ToList();
    }

    public static Dictionary<string, string> ReadFakeGoEnvironment(string directory)
        => File.ReadAllLines(Path.Combine(directory, "env"))
            .Where(l => l.Contains('='))
            .Select(l => (Name: l.Substring(0, l.IndexOf('=')), Value: l.Substring(l.IndexOf('=') + 1)))
            .GroupBy(p => p.Name)
            .ToDictionary(g => g.Key, g => g.First().Value);

    public static int WaitForPid(string pidFile)
    {
        var stopwatch = Stopwatch.StartNew();
        while (stopwatch.Elapsed < TimeSpan.FromSeconds(20))
        {
            if (File.Exists(pidFile) && int.TryParse(File.ReadAllText(pidFile).Trim(), out var pid)) return pid;
            Thread.Sleep(20);
        }
        throw new AssertFailedException("pid file never written: " + pidFile);
    }

    /// <summary>Dead = no /proc entry, or a zombie nobody reaped yet.</summary>
    public static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var state = stat[stat.LastIndexOf(')') + 2];
            return state is not ('Z' or 'X');
        }
        catch (IOException)
        {
            return false;
        }
    }

    public static void AssertDead(int pid, string what)
    {
        var stopwatch = Stopwatch.StartNew();
        while (IsAlive(pid) && stopwatch.Elapsed < TimeSpan.FromSeconds(3)) Thread.Sleep(20);
        Assert.IsFalse(IsAlive(pid), $"{what} (pid {pid}) is still alive");
    }

    public static void KillQuietly(string pidFile)
    {
        if (!File.Exists(pidFile) || !int.TryParse(File.ReadAllText(pidFile).Trim(), out var pid)) return;
        try
        {
            using var process = Process.GetProcessById(pid);
            process.Kill();
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
        }
    }

    /// <summary>Everything in a directory, relative, sorted: shows leftovers such as .staging-* folders.</summary>
    public static List<string> Listing(string directory)
        => !Directory.Exists(directory)
            ? new List<string>()
            : Directory.EnumerateFileSystemEntries(directory, "*", SearchOption.AllDirectories)
                .Select(p => Path.GetRelativePath(directory, p))
                .OrderBy(p => p, StringComparer.Ordinal)
                .ToList();
}
