using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using GoToolchain.Build.Testing;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.EndToEnd;

/// <summary>
/// golang/go#78883, dotnet/runtime#127320: a JIT app whose threads call a Go c-shared library while the GC suspends
/// them crashes with SIGSEGV: once Go's runtime has added SA_ONSTACK to .NET's suspension-signal handler, the handler
/// runs on .NET's small alternate signal stack and overflows it. The generated bindings undo that flag. Each run of the
/// stress app is bounded (it stops itself after 0.7 s; a hung run is killed); the test counts crashes, not time.
/// </summary>
[TestClass]
[TestCategory("end-to-end")]
public sealed class SignalStressTests
{
    private const int RunsWithoutFix = 6;

    private static readonly Dictionary<string, string> StressLibrary = new()
    {
        ["stress.go"] = """
            package main

            import "C"

            var sink []byte

            // Spin does a little work on the goroutine stack.
            //export Spin
            func Spin(n C.int) C.int {
                s := 0
                for i := 0; i < int(n); i++ {
                    s += i * i % 7
                }
                return C.int(s)
            }

            // Churn allocates, so Go's own GC runs too.
            //export Churn
            func Churn(n C.int) C.int {
                sink = make([]byte, int(n))
                return C.int(len(sink))
            }

            func main() {}
            """,
    };

    // 8 threads call Go in a loop, 4 threads only allocate (they crash as well once the library is loaded), and the
    // main thread forces a GC every millisecond, so the runtime suspends the others all the time.
    private const string StressProgram = """
        using System;
        using System.Diagnostics;
        using System.Threading;
        using StressApp;

        var stop = false;
        object? keep = null;
        long calls = 0;
        var threads = new Thread[12];
        for (var t = 0; t < threads.Length; t++)
        {
            var callsGo = t < 8;
            threads[t] = new Thread(() =>
            {
                long local = 0;
                while (!Volatile.Read(ref stop))
                {
                    if (callsGo)
                    {
                        Stress.Spin(200);
                        if ((local & 15) == 0) Stress.Churn(4096);
                    }
                    keep = new byte[64];
                    local++;
                }
                Interlocked.Add(ref calls, local);
            }) { IsBackground = true };
        }
        Stress.Spin(1); // the library is loaded before the allocating threads start
        foreach (var thread in threads) thread.Start();
        var collections = 0;
        var watch = Stopwatch.StartNew();
        while (watch.ElapsedMilliseconds < 700) { GC.Collect(); collections++; Thread.Sleep(1); }
        Volatile.Write(ref stop, true);
        foreach (var thread in threads) thread.Join();
        Console.WriteLine($"stress done: {calls} iterations, {collections} collections");
        """;

    private static Fixture StressFixture(string name, bool signalFix, string? goVersion = null)
    {
        var fixture = Fixture.Create(name)
            .WithGoModule("go/stress", "module example.com/stress\n\ngo 1.19\n", StressLibrary,
                $"GenerateBindings=\"true\" BindingsNamespace=\"StressApp\" BindingsSignalFix=\"{(signalFix ? "true" : "false")}\"")
            .WithProperty("GoRoot", PackagedBuild.GoRoot(goVersion ?? Toolchains.Newest))
            .WithProperty("GoLoopvar", "Off")
            .WithProperty("TieredCompilation", "true");
        fixture.WriteProgram(StressProgram);
        return fixture;
    }

    /// <summary>Runs the app <paramref name="runs"/> times; returns how many died of SIGSEGV (exit code 139 or -11).</summary>
    private static int Crashes(Fixture fixture, int runs)
    {
        var app = Path.Combine(fixture.OutputDirectory, "App.dll");
        var crashes = 0;
        var report = new List<string>();
        for (var i = 0; i < runs; i++)
        {
            var run = PackagedBuild.Run(PackagedBuild.Dotnet, new[] { app }, fixture.Directory,
                new Dictionary<string, string?> { ["DOTNET_DbgEnableMiniDump"] = "0" }, TimeSpan.FromSeconds(60));
            if (run.ExitCode == 0) StringAssert.Contains(run.Output, "stress done:");
            else if (run.ExitCode is 139 or -11 or 134) crashes++; // SIGSEGV; SIGABRT when the runtime's handler aborts
            else Assert.Fail($"run {i + 1} failed otherwise: {run}");
            report.Add(run.ExitCode.ToString());
        }
        Console.WriteLine($"{fixture.Directory}: {crashes} of {runs} runs crashed (exit codes {string.Join(",", report)})");
        return crashes;
    }

    // The fix waits for Go's runtime with _cgo_wait_runtime_init_done: the oldest Go shows it is there too (fewer runs:
    // the suite's time is spent on the newest, the Go users have).
    public static IEnumerable<object[]> StressRuns => new[] { new object[] { Toolchains.Oldest, 5 }, new object[] { Toolchains.Newest, 20 } };

    [TestMethod]
    [DynamicData(nameof(StressRuns))]
    public void ManyThreadsCallingGoUnderGcPressureDoNotCrashWithTheGeneratedBindings(string goVersion, int runs)
    {
        var fixture = StressFixture("signal-stress-fixed-" + goVersion, signalFix: true, goVersion);
        BuildAssert.Succeeded(fixture.Build());
        StringAssert.Contains(File.ReadAllText(Path.Combine(fixture.Directory, "obj", "Debug", "net10.0", "go", "bindings", "Stress.g.cs")),
            "__GoRuntimeSignal.Ready();");

        Assert.AreEqual(0, Crashes(fixture, runs), $"crashes in {runs} runs with the bindings' signal fix");
    }

    [TestMethod]
    public void WithoutTheFixTheSameAppCrashes()
    {
        var fixture = StressFixture("signal-stress-unfixed", signalFix: false);
        BuildAssert.Succeeded(fixture.Build());
        StringAssert.DoesNotMatch(File.ReadAllText(Path.Combine(fixture.Directory, "obj", "Debug", "net10.0", "go", "bindings", "Stress.g.cs")),
            new System.Text.RegularExpressions.Regex("__GoRuntimeSignal"));

        // 12 of 12 runs of this app crashed, 28 of 30 of a similar one: six runs without a crash would mean the test no
        // longer reproduces it.
        Assert.IsTrue(Crashes(fixture, RunsWithoutFix) > 0, $"no crash in {RunsWithoutFix} runs without the fix: the stress no longer reproduces it");
    }
}
