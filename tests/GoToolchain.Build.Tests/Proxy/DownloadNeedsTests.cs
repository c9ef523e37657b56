using System.IO;
using System.Linq;
using GoToolchain.Build.Proxy;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.Tests.Proxy;

/// <summary>
/// What the build needs from the network, checked against the same cache states as go itself
/// (each "needed" case is confirmed by a real `go build` with GOPROXY=off failing, each "not needed" by it passing).
/// </summary>
[TestClass]
[TestCategory("toolchain")]
public class DownloadNeedsTests
{
    private static ModuleNeeds Analyze(ProxyWorld world, string cache, string package = ".", string? toolchain = null)
    {
        var module = world.Module("off", cache, toolchainDownload: toolchain);
        return new DownloadNeeds(module.Settings).Analyze(world.ModuleDirectory, module.GoMod, package, null, toolchain);
    }

    /// <summary>go's own answer: does an offline build work with this cache?</summary>
    private static bool GoBuildsOffline(ProxyWorld world, string cache, string version = "1.23")
        => world.Go(version, world.ModuleDirectory, cache, "off", "build", "-o", Path.Combine(world.Root, "out-bin"), ".").ExitCode == 0;

    [TestMethod]
    public void WarmCacheNeedsNothing()
    {
        using var world = new ProxyWorld();
        Assert.IsEmpty(Analyze(world, world.WarmCache).Downloads);
        Assert.IsTrue(GoBuildsOffline(world, world.WarmCache));
    }

    [TestMethod]
    public void EmptyCacheNeedsTheImportedModuleOnly()
    {
        using var world = new ProxyWorld();
        var cache = world.NewEmptyCache();
        var needs = Analyze(world, cache);
        Assert.AreEqual("example.com/m@v1.0.0", needs.Downloads.Single().Path + "@" + needs.Downloads.Single().Version,
            "go 1.21 prunes the graph: example.com/unused provides no package, so go does not fetch it");
        Assert.IsTrue(needs.Downloads[0].Certain);
        Assert.AreEqual(world.RequireLineOfM, needs.Downloads[0].Line);
        Assert.IsTrue(needs.Downloads[0].GoSumHasHashes);
        Assert.IsFalse(GoBuildsOffline(world, cache));
    }

    [TestMethod]
    [DataRow("zip", true)]          // zip and ziphash gone, extracted dir kept: go downloads the zip again
    [DataRow("mod", true)]          // .mod gone: go fetches it
    [DataRow("info", false)]        // .info is not read by go build
    [DataRow("extracted", false)]   // go re-extracts from the zip in the cache
    [DataRow("ziponly", false)]     // extracted dir + .ziphash are enough
    [DataRow("unused", false)]      // a pruned requirement that provides no package
    public void CacheStatesAsGoSeesThem(string removed, bool needed)
    {
        using var world = new ProxyWorld();
        var cache = world.CopyOfWarmCache();
        var m = Path.Combine(cache, "cache", "download", "example.com", "m", "@v");
        switch (removed)
        {
            case "zip": File.Delete(Path.Combine(m, "v1.0.0.zip")); File.Delete(Path.Combine(m, "v1.0.0.ziphash")); break;
            case "mod": File.Delete(Path.Combine(m, "v1.0.0.mod")); break;
            case "info": File.Delete(Path.Combine(m, "v1.0.0.info")); break;
            case "extracted": Directory.Delete(Path.Combine(cache, "example.com", "m@v1.0.0"), true); break;
            case "ziponly": File.Delete(Path.Combine(m, "v1.0.0.zip")); break;
            case "unused": Directory.Delete(Path.Combine(cache, "cache", "download", "example.com", "unused"), true); Directory.Delete(Path.Combine(cache, "example.com", "unused@v1.0.0"), true); break;
        }
        Assert.AreEqual(needed, Analyze(world, cache).Downloads.Count > 0, "our analysis");
        Assert.AreEqual(!needed, GoBuildsOffline(world, cache), "go itself");
    }

    [TestMethod]
    public void BelowGo117EveryRequirementsGoModIsNeeded()
    {
        using var world = new ProxyWorld(goLine: "1.16");
        var cache = world.CopyOfWarmCache();
        File.Delete(Path.Combine(cache, "cache", "download", "example.com", "unused", "@v", "v1.0.0.mod"));
        var needs = Analyze(world, cache);
        Assert.AreEqual("example.com/unused", needs.Downloads.Single().Path);
        Assert.IsTrue(needs.Downloads[0].Certain);
        Assert.IsFalse(GoBuildsOffline(world, cache), "go 1.16 semantics load the full graph");
    }

    [TestMethod]
    public void VendorDirectoryMeansNoDownloads()
    {
        using var world = new ProxyWorld();
        var vendor = world.Go("1.23", world.ModuleDirectory, world.WarmCache, "off", "mod", "vendor");
        Assert.AreEqual(0, vendor.ExitCode, vendor.ToString());
        var cold = world.NewEmptyCache();
        var needs = Analyze(world, cold);
        Assert.IsEmpty(needs.Downloads);
        StringAssert.Contains(needs.Notes.Single(), "vendor/");
        Assert.IsTrue(GoBuildsOffline(world, cold));
    }

    [TestMethod]
    public void DirectoryReplacementNeedsNothingAndModuleReplacementNeedsTheTarget()
    {
        using var world = new ProxyWorld();
        var local = Path.Combine(world.Root, "localm");
        Directory.CreateDirectory(local);
        File.WriteAllText(Path.Combine(local, "go.mod"), "module example.com/m\n\ngo 1.19\n");
        File.WriteAllText(Path.Combine(local, "m.go"), "package m\n\nfunc Hello() string { return \"local\" }\n");
        File.AppendAllText(world.GoModPath, $"\nreplace example.com/m => {local}\n");
        Assert.IsEmpty(Analyze(world, world.NewEmptyCache()).Downloads);

        File.WriteAllText(world.GoModPath, File.ReadAllText(world.GoModPath).Replace($"replace example.com/m => {local}", "replace example.com/m v1.0.0 => example.com/fork v1.2.0"));
        var needs = Analyze(world, world.WarmCache);
        Assert.AreEqual("example.com/fork@v1.2.0", needs.Downloads.Single().Path + "@" + needs.Downloads.Single().Version);
    }

    [TestMethod]
    public void WorkspaceModulesAreOnDiskNotDownloaded()
    {
        // Observed with go 1.23: when the build ALSO imports a module from the cache, go loads the workspace module's
        // go.mod at its required version (v0.0.0) from GOPROXY. The check does not predict that (it never errs for it).
        using var world = new ProxyWorld();
        var other = Path.Combine(world.Root, "other");
        Directory.CreateDirectory(other);
        File.WriteAllText(Path.Combine(other, "go.mod"), "module example.com/other\n\ngo 1.21\n");
        File.WriteAllText(Path.Combine(other, "other.go"), "package other\n\nfunc X() {}\n");
        File.WriteAllText(world.GoModPath, File.ReadAllText(world.GoModPath).Replace("require (", "require (\n\texample.com/other v0.0.0"));
        File.WriteAllText(Path.Combine(world.ModuleDirectory, "main.go"), "package main\n\nimport \"example.com/other\"\n\nfunc main() { other.X() }\n");
        var goWork = Path.Combine(world.Root, "go.work");
        File.WriteAllText(goWork, "go 1.21\n\nuse (\n\t./use\n\t./other\n)\n");
        var module = world.Module("off", world.WarmCache);
        var needs = new DownloadNeeds(module.Settings).Analyze(world.ModuleDirectory, module.GoMod, ".", GoToolchain.Build.Modules.GoWorkFile.Load(goWork), null);
        Assert.IsEmpty(needs.Downloads, string.Join(", ", needs.Downloads));
        var go = world.Go("1.23", world.ModuleDirectory, world.WarmCache, "off", "build", "-o", Path.Combine(world.Root, "ws-bin"), ".");
        Assert.AreEqual(0, go.ExitCode, "go agrees: " + go);
    }

    [TestMethod]
    public void ImportsFromConstrainedFilesAreOnlyMaybeNeeded()
    {
        using var world = new ProxyWorld();
        File.WriteAllText(Path.Combine(world.ModuleDirectory, "main.go"), "package main\n\nfunc main() {}\n");
        File.WriteAllText(Path.Combine(world.ModuleDirectory, "win_windows.go"), "package main\n\nimport _ \"example.com/m\"\n");
        var needs = Analyze(world, world.NewEmptyCache());
        Assert.IsFalse(needs.Downloads.Single().Certain);
    }

    [TestMethod]
    public void ToolchainDownloadIsNeededUnlessCached()
    {
        using var world = new ProxyWorld();
        var needs = Analyze(world, world.WarmCache, toolchain: "go1.23.0");
        var t = needs.Downloads.Single();
        Assert.IsTrue(t.IsToolchain);
        Assert.AreEqual("golang.org/toolchain@v0.0.1-go1.23.0.linux-amd64", t.Path + "@" + t.Version);
    }

    [TestMethod]
    public void ParsesImportForms()
    {
        var imports = DownloadNeeds.ParseImports("// c\npackage p\n\nimport \"a.test/x\"\nimport y \"b.test/y\"\nimport (\n\t\"fmt\"\n\t_ \"c.test/z\" // why\n\t/* no */\n\t. \"d.test/w\"\n)\n\nfunc f() { _ = \"import \\\"e.test/no\\\"\" }\n");
        CollectionAssert.AreEqual(new[] { "a.test/x", "b.test/y", "fmt", "c.test/z", "d.test/w" }, imports);
    }

    [TestMethod]
    public void ImportsCarryTheirLine()
    {
        var imports = DownloadNeeds.ParseImportLines("package conf\n\nimport (\n\t\"strings\"\n\n\t\"example.com/yaml\"\n)\n\nimport \"example.com/x\"\n");
        CollectionAssert.AreEqual(new[] { ("strings", 4), ("example.com/yaml", 6), ("example.com/x", 9) }, imports);
    }
}
