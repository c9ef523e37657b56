using System.Collections.Generic;
using System.IO;
using System.Linq;
using GoToolchain.Build.Generate;
using GoToolchain.Build.Modules;
using GoToolchain.Build.Proxy;
using GoToolchain.Build.Tests.Generate;
using GoToolchain.Build.Versions;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.Tests.Proxy;

/// <summary>
/// `//go:generate go tool gentool` (Go 1.24+ tool line) in the download check: the tool's module is needed when go
/// generate will run that directive and it is neither in the module cache nor vendored. Each verdict is checked against
/// a real go 1.27 (`go generate` with GOPROXY=off failing or passing on the same cache).
/// </summary>
[TestClass]
[TestCategory("toolchain")]
public class GoToolDownloadNeedsTests
{
    private const string GoVersion = "1.27";

    private const string GoMod = "module example.com/app\n\ngo 1.24\n\ntool example.com/gentool/cmd/gentool\n\nrequire example.com/gentool v1.0.0 // indirect\n";

    /// <summary>A module whose root package runs the tool and whose ./other package (not imported) runs it too; go.sum and a warm cache by go.</summary>
    private static (ProxyWorld World, string Module, string WarmCache) Create()
    {
        var world = new ProxyWorld();
        FileProxy.AddModule(world.FileProxyDirectory, GenToolModule.ModulePath, GenToolModule.Version, "1.22", GenToolModule.Files);
        var module = Path.Combine(world.Root, "app");
        Directory.CreateDirectory(Path.Combine(module, "other"));
        File.WriteAllText(Path.Combine(module, "go.mod"), GoMod);
        File.WriteAllText(Path.Combine(module, "app.go"), "package app\n\n//go:generate go tool gentool gen.go\n");
        File.WriteAllText(Path.Combine(module, "other", "other.go"), "package other\n");
        var warm = Path.Combine(world.Root, "warm-app");
        var download = world.GoWith(GoVersion, module, Env(world, warm, FileProxy.Url(world.FileProxyDirectory)), "mod", "download", "all");
        Assert.AreEqual(0, download.ExitCode, download.ToString());
        return (world, module, warm);
    }

    private static Dictionary<string, string> Env(ProxyWorld world, string cache, string proxy)
        => new() { ["GOMODCACHE"] = cache, ["GOPROXY"] = proxy, ["GOSUMDB"] = "off" };

    private static ModuleNeeds Analyze(ProxyWorld world, string module, string cache, GenerateScope? generate)
    {
        var settings = world.Module("off", cache).Settings;
        return new DownloadNeeds(settings).Analyze(module, GoModFile.Load(Path.Combine(module, "go.mod")), ".", null, null, generate);
    }

    private static bool GeneratesOffline(ProxyWorld world, string module, string cache, string package = "./...")
        => world.GoWith(GoVersion, module, Env(world, cache, "off"), "generate", package).ExitCode == 0;

    [TestMethod]
    public void AColdCacheNeedsTheToolsModuleWhenTheDirectiveRuns()
    {
        var (world, module, _) = Create();
        using (world)
        {
            var cold = world.NewEmptyCache();
            var needed = Analyze(world, module, cold, GenerateScope.BuildPackages).Downloads.Single();
            Assert.AreEqual("example.com/gentool@v1.0.0", needed.ToString());
            Assert.IsTrue(needed.Certain);
            Assert.AreEqual(7, needed.Line, "the require line of the tool's module");
            Assert.AreEqual("tool example.com/gentool/cmd/gentool run by `//go:generate go tool gentool` (app.go:3)", needed.Why);
            Assert.IsTrue(needed.GoSumHasHashes);
            Assert.IsFalse(GeneratesOffline(world, module, cold), "go generate needs the download");

            Assert.IsEmpty(Analyze(world, module, cold, null).Downloads, "generation off: go build alone needs nothing");
            Assert.AreEqual(0, world.GoWith(GoVersion, module, Env(world, cold, "off"), "build", "./...").ExitCode);
        }
    }

    [TestMethod]
    public void AWarmCacheNeedsNothing()
    {
        var (world, module, warm) = Create();
        using (world)
        {
            Assert.IsEmpty(Analyze(world, module, warm, GenerateScope.BuildPackages).Downloads);
            Assert.IsTrue(GeneratesOffline(world, module, warm));
            Assert.AreEqual($"package app\n\nconst GeneratedBy = \"gentool {RealGoVersion()}\"\n", File.ReadAllText(Path.Combine(module, "gen.go")));
        }
    }

    [TestMethod]
    public void OnlyDirectivesInTheGenerateScopeCount()
    {
        var (world, module, _) = Create();
        using (world)
        {
            File.WriteAllText(Path.Combine(module, "app.go"), "package app\n");
            File.WriteAllText(Path.Combine(module, "other", "other.go"), "package other\n\n//go:generate go tool example.com/gentool/cmd/gentool gen.go\n");
            var cold = world.NewEmptyCache();
            Assert.IsEmpty(Analyze(world, module, cold, GenerateScope.BuildPackages).Downloads, "./other is not a package the build compiles");
            Assert.IsTrue(GeneratesOffline(world, module, cold, "."));

            var whole = Analyze(world, module, cold, GenerateScope.Parse("./...")).Downloads.Single();
            Assert.IsTrue(whole.Certain);
            StringAssert.Contains(whole.Why, "(other/other.go:3)");
            Assert.IsFalse(GeneratesOffline(world, module, cold, "./..."));

            // A file go generate selects only for another GOOS: maybe needed (probed, never failing the build), as go skips it here.
            File.Move(Path.Combine(module, "other", "other.go"), Path.Combine(module, "other", "other_windows.go"));
            Assert.IsFalse(Analyze(world, module, cold, GenerateScope.Parse("./...")).Downloads.Single().Certain);
            Assert.IsTrue(GeneratesOffline(world, module, cold, "./..."));
        }
    }

    [TestMethod]
    public void AVendoredToolNeedsNoDownloadAndAMissingOneIsNamed()
    {
        var (world, module, warm) = Create();
        using (world)
        {
            var vendor = world.GoWith(GoVersion, module, Env(world, warm, "off"), "mod", "vendor");
            Assert.AreEqual(0, vendor.ExitCode, vendor.ToString());
            var cold = world.NewEmptyCache();

            var needs = Analyze(world, module, cold, GenerateScope.BuildPackages);
            Assert.IsEmpty(needs.Downloads);
            CollectionAssert.Contains(needs.Notes, "tool example.com/gentool/cmd/gentool (`//go:generate go tool gentool` (app.go:3)) is built from vendor/");
            Assert.IsTrue(GeneratesOffline(world, module, cold));

            Directory.Delete(Path.Combine(module, "vendor", "example.com"), true);
            File.WriteAllText(Path.Combine(module, "vendor", "modules.txt"), "# example.com/gentool v1.0.0\n## explicit; go 1.22\n");
            StringAssert.Contains(Analyze(world, module, cold, GenerateScope.BuildPackages).Notes.Last(), "is not in vendor/modules.txt");
            Assert.IsFalse(GeneratesOffline(world, module, cold));
        }
    }

    private static string RealGoVersion() => "go" + Toolchain.RealGo.Version(GoVersion).Text;
}
