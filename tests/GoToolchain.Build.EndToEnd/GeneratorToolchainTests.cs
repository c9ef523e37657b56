using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using GoToolchain.Build.Tests.Generate;
using GoToolchain.Build.Tests.Proxy;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.EndToEnd;

/// <summary>
/// Generators and the toolchain that runs them, on the Go users have (1.24 and 1.27): a generator built by an older Go
/// (Debian's stringer, go1.19.5) fails as GOTB413 naming what built it and the fix; `//go:generate go tool gentool`
/// (a tool line of go.mod, Go 1.24+) generates with the tool's module from a file:// proxy the test makes or from
/// vendor/, and the download check, GoDoctor and GOTB414 (an undeclared tool) understand it.
/// </summary>
[TestClass]
[TestCategory("end-to-end")]
public class GeneratorToolchainTests
{
    private const string MoodGo = "package mood\n\nimport \"fmt\"\n\ntype Mood int\n\nconst (\n\tHappy Mood = iota\n\tSad\n)\n\n" +
                                  "func Show(m Mood) string { return fmt.Sprint(int(m)) }\n\n//go:generate stringer -type=Mood\n";

    [TestMethod]
    [DataRow("1.24")]
    [DataRow("1.27")]
    public void AGeneratorBuiltByAnOlderGoIsOneErrorNamingItsBuildAndTheFix(string goVersion)
    {
        Assert.IsTrue(File.Exists("/usr/bin/stringer"), "Debian's golang-golang-x-tools is a prerequisite (build/prereqs.sh)");
        var fixture = Fixture.Create("generate-old-stringer-" + goVersion)
            .WithGoModule("go/mood", "module example.com/mood\n\ngo 1.22\n", new Dictionary<string, string> { ["mood.go"] = MoodGo },
                "BuildMode=\"none\"")
            .WithProperty("GoRoot", PackagedBuild.GoRoot(goVersion));

        var result = fixture.Build();

        var error = BuildAssert.FailedWith(result, "GOTB413");
        Assert.AreEqual(Path.Combine(fixture.Directory, "go", "mood", "mood.go"), error.File);
        Assert.AreEqual(14, error.Line, "the //go:generate line");
        var go = Path.Combine(PackagedBuild.GoRoot(goVersion), "bin", "go");
        BuildAssert.Mentions(error, "'stringer' (/usr/bin/stringer)", "built with go1.19.5", "golang.org/x/tools/cmd/stringer",
            "export data of go" + goVersion + ".", "unsupported version: ", "golang.org/x/tools/internal/pkgbits",
            $"`{go} install golang.org/x/tools/cmd/stringer@latest`", $"`{go} get -tool golang.org/x/tools/cmd/stringer`",
            "`//go:generate go tool stringer -type=Mood`");
        Assert.AreEqual(1, result.Errors.Count, "one error, not GOTB402 beside it: " + string.Join("; ", result.Errors.Select(e => e.Code)));
        StringAssert.Contains(result.Output, "panic: unsupported version", "the generator's own output stays in the log");
    }

    private const string AppGoMod = "module example.com/app\n\ngo 1.24\n\ntool example.com/gentool/cmd/gentool\n\nrequire example.com/gentool v1.0.0 // indirect\n";

    /// <summary>An exe that prints the constant `go tool gentool` writes (so running it proves the generator ran, built by the toolchain).</summary>
    private static Dictionary<string, string> AppFiles(string directive = "go tool gentool") => new()
    {
        ["main.go"] = $"package main\n\nimport \"fmt\"\n\n//go:generate {directive} generated.go\n\nfunc main() {{ fmt.Println(GeneratedBy) }}\n",
    };

    /// <summary>The fixture, a file:// proxy serving the generator module, and go.sum from a real `go mod tidy` (with its own cache).</summary>
    private static (Fixture Fixture, string Proxy, string Module) CreateApp(string name, string goVersion, string directive = "go tool gentool")
    {
        var fixture = Fixture.Create(name);
        var proxy = Path.Combine(fixture.Directory, "fileproxy");
        FileProxy.AddModule(proxy, GenToolModule.ModulePath, GenToolModule.Version, "1.22", GenToolModule.Files);
        fixture.WithGoModule("go/app", AppGoMod, AppFiles(directive), "BuildMode=\"exe\"")
            .WithProperty("GoRoot", PackagedBuild.GoRoot(goVersion))
            .WithProperty("GoProxyTimeoutSeconds", "3");
        var module = Path.Combine(fixture.Directory, "go", "app");
        var tidy = Go(goVersion, module, FileProxy.Url(proxy), Path.Combine(fixture.Directory, "tidy-cache"), "mod", "tidy");
        Assert.AreEqual(0, tidy.ExitCode, tidy.ToString());
        StringAssert.Contains(File.ReadAllText(Path.Combine(module, "go.sum")), "example.com/gentool v1.0.0 h1:");
        return (fixture, proxy, module);
    }

    private static ProcessOutput Go(string goVersion, string directory, string goProxy, string cache, params string[] arguments)
        => PackagedBuild.Run(Path.Combine(PackagedBuild.GoRoot(goVersion), "bin", "go"), arguments, directory, new Dictionary<string, string?>
        {
            ["GOPROXY"] = goProxy, ["GOSUMDB"] = "off", ["GOFLAGS"] = "-modcacherw", ["GOTOOLCHAIN"] = "local", ["GOMODCACHE"] = cache,
        }, TimeSpan.FromMinutes(2));

    /// <summary>A fresh module cache (go must fetch everything) and GOPROXY as given; go.sum is complete, so no checksum database.</summary>
    private static Dictionary<string, string?> Environment(Fixture fixture, string goProxy) => new()
    {
        ["GOPROXY"] = goProxy,
        ["GOMODCACHE"] = Path.Combine(fixture.Directory, "modcache-" + Guid.NewGuid().ToString("N").Substring(0, 6)),
        ["GOFLAGS"] = "-modcacherw",
    };

    /// <summary>"go1.27.4": the first line of the toolchain's VERSION file, what runtime.Version() returns.</summary>
    private static string GoVersionText(string goVersion)
        => File.ReadAllLines(Path.Combine(PackagedBuild.GoRoot(goVersion), "VERSION"))[0].Trim();

    private static string RunApp(Fixture fixture)
        => PackagedBuild.Run(Path.Combine(fixture.OutputDirectory, "app"), Array.Empty<string>(), fixture.Directory,
            new Dictionary<string, string?>(), TimeSpan.FromSeconds(30)).Output.Trim();

    [TestMethod]
    [DataRow("1.24")]
    [DataRow("1.27")]
    public void GoToolFromAFileProxyGenerates_AndTheDownloadCheckAndGoDoctorKnowTheTool(string goVersion)
    {
        var (fixture, proxy, module) = CreateApp("generate-go-tool-proxy-" + goVersion, goVersion);
        var goText = GoVersionText(goVersion);

        // Cold cache, the file:// proxy: the check names the tool's module as needed, go generate fetches and builds it.
        var environment = Environment(fixture, FileProxy.Url(proxy));
        var build = fixture.Build(environment, "-v:d");
        BuildAssert.Succeeded(build);
        StringAssert.Contains(build.Output,
            "needs example.com/gentool@v1.0.0: tool example.com/gentool/cmd/gentool run by `//go:generate go tool gentool` (main.go:5)");
        Assert.AreEqual($"gentool {goText}", RunApp(fixture), "the generated constant, written by gentool built with the running toolchain");
        Assert.AreEqual($"package main\n\nconst GeneratedBy = \"gentool {goText}\"\n", File.ReadAllText(Path.Combine(module, "generated.go")));

        var doctor = fixture.Build(environment, "-t:GoDoctor");
        StringAssert.Contains(doctor.Output,
            "[ok] main.go:5: go tool gentool -> example.com/gentool/cmd/gentool (tool in go.mod line 5, module example.com/gentool v1.0.0");

        // A cold cache and a proxy that cannot serve it: the check fails before go generate, at the tool module's requirement.
        File.Delete(Path.Combine(module, "generated.go"));
        var refused = $"http://127.0.0.1:{LoopbackServer.RefusedPort()}";
        var failed = fixture.Build(Environment(fixture, refused));
        var error = BuildAssert.FailedWith(failed, "GOTB210");
        BuildAssert.Mentions(error, "example.com/gentool@v1.0.0", refused);
        Assert.AreEqual(Path.Combine(module, "go.mod"), error.File);
        Assert.AreEqual(7, error.Line, "the require line of the tool's module");
        Assert.IsFalse(failed.Output.Contains("go generate -v -x"), "go generate never ran against the dead proxy");

        // A tool go.mod does not declare: GOTB414 at the directive, from go generate and from GoDoctor.
        fixture.WriteFile("go/app/main.go", AppFiles("go tool stringer -type=X")["main.go"]);
        var undeclared = fixture.Build(environment);
        var notDeclared = BuildAssert.FailedWith(undeclared, "GOTB414");
        Assert.AreEqual(Path.Combine(module, "main.go"), notDeclared.File);
        Assert.AreEqual(5, notDeclared.Line);
        BuildAssert.Mentions(notDeclared, $"{goText} says 'go: no such tool \"stringer\"'", "declares only example.com/gentool/cmd/gentool",
            "get -tool golang.org/x/tools/cmd/stringer");
        Assert.IsFalse(undeclared.Errors.Any(e => e.Code == "GOTB402"), "one error per directive");
        var doctorUndeclared = fixture.Build(environment, "-t:GoDoctor");
        StringAssert.Contains(doctorUndeclared.Output, "[x] main.go:5: go tool stringer: not in go.mod");
        Assert.IsTrue(doctorUndeclared.Errors.Any(e => e.Code == "GOTB414"), doctorUndeclared.Output);
    }

    [TestMethod]
    [DataRow("1.24")]
    [DataRow("1.27")]
    public void GoToolFromVendorGeneratesOffline(string goVersion)
    {
        var (fixture, proxy, module) = CreateApp("generate-go-tool-vendor-" + goVersion, goVersion);
        var vendor = Go(goVersion, module, FileProxy.Url(proxy), Path.Combine(fixture.Directory, "tidy-cache"), "mod", "vendor");
        Assert.AreEqual(0, vendor.ExitCode, vendor.ToString());
        Assert.IsTrue(File.Exists(Path.Combine(module, "vendor", "example.com", "gentool", "cmd", "gentool", "main.go")));
        var goText = GoVersionText(goVersion);

        // No proxy at all and a cold module cache: only vendor/ has the tool.
        var environment = Environment(fixture, "off");
        var build = fixture.Build(environment, "-v:d");
        BuildAssert.Succeeded(build);
        Assert.AreEqual($"gentool {goText}", RunApp(fixture));
        StringAssert.Contains(build.Output,
            "tool example.com/gentool/cmd/gentool (`//go:generate go tool gentool` (main.go:5)) is built from vendor/");

        var doctor = fixture.Build(environment, "-t:GoDoctor");
        StringAssert.Contains(doctor.Output,
            "[ok] main.go:5: go tool gentool -> example.com/gentool/cmd/gentool (tool in go.mod line 5, module example.com/gentool v1.0.0 from vendor/)");
    }
}
