using System;
using System.Collections.Generic;
using System.Linq;
using GoToolchain.Build.Proxy;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.Tests.Proxy;

[TestClass]

[TestCategory("unit")]
public class ProxyListTests
{
    private static string Describe(string? value)
    {
        var list = ProxyList.Parse(value, out var error);
        return error ?? string.Join(" ", list.Select(e => $"{e.Kind}:{e.Url}{(e.FallBackOnError ? "|" : "")}"));
    }

    [TestMethod]
    [DataRow(null, "Http:https://proxy.golang.org Direct:direct")]
    [DataRow("", "Http:https://proxy.golang.org Direct:direct")] // empty counts as unset
    [DataRow("off", "Off:off")]
    [DataRow("direct,https://ignored.example", "Direct:direct")] // go ignores what follows direct
    [DataRow("http://a.test/404,file:///srv/px", "Http:http://a.test/404 File:file:///srv/px")]
    [DataRow("http://a.test/500|file:///srv/px", "Http:http://a.test/500| File:file:///srv/px")]
    [DataRow("proxy.corp.example", "Http:https://proxy.corp.example")] // go adds https:// to a bare host
    [DataRow(" https://a.test , ,off,https://b.test", "Http:https://a.test Off:off")]
    [DataRow("bad url", "invalid proxy URL missing scheme: bad%20url")]
    [DataRow("ftp://x", "invalid proxy URL scheme (must be https, http, file): ftp://x")]
    [DataRow(",", "GOPROXY list is not the empty string, but contains no entries")]
    [DataRow("file://host/dir", "invalid file:// proxy URL with non-path elements: file://host/dir")]
    public void ParsesLikeGo(string? value, string expected) => Assert.AreEqual(expected, Describe(value));

    [TestMethod]
    public void ErrorsNeverShowThePassword()
    {
        ProxyList.Parse("ftp://alice:s3cr3tPW@x", out var error);
        Assert.IsNotNull(error);
        Assert.DoesNotContain("s3cr3tPW", error);
        var entry = ProxyList.Parse("https://alice:s3cr3tPW@proxy.test", out _).Single();
        Assert.AreEqual("https://alice:xxxxx@proxy.test", entry.Redacted);
    }
}

[TestClass]

[TestCategory("unit")]
public class ModulePathsTests
{
    [TestMethod]
    [DataRow("github.com/Azure/azure-sdk", "github.com/!azure/azure-sdk")]
    [DataRow("example.com/m", "example.com/m")]
    [DataRow("v1.0.0-RC1", "v1.0.0-!r!c1")]
    public void EscapesUpperCase(string path, string escaped) => Assert.AreEqual(escaped, ModulePaths.Escape(path));

    [TestMethod]
    [DataRow("example.com", "example.com/m", true)]
    [DataRow("example.com", "example.community/m", false)]
    [DataRow("*.corp.internal", "git.corp.internal/team/x", true)]
    [DataRow("*.corp.internal", "corp.internal/x", false)]
    [DataRow("github.com/acme", "github.com/acme/tool", true)]
    [DataRow("github.com/acme", "github.com/acmecorp/tool", false)]
    [DataRow("github.com/acme/tool/sub", "github.com/acme/tool", false)] // more elements than the target
    [DataRow("none", "example.com/m", false)]
    [DataRow("other.test,example.com/", "example.com/m", true)]
    [DataRow("github.com/a?me", "github.com/acme/x", true)]
    [DataRow("", "example.com/m", false)]
    public void MatchesPrefixPatternsLikeGo(string globs, string target, bool expected)
        => Assert.AreEqual(expected, ModulePaths.MatchPrefixPatterns(globs, target));
}

[TestClass]

[TestCategory("unit")]
public class ProxySettingsTests
{
    [TestMethod]
    public void ModuleEnvironmentWinsAndGoPrivateMovesTheDefaults()
    {
        var probed = new Dictionary<string, string> { ["GOPROXY"] = "https://proxy.golang.org,direct", ["GONOPROXY"] = "", ["GOFLAGS"] = "-mod=mod" };
        var build = new Dictionary<string, string?> { ["GOPROXY"] = "file:///px" };
        var module = new Dictionary<string, string?> { ["GOPRIVATE"] = "example.com", ["GOFLAGS"] = "" };
        var s = new ProxySettings(probed, build, module);
        Assert.AreEqual("file:///px", s.GoProxy);
        Assert.AreEqual("example.com", s.GoNoProxy);
        Assert.AreEqual("example.com", s.GoNoSumDb);
        Assert.AreEqual("mod", s.ModFlag, "an empty entry falls back to the go env value, as go's cfg.Getenv does");
        Assert.IsTrue(s.BypassesProxy("example.com/m"));
        Assert.IsTrue(s.SkipsSumDb("example.com/m"));
        Assert.IsFalse(s.SkipsSumDb("golang.org/x/mod"));
    }

    [TestMethod]
    [DataRow("", "sum.golang.org", "https://sum.golang.org")]
    [DataRow("sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8", "sum.golang.org", "https://sum.golang.org")]
    [DataRow("sum.example+key https://sumdb.example/db/", "sum.example", "https://sumdb.example/db")]
    public void ChecksumDatabaseEndpoint(string value, string name, string url)
    {
        var s = new ProxySettings(new Dictionary<string, string> { ["GOSUMDB"] = value });
        Assert.AreEqual((name, url), s.SumDbEndpoint);
    }
}

[TestClass]

[TestCategory("unit")]
public class EnvironmentWebProxyTests
{
    private static EnvironmentWebProxy Proxy(params (string Name, string Value)[] env)
        => new(name => env.Where(e => e.Name == name).Select(e => e.Value).FirstOrDefault());

    [TestMethod]
    public void HttpsUsesHttpsProxyAndHttpUsesHttpProxy()
    {
        var p = Proxy(("HTTPS_PROXY", "secure.proxy:3128"), ("http_proxy", "http://plain.proxy:8080"));
        Assert.AreEqual(new Uri("http://secure.proxy:3128"), p.ProxyFor(new Uri("https://proxy.golang.org/x")));
        Assert.AreEqual(new Uri("http://plain.proxy:8080"), p.ProxyFor(new Uri("http://mirror.test/x")));
    }

    [TestMethod]
    public void UpperCaseWins()
    {
        var p = Proxy(("HTTPS_PROXY", "http://upper:1"), ("https_proxy", "http://lower:2"));
        Assert.AreEqual(new Uri("http://upper:1"), p.ProxyFor(new Uri("https://x.test")));
    }

    [TestMethod]
    [DataRow("https://localhost/x")]
    [DataRow("https://127.0.0.1:8443/x")]
    [DataRow("https://[::1]/x")]
    public void LoopbackIsNeverProxied(string url)
        => Assert.IsNull(Proxy(("HTTPS_PROXY", "http://p:1")).ProxyFor(new Uri(url)));

    [TestMethod]
    [DataRow("corp.example", "https://corp.example/x", true)]
    [DataRow("corp.example", "https://git.corp.example/x", true)]
    [DataRow(".corp.example", "https://corp.example/x", false)]
    [DataRow(".corp.example", "https://git.corp.example/x", true)]
    [DataRow("*.corp.example", "https://git.corp.example/x", true)]
    [DataRow("corp.example:8443", "https://corp.example/x", false)]
    [DataRow("corp.example:8443", "https://corp.example:8443/x", true)]
    [DataRow("10.0.0.0/8", "https://10.1.2.3/x", true)]
    [DataRow("10.0.0.0/8", "https://11.1.2.3/x", false)]
    [DataRow("192.168.1.5", "https://192.168.1.5/x", true)]
    [DataRow("*", "https://anything.test/x", true)]
    [DataRow("other.test", "https://corp.example/x", false)]
    public void NoProxyRules(string noProxy, string url, bool bypassed)
        => Assert.AreEqual(bypassed, Proxy(("HTTPS_PROXY", "http://p:1"), ("no_proxy", noProxy)).ProxyFor(new Uri(url)) is null);
}
