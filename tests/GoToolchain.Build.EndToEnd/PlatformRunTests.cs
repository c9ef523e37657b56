using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using GoToolchain.Build.Testing;

namespace GoToolchain.Build.EndToEnd;

/// <summary>
/// The sample published self-contained for another platform is RUN there (win-x64 under Wine, linux-arm64 under
/// qemu; Runners/README.md) and must print what Go computed: the foreign outputs are proven by running them, not
/// only by their file format. Runtime packs come from the machine's NuGet sources.
/// </summary>
[TestClass]
[TestCategory("end-to-end")]
public class PlatformRunTests
{
    private static readonly TimeSpan LaunchTimeout = TimeSpan.FromMinutes(2);

    // Windows users build with the newest Go: the end-to-end set (the oldest, 1.24, the newest). Go needs ProcessPrng
    // from 1.21.13 on (backported), and 1.19 does not.
    public static IEnumerable<object[]> WindowsRuns
        => Toolchains.EndToEndSet.Select(t => new object[] { t, Toolchains.AtLeast(t, "1.21") });

    [TestMethod]
    [DynamicData(nameof(WindowsRuns))]
    public void WindowsPublishRunsUnderWine(string goVersion, bool needsProcessPrng)
    {
        var published = Publish("win-x64-" + goVersion, "win-x64", goVersion);
        Assert.IsTrue(File.Exists(Path.Combine(published, "greeter.dll")), "greeter.dll is not beside the Windows app");
        Assert.IsFalse(File.Exists(Path.Combine(published, "libgreeter.so")), "the host's library was published for win-x64");

        var exe = Path.Combine(published, "GreeterApp.exe");
        AssertAnswers(WineRunner.Run(exe, Array.Empty<string>(), published, LaunchTimeout), goVersion);

        // The same app where Wine 8 has no ProcessPrng: Go from 1.21.13 cannot start (the runner sees the failure),
        // older Go does not need it (the shim is needed exactly where it is installed, and is then enough).
        var bare = WineRunner.Run(exe, Array.Empty<string>(), published, LaunchTimeout, withProcessPrngShim: false);
        if (needsProcessPrng)
        {
            Assert.AreNotEqual(0, bare.ExitCode, "Go " + goVersion + " started without ProcessPrng:\n" + bare);
            StringAssert.Contains(bare.Output, "fatal error: bcryptprimitives.dll not found");
            Assert.IsFalse(bare.Output.Contains("Add(2, 3)"), "the app got an answer from a Go runtime that could not start:\n" + bare);
        }
        else
        {
            AssertAnswers(bare, goVersion);
        }
    }

    [TestMethod]
    [DynamicData(nameof(Toolchains.EndToEnd), typeof(Toolchains))]
    public void LinuxArm64PublishRunsUnderQemu(string goVersion)
    {
        var published = Publish("linux-arm64-" + goVersion, "linux-arm64", goVersion);
        var library = Path.Combine(published, "libgreeter.so");
        Assert.IsTrue(File.Exists(library), "libgreeter.so is not beside the arm64 app");
        Assert.AreEqual("ELF aarch64", NativeFormat.Of(library), "libgreeter.so is not an aarch64 ELF (e_machine)");

        AssertAnswers(QemuRunner.Run(Path.Combine(published, "GreeterApp"), Array.Empty<string>(), published, LaunchTimeout), goVersion);
    }

    [TestMethod]
    public void AHungWineLaunchIsKilledWithEverythingWineStarted()
    {
        // A Go exe that answers, then sleeps for an hour (select {} would end in Go's deadlock error): the launch's timeout must fail the test and leave no process of
        // the prefix (the app, wineserver, services.exe, winedevice.exe...) running.
        var directory = Path.Combine(PackagedBuild.RunDirectory, "wine-hang");
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "go.mod"), "module example.com/hang\n\ngo 1.19\n");
        File.WriteAllText(Path.Combine(directory, "main.go"),
            "package main\n\nimport (\n\t\"fmt\"\n\t\"time\"\n)\n\nfunc main() {\n\tfmt.Println(\"hang started\")\n\ttime.Sleep(time.Hour)\n}\n");
        var exe = Path.Combine(directory, "hang.exe");
        var build = PackagedBuild.Run(Path.Combine(PackagedBuild.GoRoot(Toolchains.Newest), "bin", "go"), new[] { "build", "-o", exe, "." }, directory,
            new Dictionary<string, string?> { ["GOOS"] = "windows", ["GOARCH"] = "amd64", ["CGO_ENABLED"] = "0", ["GOFLAGS"] = null },
            TimeSpan.FromMinutes(3));
        Assert.AreEqual(0, build.ExitCode, build.ToString());

        var hung = Assert.ThrowsExactly<AssertFailedException>(() => WineRunner.Run(exe, Array.Empty<string>(), directory, TimeSpan.FromSeconds(20)));
        StringAssert.Contains(hung.Message, "did not finish in 00:00:20");
        StringAssert.Contains(hung.Message, "hang started"); // it really ran under Wine before it hung
        var survivors = ProcessesWithEnvironment("WINEPREFIX=" + WineRunner.Prefix);
        Assert.AreEqual(0, survivors.Count, "still running after the timeout: " + string.Join(", ", survivors));
    }

    /// <summary>"pid name" of every process whose environment holds <paramref name="entry"/> exactly.</summary>
    private static List<string> ProcessesWithEnvironment(string entry)
    {
        var found = new List<string>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                var environ = File.ReadAllText(Path.Combine(dir, "environ")).Split('\0');
                if (Array.IndexOf(environ, entry) >= 0) found.Add(pid + " " + File.ReadAllText(Path.Combine(dir, "comm")).Trim());
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { } // exited meanwhile, or not ours
        }
        return found;
    }

    private static string Publish(string testName, string rid, string goVersion)
    {
        var fixture = Fixture.FromSample("run-" + testName).WithMachineNuGetSources();
        var published = Path.Combine(fixture.Directory, "published");
        var publish = fixture.Dotnet(null, "publish", fixture.ProjectFile, "-r", rid, "--self-contained",
            $"-p:GoRoot={PackagedBuild.GoRoot(goVersion)}", "-o", published);
        Assert.AreEqual(0, publish.ExitCode, publish.ToString());
        return published;
    }

    /// <summary>Every line the sample prints, each computed by the Go library of that toolchain.</summary>
    private static void AssertAnswers(ProcessOutput run, string goVersion)
    {
        Assert.AreEqual(0, run.ExitCode, run.ToString());
        StringAssert.Contains(run.Output, "Add(2, 3) = 5");
        StringAssert.Contains(run.Output, "Greet: Hello, Grüße 世界! (from Go)");
        StringAssert.Contains(run.Output, $"Go runtime: go{goVersion}.");
        StringAssert.Contains(run.Output, "Mood: Cheerful");
        Assert.IsFalse(run.Output.Contains("unexpected result"), run.ToString());
    }
}
