using System.IO;
using System.Linq;
using GoToolchain.Build.Tasks;
using GoToolchain.Build.Tests.Building;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.Tests.Tasks;

/// <summary>ValidateGoroot end to end: the real go 1.22, one `go env -json`, outputs for the later tasks.</summary>
[TestClass]
[TestCategory("toolchain")]
public sealed class ValidateGorootTaskTests
{
    private string _root = null!;
    private string _project = null!;

    [TestInitialize]
    public void Init()
    {
        _root = BuildFixtures.NewTempDirectory("gotb-validate");
        _project = Path.Combine(_root, "app", "app.csproj");
    }

    [TestCleanup]
    public void Cleanup() => BuildFixtures.DeleteDirectory(_root);

    private ValidateGoroot Task(FakeBuildEngine engine, string goRoot, string obj) => new ValidateGoroot
    {
        BuildEngine = engine,
        ProjectFile = _project,
        Modules = new ITaskItem[] { new TaskItem(BuildFixtures.WriteModule(Path.Combine(_root, "go", "greeter"), BuildFixtures.CgoLibrary)) },
    }.With("GoRoot", goRoot).With("_GoRootFull", goRoot).With("_GoIntermediateDirectory", obj)
        // Caches the test owns, so the result does not depend on the machine's HOME.
        .With("GoEnvironment", $"GOCACHE={Path.Combine(_root, "gocache")};GOMODCACHE={Path.Combine(_root, "gomodcache")}");

    [TestMethod]
    public void RealGo122IsResolvedAndItsEnvironmentHandedOn()
    {
        var engine = new FakeBuildEngine();
        var task = Task(engine, "/usr/lib/go-1.22", Path.Combine(_root, "app", "obj", "go"));
        BuildFixtures.GoBinary("1.22");

        Assert.IsTrue(task.Execute(), engine.Transcript);

        Assert.IsEmpty(engine.Errors, engine.Transcript);
        Assert.AreEqual("/usr/lib/go-1.22/bin/go", task.ResolvedGoExecutable);
        Assert.AreEqual("/usr/lib/go-1.22", task.ResolvedGoRoot);
        Assert.AreEqual(BuildFixtures.GoVersionText("1.22"), task.ResolvedGoVersion);
        Assert.AreEqual("linux", task.HostGoOS);
        Assert.AreEqual(BuildFixtures.HostTarget().GoArch, task.HostGoArch);
        CollectionAssert.Contains(task.GoEnvironmentForBuild, "GOTOOLCHAIN=local", string.Join(";", task.GoEnvironmentForBuild));
        CollectionAssert.Contains(task.GoEnvironmentForBuild, $"GOCACHE={Path.Combine(_root, "gocache")}");
        CollectionAssert.AreEqual(task.GoEnvironmentForBuild.OrderBy(e => e, System.StringComparer.Ordinal).ToList(), task.GoEnvironmentForBuild.ToList(), "sorted: stable settings files");
        var selected = engine.Messages.Single(m => m.Code == "GOTB006");
        Assert.AreEqual(_project, selected.File);
        StringAssert.Contains(selected.Message, "Using go '/usr/lib/go-1.22/bin/go'");
    }

    [TestMethod]
    public void ASecondProjectInTheSameBuildReusesTheProbe()
    {
        // No-op builds stay fast: one `go env` per toolchain and environment per build. Another obj/ folder rules out the disk cache.
        var engine = new FakeBuildEngine();
        Assert.IsTrue(Task(engine, "/usr/lib/go-1.22", Path.Combine(_root, "one", "obj")).Execute(), engine.Transcript);
        Assert.IsTrue(engine.Messages.Any(m => (m.Message ?? "").StartsWith("go env probe answered from process: /usr/lib/go-1.22/bin/go env -json ", System.StringComparison.Ordinal)), engine.Transcript);
        engine.Messages.Clear();

        var second = Task(engine, "/usr/lib/go-1.22", Path.Combine(_root, "two", "obj"));
        Assert.IsTrue(second.Execute(), engine.Transcript);

        Assert.IsTrue(engine.Messages.Any(m => m.Message == "go env probe answered from memory."), engine.Transcript);
        Assert.AreEqual(BuildFixtures.GoVersionText("1.22"), second.ResolvedGoVersion);
        CollectionAssert.Contains(engine.RegisteredKeys.ToList(), "GoToolchain.Build.GoEnvProbeCache.v1");
    }

    [TestMethod]
    public void MissingGoRootIsGotb002AndFailsTheTask()
    {
        var engine = new FakeBuildEngine();
        var task = Task(engine, "/nonexistent", Path.Combine(_root, "app", "obj", "go"));

        Assert.IsFalse(task.Execute());

        var error = engine.Errors.Single();
        Assert.AreEqual("GOTB002", error.Code, engine.Transcript);
        Assert.AreEqual(_project, error.File);
        StringAssert.StartsWith(error.Message, "GoRoot '/nonexistent' does not exist.");
        Assert.IsNull(task.ResolvedGoExecutable);
        Assert.IsNull(task.ResolvedGoVersion);
    }
}
