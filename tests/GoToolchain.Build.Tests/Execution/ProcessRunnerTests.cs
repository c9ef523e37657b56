using System;
using System.Collections;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using GoToolchain.Build.Execution;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.Tests.Execution;

/// <summary>Runs real children through /bin/sh (Linux test machines).</summary>
[TestClass]
[TestCategory("unit")]
public class ProcessRunnerTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);
    private string _dir = null!;

    [TestInitialize]
    public void Init()
    {
        _dir = Path.Combine(Path.GetTempPath(), "gtb-exec-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
    }

    [TestCleanup]
    public void Cleanup()
    {
        // Never leave a stray sleep behind, whatever the test's outcome.
        foreach (var pidFile in Directory.EnumerateFiles(_dir, "*.pid")) KillQuietly(ReadPid(pidFile));
        Directory.Delete(_dir, recursive: true);
    }

    private static ProcessSpec Sh(string script, TimeSpan? timeout = null, string? workingDirectory = null, IReadOnlyDictionary<string, string?>? env = null) =>
        new("/bin/sh", new[] { "-c", script }, timeout ?? Generous, workingDirectory, env);

    // ---- timeout and cancellation kill the whole tree ----

    [TestMethod]
    public void A_slow_child_gets_one_notice_on_the_calling_thread_and_a_quick_one_none()
    {
        var caller = Environment.CurrentManagedThreadId;
        var notices = new List<(TimeSpan Elapsed, int Thread)>();
        var slow = Sh("sleep 1.5", TimeSpan.FromSeconds(30));
        slow.SlowNoticeAfter = TimeSpan.FromMilliseconds(300);
        slow.OnSlow = elapsed => notices.Add((elapsed, Environment.CurrentManagedThreadId));
        Assert.IsTrue(ProcessRunner.Run(slow, CancellationToken.None).Succeeded);
        Assert.HasCount(1, notices);
        Assert.IsTrue(notices[0].Elapsed >= TimeSpan.FromMilliseconds(300) && notices[0].Elapsed < TimeSpan.FromMilliseconds(1400), notices[0].ToString());
        Assert.AreEqual(caller, notices[0].Thread, "MSBuild logging is safe on the task's own thread");

        var quick = Sh("true", TimeSpan.FromSeconds(30));
        quick.SlowNoticeAfter = TimeSpan.FromSeconds(20);
        quick.OnSlow = _ => Assert.Fail("a quick child is quiet");
        Assert.IsTrue(ProcessRunner.Run(quick, CancellationToken.None).Succeeded);
    }

    [TestMethod]
    public void Timeout_kills_an_orphaned_grandchild_too()
    {
        // The subshell exits at once, so the sleep is re-parented (to init) and no walk of the tree finds it;
        // the marker in its environment does.
        string pidFile = Path.Combine(_dir, "orphan.pid");
        var result = ProcessRunner.Run(Sh($"(sleep 300 & echo $! > '{pidFile}'); sleep 300", TimeSpan.FromSeconds(1)), CancellationToken.None);
        Assert.IsTrue(result.TimedOut, result.ToString());
        AssertDead(ReadPid(pidFile), "orphaned sleep");
    }

    [TestMethod]
    public void Timeout_kills_the_whole_tree()
    {
        string pidFile = Path.Combine(_dir, "bg.pid");
        var stopwatch = Stopwatch.StartNew();
        int shPid = 0;
        var result = ProcessRunner.Run(
            Sh($"echo $$; sleep 300 & echo $! > '{pidFile}'; echo started; sleep 300", TimeSpan.FromSeconds(1)),
            CancellationToken.None,
            line => { if (shPid == 0) shPid = int.Parse(line); });
        stopwatch.Stop();

        Assert.IsTrue(result.TimedOut, result.ToString());
        Assert.IsFalse(result.Cancelled);
        Assert.IsFalse(result.Succeeded);
        Assert.IsLessThan(8.0, stopwatch.Elapsed.TotalSeconds, "returns soon after the 1 s timeout");
        CollectionAssert.Contains(result.StandardOutput.ToList(), "started", "output written before the kill is kept");
        AssertDead(shPid, "sh");
        AssertDead(ReadPid(pidFile), "background sleep (grandchild)");
    }

    [TestMethod]
    public void Cancellation_kills_the_whole_tree()
    {
        string pidFile = Path.Combine(_dir, "bg.pid");
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
        var stopwatch = Stopwatch.StartNew();
        int shPid = 0;
        var result = ProcessRunner.Run(
            Sh($"echo $$; sleep 300 & echo $! > '{pidFile}'; sleep 300"),
            cts.Token,
            line => { if (shPid == 0) shPid = int.Parse(line); });
        stopwatch.Stop();

        Assert.IsTrue(result.Cancelled, result.ToString());
        Assert.IsFalse(result.TimedOut);
        Assert.IsLessThan(8.0, stopwatch.Elapsed.TotalSeconds, "returns soon after cancellation, not after the 60 s timeout");
        AssertDead(shPid, "sh");
        AssertDead(ReadPid(pidFile), "background sleep (grandchild)");
    }

    [TestMethod]
    public void Already_cancelled_token_starts_nothing()
    {
        string marker = Path.Combine(_dir, "ran");
        var result = ProcessRunner.Run(Sh($"touch '{marker}'"), new CancellationToken(canceled: true));
        Assert.IsTrue(result.Cancelled);
        Assert.IsFalse(File.Exists(marker));
    }

    [TestMethod]
    public void Unix_fallback_kills_the_tree_found_in_proc()
    {
        // The path Mono takes (no Process.Kill(bool)); exercised directly because .NET 10 has Kill(bool).
        string pidFile = Path.Combine(_dir, "bg.pid");
        var startInfo = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        startInfo.ArgumentList.Add("-c");
        startInfo.ArgumentList.Add($"sh -c 'sleep 300 & echo $! > \"{pidFile}\"; sleep 300' & sleep 300");
        using var root = Process.Start(startInfo)!;
        try
        {
            int grandchild = WaitForPid(pidFile);
            ProcessRunner.KillTreeUnix(root.Id);
            Assert.IsTrue(root.WaitForExit(5000), "root killed");
            AssertDead(grandchild, "great-grandchild sleep");
        }
        finally
        {
            if (!root.HasExited) root.Kill(entireProcessTree: true);
        }
    }

    [TestMethod]
    public void ReadParentTable_knows_our_own_child()
    {
        using var child = Process.Start(new ProcessStartInfo("/bin/sleep", "30") { UseShellExecute = false })!;
        try
        {
            var table = ProcessRunner.ReadParentTable();
            Assert.AreEqual(Environment.ProcessId, table[child.Id]);
        }
        finally { child.Kill(); }
    }

    // ---- pipes ----

    [TestMethod]
    public void Grandchild_holding_stdout_open_does_not_hang_the_runner()
    {
        string pidFile = Path.Combine(_dir, "bg.pid");
        var stopwatch = Stopwatch.StartNew();
        var result = ProcessRunner.Run(Sh($"sleep 30 & echo $! > '{pidFile}'; echo main-done; exit 3"), CancellationToken.None);
        stopwatch.Stop();

        Assert.IsFalse(result.TimedOut);
        Assert.AreEqual(3, result.ExitCode);
        CollectionAssert.AreEqual(new[] { "main-done" }, result.StandardOutput.ToList());
        Assert.IsLessThan(6.0, stopwatch.Elapsed.TotalSeconds, "drain is capped at ~2 s, not the grandchild's 30 s");
    }

    [TestMethod]
    public void Child_reading_stdin_sees_EOF_at_once()
    {
        var result = ProcessRunner.Run(Sh("cat; echo after-cat"), CancellationToken.None);
        Assert.IsTrue(result.Succeeded, result.ToString());
        Assert.IsLessThan(10.0, result.Elapsed.TotalSeconds);
        CollectionAssert.AreEqual(new[] { "after-cat" }, result.StandardOutput.ToList());
    }

    [TestMethod]
    public void Five_megabytes_on_both_streams_do_not_deadlock()
    {
        // tee writes every chunk to both pipes and blocks when either is full: a runner that reads one stream to
        // EOF before the other deadlocks here (and then times out).
        var result = ProcessRunner.Run(
            Sh("yes 0123456789 2>/dev/null | head -c 5000000 | tee /dev/stderr", TimeSpan.FromSeconds(20)),
            CancellationToken.None);
        // Every line was read (and then kept up to the bound, or counted: see BoundedOutputTests).
        Assert.IsTrue(result.Succeeded, result.ToString());
        Assert.AreEqual(5_000_000 / 11 + 1, result.StandardOutput.Count + result.StandardOutputOmittedLines);
        Assert.AreEqual(5_000_000 / 11 + 1, result.StandardError.Count + result.StandardErrorOmittedLines);
        Assert.IsTrue(result.StandardOutput.All(l => l == "0123456789"));
    }

    [TestMethod]
    public void Streams_are_captured_separately_with_line_callbacks_on_the_calling_thread()
    {
        var outLines = new List<string>();
        var errLines = new List<string>();
        var threads = new HashSet<int>();
        var result = ProcessRunner.Run(
            Sh("echo out1; echo err1 >&2; printf 'out2\\r\\n'; echo; printf 'err2' >&2; printf 'Grüße 空\\n'"),
            CancellationToken.None,
            l => { outLines.Add(l); threads.Add(Environment.CurrentManagedThreadId); },
            l => { errLines.Add(l); threads.Add(Environment.CurrentManagedThreadId); });

        Assert.IsTrue(result.Succeeded, result.ToString());
        CollectionAssert.AreEqual(new[] { "out1", "out2", "", "Grüße 空" }, outLines);
        CollectionAssert.AreEqual(new[] { "err1", "err2" }, errLines);
        CollectionAssert.AreEqual(outLines, result.StandardOutput.ToList());
        CollectionAssert.AreEqual(errLines, result.StandardError.ToList());
        Assert.AreEqual("out1\nout2\r\n\nGrüße 空\n", result.StandardOutputText);
        Assert.AreEqual("err1\nerr2", result.StandardErrorText);
        CollectionAssert.AreEqual(new[] { Environment.CurrentManagedThreadId }, threads.ToList());
    }

    [TestMethod]
    public void Garbage_bytes_are_data_not_an_exception()
    {
        var result = ProcessRunner.Run(Sh("printf '\\377\\376\\000x\\n'"), CancellationToken.None);
        Assert.IsTrue(result.Succeeded, result.ToString());
        Assert.AreEqual("\uFFFD\uFFFD\0x", result.StandardOutput.Single());
    }

    [TestMethod]
    public void Callback_exception_propagates_and_the_tree_is_killed()
    {
        string pidFile = Path.Combine(_dir, "bg.pid");
        Assert.ThrowsExactly<FormatException>(() => ProcessRunner.Run(
            Sh($"sleep 300 & echo $! > '{pidFile}'; echo boom; sleep 300"),
            CancellationToken.None,
            line => throw new FormatException(line)));
        AssertDead(ReadPid(pidFile), "background sleep");
    }

    // ---- exit codes and start errors ----

    [TestMethod]
    [DataRow(0)]
    [DataRow(1)]
    [DataRow(7)]
    [DataRow(255)]
    public void Exit_code_is_reported(int code)
    {
        var result = ProcessRunner.Run(Sh($"exit {code}"), CancellationToken.None);
        Assert.IsNull(result.StartError);
        Assert.AreEqual(code, result.ExitCode);
        Assert.AreEqual(code == 0, result.Succeeded);
    }

    [TestMethod]
    [DataRow("/nonexistent/gtb-no-such-tool")]
    [DataRow("gtb-no-such-tool-on-path")]
    [DataRow("/tmp")]
    [DataRow("/etc/hostname")]
    [DataRow("")]
    public void Unstartable_program_is_a_StartError_not_an_exception(string fileName)
    {
        var result = ProcessRunner.Run(new ProcessSpec(fileName, new[] { "x" }, Generous), CancellationToken.None);
        Assert.IsNotNull(result.StartError, result.ToString());
        Assert.AreEqual(-1, result.ExitCode);
        Assert.IsFalse(result.Succeeded);
    }

    [TestMethod]
    public void Missing_working_directory_is_a_StartError()
    {
        var result = ProcessRunner.Run(Sh("true", workingDirectory: Path.Combine(_dir, "missing")), CancellationToken.None);
        StringAssert.Contains(result.StartError, "missing");
    }

    [TestMethod]
    public void Working_directory_with_awkward_name_is_used()
    {
        string dir = Path.Combine(_dir, "a b;$c'空");
        Directory.CreateDirectory(dir);
        var result = ProcessRunner.Run(Sh("pwd", workingDirectory: dir), CancellationToken.None);
        Assert.AreEqual(dir, result.StandardOutput.Single());
    }

    [TestMethod]
    public void Null_spec_is_a_programming_error()
    {
        Assert.ThrowsExactly<ArgumentNullException>(() => ProcessRunner.Run(null!, CancellationToken.None));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new ProcessSpec("/bin/true", Array.Empty<string>(), TimeSpan.Zero));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new ProcessSpec("/bin/true", Array.Empty<string>(), Timeout.InfiniteTimeSpan));
    }

    // ---- environment ----

    [TestMethod]
    public void Environment_overrides_reach_the_child_only()
    {
        const string added = "GTB_EXEC_TEST_ADDED";
        string? pathBefore = Environment.GetEnvironmentVariable("PATH");
        string? homeBefore = Environment.GetEnvironmentVariable("HOME");
        var snapshotBefore = Snapshot();
        Assert.IsNotNull(pathBefore, "PATH exists in the test process, so removing it is observable");
        Assert.IsNull(Environment.GetEnvironmentVariable(added));

        var env = new Dictionary<string, string?>
        {
            [added] = "value with spaces; $x 空",
            ["HOME"] = "/gtb/elsewhere",
            ["PATH"] = null,
        };
        var result = ProcessRunner.Run(new ProcessSpec("/usr/bin/env", Array.Empty<string>(), Generous, environmentOverrides: env), CancellationToken.None);

        Assert.IsTrue(result.Succeeded, result.ToString());
        CollectionAssert.Contains(result.StandardOutput.ToList(), added + "=value with spaces; $x 空");
        CollectionAssert.Contains(result.StandardOutput.ToList(), "HOME=/gtb/elsewhere");
        Assert.IsFalse(result.StandardOutput.Any(l => l.StartsWith("PATH=", StringComparison.Ordinal)), "PATH removed in the child");
        Assert.IsTrue(result.StandardOutput.Count > 2, "the rest of our environment is inherited");

        Assert.IsNull(Environment.GetEnvironmentVariable(added));
        Assert.AreEqual(pathBefore, Environment.GetEnvironmentVariable("PATH"));
        Assert.AreEqual(homeBefore, Environment.GetEnvironmentVariable("HOME"));
        CollectionAssert.AreEquivalent(snapshotBefore, Snapshot());
    }

    [TestMethod]
    public void Spec_copies_its_inputs_and_logs_the_argv()
    {
        var args = new List<string> { "build", "-o", "my out/lib.so" };
        var env = new Dictionary<string, string?> { ["GOOS"] = "linux" };
        var spec = new ProcessSpec("/usr/local/go/bin/go", args, Generous, environmentOverrides: env);
        args.Add("later");
        env["GOARCH"] = "arm64";

        CollectionAssert.AreEqual(new[] { "build", "-o", "my out/lib.so" }, spec.Arguments.ToList());
        Assert.AreEqual(1, spec.EnvironmentOverrides.Count);
        Assert.AreEqual("/usr/local/go/bin/go build -o \"my out/lib.so\"", spec.CommandLineForLog);
        Assert.AreEqual(spec.CommandLineForLog, ProcessRunner.Run(new ProcessSpec("/nonexistent", args.Take(3), Generous), CancellationToken.None).CommandLineForLog.Replace("/nonexistent", "/usr/local/go/bin/go"));
    }

    // ---- helpers ----

    private static List<string> Snapshot() =>
        Environment.GetEnvironmentVariables().Cast<DictionaryEntry>().Select(e => $"{e.Key}={e.Value}").ToList();

    private static int ReadPid(string pidFile) => int.Parse(File.ReadAllText(pidFile).Trim());

    private static int WaitForPid(string pidFile)
    {
        var stopwatch = Stopwatch.StartNew();
        while (stopwatch.Elapsed < TimeSpan.FromSeconds(10))
        {
            if (File.Exists(pidFile) && int.TryParse(File.ReadAllText(pidFile).Trim(), out int pid)) return pid;
            Thread.Sleep(20);
        }
        throw new AssertFailedException("pid file never written: " + pidFile);
    }

    /// <summary>Dead = no /proc entry, or a zombie waiting for a reaper (PID 1 in a container may never reap).</summary>
    private static bool IsAlive(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            char state = stat[stat.LastIndexOf(')') + 2];
            return state is not ('Z' or 'X');
        }
        catch (IOException) { return false; }
    }

    private static void AssertDead(int pid, string what)
    {
        Assert.IsGreaterThan(0, pid, what + ": pid known");
        var stopwatch = Stopwatch.StartNew();
        while (IsAlive(pid) && stopwatch.Elapsed < TimeSpan.FromSeconds(3)) Thread.Sleep(20);
        Assert.IsFalse(IsAlive(pid), $"{what} (pid {pid}) is still alive");
    }

    private static void KillQuietly(int pid)
    {
        try
        {
            using var p = Process.GetProcessById(pid);
            p.Kill();
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception) { }
    }
}
