using System;
using System.Diagnostics;
using System.Threading;
using GoToolchain.Build.Proxy;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.Tests.Proxy;

/// <summary>Each misbehaviour against a real server on 127.0.0.1: the classification, and the time it took.</summary>
[TestClass]
[TestCategory("unit")]
public class ProxyProberTests
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(2);

    private static (ProbeResult Result, TimeSpan Elapsed) Probe(string proxyBase, Func<string, string?>? env = null)
    {
        using var prober = new ProxyProber(env ?? (_ => null));
        using var deadline = new CancellationTokenSource(Budget);
        var watch = Stopwatch.StartNew();
        var result = prober.ProbeAsync(ProxyProber.ModuleInfoUrl(proxyBase, "example.com/m", "v1.0.0"), deadline.Token).GetAwaiter().GetResult();
        watch.Stop();
        Console.WriteLine($"probe {GoToolchain.Build.Toolchain.DoctorReport.RedactCredentials(proxyBase)}: {result.Outcome}: {result.Detail} — measured {watch.Elapsed.TotalSeconds:0.000} s (budget {Budget.TotalSeconds} s)");
        Assert.IsLessThanOrEqualTo(Budget.TotalSeconds + 1, watch.Elapsed.TotalSeconds, "returned within the budget + 1 s");
        return (result, watch.Elapsed);
    }

    [TestMethod]
    public void HangingServerIsATimeoutWithinTheBudget()
    {
        using var server = new LoopbackServer(ServerBehaviour.Hang);
        var (result, elapsed) = Probe(server.BaseUrl);
        Assert.AreEqual(ProbeOutcome.Timeout, result.Outcome);
        Assert.AreEqual(1, server.Requests, "the request reached the server, which never answered");
        Assert.IsGreaterThanOrEqualTo(Budget.TotalSeconds - 0.2, elapsed.TotalSeconds);
        Assert.IsTrue(result.CertainFailure);
    }

    [TestMethod]
    public void RedirectToItselfIsALoop()
    {
        using var server = new LoopbackServer(ServerBehaviour.RedirectToSelf);
        var (result, _) = Probe(server.BaseUrl);
        Assert.AreEqual(ProbeOutcome.RedirectLoop, result.Outcome);
        Assert.AreEqual(1, server.Requests, "the loop is seen at the first repeat, without go's 10 rounds");
    }

    [TestMethod]
    [DataRow(404, ProbeOutcome.NotFound, true)]
    [DataRow(410, ProbeOutcome.NotFound, true)]
    [DataRow(403, ProbeOutcome.Unauthorized, false)]
    [DataRow(401, ProbeOutcome.Unauthorized, false)]
    [DataRow(500, ProbeOutcome.ServerError, false)]
    [DataRow(200, ProbeOutcome.Ok, false)]
    public void StatusCodes(int status, ProbeOutcome outcome, bool fallsThroughOnComma)
    {
        using var server = new LoopbackServer(ServerBehaviour.Status, status);
        var (result, _) = Probe(server.BaseUrl);
        Assert.AreEqual(outcome, result.Outcome);
        Assert.AreEqual(status, result.Status);
        Assert.AreEqual(fallsThroughOnComma, result.IsNotExist);
        Assert.AreEqual("GET /example.com/m/@v/v1.0.0.info HTTP/1.1", server.RequestLines[0], "the request go itself makes");
    }

    [TestMethod]
    public void SlowServerWithinTheBudgetIsReachable()
    {
        using var server = new LoopbackServer(ServerBehaviour.Status, 200, delay: TimeSpan.FromSeconds(1));
        var (result, elapsed) = Probe(server.BaseUrl);
        Assert.AreEqual(ProbeOutcome.Ok, result.Outcome);
        Assert.IsGreaterThanOrEqualTo(0.9, elapsed.TotalSeconds);
    }

    [TestMethod]
    public void RefusedPort()
        => Assert.AreEqual(ProbeOutcome.ConnectionRefused, Probe($"http://127.0.0.1:{LoopbackServer.RefusedPort()}").Result.Outcome);

    [TestMethod]
    public void DnsFailureOfTheDefaultProxy()
    {
        // proxy.golang.org does not resolve on this machine: a real DNS failure.
        var (result, _) = Probe("https://proxy.golang.org");
        Assert.AreEqual(ProbeOutcome.DnsFailure, result.Outcome, result.Detail);
    }

    [TestMethod]
    public void CredentialsOverHttpAreRefusedWithoutARequest()
    {
        using var server = new LoopbackServer(ServerBehaviour.Status, 200);
        var (result, _) = Probe($"http://alice:s3cr3tPW@127.0.0.1:{server.Port}");
        Assert.AreEqual(ProbeOutcome.InsecureCredentials, result.Outcome);
        Assert.AreEqual(0, server.Requests);
        Assert.DoesNotContain("s3cr3tPW", result.ToString());
    }

    [TestMethod]
    public void HttpProxyIsUsedForANonLoopbackHost()
    {
        using var forward = new LoopbackServer(ServerBehaviour.ForwardProxy);
        var (result, _) = Probe("http://mirror.gotb.test", name => name == "HTTP_PROXY" ? forward.BaseUrl : null);
        Assert.AreEqual(ProbeOutcome.Ok, result.Outcome, result.Detail);
        Assert.AreEqual("GET http://mirror.gotb.test/example.com/m/@v/v1.0.0.info HTTP/1.1", forward.RequestLines[0]);
    }

    [TestMethod]
    public void HttpsProxyGetsTheConnectAndNoProxyBypassesIt()
    {
        using var forward = new LoopbackServer(ServerBehaviour.ForwardProxy);
        var (result, _) = Probe("https://mirror.gotb.test", name => name == "https_proxy" ? forward.BaseUrl : null);
        StringAssert.StartsWith(forward.RequestLines[0], "CONNECT mirror.gotb.test:443 ");
        Assert.IsTrue(result.CertainFailure, result.Detail);

        using var unused = new LoopbackServer(ServerBehaviour.ForwardProxy);
        var (bypassed, _) = Probe("https://mirror.gotb.test", name => name switch { "HTTPS_PROXY" => unused.BaseUrl, "NO_PROXY" => "gotb.test", _ => null });
        Assert.AreEqual(0, unused.Requests, "NO_PROXY matched: no request to the proxy");
        Assert.AreEqual(ProbeOutcome.DnsFailure, bypassed.Outcome, bypassed.Detail);
    }

    [TestMethod]
    public void TlsHandshakeFailure()
    {
        using var server = new LoopbackServer(ServerBehaviour.PlainTextOnConnect);
        var (result, _) = Probe($"https://127.0.0.1:{server.Port}");
        Assert.AreEqual(ProbeOutcome.TlsFailure, result.Outcome, result.Detail);
        Assert.IsTrue(result.CertainFailure);
    }
}
