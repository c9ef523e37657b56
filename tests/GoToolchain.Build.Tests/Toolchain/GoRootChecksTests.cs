using System.Collections.Generic;
using System.Linq;
using GoToolchain.Build.Diagnostics;
using GoToolchain.Build.Platform;
using GoToolchain.Build.Tests.Fakes;
using GoToolchain.Build.Toolchain;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.Tests.Toolchain;

[TestClass]

[TestCategory("unit")]
public sealed class GoRootChecksTests
{
    private const string Project = "/src/App/App.csproj";

    private static FakePlatform Debian()
    {
        var platform = new FakePlatform();
        platform.AddGoRoot("/usr/lib/go-1.19", "go1.19.8");
        platform.AddGoRoot("/usr/lib/go-1.21", "go1.21.13");
        platform.AddGoRoot("/usr/lib/go-1.22", "go1.22.12");
        platform.AddGoRoot("/usr/lib/go-1.23", "go1.23.5");
        return platform;
    }

    private static DiagnosticBag Check(FakePlatform platform, string goPath, IReadOnlyDictionary<string, string> env, string? goRootFromEnvironment = null)
    {
        var diagnostics = new DiagnosticBag();
        var location = new GoLocation(goPath, GoSource.PathEnvironment, "it is the first 'go' on PATH", new string[0]);
        var explicitRoot = goRootFromEnvironment is null ? null : ExplicitGoRoot.EnvironmentVariable(goRootFromEnvironment);
        new GoRootChecks(platform).Check(location, env, explicitRoot, Project, diagnostics);
        return diagnostics;
    }

    private static Diagnostic Single(DiagnosticBag diagnostics, string code)
    {
        Assert.AreEqual(1, diagnostics.Items.Count, string.Join("\n", diagnostics.Items));
        var d = diagnostics.Items[0];
        Assert.AreEqual(code, d.Code, d.Message);
        Assert.AreEqual(Severity.Error, d.Severity);
        Assert.AreEqual(Project, d.File);
        return d;
    }

    [TestMethod]
    [DataRow("1.19", "go1.19.8")]
    [DataRow("1.21", "go1.21.13")]
    [DataRow("1.22", "go1.22.12")]
    [DataRow("1.23", "go1.23.5")]
    public void ACompleteInstallationPasses(string version, string goVersion)
    {
        var platform = Debian();
        var root = $"/usr/lib/go-{version}";
        Assert.AreEqual(0, Check(platform, root + "/bin/go", platform.GoEnvFor(root, goVersion)).Items.Count);
    }

    [TestMethod]
    public void GorootPointingAtAnotherVersionIsGotb020NamingBothRootsAndVersions()
    {
        // GOROOT=/usr/lib/go-1.19 G23 build -> compile: version "go1.19.8" does not match go tool version "go1.23.5"
        var platform = Debian();
        var env = platform.GoEnvFor("/usr/lib/go-1.19", "go1.23.5");
        var d = Single(Check(platform, "/usr/lib/go-1.23/bin/go", env, goRootFromEnvironment: "/usr/lib/go-1.19"), Codes.GoRootMismatch);
        Assert.AreEqual(
            "the GOROOT environment variable is '/usr/lib/go-1.19' (go1.19.8 by its VERSION file), but the go binary '/usr/lib/go-1.23/bin/go' (go1.23.5, chosen because it is the first 'go' on PATH) belongs to '/usr/lib/go-1.23'. " +
            "go build would fail with 'compile: version \"go1.19.8\" does not match go tool version \"go1.23.5\"'. " +
            "Fix: unset GOROOT in the environment the build runs in (a shell profile, CI settings or a leftover from an old install) (go finds its own root), or set it to '/usr/lib/go-1.23'; to use the Go in '/usr/lib/go-1.19', set GoRoot=/usr/lib/go-1.19.",
            d.Message);
    }

    [TestMethod]
    public void MismatchStopsFurtherRootChecks()
    {
        // The foreign root lacks tools and sources too; reporting those would only repeat the one cause.
        var platform = Debian().AddDirectory("/opt/empty");
        var d = Single(Check(platform, "/usr/lib/go-1.22/bin/go", platform.GoEnvFor("/opt/empty", "go1.22.12"), "/opt/empty"), Codes.GoRootMismatch);
        StringAssert.StartsWith(d.Message, "the GOROOT environment variable is '/opt/empty', but the go binary '/usr/lib/go-1.22/bin/go' (go1.22.12, chosen because it is the first 'go' on PATH) belongs to '/usr/lib/go-1.22'. Fix:");
        Assert.IsFalse(d.Message.Contains("does not match"), "no VERSION file there, so no predicted compile error");
    }

    [TestMethod]
    public void SameReleaseElsewhereIsConsistent()
    {
        // GOROOT=<a copy of the same release>: go builds fine with it, so it is not GOTB020.
        var platform = Debian();
        platform.AddGoRoot("/opt/go-1.23-copy", "go1.23.5");
        Assert.AreEqual(0, Check(platform, "/usr/lib/go-1.23/bin/go", platform.GoEnvFor("/opt/go-1.23-copy", "go1.23.5"), "/opt/go-1.23-copy").Items.Count);
    }

    [TestMethod]
    [DataRow("1.19", "go1.19.8")]
    [DataRow("1.21", "go1.21.13")]
    [DataRow("1.22", "go1.22.12")]
    [DataRow("1.23", "go1.23.5")]
    public void AShimOrWrapperThatStartsTheRealGoPasses(string version, string goVersion)
    {
        // asdf/mise/goenv shims and scoop/chocolatey launchers sit outside any Go root; with no GOROOT set, go derives
        // its root from the real binary, so the root it reports is consistent with the go that runs.
        var platform = Debian().AddFile("/home/dev/.asdf/shims/go", "#!/bin/sh\nexec ...");
        Assert.AreEqual(0, Check(platform, "/home/dev/.asdf/shims/go", platform.GoEnvFor($"/usr/lib/go-{version}", goVersion)).Items.Count);
    }

    [TestMethod]
    public void AShimWithAGorootOfAnotherReleaseIsGotb020()
    {
        var platform = Debian().AddFile("/home/dev/.asdf/shims/go", "");
        var d = Single(Check(platform, "/home/dev/.asdf/shims/go", platform.GoEnvFor("/usr/lib/go-1.19", "go1.23.5"), "/usr/lib/go-1.19"), Codes.GoRootMismatch);
        StringAssert.Contains(d.Message, "is another installation");
        StringAssert.Contains(d.Message, "does not match go tool version \"go1.23.5\"");
        Assert.IsFalse(d.Message.Contains("set it to '/home/dev/.asdf'"), "never advise a shim folder as GOROOT: " + d.Message);
    }

    [TestMethod]
    public void GorootFromTheGoEnvFileIsNamedAsSuch()
    {
        var platform = Debian().AddFile("/home/dev/.config/go/env", "GOPROXY=off\nGOROOT=/usr/lib/go-1.19\n");
        var explicitRoot = ExplicitGoRoot.Find(platform, new BuildEnvironment(platform), "/home/dev/.config/go/env");
        Assert.IsNotNull(explicitRoot);
        Assert.AreEqual("/usr/lib/go-1.19", explicitRoot!.Value);
        var diagnostics = new DiagnosticBag();
        new GoRootChecks(platform).Check(new GoLocation("/usr/lib/go-1.23/bin/go", GoSource.GoRootProperty, "the GoRoot property is '/usr/lib/go-1.23'", new string[0]),
            platform.GoEnvFor("/usr/lib/go-1.19", "go1.23.5"), explicitRoot, Project, diagnostics);
        var d = Single(diagnostics, Codes.GoRootMismatch);
        StringAssert.StartsWith(d.Message, "GOROOT in the go env file '/home/dev/.config/go/env' is '/usr/lib/go-1.19'");
        StringAssert.Contains(d.Message, "go env -u GOROOT");
    }

    [TestMethod]
    public void EnvironmentGorootWinsOverTheGoEnvFileAndGoEnvironmentIsNamed()
    {
        var platform = Debian().AddFile("/e", "GOROOT=/usr/lib/go-1.19\n").SetEnv("GOROOT", "/usr/lib/go-1.21");
        Assert.AreEqual("the GOROOT environment variable", ExplicitGoRoot.Find(platform, new BuildEnvironment(platform), "/e")!.Description);
        var overridden = new BuildEnvironment(platform, new Dictionary<string, string?> { ["GOROOT"] = "/usr/lib/go-1.22" });
        Assert.AreEqual("GoEnvironment's GOROOT", ExplicitGoRoot.Find(platform, overridden, "/e")!.Description);
        Assert.IsNull(ExplicitGoRoot.Find(new FakePlatform(), new BuildEnvironment(new FakePlatform()), null));
    }

    [TestMethod]
    public void AMissingExplicitGorootIsGotb020BeforeTheProbe()
    {
        var platform = Debian();
        var location = new GoLocation("/usr/lib/go-1.23/bin/go", GoSource.PathEnvironment, "it is the first 'go' on PATH", new string[0]);
        var diagnostics = new DiagnosticBag();
        Assert.IsFalse(new GoRootChecks(platform).CheckExplicitRootExists(location, ExplicitGoRoot.EnvironmentVariable("/usr/local/go"), Project, diagnostics));
        var d = Single(diagnostics, Codes.GoRootMismatch);
        StringAssert.StartsWith(d.Message, "The GOROOT environment variable is '/usr/local/go', a folder that does not exist");
        StringAssert.Contains(d.Message, "'/usr/lib/go-1.23/bin/go', chosen because it is the first 'go' on PATH");
        StringAssert.Contains(d.Message, "go: cannot find GOROOT directory: /usr/local/go");
        Assert.IsTrue(new GoRootChecks(platform).CheckExplicitRootExists(location, null, Project, new DiagnosticBag()));
    }

    [TestMethod]
    public void SymlinkedBinaryBelongsToItsRealRoot()
    {
        // /usr/bin/go -> /usr/lib/go-1.23/bin/go; go reports GOROOT=/usr/lib/go-1.23.
        var platform = Debian().AddSymlink("/usr/bin/go", "../lib/go-1.23/bin/go");
        Assert.AreEqual(0, Check(platform, "/usr/bin/go", platform.GoEnvFor("/usr/lib/go-1.23", "go1.23.5")).Items.Count);
    }

    [TestMethod]
    public void SymlinkedGorootResolvesToTheBinarysRoot()
    {
        // GOROOT=$SCRATCH/goroot-link G22 env GOROOT -> the link itself; builds work.
        var platform = Debian().AddSymlink("/home/dev/goroot-link", "/usr/lib/go-1.22");
        var env = platform.GoEnvFor("/home/dev/goroot-link", "go1.22.12");
        Assert.AreEqual(0, Check(platform, "/usr/lib/go-1.22/bin/go", env, "/home/dev/goroot-link").Items.Count);
    }

    [TestMethod]
    public void GorootWithTrailingSlashIsTheSameRoot()
    {
        // go 1.21+ echo GOROOT=/usr/lib/go-1.2x/ with the slash.
        var platform = Debian();
        var env = platform.GoEnvFor("/usr/lib/go-1.21/", "go1.21.13");
        env["GOTOOLDIR"] = "/usr/lib/go-1.21//pkg/tool/linux_amd64";
        Assert.AreEqual(0, Check(platform, "/usr/lib/go-1.21/bin/go", env, "/usr/lib/go-1.21/").Items.Count);
    }

    [TestMethod]
    public void EmptyGorootIsGotb020()
    {
        var platform = Debian();
        var env = platform.GoEnvFor("", "go1.23.5");
        var d = Single(Check(platform, "/usr/lib/go-1.23/bin/go", env), Codes.GoRootMismatch);
        StringAssert.StartsWith(d.Message, "'/usr/lib/go-1.23/bin/go' reports an empty GOROOT.");
    }

    [TestMethod]
    public void VersionFileDisagreeingWithGoversionIsGotb021()
    {
        var platform = Debian().AddFile("/usr/lib/go-1.23/VERSION", "go1.23.4\ntime 2024-12-03T17:40:29Z\n");
        var d = Single(Check(platform, "/usr/lib/go-1.23/bin/go", platform.GoEnvFor("/usr/lib/go-1.23", "go1.23.5")), Codes.GoRootVersionMismatch);
        Assert.AreEqual(
            "'/usr/lib/go-1.23/VERSION' says go1.23.4 but '/usr/lib/go-1.23/bin/go' is go1.23.5: the installation mixes two Go releases " +
            "and go build would fail with 'compile: version \"go1.23.4\" does not match go tool version \"go1.23.5\"'. Fix: reinstall Go in '/usr/lib/go-1.23'.",
            d.Message);
    }

    [TestMethod]
    [DataRow("go1.19.8", "go1.19.8")]                                 // 1.19: one token, no newline
    [DataRow("go1.23.5\ntime 2025-01-10T16:44:59Z\n", "go1.23.5")]   // 1.21+: a second "time" line
    [DataRow("go1.22.12\r\ntime 2025-01-31T18:38:03Z\r\n", "go1.22.12")]
    [DataRow("  go1.21.13  \n", "go1.21.13")]
    public void VersionFileFirstLineIsTheVersion(string content, string expected)
    {
        var platform = new FakePlatform().AddFile("/g/VERSION", content);
        Assert.AreEqual(expected, new GoRootChecks(platform).ReadVersionFile("/g"));
        Assert.AreEqual(expected, new GoRootChecks(platform).ReadVersionFile("/g/"));
    }

    [TestMethod]
    [DataRow("")]
    [DataRow("\ntime 2025-01-10T16:44:59Z\n")]
    public void EmptyVersionFileIsNoVersion(string content)
        => Assert.IsNull(new GoRootChecks(new FakePlatform().AddFile("/g/VERSION", content)).ReadVersionFile("/g"));

    [TestMethod]
    public void MissingVersionFileIsNoVersionAndNoGotb021()
    {
        // A source-built go (devel) may have no VERSION file: nothing to compare.
        var platform = new FakePlatform();
        platform.AddGoRoot("/opt/go", "go1.23.5");
        var withoutVersion = new FakePlatform().AddFile("/opt/go/bin/go").AddDirectory("/opt/go/pkg/tool/linux_amd64").AddDirectory("/opt/go/src/runtime");
        Assert.IsNull(new GoRootChecks(withoutVersion).ReadVersionFile("/opt/go"));
        Assert.AreEqual(0, Check(withoutVersion, "/opt/go/bin/go", platform.GoEnvFor("/opt/go", "devel go1.24-abcdef")).Items.Count);
    }

    [TestMethod]
    public void MissingToolDirectoryIsGotb022()
    {
        var platform = new FakePlatform().AddFile("/opt/go/bin/go").AddFile("/opt/go/VERSION", "go1.23.5").AddDirectory("/opt/go/src/runtime");
        var d = Single(Check(platform, "/opt/go/bin/go", Debian().GoEnvFor("/opt/go", "go1.23.5")), Codes.GoRootToolsMissing);
        StringAssert.StartsWith(d.Message, "The Go installation '/opt/go' has no compiler tools: '/opt/go/pkg/tool/linux_amd64' does not exist");
    }

    /// <summary>Issue 26: an incomplete installation the GoRoot (or GoExecutable) property chose is reported at the line that set it;
    /// one found on PATH stays at the project file.</summary>
    [TestMethod]
    [DataRow(GoSource.GoRootProperty, "GoRoot", "/p/Directory.Build.props", 7)]
    [DataRow(GoSource.GoExecutableProperty, "GoExecutable", "/p/Directory.Build.props", 7)]
    [DataRow(GoSource.PathEnvironment, null, Project, 0)]
    public void AnIncompleteInstallationIsAtThePropertyThatChoseIt(GoSource source, string? property, string file, int line)
    {
        var platform = new FakePlatform().AddFile("/opt/go/bin/go").AddFile("/opt/go/VERSION", "go1.23.5").AddDirectory("/opt/go/src/runtime");
        var asked = new List<string>();
        var diagnostics = new DiagnosticBag();
        new GoRootChecks(platform).Check(new GoLocation("/opt/go/bin/go", source, "test", new string[0]), Debian().GoEnvFor("/opt/go", "go1.23.5"),
            null, Project, diagnostics, name => { asked.Add(name); return ("/p/Directory.Build.props", 7); });
        var d = diagnostics.Items.Single();
        Assert.AreEqual(Codes.GoRootToolsMissing, d.Code);
        Assert.AreEqual(file, d.File);
        Assert.AreEqual(line, d.Line);
        CollectionAssert.AreEqual(property is null ? new string[0] : new[] { property }, asked);
    }

    [TestMethod]
    public void EmptyGotooldirIsDerivedFromTheHostPlatform()
    {
        var platform = new FakePlatform().AddFile("/opt/go/bin/go").AddDirectory("/opt/go/pkg/tool/linux_amd64").AddDirectory("/opt/go/src/runtime");
        var env = platform.GoEnvFor("/opt/go", "go1.23.5", "linux", "arm64");
        env["GOTOOLDIR"] = "";
        var d = Single(Check(platform, "/opt/go/bin/go", env), Codes.GoRootToolsMissing);
        StringAssert.Contains(d.Message, "'/opt/go/pkg/tool/linux_arm64' does not exist");
    }

    [TestMethod]
    public void MissingRuntimeSourcesIsGotb023()
    {
        // Debian links src from golang-1.NN-src; without it: "package fmt is not in std".
        var platform = new FakePlatform().AddFile("/opt/go/bin/go").AddDirectory("/opt/go/pkg/tool/linux_amd64").AddDirectory("/opt/go/src");
        var d = Single(Check(platform, "/opt/go/bin/go", platform.GoEnvFor("/opt/go", "go1.23.5")), Codes.GoRootSourcesMissing);
        StringAssert.StartsWith(d.Message, "The Go installation '/opt/go' has no standard library sources: '/opt/go/src/runtime' does not exist, so go build would fail with 'package fmt is not in std'.");
    }

    [TestMethod]
    public void EveryInstallationProblemIsReportedTogether()
    {
        var platform = new FakePlatform().AddFile("/opt/go/bin/go").AddFile("/opt/go/VERSION", "go1.22.1");
        var diagnostics = Check(platform, "/opt/go/bin/go", platform.GoEnvFor("/opt/go", "go1.22.12"));
        CollectionAssert.AreEqual(new[] { Codes.GoRootVersionMismatch, Codes.GoRootToolsMissing, Codes.GoRootSourcesMissing },
            diagnostics.Items.Select(d => d.Code).ToList());
    }

    [TestMethod]
    public void WindowsRootComparisonIgnoresCaseAndSeparators()
    {
        var platform = new FakePlatform(isWindows: true);
        platform.AddGoRoot(@"C:\Program Files\Go", "go1.23.5", "windows_amd64");
        var env = platform.GoEnvFor("c:/program files/go/", "go1.23.5", "windows", "amd64");
        Assert.AreEqual(0, Check(platform, @"C:\Program Files\Go\bin\go.exe", env, "c:/program files/go/").Items.Count);

        platform.AddGoRoot(@"C:\Go119", "go1.19.8", "windows_amd64");
        var d = Single(Check(platform, @"C:\Program Files\Go\bin\go.exe", platform.GoEnvFor(@"C:\Go119", "go1.23.5", "windows", "amd64"), @"C:\Go119"), Codes.GoRootMismatch);
        StringAssert.Contains(d.Message, @"belongs to 'C:\Program Files\Go'");
        StringAssert.Contains(d.Message, "'compile: version \"go1.19.8\" does not match go tool version \"go1.23.5\"'");
    }
}
