using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.EndToEnd;

/// <summary>
/// Runs a win-x64 executable (a self-contained .NET app with its Go DLL, or a Go exe) under Debian's wine64, so tests
/// prove the Windows output works instead of only reading its file format. One Wine prefix per test run, created on
/// first use under <see cref="PackagedBuild.RunDirectory"/> (AssemblyCleanup deletes it after <see cref="ShutDown"/>).
/// See Runners/README.md for why each setting is there and what it costs.
/// </summary>
public static class WineRunner
{
    public const string Wine = "/usr/lib/wine/wine64";
    public const string WineServer = "/usr/lib/wine/wineserver";
    public const string MingwGcc = "x86_64-w64-mingw32-gcc";

    private static readonly Lazy<string> LazyPrefix = new(CreatePrefix, LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly object LaunchLock = new();

    /// <summary>The run's prefix (WINEPREFIX), created on first use with the ProcessPrng shim in its system32.</summary>
    public static string Prefix => LazyPrefix.Value;

    /// <summary>Runs <paramref name="exe"/> under Wine in the run's prefix; returns once the prefix is idle again.</summary>
    public static ProcessOutput Run(string exe, IEnumerable<string> arguments, string workingDirectory, TimeSpan timeout)
        => Run(exe, arguments, workingDirectory, timeout, withProcessPrngShim: true);

    /// <summary>
    /// As <see cref="Run(string, IEnumerable{string}, string, TimeSpan)"/>; <paramref name="withProcessPrngShim"/> false
    /// disables the shim for this launch (a DLL override), which is how Wine 8 is without it: Go 1.21.13+ cannot start.
    /// </summary>
    public static ProcessOutput Run(string exe, IEnumerable<string> arguments, string workingDirectory, TimeSpan timeout,
        bool withProcessPrngShim)
        => Run(exe, arguments, workingDirectory, timeout, withProcessPrngShim, extraEnvironment: null);

    /// <summary>As above, with variables added to (or, with a null value, removed from) the launch's environment only
    /// (WINEPATH puts folders on the Windows PATH; Windows programs see the Unix environment's other variables).</summary>
    public static ProcessOutput Run(string exe, IEnumerable<string> arguments, string workingDirectory, TimeSpan timeout,
        bool withProcessPrngShim, IReadOnlyDictionary<string, string?>? extraEnvironment)
    {
        if (!File.Exists(exe)) Assert.Fail($"WineRunner: no executable at {exe}");
        var prefix = Prefix;
        // winedbg.exe=d: with Wine's debugger an unhandled exception (a .NET crash, a Go fatal error in a DLL) ended
        // with exit code 0 after a register dump; disabled, the crash is the exit code (0xE0434352 -> 82).
        // mscoree stays enabled at run time: Wine's loader needs it for IL-only images (System.Runtime.dll).
        var overrides = "winedbg.exe=d;mshtml=" + (withProcessPrngShim ? "" : ";bcryptprimitives=");
        var environment = WineEnvironment(prefix, overrides);
        if (extraEnvironment is not null) foreach (var pair in extraEnvironment) environment[pair.Key] = pair.Value;
        // One launch at a time: the idle wait below waits for every process of the prefix.
        lock (LaunchLock)
        {
            var finished = false;
            try
            {
                var result = PackagedBuild.Run(Wine, new[] { exe }.Concat(arguments), workingDirectory, environment, timeout);
                finished = true;
                return result;
            }
            finally
            {
                // A launch leaves nothing behind: wait for the prefix's services to exit, or kill them when it hung.
                if (finished) WaitUntilIdle(prefix);
                else KillServer(prefix);
            }
        }
    }

    /// <summary>Kills the prefix's wineserver and its processes, if a prefix was made (AssemblyCleanup calls this).</summary>
    public static void ShutDown()
    {
        if (!LazyPrefix.IsValueCreated) return;
        try { KillServer(LazyPrefix.Value); }
        catch (Exception e) when (e is AssertFailedException or IOException) { Console.Error.WriteLine("WineRunner: " + e.Message); }
    }

    private static string CreatePrefix()
    {
        foreach (var tool in new[] { Wine, WineServer })
            if (!File.Exists(tool)) Assert.Fail($"WineRunner: {tool} is missing: run build/prereqs.sh (as root) to install wine64.");
        var prefix = Path.Combine(PackagedBuild.RunDirectory, "wine-prefix");
        Directory.CreateDirectory(prefix);
        try
        {
            // mscoree,mshtml disabled while booting only: no wine-mono/wine-gecko install prompt (or download attempt).
            var boot = PackagedBuild.Run(Wine, new[] { "wineboot", "--init" }, prefix, WineEnvironment(prefix, "mscoree,mshtml="),
                TimeSpan.FromMinutes(3));
            Assert.AreEqual(0, boot.ExitCode, "wineboot --init failed:\n" + boot);
            WaitUntilIdle(prefix);
        }
        catch (AssertFailedException)
        {
            KillServer(prefix);
            throw;
        }
        var system32 = Path.Combine(prefix, "drive_c", "windows", "system32");
        Assert.IsTrue(Directory.Exists(system32), $"wineboot made no {system32}");
        BuildProcessPrngShim(Path.Combine(system32, "bcryptprimitives.dll"));
        return prefix;
    }

    /// <summary>Wine 8 has no bcryptprimitives.dll; Go 1.21.13+ and 1.22+ need its ProcessPrng (Runners/bcryptprimitives.c).</summary>
    private static void BuildProcessPrngShim(string dll)
    {
        var source = Path.Combine(PackagedBuild.RepositoryRoot, "tests", "GoToolchain.Build.EndToEnd", "Runners", "bcryptprimitives.c");
        var gcc = PackagedBuild.Run(MingwGcc, new[] { "-shared", "-O2", "-s", "-Wall", "-Werror", "-o", dll, source, "-lbcrypt" },
            Path.GetDirectoryName(dll)!, new Dictionary<string, string?>(), TimeSpan.FromMinutes(2));
        Assert.AreEqual(0, gcc.ExitCode, $"{MingwGcc} could not build the ProcessPrng shim (build/prereqs.sh installs mingw):\n{gcc}");
    }

    private static void WaitUntilIdle(string prefix)
    {
        try
        {
            var wait = PackagedBuild.Run(WineServer, new[] { "-w" }, prefix, WineEnvironment(prefix, ""), TimeSpan.FromMinutes(1));
            Assert.AreEqual(0, wait.ExitCode, "wineserver -w failed:\n" + wait);
        }
        catch (AssertFailedException)
        {
            KillServer(prefix);
            throw;
        }
    }

    private static void KillServer(string prefix)
    {
        // Exit code 1 means no server was running for this prefix: nothing to kill.
        PackagedBuild.Run(WineServer, new[] { "-k" }, prefix, WineEnvironment(prefix, ""), TimeSpan.FromMinutes(1));
    }

    /// <summary>The child's environment only (the test process's own is never changed).</summary>
    private static Dictionary<string, string?> WineEnvironment(string prefix, string dllOverrides)
    {
        // Wine links the prefix's user folders to $HOME and winemenubuilder writes menus and MIME types there:
        // a HOME beside the prefix (and winemenubuilder disabled) keeps every file of the run in the run's folder.
        var home = prefix + "-home";
        Directory.CreateDirectory(home);
        return new()
        {
            ["WINEPREFIX"] = prefix,
            ["WINEARCH"] = "win64",
            ["WINEDEBUG"] = "-all", // Wine's fixme/err chatter would bury the app's own output
            ["WINEDLLOVERRIDES"] = "winemenubuilder.exe=d" + (dllOverrides.Length > 0 ? ";" + dllOverrides : ""),
            ["HOME"] = home,
            ["XDG_CONFIG_HOME"] = null,
            ["XDG_DATA_HOME"] = null,
            ["XDG_CACHE_HOME"] = null,
            ["DISPLAY"] = null, // no X server: Wine runs console programs without a window driver
            ["WAYLAND_DISPLAY"] = null,
        };
    }
}
