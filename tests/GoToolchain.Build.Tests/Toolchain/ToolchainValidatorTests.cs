using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using GoToolchain.Build.Diagnostics;
using GoToolchain.Build.Modules;
using GoToolchain.Build.Platform;
using GoToolchain.Build.Settings;
using GoToolchain.Build.Tests.Fakes;
using GoToolchain.Build.Toolchain;
using GoToolchain.Build.Versions;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.Tests.Toolchain;

/// <summary>
/// ToolchainValidator on a fake machine with the four Debian toolchains and a fake `go env`. Module folders are
/// real temp folders (go.mod is read from disk) mirrored into the fake machine.
/// </summary>
[TestClass]
[TestCategory("unit")]
public sealed class ToolchainValidatorTests
{
    internal const string Project = "/src/App/App.csproj";
    internal const string Fallback = "/src/App/obj/Debug/go/fallback";

    private static readonly (string Root, string Version)[] Toolchains =
    {
        ("/usr/lib/go-1.19", "go1.19.8"), ("/usr/lib/go-1.21", "go1.21.13"), ("/usr/lib/go-1.22", "go1.22.12"), ("/usr/lib/go-1.23", "go1.23.5"),
    };

    private string _root = null!;

    [TestInitialize]
    public void Init()
    {
        _root = Path.Combine(Path.GetTempPath(), "gotb-validator-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_root);
    }

    [TestCleanup]
    public void Cleanup() => Directory.Delete(_root, recursive: true);

    internal static (FakePlatform Platform, FakeGoEnvSource Source) Debian(string? path, bool wsl = false)
    {
        var platform = new FakePlatform(isWsl: wsl);
        var source = new FakeGoEnvSource();
        foreach (var (root, version) in Toolchains)
        {
            var go = platform.AddGoRoot(root, version);
            source.Answers[go] = platform.GoEnvFor(root, version);
        }
        platform.SetEnv("HOME", "/home/dev");
        if (path is not null) platform.SetEnv("PATH", path);
        return (platform, source);
    }

    internal static ValidationRequest Request(FakePlatform platform, IReadOnlyDictionary<string, string?>? goEnvironment = null, params string[] modules)
        => new()
        {
            Environment = new BuildEnvironment(platform, goEnvironment),
            ProjectFile = Project,
            FallbackCacheRoot = Fallback,
            ModuleDirectories = modules,
        };

    /// <summary>A module folder on disk, known to the fake machine too.</summary>
    private string Module(FakePlatform platform, string name, string goModText)
    {
        var directory = Path.Combine(_root, name);
        Directory.CreateDirectory(directory);
        var goMod = Path.Combine(directory, "go.mod");
        File.WriteAllText(goMod, goModText);
        platform.AddFile(goMod, goModText);
        return directory;
    }

    private static string Codes_(ValidationResult result) => string.Join(",", result.Diagnostics.Items.Select(d => d.Code));

    private static Diagnostic Only(ValidationResult result, string code)
    {
        var matching = result.Diagnostics.Items.Where(d => d.Code == code).ToList();
        Assert.AreEqual(1, matching.Count, $"{code} in: " + string.Join("\n", result.Diagnostics.Items));
        return matching[0];
    }

    // ---- selection ----

    [TestMethod]
    public void HealthyToolchainFromPathGivesOnlyTheSelectionMessage()
    {
        var (platform, source) = Debian("/usr/local/bin:/usr/lib/go-1.23/bin:/usr/bin");
        var request = Request(platform);
        var result = new ToolchainValidator(platform, source).Validate(request);

        Assert.AreEqual(Codes.GoSelected, Codes_(result));
        var d = result.Diagnostics.Items[0];
        Assert.AreEqual(Severity.Message, d.Severity);
        Assert.AreEqual(Project, d.File);
        Assert.AreEqual("Using go '/usr/lib/go-1.23/bin/go' because it is the first 'go' on PATH.", d.Message);
        Assert.AreEqual("go1.23.5", result.GoVersionText);
        Assert.AreEqual(GoVersion.FromGoEnvVersion("go1.23.5"), result.Version);
        Assert.AreEqual("/usr/lib/go-1.23", result.GoRoot);
        Assert.AreEqual("/usr/lib/go-1.23/bin/go", result.Location!.GoPath);
        CollectionAssert.AreEquivalent(new Dictionary<string, string> { ["GOTOOLCHAIN"] = "local" }.ToList(), result.EnvironmentForGo.ToList());
        Assert.AreEqual(1, source.Calls.Count, "one go env per validation");
        Assert.AreSame(request.Environment, source.Calls[0].Environment, "the probe gets the build environment (it applies its own GOTOOLCHAIN/GOEXPERIMENT rules)");
    }

    [TestMethod]
    public void SelectionMessageSaysWhyForGoRootAndGoExecutable()
    {
        var (platform, source) = Debian("/usr/lib/go-1.23/bin");
        var request = Request(platform);
        request.GoRoot = "/usr/lib/go-1.22";
        Assert.AreEqual("Using go '/usr/lib/go-1.22/bin/go' because the GoRoot property is '/usr/lib/go-1.22'.",
            Only(new ToolchainValidator(platform, source).Validate(request), Codes.GoSelected).Message);

        request.GoExecutable = "/usr/lib/go-1.21/bin/go";
        var result = new ToolchainValidator(platform, source).Validate(request);
        Assert.AreEqual("Using go '/usr/lib/go-1.21/bin/go' because the GoExecutable property is '/usr/lib/go-1.21/bin/go'.", Only(result, Codes.GoSelected).Message);
        Assert.AreEqual("go1.21.13", result.GoVersionText);
    }

    // ---- GOTB007: shadowing on PATH ----

    [TestMethod]
    public void OtherGosOnPathAreAWarningNamingEachWithItsVersion()
    {
        var (platform, source) = Debian("/usr/lib/go-1.23/bin:/usr/lib/go-1.21/bin:/usr/bin:/usr/lib/go-1.19/bin");
        var d = Only(new ToolchainValidator(platform, source).Validate(Request(platform)), Codes.GoShadowedOnPath);
        Assert.AreEqual(Severity.Warning, d.Severity);
        Assert.AreEqual(Project, d.File);
        Assert.AreEqual(
            "PATH holds more than one go: '/usr/lib/go-1.23/bin/go' (go1.23.5) comes first and is used; it shadows '/usr/lib/go-1.21/bin/go' (go1.21.13), '/usr/lib/go-1.19/bin/go' (go1.19.8). " +
            "Which Go a build gets then depends on PATH order. Fix: set GoRoot (or GoExecutable) to the Go this project needs, or remove the others from PATH.",
            d.Message);
    }

    [TestMethod]
    public void ShadowingVersionsAreReadThroughSymlinks()
    {
        var (platform, source) = Debian("/usr/bin:/usr/local/bin");
        platform.AddSymlink("/usr/bin/go", "../lib/go-1.22/bin/go").AddSymlink("/usr/local/bin/go", "/usr/lib/go-1.19/bin/go");
        source.Answers["/usr/bin/go"] = platform.GoEnvFor("/usr/lib/go-1.22", "go1.22.12");
        var result = new ToolchainValidator(platform, source).Validate(Request(platform));
        StringAssert.StartsWith(Only(result, Codes.GoShadowedOnPath).Message,
            "PATH holds more than one go: '/usr/bin/go' (go1.22.12) comes first and is used; it shadows '/usr/local/bin/go' (go1.19.8).");
        Assert.IsFalse(result.Diagnostics.HasErrors, string.Join("\n", result.Diagnostics.Items));
    }

    [TestMethod]
    public void OtherGoWithoutVersionFileIsNamedWithoutVersion()
    {
        var (platform, source) = Debian("/usr/lib/go-1.23/bin:/opt/devel/bin");
        platform.AddFile("/opt/devel/bin/go");
        StringAssert.Contains(Only(new ToolchainValidator(platform, source).Validate(Request(platform)), Codes.GoShadowedOnPath).Message,
            "it shadows '/opt/devel/bin/go'. Which Go");
    }

    [TestMethod]
    public void SameGoThroughTwoSymlinksIsNotShadowing()
    {
        var (platform, source) = Debian("/usr/local/bin:/usr/bin:/usr/lib/go-1.23/bin");
        platform.AddSymlink("/usr/local/bin/go", "/usr/lib/go-1.23/bin/go").AddSymlink("/usr/bin/go", "/usr/local/bin/go");
        source.Answers["/usr/local/bin/go"] = platform.GoEnvFor("/usr/lib/go-1.23", "go1.23.5");
        var result = new ToolchainValidator(platform, source).Validate(Request(platform));
        Assert.AreEqual(Codes.GoSelected, Codes_(result));
        Assert.AreEqual(0, result.Location!.OtherGoOnPath.Count);
    }

    [TestMethod]
    public void NoShadowingWarningWhenGoRootOrGoExecutableChoseTheGo()
    {
        // Then PATH order does not decide which Go the build gets.
        var (platform, source) = Debian("/usr/lib/go-1.21/bin:/usr/lib/go-1.19/bin");
        var request = Request(platform);
        request.GoRoot = "/usr/lib/go-1.23";
        var byRoot = new ToolchainValidator(platform, source).Validate(request);
        Assert.AreEqual(Codes.GoSelected, Codes_(byRoot));
        Assert.AreEqual(2, byRoot.Location!.OtherGoOnPath.Count, "the others are still known (GoDoctor lists them)");

        request.GoRoot = null;
        request.GoExecutable = "/usr/lib/go-1.22/bin/go";
        Assert.AreEqual(Codes.GoSelected, Codes_(new ToolchainValidator(platform, source).Validate(request)));
    }

    // ---- version range, caches, environment ----

    [TestMethod]
    public void GoVersionRangeIsChecked()
    {
        var (platform, source) = Debian("/usr/lib/go-1.23/bin");
        var request = Request(platform);
        request.GoVersionRange = VersionRangeSetting.Read("[1.21,1.23)", Project);
        var d = Only(new ToolchainValidator(platform, source).Validate(request), Codes.VersionRangeNotSatisfied);
        Assert.AreEqual(Severity.Error, d.Severity);
        Assert.AreEqual(Project, d.File);
        StringAssert.StartsWith(d.Message, "Go 1.23.5 ('/usr/lib/go-1.23/bin/go', GOVERSION go1.23.5) is outside GoVersionRange '[1.21,1.23)'");

        request.GoVersionRange = VersionRangeSetting.Read("1.22", Project);
        Assert.AreEqual(Codes.GoSelected, Codes_(new ToolchainValidator(platform, source).Validate(request)));

        request.GoVersionRange = VersionRangeSetting.Read("1.22 or newer", Project);
        Assert.AreEqual(Severity.Error, Only(new ToolchainValidator(platform, source).Validate(request), Codes.VersionRangeInvalid).Severity);
    }

    [TestMethod]
    public void UnusableCachesFallBackAndTheFallbackIsInTheEnvironmentForGo()
    {
        var (platform, source) = Debian("/usr/lib/go-1.22/bin");
        var env = platform.GoEnvFor("/usr/lib/go-1.22", "go1.22.12");
        env["GOCACHE"] = "off";
        env["GOMODCACHE"] = "";
        source.Answers["/usr/lib/go-1.22/bin/go"] = env;
        var result = new ToolchainValidator(platform, source).Validate(Request(platform));

        Assert.AreEqual(Fallback + "/cache", result.EnvironmentForGo["GOCACHE"]);
        Assert.AreEqual(Fallback + "/modcache", result.EnvironmentForGo["GOMODCACHE"]);
        Assert.AreEqual("GOTB006,GOTB030,GOTB031", Codes_(result));
        Assert.IsFalse(result.Diagnostics.HasErrors);
    }

    [TestMethod]
    public void UsableCachesAddNothingToTheEnvironmentForGo()
    {
        var (platform, source) = Debian("/usr/lib/go-1.22/bin");
        var result = new ToolchainValidator(platform, source).Validate(Request(platform));
        Assert.IsFalse(result.EnvironmentForGo.ContainsKey("GOCACHE"));
        CollectionAssert.Contains(platform.WritabilityChecks, "/home/dev/.cache/go-build", "the reported GOCACHE was checked");
    }

    [TestMethod]
    public void EnvironmentForGoHasTheGoEnvironmentAndAlwaysTheToolchainMode()
    {
        var (platform, source) = Debian("/usr/lib/go-1.23/bin");
        var request = Request(platform, new Dictionary<string, string?> { ["GOFLAGS"] = "-mod=vendor", ["GOTOOLCHAIN"] = "auto", ["GOPROXY"] = null });
        request.GoToolchainMode = ToolchainModeSetting.Read("go1.23.5+auto");
        var result = new ToolchainValidator(platform, source).Validate(request);
        CollectionAssert.AreEquivalent(
            new Dictionary<string, string> { ["GOFLAGS"] = "-mod=vendor", ["GOTOOLCHAIN"] = "go1.23.5+auto" }.ToList(),
            result.EnvironmentForGo.ToList(),
            "GoToolchainMode wins over a GOTOOLCHAIN in GoEnvironment; a removal is not a value");
    }

    [TestMethod]
    public void ToolchainModeIsInTheEnvironmentForGoEvenWithoutAGo()
    {
        var (platform, source) = Debian(null);
        var result = new ToolchainValidator(platform, source).Validate(Request(platform));
        Assert.AreEqual("local", result.EnvironmentForGo["GOTOOLCHAIN"]);
        Assert.AreEqual(Codes.GoNotFound, Codes_(result));
        Assert.AreEqual(0, source.Calls.Count, "no go, no probe");
        Assert.IsNull(result.GoEnv);
        Assert.IsNull(result.Version);
    }

    // ---- GoToolchainMode and modules ----

    [TestMethod]
    public void InvalidToolchainModeIsOneErrorNotOnePerModule()
    {
        var (platform, source) = Debian("/usr/lib/go-1.23/bin");
        var a = Module(platform, "a", "module example.com/a\n\ngo 1.24\n");
        var b = Module(platform, "b", "module example.com/b\n\ngo 1.21\n");
        var request = Request(platform, null, a, b);
        request.GoToolchainMode = ToolchainModeSetting.Read("foo");
        var result = new ToolchainValidator(platform, source).Validate(request);

        Assert.AreEqual("GOTB006,GOTB117", Codes_(result));
        var d = result.Diagnostics.Items[1];
        Assert.AreEqual(Severity.Error, d.Severity);
        Assert.AreEqual(Project, d.File);
        StringAssert.StartsWith(d.Message, "GoToolchainMode 'foo' is not a GOTOOLCHAIN value go1.23.5 accepts: every go command would fail with 'invalid GOTOOLCHAIN \"foo\"'.");
        Assert.AreEqual(2, result.Modules.Count);
        Assert.IsTrue(result.Modules.All(m => m.GoMod is not null && m.Decision is null), "parsed, but no per-module decision under an invalid mode");
        Assert.AreEqual("foo", result.EnvironmentForGo["GOTOOLCHAIN"]);
    }

    /// <summary>A module's go processes get its Environment metadata last, so its checks see it: GOWORK=off takes it out of the
    /// workspace above it. (CheckGoProxy uses these results; it no longer checks the modules again with the Environment applied.)</summary>
    [TestMethod]
    public void TheModuleChecksSeeTheModulesOwnEnvironment()
    {
        var (platform, source) = Debian("/usr/lib/go-1.23/bin");
        var a = Module(platform, "a", "module example.com/a\n\ngo 1.21\n");
        var b = Module(platform, "b", "module example.com/b\n\ngo 1.21\n");
        var work = Path.Combine(_root, "go.work");
        File.WriteAllText(work, "go 1.21\n\nuse ./b\n");
        platform.AddFile(work, "go 1.21\n\nuse ./b\n");
        var request = Request(platform, null, a, b);

        var inWorkspace = new ToolchainValidator(platform, source).Validate(request);
        Assert.AreEqual(Codes.ModuleNotInWorkspace, Only(inWorkspace, Codes.ModuleNotInWorkspace).Code);

        request.ModuleEnvironments = new Dictionary<string, IReadOnlyDictionary<string, string?>> { [a] = new Dictionary<string, string?> { ["GOWORK"] = "off" } };
        var result = new ToolchainValidator(platform, source).Validate(request);
        Assert.AreEqual(Codes.GoSelected, Codes_(result), "a, out of the workspace, is not missing from it");
        Assert.IsNull(result.Modules[0].GoWork);
        Assert.AreEqual(work, result.Modules[1].GoWork!.FilePath, "b keeps the build's environment");
    }

    [TestMethod]
    public void InvalidToolchainModeMeansNothingToGo119()
    {
        // 1.19 does not know GOTOOLCHAIN; its modules are still judged, here a newer go line (GOTB118).
        var (platform, source) = Debian("/usr/lib/go-1.19/bin");
        var a = Module(platform, "a", "module example.com/a\n\ngo 1.22\n");
        var request = Request(platform, null, a);
        request.GoToolchainMode = ToolchainModeSetting.Read("foo");
        var result = new ToolchainValidator(platform, source).Validate(request);
        Assert.AreEqual("GOTB006,GOTB118", Codes_(result));
        Assert.AreEqual((Path.Combine(a, "go.mod"), 3), (result.Diagnostics.Items[1].File, result.Diagnostics.Items[1].Line));
        Assert.AreEqual(ToolchainOutcome.OldGoTooOld, result.Modules[0].Decision!.Outcome);
    }

    [TestMethod]
    public void ModuleDecisionIsReportedAtTheGoLine()
    {
        var (platform, source) = Debian("/usr/lib/go-1.22/bin");
        var a = Module(platform, "a", "module example.com/a\n\ngo 1.23\n");
        var result = new ToolchainValidator(platform, source).Validate(Request(platform, null, a));
        var d = Only(result, Codes.GoLineTooNewLocal);
        Assert.AreEqual((Path.Combine(a, "go.mod"), 3), (d.File, d.Line));
        Assert.AreEqual("go: go.mod requires go >= 1.23 (running go 1.22.12; GOTOOLCHAIN=local)", result.Modules[0].Decision!.GoMessage);
    }

    [TestMethod]
    public void ModulesAreStillParsedWhenGoIsNotFound()
    {
        var (platform, source) = Debian("/usr/bin");
        var bad = Module(platform, "bad", "module example.com/bad\n\ngo 1.21\nfrobnicate x\n");
        var good = Module(platform, "good", "module example.com/good\n\ngo 1.99\n");
        var result = new ToolchainValidator(platform, source).Validate(Request(platform, null, bad, good));

        Assert.AreEqual("GOTB005,GOTB111", Codes_(result));
        Assert.AreEqual((Path.Combine(bad, "go.mod"), 4), (result.Diagnostics.Items[1].File, result.Diagnostics.Items[1].Line));
        Assert.AreEqual(2, result.Modules.Count);
        Assert.AreEqual("example.com/good", result.Modules[1].GoMod!.ModulePath);
        Assert.IsNull(result.Modules[1].Decision, "no toolchain to decide against");
    }

    [TestMethod]
    public void FailedProbeStopsTheToolchainChecksButNotTheModuleChecks()
    {
        var (platform, source) = Debian("/usr/lib/go-1.23/bin");
        source.Failure = Diagnostic.Error(Codes.ProbeFailed, "'/usr/lib/go-1.23/bin/go' env -json failed with exit code 2: go: cannot find GOROOT directory: /nonexistent/go.", Project);
        var missing = Path.Combine(_root, "missing");
        var request = Request(platform, null, missing);
        request.GoVersionRange = VersionRangeSetting.Read("[1.0,1.1)", Project);
        var result = new ToolchainValidator(platform, source).Validate(request);
        Assert.AreEqual("GOTB006,GOTB010,GOTB512", Codes_(result), "no root, range or cache findings without go env");
        Assert.IsNull(result.GoEnv);
    }

    [TestMethod]
    public void SwitchingToolchainsLooksOnThePathTheGoProcessesGet()
    {
        // GoEnvironment PATH=/opt/tc:... puts go1.23.0 where `GOTOOLCHAIN=path go build` finds it;
        // the machine's own PATH does not have it.
        var (platform, source) = Debian("/usr/lib/go-1.22/bin:/usr/bin");
        platform.AddFile("/opt/tc/go1.23.0");
        var a = Module(platform, "a", "module example.com/a\n\ngo 1.23\n");
        var request = Request(platform, new Dictionary<string, string?> { ["PATH"] = "/opt/tc:/usr/lib/go-1.22/bin:/usr/bin" }, a);
        request.GoToolchainMode = ToolchainModeSetting.Read("path");
        var result = new ToolchainValidator(platform, source).Validate(request);

        Assert.AreEqual(ToolchainOutcome.SwitchFromPath, result.Modules[0].Decision!.Outcome, string.Join("\n", result.Diagnostics.Items));
        Assert.AreEqual("/opt/tc/go1.23.0", result.Modules[0].Decision!.ToolchainPath);
        Assert.AreEqual(Severity.Message, Only(result, Codes.ToolchainFromPath).Severity);
        Assert.AreEqual("/usr/lib/go-1.22/bin/go", result.Location!.GoPath, "go itself is still found on the build's PATH, as a shell would");
    }

    [TestMethod]
    public void SwitchingToolchainsWithoutTheBinaryOnPathIsGotb116()
    {
        var (platform, source) = Debian("/usr/lib/go-1.22/bin:/usr/bin");
        var a = Module(platform, "a", "module example.com/a\n\ngo 1.23\n");
        var request = Request(platform, null, a);
        request.GoToolchainMode = ToolchainModeSetting.Read("path");
        var d = Only(new ToolchainValidator(platform, source).Validate(request), Codes.ToolchainNotOnPath);
        Assert.AreEqual((Path.Combine(a, "go.mod"), 3), (d.File, d.Line));
    }

    // ---- order ----

    [TestMethod]
    public void FindingsComeInPipelineOrder()
    {
        // selection, PATH, WSL, installation, range, caches, then each module in item order with its WSL note.
        var (platform, source) = Debian("/usr/lib/go-1.19/bin:/mnt/c/go/bin", wsl: true);
        platform.AddGoRoot("/mnt/c/go", "go1.22.1");
        platform.AddFile("/usr/lib/go-1.19/VERSION", "go1.19.7");
        var env = platform.GoEnvFor("/usr/lib/go-1.19", "go1.19.8");
        env["GOCACHE"] = "off";
        source.Answers["/usr/lib/go-1.19/bin/go"] = env;
        var newer = Module(platform, "newer", "module example.com/newer\n\ngo 1.22\n");
        var request = Request(platform, null, "/mnt/d/src/missing", newer);
        request.GoVersionRange = VersionRangeSetting.Read("1.21", Project);
        request.GoToolchainMode = ToolchainModeSetting.Read("foo");

        var result = new ToolchainValidator(platform, source).Validate(request);

        Assert.AreEqual("GOTB006,GOTB007,GOTB040,GOTB021,GOTB100,GOTB030,GOTB512,GOTB041,GOTB118", Codes_(result),
            string.Join("\n", result.Diagnostics.Items));
        StringAssert.StartsWith(result.Diagnostics.Items[2].Message, "'/mnt/c/go/bin/go' is on PATH, but it is a Windows Go installation seen from WSL");
        Assert.AreEqual("/mnt/d/src/missing", result.Diagnostics.Items[7].File);
    }

    [TestMethod]
    public void GoosAndGoarchLeftInTheEnvironmentAreReplacedByTheHostsForEveryGoProcess()
    {
        var (platform, source) = Debian("/usr/lib/go-1.23/bin");
        platform.SetEnv("GOOS", "windows").SetEnv("GOARCH", "arm64");
        var result = new ToolchainValidator(platform, source).Validate(Request(platform));
        Assert.AreEqual("linux", result.EnvironmentForGo["GOOS"]);
        Assert.AreEqual("amd64", result.EnvironmentForGo["GOARCH"]);

        // GOOS in GoEnvironment is the user's choice and stays.
        var chosen = new ToolchainValidator(platform, source).Validate(Request(platform, new Dictionary<string, string?> { ["GOOS"] = "freebsd" }));
        Assert.AreEqual("freebsd", chosen.EnvironmentForGo["GOOS"]);

        var (clean, cleanSource) = Debian("/usr/lib/go-1.23/bin");
        Assert.IsFalse(new ToolchainValidator(clean, cleanSource).Validate(Request(clean)).EnvironmentForGo.ContainsKey("GOOS"), "no GOOS set, none added");
    }

    [TestMethod]
    public void AMissingGorootInTheEnvironmentIsGotb020AndNoProbeStarts()
    {
        var (platform, source) = Debian("/usr/lib/go-1.23/bin");
        platform.SetEnv("GOROOT", "/usr/local/go");
        var result = new ToolchainValidator(platform, source).Validate(Request(platform));
        Assert.AreEqual("GOTB006,GOTB020", Codes_(result));
        Assert.AreEqual(0, source.Calls.Count, "go would only fail with 'cannot find GOROOT directory'");
    }

    [TestMethod]
    public void AShimFirstOnPathIsNotShadowingTheGoBehindIt()
    {
        var (platform, source) = Debian("/home/dev/.asdf/shims:/usr/lib/go-1.22/bin");
        platform.AddFile("/home/dev/.asdf/shims/go", "#!/bin/sh\n");
        source.Answers["/home/dev/.asdf/shims/go"] = platform.GoEnvFor("/usr/lib/go-1.23", "go1.23.5");
        var result = new ToolchainValidator(platform, source).Validate(Request(platform));
        Assert.AreEqual("GOTB006", Codes_(result), string.Join("\n", result.Diagnostics.Items));
        Assert.AreEqual("go1.23.5", result.GoVersionText);
    }

    // ---- issue 26: errors at the line that set the value; one module, many items ----

    /// <summary>A project file (and Directory.Build.props importing a shared props file) on disk, as a user writes them.</summary>
    private string ProjectOnDisk(string projectText, string? propsText = null, string? sharedText = null)
    {
        var project = Path.Combine(_root, "App", "App.csproj");
        Directory.CreateDirectory(Path.GetDirectoryName(project)!);
        File.WriteAllText(project, projectText);
        if (propsText is not null) File.WriteAllText(Path.Combine(_root, "Directory.Build.props"), propsText);
        if (sharedText is not null) File.WriteAllText(Path.Combine(_root, "go.props"), sharedText);
        return project;
    }

    [TestMethod]
    public void AGoRootErrorIsAtTheLineThatSetsGoRootInAnImportedFile()
    {
        var (platform, source) = Debian("/usr/bin");
        var project = ProjectOnDisk("<Project Sdk=\"Microsoft.NET.Sdk\">\n</Project>\n",
            "<Project>\n  <Import Project=\"$(MSBuildThisFileDirectory)go.props\" />\n</Project>\n",
            "<Project>\n  <PropertyGroup>\n    <GoRoot>/opt/go-missing</GoRoot>\n  </PropertyGroup>\n</Project>\n");
        var request = Request(platform);
        request.ProjectFile = project;
        request.GoRoot = "/opt/go-missing";
        request.PropertyAt = new GoToolchain.Build.Settings.ProjectFileLines(project).Property;

        var d = Only(new ToolchainValidator(platform, source).Validate(request), "GOTB002");

        Assert.AreEqual((Path.Combine(_root, "go.props"), 3), (d.File, d.Line), d.ToString());
    }

    [TestMethod]
    public void AGoRootFromTheCommandLineIsAtTheProjectFile()
    {
        var (platform, source) = Debian("/usr/bin");
        var project = ProjectOnDisk("<Project Sdk=\"Microsoft.NET.Sdk\">\n</Project>\n");
        var request = Request(platform);
        request.ProjectFile = project;
        request.GoRoot = "/opt/go-missing";
        request.PropertyAt = new GoToolchain.Build.Settings.ProjectFileLines(project).Property;

        var d = Only(new ToolchainValidator(platform, source).Validate(request), "GOTB002");

        Assert.AreEqual((project, 0), (d.File, d.Line));
    }

    [TestMethod]
    public void AMissingModuleFolderIsAtTheGoModuleItemsLine()
    {
        var (platform, source) = Debian("/usr/lib/go-1.23/bin");
        var project = ProjectOnDisk("<Project Sdk=\"Microsoft.NET.Sdk\">\n  <ItemGroup>\n    <GoModule Include=\"go/x\" />\n    <GoModule Include=\"go/missing\"\n" +
            "              BuildMode=\"exe\" />\n  </ItemGroup>\n</Project>\n");
        var lines = new GoToolchain.Build.Settings.ProjectFileLines(project);
        var request = Request(platform);
        request.ProjectFile = project;
        request.ModuleItems = new[]
        {
            new ModuleItemCheck { Directory = Path.Combine(_root, "App", "go", "missing"), ItemSpec = "go/missing", At = () => lines.Item("go/missing") },
        };

        var d = Only(new ToolchainValidator(platform, source).Validate(request), "GOTB512");

        Assert.AreEqual((project, 4), (d.File, d.Line), d.ToString());
    }

    [TestMethod]
    public void AWrongPackageIsAGoModuleErrorAtTheItemNamingTheModulesMainPackages()
    {
        var (platform, source) = Debian("/usr/lib/go-1.23/bin");
        var module = Module(platform, "mod", "module example.com/mod\n\ngo 1.21\n");
        foreach (var (folder, text) in new[] { ("testapp", "package main\n\nfunc main() {}\n"), ("lib", "package lib\n") })
        {
            Directory.CreateDirectory(Path.Combine(module, folder));
            File.WriteAllText(Path.Combine(module, folder, "x.go"), text);
            platform.AddFile(Path.Combine(module, folder, "x.go"), text);
        }
        var project = ProjectOnDisk("<Project Sdk=\"Microsoft.NET.Sdk\">\n  <ItemGroup>\n    <GoModule Include=\"../mod\" Package=\"./testapp\" />\n" +
            "    <GoModule Include=\"../mod\" Package=\"./testap\" BuildMode=\"exe\" />\n    <GoModule Include=\"../mod/\" Package=\"./...\" />\n" +
            "    <GoModule Include=\"../mod/go.mod\" Package=\"example.com/mod/lib\" Generate=\"Off\" />\n  </ItemGroup>\n</Project>\n");
        var lines = new GoToolchain.Build.Settings.ProjectFileLines(project);
        var request = Request(platform);
        request.ProjectFile = project;
        // The second item's line: ProjectFileLines finds the item by Include, the first with it; the item's own line is checked end
        // to end (EndToEnd DiagnosticPlacesTests), here that the error takes the place it is given.
        request.ModuleItems = new[]
        {
            new ModuleItemCheck { Directory = module, ItemSpec = "../mod", Package = "./testapp", BuildsPackage = true, GenerateRuns = true },
            new ModuleItemCheck { Directory = module, ItemSpec = "../mod", Package = "./testap", BuildsPackage = true, GenerateRuns = true,
                At = () => (project, 4) },
            new ModuleItemCheck { Directory = module, ItemSpec = "../mod/", Package = "./...", BuildsPackage = true },
            new ModuleItemCheck { Directory = module, ItemSpec = "../mod/go.mod", Package = "example.com/mod/lib", BuildsPackage = true,
                At = () => lines.Item("../mod/go.mod") },
        };

        var result = new ToolchainValidator(platform, source).Validate(request);

        var d = Only(result, "GOTB121");
        Assert.AreEqual((project, 4), (d.File, d.Line), d.ToString());
        StringAssert.Contains(d.Message, "GoModule '../mod' has Package='./testap', which is no package of the module example.com/mod");
        StringAssert.Contains(d.Message, "'./testapp'");
        // One module with four items: checked and listed once, with its items.
        Assert.HasCount(1, result.Modules);
        Assert.HasCount(4, result.Modules[0].Items);
        StringAssert.StartsWith(result.Modules[0].Describe().First(), "GoModule items: '../mod' (Package ./testapp), '../mod' (Package ./testap)");
    }

    [TestMethod]
    public void APackageFolderWithoutGoFilesIsWrongOnlyWhenGoGenerateDoesNotRun()
    {
        var (platform, source) = Debian("/usr/lib/go-1.23/bin");
        var module = Module(platform, "mod", "module example.com/mod\n\ngo 1.21\n");
        Directory.CreateDirectory(Path.Combine(module, "gen"));
        platform.AddDirectory(Path.Combine(module, "gen"));
        ModuleItemCheck Item(bool generateRuns)
            => new() { Directory = module, ItemSpec = "mod", Package = "./gen", BuildsPackage = true, GenerateRuns = generateRuns };

        var request = Request(platform);
        request.ModuleItems = new[] { Item(generateRuns: true) };
        Assert.AreEqual("GOTB006", Codes_(new ToolchainValidator(platform, source).Validate(request)));
        request.ModuleItems = new[] { Item(generateRuns: false) };
        StringAssert.Contains(Only(new ToolchainValidator(platform, source).Validate(request), "GOTB121").Message, "holds no .go file");
    }
}
