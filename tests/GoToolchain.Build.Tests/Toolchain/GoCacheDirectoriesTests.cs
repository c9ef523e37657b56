using System.Collections.Generic;
using System.Linq;
using GoToolchain.Build.Diagnostics;
using GoToolchain.Build.Tests.Fakes;
using GoToolchain.Build.Toolchain;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.Tests.Toolchain;

[TestClass]

[TestCategory("unit")]
public sealed class GoCacheDirectoriesTests
{
    private const string Project = "/src/App/App.csproj";
    private const string Fallback = "/src/App/obj/Debug/go/fallback";

    private static Dictionary<string, string> Env(string goCache, string goModCache)
        => new() { ["GOCACHE"] = goCache, ["GOMODCACHE"] = goModCache };

    private static (IReadOnlyDictionary<string, string> Overrides, DiagnosticBag Diagnostics) Check(FakePlatform platform, IReadOnlyDictionary<string, string> env)
    {
        var diagnostics = new DiagnosticBag();
        var overrides = new GoCacheDirectories(platform).Check(env, Fallback, Project, diagnostics);
        return (overrides, diagnostics);
    }

    [TestMethod]
    public void UsableDirectoriesNeedNothing()
    {
        var platform = new FakePlatform();
        var (overrides, diagnostics) = Check(platform, Env("/home/dev/.cache/go-build", "/home/dev/go/pkg/mod"));
        Assert.AreEqual(0, overrides.Count);
        Assert.AreEqual(0, diagnostics.Items.Count);
        CollectionAssert.AreEqual(new[] { "/home/dev/.cache/go-build", "/home/dev/go/pkg/mod" }, platform.WritabilityChecks,
            "usable means proven writable, not merely set");
    }

    [TestMethod]
    [DataRow("off", "GOCACHE is 'off' (go derives it from HOME or XDG_CACHE_HOME/GOPATH, and none is set)")]
    [DataRow("", "GOCACHE is '' (go derives it from HOME or XDG_CACHE_HOME/GOPATH, and none is set)")]
    [DataRow("go-build", "GOCACHE 'go-build' is not an absolute path")]
    public void UnusableGocacheFallsBackUnderObjWithAnInfo(string value, string problem)
    {
        var (overrides, diagnostics) = Check(new FakePlatform(), Env(value, "/home/dev/go/pkg/mod"));
        Assert.AreEqual(1, overrides.Count);
        Assert.AreEqual(Fallback + "/cache", overrides["GOCACHE"]);
        Assert.AreEqual(1, diagnostics.Items.Count);
        var d = diagnostics.Items[0];
        Assert.AreEqual(Codes.GoCacheFallback, d.Code);
        Assert.AreEqual(Severity.Message, d.Severity);
        Assert.AreEqual(Project, d.File);
        Assert.AreEqual(problem + $"; using '{Fallback}/cache' as the Go build cache for this build. To choose it yourself, set HOME, or GOCACHE in GoEnvironment or the environment.",
            d.Message);
        Assert.IsFalse(diagnostics.HasErrors);
    }

    [TestMethod]
    public void MissingGocacheKeyIsTreatedAsEmpty()
    {
        var (overrides, diagnostics) = Check(new FakePlatform(), new Dictionary<string, string> { ["GOMODCACHE"] = "/m" });
        Assert.AreEqual(Fallback + "/cache", overrides["GOCACHE"]);
        StringAssert.StartsWith(diagnostics.Items.Single().Message, "GOCACHE is ''");
    }

    [TestMethod]
    public void UnwritableGomodcacheFallsBackWithGotb031()
    {
        var platform = new FakePlatform().MakeUnwritable("/home/dev/go", "Read-only file system");
        var (overrides, diagnostics) = Check(platform, Env("/home/dev/.cache/go-build", "/home/dev/go/pkg/mod"));
        Assert.AreEqual(Fallback + "/modcache", overrides["GOMODCACHE"]);
        Assert.IsFalse(overrides.ContainsKey("GOCACHE"));
        var d = diagnostics.Items.Single();
        Assert.AreEqual(Codes.GoModCacheFallback, d.Code);
        Assert.AreEqual(Severity.Message, d.Severity);
        StringAssert.StartsWith(d.Message, "GOMODCACHE '/home/dev/go/pkg/mod' is not writable (Access to the path '/home/dev/go/pkg/mod' is denied: Read-only file system); " +
            $"using '{Fallback}/modcache' as the Go module cache for this build.");
    }

    [TestMethod]
    public void NoHomeMeansBothFallBack()
    {
        // HOME unset: go env reports GOCACHE=off and GOMODCACHE='' (checked on 1.19 and 1.23).
        var platform = new FakePlatform();
        var (overrides, diagnostics) = Check(platform, Env("off", ""));
        CollectionAssert.AreEquivalent(new Dictionary<string, string> { ["GOCACHE"] = Fallback + "/cache", ["GOMODCACHE"] = Fallback + "/modcache" }.ToList(), overrides.ToList());
        CollectionAssert.AreEqual(new[] { Codes.GoCacheFallback, Codes.GoModCacheFallback }, diagnostics.Items.Select(d => d.Code).ToList());
        Assert.IsTrue(platform.DirectoryExists(Fallback + "/cache") && platform.DirectoryExists(Fallback + "/modcache"), "the fallbacks are created");
    }

    [TestMethod]
    public void UnwritableFallbackIsAnErrorAndNoOverride()
    {
        var platform = new FakePlatform().MakeUnwritable("/src/App/obj", "Permission denied");
        var (overrides, diagnostics) = Check(platform, Env("off", "/home/dev/go/pkg/mod"));
        Assert.AreEqual(0, overrides.Count, "never hand go a directory that is known not to work");
        var d = diagnostics.Items.Single();
        Assert.AreEqual(Codes.GoCacheFallback, d.Code);
        Assert.AreEqual(Severity.Error, d.Severity);
        Assert.AreEqual(Project, d.File);
        Assert.AreEqual(
            $"GOCACHE is 'off' (go derives it from HOME or XDG_CACHE_HOME/GOPATH, and none is set), and the fallback '{Fallback}/cache' is not writable either " +
            $"(Access to the path '{Fallback}/cache' is denied: Permission denied). Fix: set GOCACHE to a writable absolute directory in GoEnvironment or the environment.",
            d.Message);
    }

    [TestMethod]
    public void WindowsAbsolutePathsAreUsable()
    {
        var platform = new FakePlatform(isWindows: true);
        var diagnostics = new DiagnosticBag();
        var overrides = new GoCacheDirectories(platform).Check(Env(@"C:\Users\dev\AppData\Local\go-build", "D:/gomod"), @"C:\src\App\obj\go\fallback", null, diagnostics);
        Assert.AreEqual(0, overrides.Count);
        Assert.AreEqual(0, diagnostics.Items.Count);

        overrides = new GoCacheDirectories(platform).Check(Env("go-build", @"D:\gomod"), @"C:\src\App\obj\go\fallback", null, diagnostics);
        Assert.AreEqual(@"C:\src\App\obj\go\fallback\cache", overrides["GOCACHE"]);
    }
}
