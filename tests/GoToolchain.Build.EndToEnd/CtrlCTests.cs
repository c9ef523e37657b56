using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using GoToolchain.Build.Testing;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.EndToEnd;

/// <summary>
/// Ctrl+C the way a terminal sends it: SIGINT to the build's whole process group while a go process (or what go
/// started) is running. The build must end, and no go, generator or child may survive, every time: each kind runs
/// three times so a race shows. The hanging program carries a unique argument, every process of the build a unique
/// environment marker (<see cref="Hostile.MarkerVariable"/>), which is how the survivors would be found.
/// The hanging program ignores SIGINT (as a generator that cleans up on interrupt, or a stuck compiler, may): the
/// terminal's signal kills go itself, which orphans it, so only the package's own kill can end it.
/// </summary>
[TestClass]
[TestCategory("end-to-end")]
public class CtrlCTests
{
    private const int Repeats = 3;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private const string CgoModule = "module example.com/hang\n\ngo 1.21\n";

    [TestMethod]
    public void CtrlCDuringASleepingGoGenerateStopsEverything()
    {
        for (int run = 0; run < Repeats; run++)
        {
            var hang = $"sleep {3100 + run}";
            var fixture = Fixture.Create("ctrlc-generate").WithGoModule("go/hang", CgoModule, new Dictionary<string, string>
            {
                ["lib.go"] = Fixture.GreeterFiles["lib.go"] + $"\n//go:generate sh -c \"trap '' INT; exec {hang}\"\n",
            });
            InterruptWhileRunning(fixture, hang, new Dictionary<string, string?>(), run);
        }
    }

    [TestMethod]
    public void CtrlCDuringGoBuildStopsEverything()
    {
        for (int run = 0; run < Repeats; run++)
        {
            var hang = $"sleep {3200 + run}";
            var fixture = Fixture.Create("ctrlc-build").WithGoModule("go/hang", CgoModule);
            // go build runs cgo, which runs the C compiler: this one hangs, so go build is busy when Ctrl+C comes
            // (in a folder without spaces: go splits CC at spaces).
            var cc = Hostile.Script(Path.Combine(PackagedBuild.RunDirectory, "tools-" + Guid.NewGuid().ToString("N"), "hanging-cc"), $"trap '' INT\nexec {hang}");
            fixture.WithProperty("GoCC", cc).WithProperty("GoGenerate", "Off");
            InterruptWhileRunning(fixture, hang, new Dictionary<string, string?>(), run);
        }
    }

    [TestMethod]
    public void CtrlCDuringTheGoEnvProbeStopsEverything()
    {
        for (int run = 0; run < Repeats; run++)
        {
            var hang = $"sleep {3300 + run}";
            var fixture = Fixture.Create("ctrlc-probe").WithGoModule("go/hang", CgoModule);
            var go = Hostile.Script(Path.Combine(fixture.Directory, "fake go", "bin", "go"),
                $"if [ \"$1\" = env ]; then trap '' INT; {hang}; fi\nexec '{PackagedBuild.GoRoot(Toolchains.Newest)}/bin/go' \"$@\"");
            fixture.WithProperty("GoExecutable", go);
            InterruptWhileRunning(fixture, hang, new Dictionary<string, string?>(), run);
        }
    }

    [TestMethod]
    public void CtrlCDuringTheLoopReportStopsEverything()
    {
        for (int run = 0; run < Repeats; run++)
        {
            var hang = $"sleep {3400 + run}";
            var fixture = Fixture.Create("ctrlc-loopreport").WithGoModule("go/hang", CgoModule);
            // The loop report is a go build of its own (before generate and the real build): its cgo compile hangs.
            var cc = Hostile.Script(Path.Combine(PackagedBuild.RunDirectory, "tools-" + Guid.NewGuid().ToString("N"), "hanging-cc"), $"trap '' INT\nexec {hang}");
            fixture.WithProperty("GoLoopvarReport", "true").WithProperty("GoGenerate", "Off");
            InterruptWhileRunning(fixture, hang, new Dictionary<string, string?> { ["CC"] = cc }, run);
        }
    }

    /// <summary>Starts the build in its own process group, waits for <paramref name="hang"/> to run, sends SIGINT to the group, checks the aftermath.</summary>
    private static void InterruptWhileRunning(Fixture fixture, string hang, Dictionary<string, string?> environment, int run)
    {
        fixture.WithProperty("GoRoot", PackagedBuild.GoRoot(Toolchains.Newest));
        var marker = Guid.NewGuid().ToString("N");
        environment[Hostile.MarkerVariable] = marker;
        environment["NUGET_PACKAGES"] = PackagedBuild.NuGetPackages;
        // Restore first, so the interrupt lands in our targets and not in NuGet.
        BuildAssert.Succeeded(fixture.Build(environment, "-t:Restore"));

        // env --default-signal: a test runner started in the background may ignore SIGINT, and ignored signals are
        // inherited; a terminal's build never ignores it. setsid: the build leads its own group, like a shell job.
        var start = new ProcessStartInfo("/usr/bin/env")
        {
            WorkingDirectory = fixture.Directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "--default-signal=INT", "setsid", PackagedBuild.Dotnet, "build", fixture.ProjectFile, "--no-restore", "-nr:false", "-tl:off", "-v:n" })
            start.ArgumentList.Add(a);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        foreach (var pair in environment) start.Environment[pair.Key] = pair.Value;

        var output = new StringBuilder();
        using var build = new Process { StartInfo = start };
        build.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        build.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        build.Start();
        build.BeginOutputReadLine();
        build.BeginErrorReadLine();
        try
        {
            var clock = Stopwatch.StartNew();
            while (Hostile.ProcessesWithArgument(hang).Count == 0)
            {
                if (build.HasExited) Assert.Fail($"run {run}: the build ended before `{hang}` ran:\n{output}");
                if (clock.Elapsed > TimeSpan.FromMinutes(3)) Assert.Fail($"run {run}: `{hang}` never started:\n{output}");
                System.Threading.Thread.Sleep(100);
            }
            // The build leads its group (setsid execs in place, so its pid is the group id): signal the group like a terminal.
            using (var kill = Process.Start("/bin/kill", new[] { "-INT", "--", "-" + build.Id })!) kill.WaitForExit();

            var ended = build.WaitForExit((int)Bound.TotalMilliseconds);
            var survivors = Hostile.Survivors(marker, TimeSpan.FromSeconds(5));
            string text;
            lock (output) text = output.ToString();
            Assert.IsTrue(ended, $"run {run}: the build was still running {Bound.TotalSeconds} s after Ctrl+C:\n{text}");
            Assert.IsNull(survivors, $"run {run}: processes survived Ctrl+C: {survivors}\n{text}");
            Assert.AreNotEqual(0, build.ExitCode, $"run {run}: a cancelled build must not report success:\n{text}");
            Assert.IsFalse(text.Contains("GOTB900") || text.Contains("MSB4018"), $"run {run}: cancellation is no internal error:\n{text}");
        }
        finally
        {
            if (!build.HasExited) build.Kill(entireProcessTree: true);
            Hostile.Survivors(marker, TimeSpan.Zero);
        }
    }
}
