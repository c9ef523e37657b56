using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using GoToolchain.Build.Diagnostics;
using GoToolchain.Build.Platform;
using GoToolchain.Build.Toolchain;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using GoToolchain.Build.Testing;

namespace GoToolchain.Build.Tests.Toolchain;

/// <summary>GoEnvProbe against the Debian toolchains. A missing toolchain fails the test: run build/prereqs.sh.</summary>
[TestClass]
[TestCategory("toolchain")]
public sealed class GoEnvProbeAgainstGoTests
{
    private const string Project = "/src/App/App.csproj";
    private string _dir = null!;

    [TestInitialize]
    public void Init()
    {
        _dir = Path.Combine(Path.GetTempPath(), "gotb-realprobe-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(_dir, "home"));
    }

    // Go 1.23's telemetry keeps writing under HOME/.config/go/telemetry for a moment after go exits (a detached
    // child): a strict recursive delete races it ("Directory not empty"). The temp folder may stay behind then.
    [TestCleanup]
    public void Cleanup() => GoToolchain.Build.Tests.Building.BuildFixtures.DeleteDirectory(_dir);

    /// <summary>A private HOME (no user go env file of the machine leaks in) and none of the machine's go settings.</summary>
    private BuildEnvironment Sealed(params (string Name, string? Value)[] more)
    {
        var overrides = new Dictionary<string, string?>
        {
            ["HOME"] = Path.Combine(_dir, "home"), ["XDG_CONFIG_HOME"] = null, ["XDG_CACHE_HOME"] = null,
            ["GOENV"] = null, ["GOROOT"] = null, ["GOFLAGS"] = null, ["GOCACHE"] = null, ["GOMODCACHE"] = null, ["GOPATH"] = null,
        };
        foreach (var (name, value) in more) overrides[name] = value;
        return new BuildEnvironment(SystemPlatform.Instance, overrides);
    }

    private GoEnvProbe Probe(string? cacheDirectory = null, IDictionary<string, IReadOnlyDictionary<string, string>>? buildCache = null)
        => new(SystemPlatform.Instance, TimeSpan.FromSeconds(60), CancellationToken.None, cacheDirectory, buildCache);

    private static string VersionFileFirstLine(string version) => Toolchains.Version(version);

    private static IReadOnlyDictionary<string, string> AssertAnswered(IReadOnlyDictionary<string, string>? env, DiagnosticBag diagnostics)
    {
        Assert.AreEqual(0, diagnostics.Items.Count, string.Join("\n", diagnostics.Items));
        Assert.IsNotNull(env);
        return env;
    }

    [TestMethod]
    [DynamicData(nameof(Toolchains.All), typeof(Toolchains))]
    public void ProbeReportsTheToolchainThenAnswersFromDisk(string version)
    {
        var go = RealGo.GoBinary(version);
        var cache = Path.Combine(_dir, "obj", "probe");
        var diagnostics = new DiagnosticBag();
        var probe = Probe(cache);

        var env = AssertAnswered(probe.GetEnv(go, Sealed(), Project, diagnostics), diagnostics);

        Assert.AreEqual("process", probe.LastSource);
        Assert.AreEqual(VersionFileFirstLine(version), env["GOVERSION"]);
        Assert.AreEqual($"/usr/lib/go-{version}", env["GOROOT"]);
        Assert.AreEqual($"/usr/lib/go-{version}/pkg/tool/linux_amd64", env["GOTOOLDIR"]);
        // Debian's go.env says GOTOOLCHAIN=auto; the probe's own GOTOOLCHAIN=local wins. 1.19 does not know the variable.
        Assert.AreEqual(version == "1.19" ? "" : "local", env["GOTOOLCHAIN"]);
        Assert.AreEqual(Path.Combine(_dir, "home", ".cache", "go-build"), env["GOCACHE"]);
        foreach (var name in GoEnvProbe.ProbedVariables) Assert.IsTrue(env.ContainsKey(name), name + " was asked for and answered");

        var next = Probe(cache);
        var fromDisk = AssertAnswered(next.GetEnv(go, Sealed(), Project, diagnostics), diagnostics);
        Assert.AreEqual("disk", next.LastSource);
        Assert.IsNull(next.LastCommandLine, "no process was started");
        CollectionAssert.AreEquivalent(new List<KeyValuePair<string, string>>(env), new List<KeyValuePair<string, string>>(fromDisk));
    }

    [TestMethod]
    [DynamicData(nameof(Toolchains.All), typeof(Toolchains))]
    public void SharedBuildCacheAnswersTheSecondProjectFromMemory(string version)
    {
        var go = RealGo.GoBinary(version);
        var memory = new Dictionary<string, IReadOnlyDictionary<string, string>>();
        var diagnostics = new DiagnosticBag();

        var first = Probe(buildCache: memory);
        var a = AssertAnswered(first.GetEnv(go, Sealed(), Project, diagnostics), diagnostics);
        var second = Probe(Path.Combine(_dir, "other-obj"), memory);
        var b = AssertAnswered(second.GetEnv(go, Sealed(), "/src/Other/Other.csproj", diagnostics), diagnostics);

        Assert.AreEqual("process", first.LastSource);
        Assert.AreEqual("memory", second.LastSource);
        Assert.AreSame(a, b);
        Assert.AreEqual(1, memory.Count);
    }

    [TestMethod]
    [DynamicData(nameof(Toolchains.All), typeof(Toolchains))]
    public void BogusGoexperimentDoesNotBreakTheProbe(string version)
    {
        // `GOEXPERIMENT=bogus go env` fails with "go: unknown GOEXPERIMENT bogus" on every version.
        var diagnostics = new DiagnosticBag();
        var env = AssertAnswered(Probe().GetEnv(RealGo.GoBinary(version), Sealed(("GOEXPERIMENT", "bogus")), Project, diagnostics), diagnostics);
        Assert.AreEqual(VersionFileFirstLine(version), env["GOVERSION"]);
        Assert.AreEqual("", env["GOEXPERIMENT"]);
    }

    [TestMethod]
    [DynamicData(nameof(Toolchains.All), typeof(Toolchains))]
    public void WithoutHomeTheProbeStillAnswersAndGocacheIsOff(string version)
    {
        // A build agent without HOME: go reports GOCACHE=off and an empty GOMODCACHE; GoCacheDirectories then falls back.
        var diagnostics = new DiagnosticBag();
        var env = AssertAnswered(Probe().GetEnv(RealGo.GoBinary(version), Sealed(("HOME", null)), Project, diagnostics), diagnostics);
        Assert.AreEqual(VersionFileFirstLine(version), env["GOVERSION"]);
        Assert.AreEqual("off", env["GOCACHE"]);
        Assert.AreEqual("", env["GOMODCACHE"]);

        var fallback = Path.Combine(_dir, "obj", "fallback");
        var overrides = new GoCacheDirectories(SystemPlatform.Instance).Check(env, fallback, Project, diagnostics);
        Assert.AreEqual(Path.Combine(fallback, "cache"), overrides["GOCACHE"]);
        Assert.AreEqual(Path.Combine(fallback, "modcache"), overrides["GOMODCACHE"]);
        Assert.IsTrue(Directory.Exists(Path.Combine(fallback, "cache")));
    }

    [TestMethod]
    public void GorootPointingAtAnotherVersionIsCaughtBeforeAnyBuild()
    {
        // GOROOT=<the oldest> with the newest go: go env echoes the variable; only a build would notice.
        var (stale, used) = (Toolchains.Oldest, Toolchains.Newest);
        var go = RealGo.GoBinary(used);
        var diagnostics = new DiagnosticBag();
        var environment = Sealed(("GOROOT", Toolchains.Root(stale)));
        var env = AssertAnswered(Probe().GetEnv(go, environment, Project, diagnostics), diagnostics);
        Assert.AreEqual(Toolchains.Root(stale), env["GOROOT"]);

        var location = new GoLocation(go, GoSource.PathEnvironment, "it is the first 'go' on PATH", new string[0]);
        new GoRootChecks(SystemPlatform.Instance).Check(location, env, ExplicitGoRoot.EnvironmentVariable(environment.Get("GOROOT")!), Project, diagnostics);
        var d = diagnostics.Items[0];
        Assert.AreEqual(1, diagnostics.Items.Count);
        Assert.AreEqual(Codes.GoRootMismatch, d.Code);
        StringAssert.StartsWith(d.Message,
            $"the GOROOT environment variable is '{Toolchains.Root(stale)}' ({Toolchains.Version(stale)} by its VERSION file), but the go binary '{go}' ({Toolchains.Version(used)}, chosen because it is the first 'go' on PATH) belongs to '{Toolchains.Root(used)}'. " +
            $"go build would fail with 'compile: version \"{Toolchains.Version(stale)}\" does not match go tool version \"{Toolchains.Version(used)}\"'.");
    }

    [TestMethod]
    [DynamicData(nameof(Toolchains.All), typeof(Toolchains))]
    public void RealInstallationsPassTheRootChecksAlsoThroughASymlink(string version)
    {
        var real = RealGo.GoBinary(version);
        var link = Path.Combine(_dir, "go");
        File.CreateSymbolicLink(link, real);
        var diagnostics = new DiagnosticBag();
        var env = AssertAnswered(Probe().GetEnv(link, Sealed(), Project, diagnostics), diagnostics);
        Assert.AreEqual($"/usr/lib/go-{version}", env["GOROOT"], "go resolves its own symlink");
        new GoRootChecks(SystemPlatform.Instance).Check(new GoLocation(link, GoSource.PathEnvironment, "test", new string[0]), env, null, Project, diagnostics);
        Assert.AreEqual(0, diagnostics.Items.Count, string.Join("\n", diagnostics.Items));
    }
}
