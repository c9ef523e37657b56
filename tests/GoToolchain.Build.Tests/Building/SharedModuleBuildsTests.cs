using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using GoToolchain.Build.Building;
using GoToolchain.Build.Diagnostics;
using GoToolchain.Build.Execution;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.Tests.Building;

/// <summary>One go build per (module, target, settings), shared by every project and TargetFramework.</summary>
[TestClass]
[TestCategory("unit")]
public sealed class SharedModuleBuildsTests
{
    private string _root = null!;
    private string _store = null!;
    private string _module = null!;
    private string _goFile = null!;
    private int _builds;

    /// <summary>One build session, as the projects of one build share.</summary>
    private StoreLimits _session = new();

    [TestInitialize]
    public void Init()
    {
        _root = BuildFixtures.NewTempDirectory("gotb-shared");
        _store = Path.Combine(_root, "store");
        _module = Path.Combine(_root, "go", "greeter");
        Directory.CreateDirectory(_module);
        _goFile = Path.Combine(_module, "lib.go");
        File.WriteAllText(_goFile, "package main\n");
        File.SetLastWriteTimeUtc(_goFile, DateTime.UtcNow.AddMinutes(-10));
    }

    [TestCleanup]
    public void Cleanup() => BuildFixtures.DeleteDirectory(_root);

    private GoBuildRequest Request(string project, int timeoutSeconds = 30) => new()
    {
        GoExecutable = "/usr/lib/go-1.23/bin/go",
        ModuleDirectory = _module,
        Package = ".",
        Mode = GoBuildMode.CShared,
        Target = new GoTarget("linux", "amd64"),
        OutputPath = Path.Combine(_root, project, "obj", "go", "linux_amd64", "greeter", "libgreeter.so"),
        Timeout = TimeSpan.FromSeconds(timeoutSeconds),
        DiagnosticFile = Path.Combine(_module, "go.mod"),
    };

    /// <summary>Stands in for go build: writes the library and its header, counting runs.</summary>
    private IReadOnlyList<Diagnostic> FakeGoBuild(GoBuildRequest request, int millis = 0, bool fail = false, Action? whileBuilding = null)
    {
        Interlocked.Increment(ref _builds);
        Thread.Sleep(millis);
        if (fail) return new[] { Diagnostic.Error(Codes.BuildFailed, "undefined: x", _goFile, 1, 1) };
        Directory.CreateDirectory(Path.GetDirectoryName(request.OutputPath)!);
        var source = File.ReadAllText(_goFile);
        whileBuilding?.Invoke();
        File.WriteAllText(request.OutputPath, "library built from " + source);
        File.WriteAllText(Path.ChangeExtension(request.OutputPath, ".h"), "header");
        return Array.Empty<Diagnostic>();
    }

    private IReadOnlyList<Diagnostic> BuildOnce(GoBuildRequest request, string settings = "go=1.23", int millis = 0, bool fail = false,
        Action? whileBuilding = null, PhaseTimings? timings = null, Action? beforeWait = null)
        => new SharedModuleBuilds(_store, _ => { }, _session).BuildOnce(request, settings, new[] { _goFile }, () => FakeGoBuild(request, millis, fail, whileBuilding),
            CancellationToken.None, timings, beforeWait);

    /// <summary>An edit saved a few seconds before the build, as a user's is.</summary>
    private void Edit(string content)
    {
        File.WriteAllText(_goFile, content);
        File.SetLastWriteTimeUtc(_goFile, DateTime.UtcNow.AddSeconds(-5));
    }

    /// <summary>An edit while go build runs: the file's time is now.</summary>
    private void EditNow(string content) => File.WriteAllText(_goFile, content);

    [TestMethod]
    public void OneProjectRebuildingAfterAnEditStampsItsFilesOnlyAfterGoBuildAndStillShares()
    {
        BuildOnce(Request("app1"));
        Edit("package main // edited\n");

        var timings = new PhaseTimings();
        BuildOnce(Request("app1"), timings: timings);
        var phases = timings.Phases.Select(p => p.Phase).ToList();
        CollectionAssert.DoesNotContain(phases, "input stamp", "the entry is app1's own stale output: no stamp before go build");
        CollectionAssert.Contains(phases, "input stamp after build");
        CollectionAssert.Contains(phases, "publish");

        BuildOnce(Request("app2"));
        Assert.AreEqual(2, _builds, "app2 took app1's new build");
        StringAssert.Contains(File.ReadAllText(Request("app2").OutputPath), "edited");
    }

    [TestMethod]
    public void AnotherProjectsEntryIsStampedBeforeGoBuild()
    {
        BuildOnce(Request("app1"));
        Edit("package main // edited\n");
        var timings = new PhaseTimings();
        BuildOnce(Request("app2"), timings: timings);
        CollectionAssert.Contains(timings.Phases.Select(p => p.Phase).ToList(), "input stamp");
        Assert.AreEqual(2, _builds);
    }

    [TestMethod]
    public void AFileChangedWhileGoBuildRunsIsNotShared()
    {
        // With a stamp from before go build (the first build) and without one (the same project again after an edit).
        BuildOnce(Request("app1"), whileBuilding: () => EditNow("package main // during the first build\n"));
        BuildOnce(Request("app2"));
        Assert.AreEqual(2, _builds, "app1's output may predate the edit: app2 built itself");
        StringAssert.Contains(File.ReadAllText(Request("app2").OutputPath), "during the first build");

        Edit("package main // second edit\n");
        BuildOnce(Request("app2"), whileBuilding: () => EditNow("package main // during the rebuild\n"));
        BuildOnce(Request("app3"));
        Assert.AreEqual(4, _builds, "app2's rebuild read the file before its last edit: app3 built itself");
        StringAssert.Contains(File.ReadAllText(Request("app3").OutputPath), "during the rebuild");
    }

    [TestMethod]
    public void TheStoreIsSweptForOldEntriesAtMostOnceAnHour()
    {
        BuildOnce(Request("app1"));
        var stale = Path.Combine(_store, "0123456789abcdef0123456789abcdef");
        Directory.CreateDirectory(stale);
        File.WriteAllText(Path.Combine(stale, "inputs.stamp"), "old");
        File.SetLastWriteTimeUtc(Path.Combine(stale, "inputs.stamp"), DateTime.UtcNow.AddDays(-2));

        BuildOnce(Request("app2"), settings: "go=1.22");
        Assert.IsTrue(Directory.Exists(stale), "swept a minute ago: not walked again");

        File.SetLastWriteTimeUtc(Path.Combine(_store, "last-tidy"), DateTime.UtcNow.AddHours(-2));
        BuildOnce(Request("app3"), settings: "go=1.21");
        Assert.IsFalse(Directory.Exists(stale));
    }

    [TestMethod]
    public void ASecondProjectCopiesTheFirstOnesBuildInsteadOfRunningGo()
    {
        var first = Request("app1");
        var second = Request("app2");
        Assert.IsEmpty(BuildOnce(first));
        Assert.IsEmpty(BuildOnce(second));

        Assert.AreEqual(1, _builds);
        Assert.AreEqual(File.ReadAllText(first.OutputPath), File.ReadAllText(second.OutputPath));
        Assert.IsTrue(File.Exists(Path.ChangeExtension(second.OutputPath, ".h")), "the header was not copied");
        Assert.IsTrue(File.GetLastWriteTimeUtc(second.OutputPath) > File.GetLastWriteTimeUtc(_goFile), "MSBuild would see the copy as out of date");
    }

    [TestMethod]
    public void AChangedFileIsBuiltAgain()
    {
        BuildOnce(Request("app1"));
        File.WriteAllText(_goFile, "package main // changed\n");

        BuildOnce(Request("app2"));

        Assert.AreEqual(2, _builds);
        StringAssert.Contains(File.ReadAllText(Request("app2").OutputPath), "changed");
    }

    [TestMethod]
    public void OtherSettingsAreAnotherBuild()
    {
        BuildOnce(Request("app1"), settings: "go=1.23\nenv:GOEXPERIMENT=loopvar");
        BuildOnce(Request("app2"), settings: "go=1.23");
        Assert.AreEqual(2, _builds);
    }

    [TestMethod]
    public void AFailedBuildIsNeverReused()
    {
        var errors = BuildOnce(Request("app1"), fail: true);
        Assert.AreEqual(Codes.BuildFailed, errors.Single().Code);

        BuildOnce(Request("app2"));

        Assert.AreEqual(2, _builds);
        Assert.IsTrue(File.Exists(Request("app2").OutputPath));
    }

    [TestMethod]
    public void ConcurrentProjectsRunOneBuild()
    {
        var requests = Enumerable.Range(1, 4).Select(i => Request("app" + i)).ToList();

        Parallel.ForEach(requests, new ParallelOptions { MaxDegreeOfParallelism = 4 }, r => Assert.IsEmpty(BuildOnce(r, millis: 300)));

        Assert.AreEqual(1, _builds);
        Assert.IsTrue(requests.All(r => File.Exists(r.OutputPath)));
    }

    [TestMethod]
    public void PublishingRemovesEntriesOlderThanADay()
    {
        var stale = Path.Combine(_store, "0123456789abcdef0123456789abcdef");
        Directory.CreateDirectory(stale);
        File.WriteAllText(Path.Combine(stale, "libgreeter.so"), "old");
        File.WriteAllText(Path.Combine(stale, "inputs.stamp"), "old");
        File.SetLastWriteTimeUtc(Path.Combine(stale, "inputs.stamp"), DateTime.UtcNow.AddDays(-2));

        BuildOnce(Request("app1"));

        Assert.IsFalse(Directory.Exists(stale), "a two-day-old entry was kept");
        Assert.HasCount(1, Directory.GetFiles(_store, "inputs.stamp", SearchOption.AllDirectories));
    }

    [TestMethod]
    public void ALaterBuildSessionRunsGoBuildAgain()
    {
        // dotnet clean or Rebuild of the same project, or another project's next build: a new session, so go build runs.
        BuildOnce(Request("app1"));
        Thread.Sleep(50);
        _session = new StoreLimits();
        File.Delete(Request("app1").OutputPath);
        BuildOnce(Request("app1"));
        BuildOnce(Request("app2"));

        Assert.AreEqual(2, _builds, "the second session built once, for both projects");
    }

    [TestMethod]
    public void PublishingKeepsTheStoreUnderItsSizeBoundOldestFirst()
    {
        var old = Path.Combine(_store, "aaaa");
        Directory.CreateDirectory(old);
        File.WriteAllText(Path.Combine(old, "libgreeter.so"), new string('x', 4096));
        File.WriteAllText(Path.Combine(old, "inputs.stamp"), "old");
        File.SetLastWriteTimeUtc(Path.Combine(old, "inputs.stamp"), DateTime.UtcNow.AddMinutes(-30));
        _session.MaxBytes = 1024;

        BuildOnce(Request("app1"));

        Assert.IsFalse(Directory.Exists(old), "the oldest entry went first");
        Assert.HasCount(1, Directory.GetFiles(_store, "inputs.stamp", SearchOption.AllDirectories), "this build's own entry stays while it fits");
    }

    [TestMethod]
    public void AHeldLockTimesOutWithACodedError()
    {
        BuildOnce(Request("app1"));
        var lockFile = Directory.GetFiles(_store, "*.lock").Single();
        using var holder = CrossProcessLock.TryAcquire(lockFile, TimeSpan.Zero, CancellationToken.None)!;

        var waits = 0;
        var errors = BuildOnce(Request("app2", timeoutSeconds: 1), beforeWait: () => waits++);

        var error = errors.Single();
        Assert.AreEqual(Codes.SharedBuildLockTimedOut, error.Code);
        StringAssert.Contains(error.Message, lockFile);
        Assert.AreEqual(1, _builds);
        Assert.AreEqual(1, waits, "told once before waiting (the task yields its node there)");

        var freeLock = 0;
        holder.Dispose();
        Assert.IsEmpty(BuildOnce(Request("app2"), beforeWait: () => freeLock++));
        Assert.AreEqual(0, freeLock, "a free lock is no wait");
    }

    [TestMethod]
    public void AnUnusableStoreFallsBackToBuilding()
    {
        File.WriteAllText(_store, "a file where the store folder should be");

        Assert.IsEmpty(BuildOnce(Request("app1")));
        Assert.IsEmpty(BuildOnce(Request("app2")));

        Assert.AreEqual(2, _builds);
    }

    [TestMethod]
    public void TheLockExcludesOtherProcesses()
    {
        // flock(1) takes the same kind of lock another MSBuild node would: held for 2 s by a real other process.
        var lockFile = Path.Combine(_root, "x.lock");
        File.WriteAllText(lockFile, "");
        using var other = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("flock", $"-x \"{lockFile}\" sleep 2") { UseShellExecute = false })!;
        Thread.Sleep(500);

        Assert.IsNull(CrossProcessLock.TryAcquire(lockFile, TimeSpan.FromMilliseconds(300), CancellationToken.None), "acquired a lock another process holds");
        using var held = CrossProcessLock.TryAcquire(lockFile, TimeSpan.FromSeconds(10), CancellationToken.None);
        Assert.IsNotNull(held, "not acquired after the other process released it");
        other.WaitForExit();
    }

    [TestMethod]
    public void WaitingForTheLockStopsOnCancellation()
    {
        var lockFile = Path.Combine(_root, "y.lock");
        using var holder = CrossProcessLock.TryAcquire(lockFile, TimeSpan.Zero, CancellationToken.None)!;
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        Assert.ThrowsExactly<OperationCanceledException>(() => CrossProcessLock.TryAcquire(lockFile, TimeSpan.FromMinutes(5), cancellation.Token));
    }
}
