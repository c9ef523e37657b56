using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using GoToolchain.Build.Diagnostics;
using GoToolchain.Build.Execution;
using GoToolchain.Build.Platform;
using GoToolchain.Build.Toolchain;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.Tests.Toolchain;

/// <summary>
/// The probe's cache shared between MSBuild nodes: each "node" here is a probe with its own memory and its own
/// project's obj/ folder; they share only the per-user folder. A shell script stands in for go and counts its runs.
/// </summary>
[TestClass]
[TestCategory("unit")]
public sealed class GoEnvProbeSharedCacheTests
{
    private const string ValidAnswer = "{\n\t\"GOROOT\": \"/opt/fake-go\",\n\t\"GOVERSION\": \"go1.23.5\"\n}";
    private string _dir = null!;
    private string _shared = null!;
    private string _count = null!;

    [TestInitialize]
    public void Init()
    {
        _dir = Path.Combine(Path.GetTempPath(), "gotb-shared-probe-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
        _shared = PrivateStateRoot.Get(Path.Combine(_dir, "state"), "probe", out var problem) ?? throw new AssertFailedException(problem ?? "no state root");
        _count = Path.Combine(_dir, "count.txt");
    }

    [TestCleanup]
    public void Cleanup() => Directory.Delete(_dir, recursive: true);

    private int Runs() => File.Exists(_count) ? File.ReadAllLines(_count).Length : 0;

    private string Go(string body)
    {
        var path = Path.Combine(_dir, "go");
        File.WriteAllText(path, $"#!/bin/sh\necho run >> '{_count}'\n{body}\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    private static string Project(string name) => $"/src/{name}/{name}.csproj";

    private string Obj(string project) => Path.Combine(_dir, project, "obj", "probe");

    /// <summary>A task of <paramref name="project"/> in a node whose memory is <paramref name="memory"/>.</summary>
    private GoEnvProbe Node(string project, IDictionary<string, IReadOnlyDictionary<string, string>> memory, string? shared = "")
        => new(SystemPlatform.Instance, TimeSpan.FromSeconds(30), CancellationToken.None, Obj(project), memory, null,
            () => shared == "" ? _shared : shared);

    private static BuildEnvironment Environment() => new(SystemPlatform.Instance);

    private static Dictionary<string, IReadOnlyDictionary<string, string>> Memory() => new();

    [TestMethod]
    public void ASecondNodeReadsTheFirstNodesAnswerInsteadOfStartingGo()
    {
        var go = Go($"echo '{ValidAnswer}'");
        var first = Node("A", Memory());
        var second = Node("B", Memory());

        Assert.AreEqual("go1.23.5", first.GetEnv(go, Environment(), Project("A"), new DiagnosticBag())!["GOVERSION"]);
        var env = second.GetEnv(go, Environment(), Project("B"), new DiagnosticBag());

        Assert.AreEqual("process", first.LastSource);
        Assert.AreEqual("shared", second.LastSource);
        Assert.AreEqual("/opt/fake-go", env!["GOROOT"]);
        Assert.AreEqual(1, Runs(), "one go env per toolchain and environment, whatever the node");
        Assert.AreEqual(1, Directory.EnumerateFiles(Obj("B"), "goenv-*.json").Count(), "B's own obj/ cache is filled for its no-op builds");
        var noOp = Node("B", Memory());
        noOp.GetEnv(go, Environment(), Project("B"), new DiagnosticBag());
        Assert.AreEqual("disk", noOp.LastSource, "the next build reads obj/ first: no lock, no shared folder");
    }

    [TestMethod]
    public void ConcurrentColdProbesOfOneKeyStartOneProcessAndTheOtherWaits()
    {
        var go = Go($"sleep 1\necho '{ValidAnswer}'");
        var probes = Enumerable.Range(0, 3).Select(i => Node("P" + i, Memory())).ToList();
        using var start = new Barrier(probes.Count);

        var answers = probes.Select((probe, i) => Task.Run(() =>
        {
            start.SignalAndWait();
            return probe.GetEnv(go, Environment(), Project("P" + i), new DiagnosticBag());
        })).ToArray();
        Task.WaitAll(answers);

        Assert.IsTrue(answers.All(a => a.Result?["GOVERSION"] == "go1.23.5"));
        Assert.AreEqual(1, Runs(), "the nodes that came second waited for the first one's probe");
        Assert.AreEqual(1, probes.Count(p => p.LastSource == "process"));
        Assert.AreEqual(2, probes.Count(p => p.LastSource == "shared" && p.WaitedForAnotherProbe));
    }

    [TestMethod]
    public void ANodeThatWaitedReportsTheFailureAtItsOwnProjectAndALaterBuildAsksGoAgain()
    {
        var go = Go("sleep 1\necho 'go: cannot find GOROOT directory: /nonexistent/go' >&2\nexit 3");
        var probes = new[] { Node("A", Memory()), Node("B", Memory()) };
        var bags = new[] { new DiagnosticBag(), new DiagnosticBag() };
        using var start = new Barrier(2);

        Task.WaitAll(Enumerable.Range(0, 2).Select(i => Task.Run(() =>
        {
            start.SignalAndWait();
            Assert.IsNull(probes[i].GetEnv(go, Environment(), Project(i == 0 ? "A" : "B"), bags[i]));
        })).ToArray());

        Assert.AreEqual(1, Runs(), "the failure was not waited for twice");
        for (int i = 0; i < 2; i++)
        {
            var d = bags[i].Items.Single();
            Assert.AreEqual(Codes.ProbeFailed, d.Code);
            Assert.AreEqual(Project(i == 0 ? "A" : "B"), d.File, "each project's own file");
            StringAssert.StartsWith(d.Message, $"'{go}' env -json failed with exit code 3: go: cannot find GOROOT directory: /nonexistent/go.");
        }
        Assert.IsFalse(Directory.EnumerateFiles(_shared, "goenv-*.json").Any(), "a failure is never a shared answer");

        var later = Node("C", Memory());
        later.GetEnv(go, Environment(), Project("C"), new DiagnosticBag());
        Assert.AreEqual("process", later.LastSource, "a failure is reused only by a node that waited for it");
        Assert.AreEqual(2, Runs());
    }

    [TestMethod]
    public void CorruptOrForeignSharedEntriesAreIgnoredAndReplaced()
    {
        var go = Go($"echo '{ValidAnswer}'");
        Node("A", Memory()).GetEnv(go, Environment(), Project("A"), new DiagnosticBag());
        var file = Directory.EnumerateFiles(_shared, "goenv-*.json").Single();

        foreach (var damaged in new[] { "{\"GOVERSION\": \"go1.2", "{\"GOROOT\": \"/opt/go\"}", "", "not json" })
        {
            File.WriteAllText(file, damaged);
            var probe = Node("B" + Runs(), Memory());
            var env = probe.GetEnv(go, Environment(), Project("B"), new DiagnosticBag());
            Assert.AreEqual("process", probe.LastSource, $"'{damaged}' is not an answer");
            Assert.AreEqual("go1.23.5", env!["GOVERSION"]);
        }
        Assert.AreEqual(5, Runs());
        var reader = Node("Z", Memory());
        reader.GetEnv(go, Environment(), Project("Z"), new DiagnosticBag());
        Assert.AreEqual("shared", reader.LastSource, "the replaced entry is good again");
    }

    [TestMethod]
    public void AnUnusableSharedFolderOnlyMeansNoSharing()
    {
        var go = Go($"echo '{ValidAnswer}'");
        var a = Node("A", Memory(), shared: null);
        var b = Node("B", Memory(), shared: null);
        a.GetEnv(go, Environment(), Project("A"), new DiagnosticBag());
        b.GetEnv(go, Environment(), Project("B"), new DiagnosticBag());
        Assert.AreEqual("process", b.LastSource);
        Assert.AreEqual(2, Runs());

        var notAFolder = Path.Combine(_dir, "a-file");
        File.WriteAllText(notAFolder, "");
        var c = Node("C", Memory(), shared: notAFolder);
        Assert.AreEqual("go1.23.5", c.GetEnv(go, Environment(), Project("C"), new DiagnosticBag())!["GOVERSION"]);
        Assert.AreEqual("process", c.LastSource, "a lock that cannot be made is no error");
    }

    [TestMethod]
    public void AProjectAnsweredFromMemoryGetsItsOwnObjCache()
    {
        // Without it, a project that always came second in its node would have no obj/ answer, and its no-op build
        // would start go whenever it lands first in a node.
        var go = Go($"echo '{ValidAnswer}'");
        var memory = Memory();
        Node("A", memory).GetEnv(go, Environment(), Project("A"), new DiagnosticBag());
        var b = Node("B", memory);
        b.GetEnv(go, Environment(), Project("B"), new DiagnosticBag());

        Assert.AreEqual("memory", b.LastSource);
        Assert.AreEqual(1, Directory.EnumerateFiles(Obj("B"), "goenv-*.json").Count());
        var noOp = Node("B", Memory());
        noOp.GetEnv(go, Environment(), Project("B"), new DiagnosticBag());
        Assert.AreEqual("disk", noOp.LastSource);
        Assert.AreEqual(1, Runs());
    }
}
