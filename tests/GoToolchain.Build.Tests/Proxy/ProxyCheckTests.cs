using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using GoToolchain.Build.Diagnostics;
using GoToolchain.Build.Modules;
using GoToolchain.Build.Proxy;
using GoToolchain.Build.Toolchain;
using GoToolchain.Build.Versions;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using GoToolchain.Build.Testing;

namespace GoToolchain.Build.Tests.Proxy;

/// <summary>The whole check: settings, need, probes in parallel within the budget, and the verdict.</summary>
[TestClass]
[TestCategory("toolchain")]
public class ProxyCheckTests
{
    private const int BudgetSeconds = 2;

    private static ProxyCheckResult Run(ProxyCheckModule module, ProxyCheckMode mode = ProxyCheckMode.Auto, string label = "")
    {
        var watch = Stopwatch.StartNew();
        var result = new ProxyCheck().Run(mode, TimeSpan.FromSeconds(BudgetSeconds), new[] { module }, GoVersion.Parse("1.23.5"), "/p/App.csproj", CancellationToken.None);
        watch.Stop();
        Console.WriteLine($"check {label} GOPROXY={DoctorReport.RedactCredentials(module.Settings.GoProxy)}: {result.RequestsStarted} request(s), measured {watch.Elapsed.TotalSeconds:0.000} s (budget {BudgetSeconds} s)");
        foreach (var d in result.Diagnostics.Items) Console.WriteLine($"  {d.Severity} {d.Code} {d.File}:{d.Line}: {d.Message}");
        Assert.IsLessThanOrEqualTo(BudgetSeconds + 1, watch.Elapsed.TotalSeconds, "the check returns within GoProxyTimeoutSeconds + 1 s");
        return result;
    }

    private static Diagnostic[] Errors(ProxyCheckResult r) => r.Diagnostics.Items.Where(d => d.Severity == Severity.Error).ToArray();

    [TestMethod]
    public void HangingProxyWithAColdCacheFailsFastNamingModuleAndProxy()
    {
        using var world = new ProxyWorld();
        using var hang = new LoopbackServer(ServerBehaviour.Hang);
        var result = Run(world.Module(hang.BaseUrl, world.NewEmptyCache()), label: "hanging-proxy");
        var error = Errors(result).Single();
        Assert.AreEqual(Codes.ModuleDownloadImpossible, error.Code);
        Assert.AreEqual(world.GoModPath, error.File);
        Assert.AreEqual(world.RequireLineOfM, error.Line);
        StringAssert.Contains(error.Message, "example.com/m@v1.0.0");
        StringAssert.Contains(error.Message, hang.BaseUrl);
        StringAssert.Contains(error.Message, "90 s");
        StringAssert.Contains(error.Message, "vendor/");
        Console.WriteLine($"BENCHMARK hanging-proxy-check-seconds={result.NetworkTime.TotalSeconds:0.000}");
    }

    [TestMethod]
    public void WarmCacheStartsNoProbe()
    {
        using var world = new ProxyWorld();
        using var hang = new LoopbackServer(ServerBehaviour.Hang);
        var result = Run(world.Module(hang.BaseUrl, world.WarmCache));
        Assert.AreEqual(0, result.RequestsStarted);
        Assert.AreEqual(0, hang.Requests, "no request reached the server");
        Assert.IsEmpty(Errors(result));
    }

    [TestMethod]
    public void CompleteVendorDirectoryStartsNoProbe()
    {
        using var world = new ProxyWorld();
        Assert.AreEqual(0, world.Go("1.23", world.ModuleDirectory, world.WarmCache, "off", "mod", "vendor").ExitCode);
        using var hang = new LoopbackServer(ServerBehaviour.Hang);
        var result = Run(world.Module(hang.BaseUrl, world.NewEmptyCache()));
        Assert.AreEqual(0, hang.Requests);
        Assert.IsEmpty(Errors(result));
    }

    /// <summary>As go walks GOPROXY: ',' falls through only on 404/410, '|' on any error.</summary>
    [TestMethod]
    [DataRow("404", ",", false)]
    [DataRow("410", ",", false)]
    [DataRow("403", ",", true)]
    [DataRow("500", ",", true)]
    [DataRow("500", "|", false)]
    [DataRow("refused", ",", true)]
    [DataRow("refused", "|", false)]
    [DataRow("loop", ",", true)]
    [DataRow("loop", "|", false)]
    [DataRow("hang", ",", true)]
    [DataRow("hang", "|", false)]
    [DataRow("dns", ",", true)]
    [DataRow("dns", "|", false)]
    public void FallThroughToAFileProxy(string first, string separator, bool fails)
    {
        using var world = new ProxyWorld();
        using var server = first switch
        {
            "loop" => new LoopbackServer(ServerBehaviour.RedirectToSelf),
            "hang" => new LoopbackServer(ServerBehaviour.Hang),
            "refused" or "dns" => null,
            _ => new LoopbackServer(ServerBehaviour.Status, int.Parse(first)),
        };
        var firstUrl = first switch
        {
            "refused" => $"http://127.0.0.1:{LoopbackServer.RefusedPort()}",
            "dns" => "https://proxy.golang.org",
            _ => server!.BaseUrl,
        };
        var goProxy = firstUrl + separator + FileProxy.Url(world.FileProxyDirectory);
        var result = Run(world.Module(goProxy, world.NewEmptyCache()), label: $"{first}{separator}file");
        var code = first == "403" ? Codes.ProxyCredentialsMissing : Codes.ModuleDownloadImpossible; // a 401/403 go sends no credentials to
        Assert.AreEqual(fails, Errors(result).Any(e => e.Code == code), string.Join("\n", result.Report));

        // go agrees (the file proxy is the only way the module can come). Not for a hanging server: go would wait 90 s.
        if (first == "hang") return;
        var cold = world.NewEmptyCache();
        var go = world.Go("1.23", world.ModuleDirectory, cold, goProxy, "mod", "download", "example.com/m");
        Assert.AreEqual(fails, go.ExitCode != 0, go.ToString());
    }

    [TestMethod]
    [DynamicData(nameof(Toolchains.All), typeof(Toolchains))]
    public void FileProxyVerdictIsConfirmedByGoBuild(string version)
    {
        using var world = new ProxyWorld();
        var goProxy = FileProxy.Url(world.FileProxyDirectory);
        var result = Run(world.Module(goProxy, world.NewEmptyCache()), label: "file-proxy");
        Assert.IsEmpty(Errors(result));
        Assert.IsTrue(result.Report.Any(l => l.Contains("example.com/m@v1.0.0: downloadable")), string.Join("\n", result.Report));

        var cold = world.NewEmptyCache();
        var build = world.GoWith(version, world.ModuleDirectory,
            new Dictionary<string, string> { ["GOMODCACHE"] = cold, ["GOPROXY"] = goProxy }, // default GOSUMDB: go.sum is complete
            "build", "-o", Path.Combine(world.Root, "bin-" + version), ".");
        Assert.AreEqual(0, build.ExitCode, build.ToString());
    }

    [TestMethod]
    public void GoProxyOffWithAColdCacheFails()
    {
        using var world = new ProxyWorld();
        var error = Errors(Run(world.Module("off", world.NewEmptyCache()))).Single();
        StringAssert.Contains(error.Message, "module lookup disabled by GOPROXY=off");
    }

    [TestMethod]
    public void NetworkModeWarnsAboutABrokenProxyItDoesNotNeed()
    {
        using var world = new ProxyWorld();
        using var server = new LoopbackServer(ServerBehaviour.Status, 500);
        var result = Run(world.Module(server.BaseUrl, world.WarmCache), ProxyCheckMode.Network);
        Assert.IsEmpty(Errors(result));
        Assert.AreEqual(Codes.ProxyBroken, result.Diagnostics.Items.Single(d => d.Severity == Severity.Warning).Code);
        Assert.AreEqual(1, server.Requests);
    }

    [TestMethod]
    public void ConfigModeNeverTouchesTheNetwork()
    {
        using var world = new ProxyWorld();
        using var hang = new LoopbackServer(ServerBehaviour.Hang);
        var result = Run(world.Module(hang.BaseUrl, world.NewEmptyCache()), ProxyCheckMode.Config);
        Assert.AreEqual(0, hang.Requests);
        Assert.IsEmpty(Errors(result));
    }

    [TestMethod]
    public void ChecksumDatabaseThatHangsIsAnErrorWhenGoSumLacksTheHashes()
    {
        using var world = new ProxyWorld();
        File.Delete(Path.Combine(world.ModuleDirectory, "go.sum"));
        using var sumdb = new LoopbackServer(ServerBehaviour.Hang);
        // -mod=mod: go adds the missing go.sum lines and asks the database (with the default readonly it fails at
        // 'missing go.sum entry' before any download, so nothing is probed then).
        var readonlyResult = Run(world.Module(FileProxy.Url(world.FileProxyDirectory), world.NewEmptyCache(),
            new Dictionary<string, string?> { ["GOSUMDB"] = $"sum.gotb.test+key {sumdb.BaseUrl}" }));
        Assert.AreEqual(0, readonlyResult.RequestsStarted);
        Assert.IsEmpty(Errors(readonlyResult));
        var module = world.Module(FileProxy.Url(world.FileProxyDirectory), world.NewEmptyCache(),
            new Dictionary<string, string?> { ["GOSUMDB"] = $"sum.gotb.test+key {sumdb.BaseUrl}", ["GOFLAGS"] = "-mod=mod" });
        var result = Run(module, label: "hanging-sumdb");
        Assert.AreEqual(Codes.ChecksumDatabaseUnreachable, Errors(result).Single().Code);
        Assert.IsTrue(result.Diagnostics.Items.Any(d => d.Code == Codes.FileProxyWithChecksumDatabase), "the file:// proxy + sumdb finding");
        StringAssert.Contains(sumdb.RequestLines.Single(), "/lookup/example.com/m@v1.0.0");

        var exempt = world.Module(FileProxy.Url(world.FileProxyDirectory), world.NewEmptyCache(),
            new Dictionary<string, string?> { ["GOSUMDB"] = $"sum.gotb.test+key {sumdb.BaseUrl}", ["GONOSUMDB"] = "example.com", ["GOFLAGS"] = "-mod=mod" });
        Assert.IsEmpty(Run(exempt).Diagnostics.Items.Where(d => d.Severity != Severity.Message));
    }

    [TestMethod]
    public void GoPrivateMakesTheModuleBypassTheFileProxy()
    {
        using var world = new ProxyWorld();
        var module = world.Module(FileProxy.Url(world.FileProxyDirectory), world.NewEmptyCache(), new Dictionary<string, string?> { ["GOPRIVATE"] = "example.com" });
        var result = Run(module);
        Assert.IsTrue(result.Diagnostics.Items.Any(d => d.Code == Codes.PrivatePatternBypassesProxy));
        // go goes to https://example.com/m?go-get=1, which does not resolve here.
        StringAssert.Contains(Errors(result).Single().Message, "GONOPROXY");

        var fixedModule = world.Module(FileProxy.Url(world.FileProxyDirectory), world.NewEmptyCache(),
            new Dictionary<string, string?> { ["GOPRIVATE"] = "example.com", ["GONOPROXY"] = "none" });
        Assert.IsEmpty(Errors(Run(fixedModule)));
    }

    [TestMethod]
    public void CredentialsNeverAppearAndHttpCredentialsAreRefused()
    {
        using var world = new ProxyWorld();
        using var server = new LoopbackServer(ServerBehaviour.Status, 200);
        var result = Run(world.Module($"http://alice:s3cr3tPW@127.0.0.1:{server.Port}", world.NewEmptyCache()), ProxyCheckMode.Network);
        Assert.AreEqual(0, server.Requests, "go sends nothing to an http:// URL with credentials");
        Assert.IsTrue(result.Diagnostics.Items.Any(d => d.Code == Codes.ProxyCredentialsOverHttp));
        Assert.AreEqual(Codes.ModuleDownloadImpossible, Errors(result).Single().Code);
        var everything = string.Join("\n", result.Report.Concat(result.Diagnostics.Items.Select(d => d.Message)));
        Assert.DoesNotContain("s3cr3tPW", everything);
        StringAssert.Contains(everything, "alice:xxxxx@");
    }

    [TestMethod]
    public void InvalidGoProxyIsAWarningUntilSomethingMustBeDownloaded()
    {
        using var world = new ProxyWorld();
        var warm = Run(world.Module("ftp://mirror", world.WarmCache));
        Assert.AreEqual(Codes.GoProxyInvalid, warm.Diagnostics.Items.Single().Code);
        Assert.AreEqual(Severity.Warning, warm.Diagnostics.Items.Single().Severity);
        var cold = Errors(Run(world.Module("ftp://mirror", world.NewEmptyCache()))).Single();
        StringAssert.Contains(cold.Message, "invalid proxy URL scheme (must be https, http, file): ftp://mirror");
    }

    [TestMethod]
    public void ToolchainDownloadThroughAHangingProxy()
    {
        using var world = new ProxyWorld();
        using var hang = new LoopbackServer(ServerBehaviour.Hang);
        var result = Run(world.Module(hang.BaseUrl + ",direct", world.WarmCache, toolchainDownload: "go1.23.0"), label: "toolchain");
        var error = Errors(result).Single();
        Assert.AreEqual(Codes.ToolchainDownloadImpossible, error.Code);
        StringAssert.Contains(error.Message, "golang.org/toolchain@v0.0.1-go1.23.0.linux-amd64");
        StringAssert.Contains(error.Message, "GoToolchainMode=local");
        Assert.IsTrue(hang.RequestLines.Any(l => l.Contains("/golang.org/toolchain/@v/v0.0.1-go1.23.0.linux-amd64.info")), string.Join("\n", hang.RequestLines));
    }

    [TestMethod]
    public void ManyHangingProxiesStillFitTheBudget()
    {
        using var world = new ProxyWorld();
        var servers = Enumerable.Range(0, 4).Select(_ => new LoopbackServer(ServerBehaviour.Hang)).ToList();
        try
        {
            var goProxy = string.Join("|", servers.Select(s => s.BaseUrl));
            var result = Run(world.Module(goProxy, world.NewEmptyCache()), label: "4-hanging");
            Assert.AreEqual(Codes.ModuleDownloadImpossible, Errors(result).Single().Code);
            Assert.IsTrue(servers.All(s => s.Requests == 1), "probed in parallel");
        }
        finally
        {
            servers.ForEach(s => s.Dispose());
        }
    }

    [TestMethod]
    [DataRow("1.21.13", true)]
    [DataRow("1.23.5", true)]
    [DataRow("1.19.8", true)] // go build refuses it on 1.19 too (only 1.19 go generate ignores go.work)
    public void ModModInsideAWorkspaceIsAnErrorWhereGoRefusesIt(string local, bool error)
    {
        using var world = new ProxyWorld();
        var goWork = Path.Combine(world.Root, "go.work");
        File.WriteAllText(goWork, "go 1.21\n\nuse ./use\n");
        var module = world.Module("off", world.WarmCache, new Dictionary<string, string?> { ["GOFLAGS"] = "-mod=mod" });
        module.GoWork = GoToolchain.Build.Modules.GoWorkFile.Load(goWork);
        var result = new ProxyCheck().Run(ProxyCheckMode.Config, TimeSpan.FromSeconds(1), new[] { module }, GoVersion.Parse(local), "/p/App.csproj", CancellationToken.None);
        Assert.AreEqual(error, Errors(result).Any(e => e.Code == Codes.ModModInWorkspace && e.File == goWork));
        var go = world.GoWith(local.Substring(0, 4), world.ModuleDirectory,
            new Dictionary<string, string> { ["GOMODCACHE"] = world.WarmCache, ["GOPROXY"] = "off", ["GOFLAGS"] = "-mod=mod" }, "build", "-o", Path.Combine(world.Root, "b"), ".");
        Assert.AreEqual(error, go.ExitCode != 0, "go agrees: " + go);
    }

    [TestMethod]
    public void ChecksumDatabaseOffIsAWarningForPublicModules()
    {
        using var world = new ProxyWorld();
        var result = Run(world.Module("off", world.WarmCache, new Dictionary<string, string?> { ["GOSUMDB"] = "off" }));
        var warning = result.Diagnostics.Items.Single();
        Assert.AreEqual(Codes.ChecksumDatabaseOff, warning.Code);
        Assert.AreEqual(world.GoModPath, warning.File);
        Assert.IsEmpty(Run(world.Module("off", world.WarmCache, new Dictionary<string, string?> { ["GOSUMDB"] = "off", ["GOPRIVATE"] = "example.com" })).Diagnostics.Items);
    }
}
