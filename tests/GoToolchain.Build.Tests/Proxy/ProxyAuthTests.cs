using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using GoToolchain.Build.Diagnostics;
using GoToolchain.Build.Proxy;
using GoToolchain.Build.Versions;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.Tests.Proxy;

/// <summary>
/// Credentials as go sends them, against a loopback HTTPS module proxy that demands basic auth: the probe, the verdict
/// (GOTB215/GOTB216), that no secret leaks, and that the prediction equals what real go 1.19–1.27 do.
/// </summary>
[TestClass]
[TestCategory("toolchain")]
public class ProxyAuthTests
{
    private const string User = "gotb-user";
    private const string Password = "pw-netrc-5e6f7a";

    private static GoAuth Auth(string go, string? netrc, string home, string? goAuth = null)
    {
        Directory.CreateDirectory(home);
        var file = Path.Combine(home, ".netrc");
        if (netrc is null) File.Delete(file);
        else File.WriteAllText(file, netrc);
        return GoAuth.Resolve(GoVersion.Parse(go), goAuth, name => name == "HOME" ? home : null, false);
    }

    private static string Line(string machine, string password = Password) => $"machine {machine}\n  login {User}\n  password {password}\n";

    private static ProbeResult Probe(HttpsModuleProxy server, GoAuth auth, string? url = null)
    {
        using var prober = new ProxyProber(_ => null, auth, (_, certificate, _, _) => server.Trusts(certificate));
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        return prober.ProbeAsync(url ?? ProxyProber.ModuleInfoUrl(server.BaseUrl, "example.com/m", "v1.0.0"), deadline.Token).GetAwaiter().GetResult();
    }

    [TestMethod]
    public void TheProbeSendsTheNetrcCredentialsGoSends()
    {
        using var world = new ProxyWorld();
        using var server = new HttpsModuleProxy(world.FileProxyDirectory, User, Password);
        var home = Path.Combine(world.Root, "home-probe");

        var ok = Probe(server, Auth("1.27", Line($"127.0.0.1:{server.Port}"), home));
        Assert.AreEqual(ProbeOutcome.Ok, ok.Outcome, ok.Detail);
        Assert.IsTrue(ok.CredentialsSent);
        Assert.AreEqual(1, server.AuthorizedRequests);

        var none = Probe(server, Auth("1.27", null, home));
        Assert.AreEqual(ProbeOutcome.Unauthorized, none.Outcome);
        Assert.IsFalse(none.CredentialsSent);
        StringAssert.Contains(none.Detail, $"401 Unauthorized: go sends no credentials (no {home}/.netrc (no such file) (NETRC unset; GOAUTH=netrc))");

        // 1.19 wants the host without the port: the same file sends nothing there.
        var old = Probe(server, Auth("1.19", Line($"127.0.0.1:{server.Port}"), home));
        Assert.AreEqual(ProbeOutcome.Unauthorized, old.Outcome);
        StringAssert.Contains(old.Detail, "no machine line for 127.0.0.1 in");

        var wrong = Probe(server, Auth("1.23", Line($"127.0.0.1:{server.Port}", "wrong-pw-0000"), home));
        Assert.AreEqual(ProbeOutcome.Unauthorized, wrong.Outcome);
        Assert.IsTrue(wrong.CredentialsSent);
        StringAssert.Contains(wrong.Detail, $"the proxy refuses the credentials go sends (from machine 127.0.0.1:{server.Port} (line 1) of {home}/.netrc");

        // A GOAUTH command go would run after the 401 is not run here: not a certain failure.
        var command = Probe(server, Auth("1.27", null, home, "netrc;/usr/local/bin/corp-auth --token=T0KEN"));
        Assert.AreEqual(ProbeOutcome.Unverified, command.Outcome, command.Detail);
        Assert.IsFalse(command.CertainFailure);

        var invalid = Probe(server, Auth("1.27", null, home, "netrc;"));
        Assert.AreEqual(ProbeOutcome.AuthInvalid, invalid.Outcome);
        Assert.AreEqual(5, server.Log.Count, "go stops before the request when GOAUTH is invalid: " + string.Join(", ", server.Log));

        foreach (var r in new[] { ok, none, old, wrong, command, invalid })
        {
            Assert.IsFalse(r.ToString().Contains(Password) || r.ToString().Contains(User) || r.ToString().Contains("T0KEN"), r.ToString());
            Assert.IsFalse((r.Credentials ?? "").Contains(Password) || (r.Credentials ?? "").Contains(User), r.Credentials);
        }
    }

    [TestMethod]
    public void NetrcCredentialsAreNeverSentOverHttp()
    {
        using var server = new LoopbackServer(ServerBehaviour.Status, 401);
        var home = Path.Combine(Path.GetTempPath(), "gotb-auth-" + Guid.NewGuid().ToString("N").Substring(0, 8));
        try
        {
            var auth = Auth("1.27", Line($"127.0.0.1:{server.Port}"), home);
            using var prober = new ProxyProber(_ => null, auth);
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            var r = prober.ProbeAsync(ProxyProber.ModuleInfoUrl(server.BaseUrl, "example.com/m", "v1.0.0"), deadline.Token).GetAwaiter().GetResult();
            Assert.AreEqual(ProbeOutcome.Unauthorized, r.Outcome);
            Assert.IsFalse(r.CredentialsSent);
            StringAssert.Contains(r.Detail, "only over https://");
        }
        finally
        {
            Directory.Delete(home, true);
        }
    }

    private static ProxyCheckResult Check(ProxyWorld world, HttpsModuleProxy server, GoAuth auth, string goProxy)
    {
        var module = world.Module(goProxy, world.NewEmptyCache());
        module.Auth = auth;
        var check = new ProxyCheck { ProberFactory = m => new ProxyProber(m.GetEnvironmentVariable, m.Auth, (_, c, _, _) => server.Trusts(c)) };
        var result = check.Run(ProxyCheckMode.Auto, TimeSpan.FromSeconds(5), new[] { module }, GoVersion.Parse("1.27.3"), "/p/App.csproj",
            CancellationToken.None);
        foreach (var d in result.Diagnostics.Items) Console.WriteLine($"  {d.Severity} {d.Code} {d.File}:{d.Line}: {d.Message}");
        foreach (var line in result.Report) Console.WriteLine("  | " + line);
        var everything = string.Join("\n", result.Report.Concat(result.Diagnostics.Items.Select(d => d.Message)));
        Assert.IsFalse(everything.Contains(Password) || everything.Contains(User), "a secret in the report or a diagnostic:\n" + everything);
        return result;
    }

    [TestMethod]
    public void ColdCacheVerdictNamesTheCredentialSource()
    {
        using var world = new ProxyWorld();
        using var server = new HttpsModuleProxy(world.FileProxyDirectory, User, Password);
        var home = Path.Combine(world.Root, "home-check");
        var machine = $"127.0.0.1:{server.Port}";

        var passes = Check(world, server, Auth("1.27.3", Line(machine), home), server.BaseUrl);
        Assert.IsFalse(passes.Diagnostics.Items.Any(d => d.Severity == Severity.Error));
        Assert.IsTrue(passes.Report.Any(l => l.Contains("example.com/m@v1.0.0: downloadable")), string.Join("\n", passes.Report));
        Assert.IsTrue(passes.Report.Any(l => l.Contains($"credentials for https requests: go 1.27.3, GOAUTH=netrc; {home}/.netrc (NETRC unset): 1 complete entry for {machine}")),
            string.Join("\n", passes.Report));

        // The machine line 1.19 would need: 1.27 ignores it.
        var missing = Check(world, server, Auth("1.27.3", Line("127.0.0.1"), home), server.BaseUrl).Diagnostics.Items.Single(d => d.Severity == Severity.Error);
        Assert.AreEqual(Codes.ProxyCredentialsMissing, missing.Code);
        Assert.AreEqual(world.GoModPath, missing.File);
        Assert.AreEqual(world.RequireLineOfM, missing.Line);
        StringAssert.Contains(missing.Message, $"the proxy {server.BaseUrl} answers 401 Unauthorized");
        StringAssert.Contains(missing.Message, $"go 1.27.3 would send none: no machine line for {machine} in {home}/.netrc (1 entry, none for it) (NETRC unset; GOAUTH=netrc)");
        StringAssert.Contains(missing.Message, $"Fix: add 'machine {machine} login <user> password <token>' to {home}/.netrc");

        var refused = Check(world, server, Auth("1.27.3", Line(machine, "expired-0000"), home), server.BaseUrl).Diagnostics.Items.Single(d => d.Severity == Severity.Error);
        Assert.AreEqual(Codes.ProxyCredentialsRefused, refused.Code);
        StringAssert.Contains(refused.Message, $"refuses the credentials go 1.27.3 sends");
        StringAssert.Contains(refused.Message, $"they come from machine {machine} (line 1) of {home}/.netrc");

        // '|' falls through on a 401: a file proxy after it serves the module, so nothing fails.
        var fallsThrough = Check(world, server, Auth("1.27.3", null, home), server.BaseUrl + "|" + FileProxy.Url(world.FileProxyDirectory));
        Assert.IsFalse(fallsThrough.Diagnostics.Items.Any(d => d.Severity == Severity.Error));
    }

    /// <summary>
    /// What the check predicts (credentials sent or not) equals what go does: `go mod download` through the proxy with a
    /// cold module cache succeeds exactly when the prediction says credentials are sent, on every toolchain.
    /// </summary>
    [TestMethod]
    [DataRow("1.19")]
    [DataRow("1.21")]
    [DataRow("1.22")]
    [DataRow("1.23")]
    [DataRow("1.24")]
    [DataRow("1.25")]
    [DataRow("1.26")]
    [DataRow("1.27")]
    public void PredictionMatchesRealGo(string version)
    {
        using var world = new ProxyWorld();
        // Served under /mod, so a machine line with a path can match (1.25+) or not (1.24 and older).
        using var server = new HttpsModuleProxy(world.FileProxyDirectory, User, Password, pathPrefix: "/mod");
        var pem = Path.Combine(world.Root, "proxy.pem");
        server.WriteCertificatePem(pem);
        var go = GoVersion.FromGoEnvVersion(world.GoWith(version, world.Root, new Dictionary<string, string>(), "env", "GOVERSION").Stdout.Trim());
        var host = $"127.0.0.1:{server.Port}";
        foreach (var machine in new[] { "127.0.0.1", host, host + "/", host + "/mod", host + "/other" })
        {
            var home = Path.Combine(world.Root, "home-" + Guid.NewGuid().ToString("N").Substring(0, 6));
            var auth = Auth(go!.ToString(), Line(machine), home);
            var predicted = auth.Lookup(ProxyProber.ModuleInfoUrl(server.BaseUrl, "example.com/m", "v1.0.0"));
            var run = world.GoWith(version, world.Root, new Dictionary<string, string>
            {
                ["HOME"] = home, ["SSL_CERT_FILE"] = pem, ["GOPROXY"] = server.BaseUrl, ["GOSUMDB"] = "off", ["GOMODCACHE"] = world.NewEmptyCache(),
            }, "mod", "download", "-json", "example.com/m@v1.0.0");
            Console.WriteLine($"go{go} machine {machine}: go exit {run.ExitCode}; predicted {(predicted.Sent ? "sent" : "none")}: {predicted.Source}");
            Assert.AreEqual(predicted.Sent, run.ExitCode == 0, $"go{go} with 'machine {machine}': {run}");
            if (!predicted.Sent) StringAssert.Contains(run.Stdout + run.Stderr, "401 Unauthorized");
        }
        Assert.IsGreaterThan(0, server.AuthorizedRequests, "some form worked: " + string.Join(", ", server.Log));
    }

    /// <summary>NETRC, GOAUTH=off and an invalid GOAUTH as real go treats them: 1.24+ honours GOAUTH (with go's own fatal
    /// text for a bad one), older toolchains ignore it; NETRC names the file on both.</summary>
    [TestMethod]
    [DataRow("1.23")]
    [DataRow("1.24")]
    [DataRow("1.27")]
    public void NetrcVariableAndGoAuthMatchRealGo(string version)
    {
        using var world = new ProxyWorld();
        using var server = new HttpsModuleProxy(world.FileProxyDirectory, User, Password);
        var pem = Path.Combine(world.Root, "proxy.pem");
        server.WriteCertificatePem(pem);
        var go = GoVersion.FromGoEnvVersion(world.GoWith(version, world.Root, new Dictionary<string, string>(), "env", "GOVERSION").Stdout.Trim())!;
        var right = Line($"127.0.0.1:{server.Port}");
        var elsewhere = Path.Combine(world.Root, "elsewhere.netrc");
        File.WriteAllText(elsewhere, right);
        foreach (var (netrcInHome, netrcVariable, goAuth) in new (string?, string?, string?)[]
                 { (null, elsewhere, null), (right, null, "off"), (right, null, "netrc;"), (right, null, "netrc") })
        {
            var home = Path.Combine(world.Root, "home-" + Guid.NewGuid().ToString("N").Substring(0, 6));
            Directory.CreateDirectory(home);
            if (netrcInHome is not null) File.WriteAllText(Path.Combine(home, ".netrc"), netrcInHome);
            var env = new Dictionary<string, string?> { ["HOME"] = home, ["NETRC"] = netrcVariable };
            var auth = GoAuth.Resolve(go, goAuth, name => env.TryGetValue(name, out var v) ? v : null, false);
            var predicted = auth.Lookup(ProxyProber.ModuleInfoUrl(server.BaseUrl, "example.com/m", "v1.0.0"));
            var goEnvironment = new Dictionary<string, string>
            {
                ["HOME"] = home, ["SSL_CERT_FILE"] = pem, ["GOPROXY"] = server.BaseUrl, ["GOSUMDB"] = "off", ["GOMODCACHE"] = world.NewEmptyCache(),
            };
            if (netrcVariable is not null) goEnvironment["NETRC"] = netrcVariable;
            if (goAuth is not null) goEnvironment["GOAUTH"] = goAuth;
            var run = world.GoWith(version, world.Root, goEnvironment, "mod", "download", "-json", "example.com/m@v1.0.0");
            var label = $"go{go} NETRC={netrcVariable ?? "(unset)"} GOAUTH={goAuth ?? "(unset)"} .netrc in HOME: {netrcInHome is not null}";
            Console.WriteLine($"{label}: go exit {run.ExitCode}; predicted {(predicted.Sent ? "sent" : "none")}: {predicted.Source}");
            Assert.AreEqual(predicted.Sent, run.ExitCode == 0, $"{label}: {run}");
            if (auth.Error is not null) StringAssert.Contains(run.Stderr, auth.Error, label);
        }
    }
}
