using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using GoToolchain.Build.Diagnostics;
using GoToolchain.Build.Platform;
using GoToolchain.Build.Toolchain;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.Tests.Toolchain;

/// <summary>
/// The probe against real processes: shell scripts standing in for a go binary that hangs, prints garbage,
/// fails, cannot start, or answers (and counts how often it was asked).
/// </summary>
[TestClass]
[TestCategory("unit")]
public sealed class GoEnvProbeProcessTests
{
    private const string Project = "/src/App/App.csproj";
    private const string ValidAnswer = "{\n\t\"GOROOT\": \"/opt/fake-go\",\n\t\"GOVERSION\": \"go1.23.5\"\n}";
    private string _dir = null!;
    private readonly List<int> _pidsToReap = new();

    [TestInitialize]
    public void Init()
    {
        _dir = Path.Combine(Path.GetTempPath(), "gotb-probe-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
    }

    [TestCleanup]
    public void Cleanup()
    {
        foreach (var pid in _pidsToReap)
        {
            try { using var p = Process.GetProcessById(pid); p.Kill(); }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception) { }
        }
        Directory.Delete(_dir, recursive: true);
    }

    private string Script(string name, string body, bool executable = true)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        if (executable && !OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    private GoEnvProbe Probe(TimeSpan? timeout = null, string? cacheDirectory = null, IDictionary<string, IReadOnlyDictionary<string, string>>? buildCache = null)
        => new(SystemPlatform.Instance, timeout ?? TimeSpan.FromSeconds(30), CancellationToken.None, cacheDirectory, buildCache);

    private static BuildEnvironment Environment(IReadOnlyDictionary<string, string?>? overrides = null) => new(SystemPlatform.Instance, overrides);

    private static Diagnostic SingleError(DiagnosticBag diagnostics, string code)
    {
        Assert.AreEqual(1, diagnostics.Items.Count, string.Join("\n", diagnostics.Items));
        var d = diagnostics.Items[0];
        Assert.AreEqual(code, d.Code, d.Message);
        Assert.AreEqual(Severity.Error, d.Severity);
        Assert.AreEqual(Project, d.File);
        return d;
    }

    [TestMethod]
    public void HangingGoIsKilledWithItsChildAfterTheTimeoutAndIsGotb011()
    {
        var pidFile = Path.Combine(_dir, "child.pid");
        var go = Script("go", $"sleep 60 &\necho $! > '{pidFile}'\nwait");
        var diagnostics = new DiagnosticBag();
        var stopwatch = Stopwatch.StartNew();

        var env = Probe(TimeSpan.FromSeconds(2)).GetEnv(go, Environment(), Project, diagnostics);

        stopwatch.Stop();
        Assert.IsNull(env);
        Assert.IsGreaterThanOrEqualTo(1.9, stopwatch.Elapsed.TotalSeconds, "waited for the timeout");
        Assert.IsLessThan(8.0, stopwatch.Elapsed.TotalSeconds, "returned soon after the 2 s timeout, not after the child's 60 s");
        var d = SingleError(diagnostics, Codes.ProbeTimedOut);
        StringAssert.StartsWith(d.Message, $"'{go}' env -json did not finish within 2 s and was killed with its child processes.");
        StringAssert.Contains(d.Message, $"run `{go} env` by hand");

        var child = ReadPid(pidFile);
        _pidsToReap.Add(child);
        var deadline = Stopwatch.StartNew();
        while (IsAlive(child) && deadline.Elapsed < TimeSpan.FromSeconds(3)) Thread.Sleep(20);
        Assert.IsFalse(IsAlive(child), $"the hung go's child (sleep, pid {child}) is still running");
    }

    [TestMethod]
    public void CancelledBuildStopsTheProbeAtOnceWithoutAnError()
    {
        // Ctrl+C: the build is stopping anyway, so the probe kills go and reports nothing of its own.
        var pidFile = Path.Combine(_dir, "child.pid");
        var go = Script("go", $"sleep 60 &\necho $! > '{pidFile}'\nwait");
        using var cancellation = new CancellationTokenSource();
        _ = System.Threading.Tasks.Task.Run(() =>
        {
            // Cancel once go is really running (its child exists), whatever the machine's speed.
            var wait = Stopwatch.StartNew();
            while (!File.Exists(pidFile) && wait.Elapsed < TimeSpan.FromSeconds(20)) Thread.Sleep(20);
            cancellation.Cancel();
        });
        var probe = new GoEnvProbe(SystemPlatform.Instance, TimeSpan.FromSeconds(60), cancellation.Token, Path.Combine(_dir, "cache"), null);
        var diagnostics = new DiagnosticBag();
        var stopwatch = Stopwatch.StartNew();

        Assert.IsNull(probe.GetEnv(go, Environment(), Project, diagnostics));

        Assert.IsLessThan(15.0, stopwatch.Elapsed.TotalSeconds, "stopped long before the 60 s timeout");
        Assert.AreEqual(0, diagnostics.Items.Count, string.Join("\n", diagnostics.Items));
        Assert.IsFalse(Directory.Exists(Path.Combine(_dir, "cache")), "nothing cached");
        var child = ReadPid(pidFile);
        _pidsToReap.Add(child);
        var deadline = Stopwatch.StartNew();
        while (IsAlive(child) && deadline.Elapsed < TimeSpan.FromSeconds(3)) Thread.Sleep(20);
        Assert.IsFalse(IsAlive(child), $"the probe's child (sleep, pid {child}) is still running");
    }

    [TestMethod]
    public void GarbageOutputIsGotb012QuotingIt()
    {
        var go = Script("go", "echo 'Usage: not-go [options]'");
        var diagnostics = new DiagnosticBag();
        Assert.IsNull(Probe().GetEnv(go, Environment(), Project, diagnostics));
        var d = SingleError(diagnostics, Codes.ProbeOutputUnreadable);
        StringAssert.StartsWith(d.Message,
            $"'{go}' env -json printed something that is not a Go environment (not go env -json output at character 0: expected '{{' but found 'U'): 'Usage: not-go [options]'. '{go}' is probably not a go binary.");
    }

    [TestMethod]
    public void JsonWithoutGoversionIsGotb012()
    {
        var go = Script("go", "echo '{\"GOROOT\": \"/opt/go\"}'");
        var diagnostics = new DiagnosticBag();
        Assert.IsNull(Probe().GetEnv(go, Environment(), Project, diagnostics));
        StringAssert.Contains(SingleError(diagnostics, Codes.ProbeOutputUnreadable).Message, "(no GOVERSION or GOROOT in it)");
    }

    [TestMethod]
    public void LongGarbageIsQuotedShortened()
    {
        var go = Script("go", "i=0; while [ $i -lt 100 ]; do printf 'xyz'; i=$((i+1)); done");
        var diagnostics = new DiagnosticBag();
        Probe().GetEnv(go, Environment(), Project, diagnostics);
        var d = SingleError(diagnostics, Codes.ProbeOutputUnreadable);
        StringAssert.Contains(d.Message, "'" + string.Concat(Enumerable.Repeat("xyz", 67)).Substring(0, 200) + "…'");
        Assert.IsFalse(d.Message.Contains(string.Concat(Enumerable.Repeat("xyz", 70))), "300 characters of garbage are cut to 200");
    }

    [TestMethod]
    public void FailingGoIsGotb010WithItsErrorOutputAndIsNotCached()
    {
        var cache = Path.Combine(_dir, "cache");
        var memory = new Dictionary<string, IReadOnlyDictionary<string, string>>();
        var go = Script("go", "echo 'go: cannot find GOROOT directory: /nonexistent/go' >&2\necho '' >&2\nexit 3");
        var diagnostics = new DiagnosticBag();
        var probe = Probe(cacheDirectory: cache, buildCache: memory);

        Assert.IsNull(probe.GetEnv(go, Environment(), Project, diagnostics));

        var d = SingleError(diagnostics, Codes.ProbeFailed);
        StringAssert.StartsWith(d.Message, $"'{go}' env -json failed with exit code 3: go: cannot find GOROOT directory: /nonexistent/go. Fix:");
        Assert.AreEqual(0, memory.Count, "a failure is not remembered for the build");
        Assert.IsFalse(Directory.Exists(cache) && Directory.EnumerateFiles(cache).Any(), "a failure is not cached on disk");
        probe.GetEnv(go, Environment(), Project, new DiagnosticBag());
        Assert.AreEqual("process", probe.LastSource, "the next build asks go again");
    }

    [TestMethod]
    public void FailureWithoutErrorOutputSaysSo()
    {
        var diagnostics = new DiagnosticBag();
        Probe().GetEnv(Script("go", "exit 1"), Environment(), Project, diagnostics);
        StringAssert.Contains(SingleError(diagnostics, Codes.ProbeFailed).Message, "failed with exit code 1: (no error output).");
    }

    [TestMethod]
    public void NonExecutableFileIsGotb010CouldNotStart()
    {
        var go = Script("go", "echo never", executable: false);
        var diagnostics = new DiagnosticBag();
        Assert.IsNull(Probe().GetEnv(go, Environment(), Project, diagnostics));
        var d = SingleError(diagnostics, Codes.ProbeFailed);
        StringAssert.StartsWith(d.Message, $"'{go}' env -json could not start: ");
        StringAssert.Contains(d.Message, $"Fix: check that '{go}' is an executable go binary for this machine");
    }

    [TestMethod]
    public void ProbeRunsEnvJsonWithNamedVariablesLocalToolchainNoExperimentFromANeutralDirectory()
    {
        var seen = Path.Combine(_dir, "seen.txt");
        var go = Script("go",
            $"echo \"args=$*\" > '{seen}'\n" +
            $"echo \"GOTOOLCHAIN=$GOTOOLCHAIN GOEXPERIMENT=${{GOEXPERIMENT-unset}} GOFLAGS=$GOFLAGS\" >> '{seen}'\n" +
            $"echo \"pwd=$(pwd -P)\" >> '{seen}'\n" +
            $"echo '{ValidAnswer}'");
        var probe = Probe();
        var env = probe.GetEnv(go, Environment(new Dictionary<string, string?> { ["GOEXPERIMENT"] = "loopvar", ["GOTOOLCHAIN"] = "auto", ["GOFLAGS"] = "-mod=vendor" }),
            Project, new DiagnosticBag());

        Assert.IsNotNull(env);
        var lines = File.ReadAllLines(seen);
        Assert.AreEqual("args=env -json " + string.Join(" ", GoEnvProbe.ProbedVariables), lines[0]);
        Assert.AreEqual("GOTOOLCHAIN=local GOEXPERIMENT=unset GOFLAGS=-mod=vendor", lines[1]);
        Assert.AreEqual("pwd=" + SystemPlatform.Instance.ResolveSymlinks(Path.GetTempPath()).TrimEnd('/'), lines[2],
            "from the temp directory, never the project's (a go.mod there could make go switch toolchains)");
        Assert.AreEqual("process", probe.LastSource);
        StringAssert.StartsWith(probe.LastCommandLine, go + " env -json GOVERSION GOROOT");
    }

    [TestMethod]
    public void DiskCacheAnswersWithoutStartingAProcessUntilTheBinaryChanges()
    {
        var count = Path.Combine(_dir, "count.txt");
        var cache = Path.Combine(_dir, "obj", "probe");
        var body = $"echo run >> '{count}'\necho '{ValidAnswer}'";
        var go = Script("go", body);
        int Runs() => File.Exists(count) ? File.ReadAllLines(count).Length : 0;

        var first = Probe(cacheDirectory: cache);
        Assert.AreEqual("go1.23.5", first.GetEnv(go, Environment(), Project, new DiagnosticBag())!["GOVERSION"]);
        Assert.AreEqual("process", first.LastSource);
        Assert.AreEqual(1, Runs());
        Assert.AreEqual(1, Directory.EnumerateFiles(cache, "goenv-*.json").Count());
        Assert.AreEqual(0, Directory.EnumerateFiles(cache, "*.tmp").Count(), "the cache file is written atomically");

        var second = Probe(cacheDirectory: cache); // the next build: a new task instance
        var again = second.GetEnv(go, Environment(), Project, new DiagnosticBag());
        Assert.AreEqual("disk", second.LastSource);
        Assert.IsNull(second.LastCommandLine);
        Assert.AreEqual(1, Runs(), "a no-op build starts zero go processes");
        Assert.AreEqual("/opt/fake-go", again!["GOROOT"]);

        Script("go", body + "\n# reinstalled");
        var third = Probe(cacheDirectory: cache);
        third.GetEnv(go, Environment(), Project, new DiagnosticBag());
        Assert.AreEqual("process", third.LastSource, "a changed binary is asked again");
        Assert.AreEqual(2, Runs());

        var otherEnvironment = Probe(cacheDirectory: cache);
        otherEnvironment.GetEnv(go, Environment(new Dictionary<string, string?> { ["GOPROXY"] = "off" }), Project, new DiagnosticBag());
        Assert.AreEqual("process", otherEnvironment.LastSource, "another environment is another answer");
        Assert.AreEqual(3, Runs());
    }

    [TestMethod]
    public void CorruptDiskCacheIsIgnoredAndReplaced()
    {
        var count = Path.Combine(_dir, "count.txt");
        var cache = Path.Combine(_dir, "probe");
        var go = Script("go", $"echo run >> '{count}'\necho '{ValidAnswer}'");
        Probe(cacheDirectory: cache).GetEnv(go, Environment(), Project, new DiagnosticBag());
        var file = Directory.EnumerateFiles(cache, "goenv-*.json").Single();
        File.WriteAllText(file, "{\"GOVERSION\": \"go1.2"); // a build killed mid-write by an older version, a full disk

        var probe = Probe(cacheDirectory: cache);
        var env = probe.GetEnv(go, Environment(), Project, new DiagnosticBag());
        Assert.AreEqual("process", probe.LastSource);
        Assert.AreEqual("go1.23.5", env!["GOVERSION"]);
        Assert.AreEqual(2, File.ReadAllLines(count).Length);
        Assert.AreEqual("disk", ProbeAgain(go, cache), "the replaced file is good again");
    }

    private string? ProbeAgain(string go, string cache)
    {
        var probe = Probe(cacheDirectory: cache);
        probe.GetEnv(go, Environment(), Project, new DiagnosticBag());
        return probe.LastSource;
    }

    [TestMethod]
    public void SharedBuildCacheAnswersFromMemory()
    {
        var count = Path.Combine(_dir, "count.txt");
        var go = Script("go", $"echo run >> '{count}'\necho '{ValidAnswer}'");
        var memory = new Dictionary<string, IReadOnlyDictionary<string, string>>();

        var projectA = Probe(buildCache: memory);
        var a = projectA.GetEnv(go, Environment(), Project, new DiagnosticBag());
        var projectB = Probe(buildCache: memory);
        var b = projectB.GetEnv(go, Environment(), "/src/Other/Other.csproj", new DiagnosticBag());

        Assert.AreEqual("process", projectA.LastSource);
        Assert.AreEqual("memory", projectB.LastSource);
        Assert.AreSame(a, b);
        Assert.AreEqual(1, File.ReadAllLines(count).Length, "one go env per toolchain and environment per build");
    }

    private static int ReadPid(string pidFile)
    {
        var wait = Stopwatch.StartNew();
        while (wait.Elapsed < TimeSpan.FromSeconds(5))
        {
            if (File.Exists(pidFile) && int.TryParse(File.ReadAllText(pidFile).Trim(), out var pid)) return pid;
            Thread.Sleep(20);
        }
        throw new AssertFailedException("the fake go never wrote its child's pid to " + pidFile);
    }

    /// <summary>Dead = no /proc entry, or a zombie waiting for a reaper (PID 1 in a container may never reap).</summary>
    private static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[stat.LastIndexOf(')') + 2] is not ('Z' or 'X');
        }
        catch (IOException) { return false; }
    }
}
