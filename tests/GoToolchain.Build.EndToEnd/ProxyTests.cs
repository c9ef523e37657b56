using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using GoToolchain.Build.Tests.Proxy;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.EndToEnd;

/// <summary>
/// CheckGoProxy in a real `dotnet build`: a c-shared GoModule requiring a module that only the test's file://
/// proxy serves, with a fresh module cache so the build's own go build must download it.
/// </summary>
[TestClass]
[TestCategory("end-to-end")]
public class ProxyTests
{
    private const string GoVersion = "1.23";

    private const string GoMod = "module example.com/greeter\n\ngo 1.21\n\nrequire example.com/m v1.0.0\n";

    private static readonly Dictionary<string, string> Files = new()
    {
        ["lib.go"] = "package main\n\n// #include <stdlib.h>\nimport \"C\"\n\nimport \"example.com/m\"\n\n//export Hello\nfunc Hello() *C.char { return C.CString(m.Hello()) }\n\nfunc main() {}\n",
    };

    /// <summary>The fixture, its file proxy, and go.sum computed by a real `go mod tidy` against that proxy.</summary>
    private static (Fixture Fixture, string ProxyDirectory) Create(string name, string goMod = GoMod)
    {
        var fixture = Fixture.Create(name);
        var proxy = Path.Combine(fixture.Directory, "fileproxy");
        FileProxy.AddModule(proxy, "example.com/m", "v1.0.0");

        var scratch = Path.Combine(fixture.Directory, "tidy");
        Directory.CreateDirectory(scratch);
        File.WriteAllText(Path.Combine(scratch, "go.mod"), goMod);
        foreach (var pair in Files) File.WriteAllText(Path.Combine(scratch, pair.Key), pair.Value);
        var tidy = PackagedBuild.Run(Path.Combine(PackagedBuild.GoRoot(GoVersion), "bin", "go"), new[] { "mod", "tidy" }, scratch,
            new Dictionary<string, string?>
            {
                ["GOPROXY"] = FileProxy.Url(proxy), ["GOSUMDB"] = "off", ["GOFLAGS"] = "-modcacherw", ["GOTOOLCHAIN"] = "local",
                ["GOMODCACHE"] = Path.Combine(fixture.Directory, "tidy-cache"),
            }, TimeSpan.FromMinutes(2));
        Assert.AreEqual(0, tidy.ExitCode, tidy.ToString());
        var files = new Dictionary<string, string>(Files) { ["go.sum"] = File.ReadAllText(Path.Combine(scratch, "go.sum")) };
        StringAssert.Contains(files["go.sum"], "example.com/m v1.0.0 h1:");
        fixture.WithGoModule("go/greeter", goMod, files).WithProperty("GoProxyTimeoutSeconds", "3");
        return (fixture, proxy);
    }

    private static Dictionary<string, string?> GoEnvironment(Fixture fixture, string goProxy) => new()
    {
        ["GOPROXY"] = goProxy,
        ["GOMODCACHE"] = Path.Combine(fixture.Directory, "modcache-" + Guid.NewGuid().ToString("N").Substring(0, 6)), // fresh: go must download
        ["GOFLAGS"] = "-modcacherw", // so the test can delete it
        ["GOSUMDB"] = null, // default sum.golang.org: not consulted, go.sum is complete
    };

    [TestMethod]
    public void FileProxyBuildsAndAHangingProxyFailsFastNamingModuleAndProxy()
    {
        var (fixture, proxy) = Create("proxy-file-then-hang");
        var goRoot = $"-p:GoRoot={PackagedBuild.GoRoot(GoVersion)}";

        var fileEnvironment = GoEnvironment(fixture, FileProxy.Url(proxy));
        var build = fixture.Build(fileEnvironment, goRoot);
        BuildAssert.Succeeded(build);
        StringAssert.Contains(build.Output, "go: downloading example.com/m v1.0.0", "the build's own go build downloaded the module");
        Assert.IsTrue(File.Exists(Path.Combine(fixture.OutputDirectory, "libgreeter.so")));

        // A true no-op rebuild (same environment) that runs the whole chain (GoReuseLastBuild=false, as after any change):
        // the check answers from the cached probe and the warm cache, so no go process and no network request.
        var noOp = fixture.Build(fileEnvironment, goRoot, "-v:d", "-clp:PerformanceSummary", "-p:GoReuseLastBuild=false");
        BuildAssert.Succeeded(noOp);
        StringAssert.Contains(noOp.Output, "No download needed: no network probe");
        Assert.IsFalse(noOp.Output.Contains("env -json") || noOp.Output.Contains("/bin/go build"), "a no-op build started a go process:\n" + noOp);
        var targetTime = Regex.Match(noOp.Output, @"(\d+) ms\s+_GoCheckProxy\s+\d+ calls");
        Console.WriteLine($"BENCHMARK e2e-noop-_GoCheckProxy-ms={(targetTime.Success ? targetTime.Groups[1].Value : "?")}");

        // The same warm module cache with GOPROXY switched to a hanging server: the build still works, untouched.
        using var idle = new LoopbackServer(ServerBehaviour.Hang);
        BuildAssert.Succeeded(fixture.Build(new Dictionary<string, string?>(fileEnvironment) { ["GOPROXY"] = idle.BaseUrl }, goRoot));
        Assert.AreEqual(0, idle.Requests, "a warm module cache starts no probe");

        using var hang = new LoopbackServer(ServerBehaviour.Hang);
        var failed = fixture.Build(GoEnvironment(fixture, hang.BaseUrl), goRoot);
        var error = BuildAssert.FailedWith(failed, "GOTB210");
        BuildAssert.Mentions(error, "example.com/m@v1.0.0", hang.BaseUrl, "vendor/");
        Assert.AreEqual(Path.Combine(fixture.Directory, "go", "greeter", "go.mod"), error.File);
        Assert.AreEqual(5, error.Line, "the require line");
        Assert.AreEqual(1, hang.Requests);
        var measured = Regex.Match(failed.Output, @"CheckGoProxy: (\d+) network request\(s\), ([0-9.]+) s");
        Assert.IsTrue(measured.Success, failed.Output);
        var seconds = double.Parse(measured.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
        Console.WriteLine($"BENCHMARK e2e-hanging-proxy-check-seconds={seconds:0.000} build-seconds={failed.Elapsed.TotalSeconds:0.0} (GoProxyTimeoutSeconds=3; go itself waits 90 s)");
        Assert.IsLessThanOrEqualTo(4.0, seconds, "the check returned within GoProxyTimeoutSeconds + 1 s");
        Assert.IsFalse(failed.Output.Contains("go build"), "go build never ran against the hanging proxy");
    }

    [TestMethod]
    public void ProxyPasswordNeverAppearsInADiagnosticBuildLog()
    {
        var (fixture, proxy) = Create("proxy-credentials");
        var refused = LoopbackServer.RefusedPort();
        // The password lives where users put it: the `go env -w` file (GOENV), which MSBuild never prints.
        var goEnvFile = Path.Combine(fixture.Directory, "goenv");
        File.WriteAllText(goEnvFile, $"GOPROXY=http://alice:s3cr3tPW@127.0.0.1:{refused}|{FileProxy.Url(proxy)}\n");
        var environment = GoEnvironment(fixture, "");
        environment["GOPROXY"] = null;
        environment["GOENV"] = goEnvFile;

        var build = fixture.Build(environment, $"-p:GoRoot={PackagedBuild.GoRoot(GoVersion)}", "-p:GoProxyCheck=Network", "-v:diag");
        BuildAssert.Succeeded(build); // go refuses the credentialed http entry and falls through '|' to the file proxy
        BuildAssert.HasWarning(build, "GOTB203");
        StringAssert.Contains(build.Output, "alice:xxxxx@127.0.0.1");
        Assert.IsFalse(build.Output.Contains("s3cr3tPW"), "the password is in the build log");

        var doctor = fixture.Build(environment, $"-p:GoRoot={PackagedBuild.GoRoot(GoVersion)}", "-t:GoDoctor", "-v:diag");
        StringAssert.Contains(doctor.Output, "Module proxy (GoProxyCheck=Network"); // the doctor always probes
        Assert.IsFalse(doctor.Output.Contains("s3cr3tPW"), "the password is in the GoDoctor log");
    }

    [TestMethod]
    public void ToolchainDownloadThroughAHangingProxyFailsFast()
    {
        var fixture = Fixture.Create("proxy-toolchain")
            .WithGoModule("go/greeter", "module example.com/greeter\n\ngo 1.24.1\n")
            .WithProperty("GoToolchainMode", "auto")
            .WithProperty("GoProxyTimeoutSeconds", "2");
        using var hang = new LoopbackServer(ServerBehaviour.Hang);
        var environment = GoEnvironment(fixture, hang.BaseUrl);
        var failed = fixture.Build(environment, $"-p:GoRoot={PackagedBuild.GoRoot(GoVersion)}");
        BuildAssert.HasWarning(failed, "GOTB114"); // GoValidate: go would download go1.24.1
        var error = BuildAssert.FailedWith(failed, "GOTB211");
        BuildAssert.Mentions(error, "golang.org/toolchain@v0.0.1-go1.24.1.linux-amd64", hang.BaseUrl);
        Assert.AreEqual(3, error.Line, "the go line");
        Console.WriteLine($"BENCHMARK e2e-toolchain-hanging-proxy build-seconds={failed.Elapsed.TotalSeconds:0.0} (GoProxyTimeoutSeconds=2)");
        // Fast by behaviour, not by a clock (timing is the benchmark's): go never started its own download (it would print
        // "go: downloading go1.24.1 (linux/amd64)" and wait 90 s on the hanging proxy); the package's probe stopped the build first.
        Assert.IsFalse(failed.Output.Contains("go: downloading go1.24.1 ("), "go tried the download itself:\n" + failed.Output);
        Assert.IsFalse(failed.Output.Contains("go build"), "go build ran against the hanging proxy:\n" + failed.Output);
    }

    /// <summary>
    /// A private HTTPS module proxy that demands basic auth, with the credentials only in a .netrc under the build's HOME
    /// (the machine line the toolchain wants: host:port from 1.21 on, the host alone on 1.19): CheckGoProxy passes with a
    /// cold module cache and the build's go downloads through the proxy; without the .netrc the build fails with GOTB215
    /// naming the file go would read. The password is nowhere in the diagnostic log, obj/ or the temp folder.
    /// </summary>
    [TestMethod]
    [DataRow("1.27")]
    [DataRow("1.19")]
    public void PrivateHttpsProxyWithNetrcCredentials(string version)
    {
        const string user = "gotb-netrc-user";
        const string password = "pw-netrc-e2e-4d5e6f";
        var (fixture, proxy) = Create("proxy-netrc-" + version, "module example.com/greeter\n\ngo 1.19\n\nrequire example.com/m v1.0.0\n");
        using var server = new HttpsModuleProxy(proxy, user, password, TimeSpan.FromMinutes(15));
        var pem = Path.Combine(fixture.Directory, "proxy-cert.pem");
        server.WriteCertificatePem(pem);
        var home = Path.Combine(fixture.Directory, "home");
        Directory.CreateDirectory(home);
        var netrc = Path.Combine(home, ".netrc");
        var machine = version == "1.19" ? "127.0.0.1" : $"127.0.0.1:{server.Port}";
        File.WriteAllText(netrc, $"machine {machine}\n  login {user}\n  password {password}\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(netrc, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var temp = Path.Combine(fixture.Directory, "tmp");
        Directory.CreateDirectory(temp);
        var realHome = System.Environment.GetEnvironmentVariable("HOME") ?? "/root";
        Dictionary<string, string?> BuildEnvironment() => new(GoEnvironment(fixture, server.BaseUrl))
        {
            ["HOME"] = home,
            ["SSL_CERT_FILE"] = pem, // go, and .NET on Linux, trust the test certificate through it
            ["TMPDIR"] = temp,
            ["GOCACHE"] = System.Environment.GetEnvironmentVariable("GOCACHE") ?? Path.Combine(realHome, ".cache", "go-build"), // a warm build cache
            ["GOTELEMETRY"] = "off",
        };
        var goRoot = $"-p:GoRoot={PackagedBuild.GoRoot(version)}";
        fixture.WithProperty("GoProxyTimeoutSeconds", "30"); // about credentials, not time: a loaded machine's first TLS handshake may be slow

        var build = fixture.Build(BuildEnvironment(), goRoot, "-v:diag");
        BuildAssert.Succeeded(build);
        StringAssert.Contains(build.Output, "example.com/m@v1.0.0: downloadable", "CheckGoProxy probed the proxy with the .netrc credentials");
        StringAssert.Contains(build.Output, "go: downloading example.com/m v1.0.0", "the build's own go downloaded the module");
        Assert.IsTrue(server.Log.Contains("GET /example.com/m/@v/v1.0.0.zip -> 200 (authorized)"), "go got the zip through the proxy: " + string.Join(", ", server.Log));
        Assert.IsTrue(File.Exists(Path.Combine(fixture.OutputDirectory, "libgreeter.so")));
        Assert.IsFalse(build.Output.Contains(password) || build.Output.Contains(user), "a credential in the diagnostic build log");
        foreach (var folder in new[] { Path.Combine(fixture.Directory, "obj"), temp })
        {
            var holding = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
                .Where(f => File.ReadAllText(f).Contains(password) || File.ReadAllText(f).Contains(user)).ToList();
            CollectionAssert.AreEqual(Array.Empty<string>(), holding, $"{folder} holds a credential");
        }

        File.Delete(netrc);
        var refusedBefore = server.RefusedRequests;
        var failed = fixture.Build(BuildEnvironment(), goRoot);
        var error = BuildAssert.FailedWith(failed, "GOTB215");
        BuildAssert.Mentions(error, "example.com/m@v1.0.0", server.BaseUrl, "401 Unauthorized", $"no {netrc} (no such file) (NETRC unset; ",
            version == "1.19" ? "reads only .netrc" : "GOAUTH=netrc", $"machine {machine} login <user> password <token>");
        Assert.AreEqual(Path.Combine(fixture.Directory, "go", "greeter", "go.mod"), error.File);
        Assert.AreEqual(5, error.Line, "the require line");
        Assert.AreEqual(refusedBefore + 1, server.RefusedRequests, "one probe, and no go build against the proxy");
        Assert.IsFalse(failed.Output.Contains("go: downloading"), "go never ran into the 401");
    }
}
