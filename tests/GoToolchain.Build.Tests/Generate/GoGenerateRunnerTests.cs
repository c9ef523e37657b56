using System.Collections.Generic;
using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using GoToolchain.Build.Diagnostics;
using GoToolchain.Build.Execution;
using GoToolchain.Build.Generate;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using GoToolchain.Build.Testing;

namespace GoToolchain.Build.Tests.Generate;

/// <summary>
/// GoGenerateRunner against every supported real toolchain: the failure matrix, incremental runs, Verify, locking.
/// Generators here are shell commands or `go run` of a generator inside the fixture module, which every toolchain
/// builds itself; Debian's stringer binary (built by go1.19, panics on 1.24+) only runs in the tests about an
/// installed generator, on the toolchains it works with.
/// </summary>
[TestClass]
[TestCategory("toolchain")]
public sealed class GoGenerateRunnerTests
{
    private const string Color = """
        package colors

        //go:generate stringer -type=Color

        type Color int

        const (
        	Red Color = iota
        	Green
        )
        """;

    /// <summary>The toolchains from 1.21 on (GOTOOLCHAIN, GOEXPERIMENT and go.work's generate rules exist).</summary>
    public static IEnumerable<object[]> From121 => Toolchains.Rows(Toolchains.Between("1.21", null));

    /// <summary>An installed generator binary (Debian's stringer) beside a `go run` one: stringer works up to 1.23.</summary>
    [TestMethod]
    [DynamicData(nameof(Toolchains.DebianStringer), typeof(Toolchains))]
    public void StringerAndAGoRunGeneratorInsideTheModuleWrite_TheirFiles(string go)
    {
        using var f = new GenerateFixture(go);
        f.Write("colors/color.go", Color);
        f.Write("gen/main.go", "package main\n\nimport \"os\"\n\nfunc main() { os.WriteFile(os.Args[1], []byte(\"package table\\n\\nconst Size = 42\\n\"), 0o644) }\n");
        f.Write("table/table.go", "package table\n\n//go:generate go run example.com/gen/gen size_gen.go\n");

        var diagnostics = f.Generate();

        Assert.AreEqual(0, diagnostics.Count, GenerateFixture.Describe(diagnostics));
        StringAssert.Contains(File.ReadAllText(f.Path_("colors/color_string.go")), "func (i Color) String() string");
        StringAssert.Contains(File.ReadAllText(f.Path_("table/size_gen.go")), "const Size = 42");
        Assert.AreEqual(GenerateOutcome.Ran, f.LastOutcome);
    }

    [TestMethod]
    [DynamicData(nameof(Toolchains.All), typeof(Toolchains))]
    public void EveryFailingDirectiveInEveryPackageIsReportedAtItsFileAndLine(string go)
    {
        using var f = new GenerateFixture(go);
        f.Write("b/b.go", "package b\n\n//go:generate echo b-first\n//go:generate sh -c \"echo b-failing >&2; exit 3\"\n");
        f.Write("c/c.go", "package c\n\n\n//go:generate nonexistent-tool x\n");
        f.Write("d/d.go", "package d\n\n//go:generate stringer-missing-too -type=X\n");

        var diagnostics = f.Generate();

        Assert.AreEqual(3, diagnostics.Count, GenerateFixture.Describe(diagnostics));
        var failing = diagnostics.Single(d => d.Code == Codes.GenerateDirectiveFailed);
        Assert.AreEqual(f.Path_("b/b.go"), failing.File);
        Assert.AreEqual(4, failing.Line);
        StringAssert.Contains(failing.Message, "exit status 3");
        var missing = diagnostics.Where(d => d.Code == Codes.GeneratorNotFound).OrderBy(d => d.File).ToList();
        Assert.AreEqual(2, missing.Count);
        Assert.AreEqual(f.Path_("c/c.go"), missing[0].File);
        Assert.AreEqual(4, missing[0].Line);
        StringAssert.Contains(missing[0].Message, "'nonexistent-tool'");
        StringAssert.Contains(missing[0].Message, "go run");
        Assert.AreEqual(f.Path_("d/d.go"), missing[1].File);
        StringAssert.Contains(f.LogText, "b-failing", "the generator's own stderr stays in the log");
    }

    /// <summary>
    /// A main package that imports one package of its module; another package (not imported) holds a failing
    /// maintainer-only directive, and a windows-only file of the imported package holds a directive of its own.
    /// </summary>
    private static void WriteBuildAndMaintainerPackages(GenerateFixture f)
    {
        f.Write("cmd/tool/main.go", "package main\n\nimport \"example.com/gen/used\"\n\n" + GenerateFixture.CountRun.Replace("ran", "tool") + "\n\nfunc main() { used.Hello() }\n");
        f.Write("used/used.go", "package used\n\n" + GenerateFixture.CountRun.Replace("ran", "used") + "\n\nfunc Hello() {}\n");
        f.Write("used/used_windows.go", "package used\n\n" + GenerateFixture.CountRun.Replace("ran", "used-windows") + "\n");
        f.Write("maintainer/gen.go", "package maintainer\n\n//go:generate sh -c \"echo maintainer-ran >> \\\"$RUN_LOG\\\"; exit 9\"\n");
    }

    [TestMethod]
    [DynamicData(nameof(Toolchains.All), typeof(Toolchains))]
    public void ByDefaultOnlyThePackagesTheBuildCompilesRunTheirDirectivesForTheTargetPlatform(string go)
    {
        using var f = new GenerateFixture(go);
        WriteBuildAndMaintainerPackages(f);

        var linux = f.Generate(f.Request(packages: "", package: "./cmd/tool", goos: "linux"));
        Assert.AreEqual(0, linux.Count, GenerateFixture.Describe(linux) + "\n" + f.LogText);
        CollectionAssert.AreEquivalent(new[] { "tool", "used" }, File.ReadAllLines(f.RunLog), "the unrelated failing directive must not run");

        File.Delete(f.RunLog);
        var windows = f.Generate(f.Request(packages: "", package: "./cmd/tool", goos: "windows"));
        Assert.AreEqual(0, windows.Count, GenerateFixture.Describe(windows));
        CollectionAssert.AreEquivalent(new[] { "tool", "used", "used-windows" }, File.ReadAllLines(f.RunLog), "build constraints follow the target");
        StringAssert.Contains(f.LogText, "go list -e -deps");
    }

    [TestMethod]
    [DynamicData(nameof(Toolchains.All), typeof(Toolchains))]
    public void TheWholeModuleSettingRunsTheMaintainerDirectiveAndAMissingPackageIsGotb406(string go)
    {
        using var f = new GenerateFixture(go);
        WriteBuildAndMaintainerPackages(f);

        var failing = f.Generate(f.Request(packages: "./...", package: "./cmd/tool")).Single();
        Assert.AreEqual(Codes.GenerateDirectiveFailed, failing.Code);
        Assert.AreEqual(f.Path_("maintainer/gen.go"), failing.File);
        StringAssert.Contains(File.ReadAllText(f.RunLog), "maintainer-ran");

        File.Delete(f.RunLog);
        var named = f.Generate(f.Request(packages: "./used", package: "./cmd/tool"));
        Assert.AreEqual(0, named.Count, GenerateFixture.Describe(named));
        CollectionAssert.AreEquivalent(new[] { "used" }, File.ReadAllLines(f.RunLog));

        var missing = f.Generate(f.Request(packages: "", package: "./cmd/nothing-here")).Single();
        Assert.AreEqual(Codes.GeneratePackagesMissing, missing.Code);
        StringAssert.Contains(missing.Message, "./cmd/nothing-here");
    }

    [TestMethod]
    public void ANoOpRunStartsNoGoProcessAndAnotherTargetHasItsOwnStamp()
    {
        using var f = new GenerateFixture("1.23");
        WriteBuildAndMaintainerPackages(f);
        Assert.AreEqual(0, f.Generate(f.Request(packages: "", package: "./cmd/tool", goos: "linux")).Count);
        Assert.AreEqual(0, f.Generate(f.Request(packages: "", package: "./cmd/tool", goos: "windows")).Count);
        f.Log.Clear();
        Assert.AreEqual(0, f.Generate(f.Request(packages: "", package: "./cmd/tool", goos: "linux")).Count);
        Assert.AreEqual(GenerateOutcome.UpToDate, f.LastOutcome);
        Assert.IsFalse(f.LogText.Contains("go list"), "no go process on a no-op run:\n" + f.LogText);
    }

    [TestMethod]
    public void AMissingStringerGetsItsInstallCommand()
    {
        using var f = new GenerateFixture("1.23");
        f.Write("colors/color.go", Color);
        var request = f.Request();
        var env = request.Environment.ToDictionary(p => p.Key, p => p.Value);
        env["PATH"] = "/bin/nonexistent"; // go generate still prepends $GOROOT/bin, but stringer is gone
        request.Environment = env;

        var error = f.Generate(request).Single();

        Assert.AreEqual(Codes.GeneratorNotFound, error.Code);
        Assert.AreEqual(f.Path_("colors/color.go"), error.File);
        Assert.AreEqual(3, error.Line);
        StringAssert.Contains(error.Message, "go install golang.org/x/tools/cmd/stringer@latest");
        StringAssert.Contains(error.Message, "golang-golang-x-tools");
    }

    [TestMethod]
    [DynamicData(nameof(Toolchains.All), typeof(Toolchains))]
    public void AModuleWithNoPackageIsAnErrorOnEveryVersion(string go)
    {
        using var f = new GenerateFixture(go);
        f.Write("notes.txt", "no Go here");

        var error = f.Generate().Single();

        Assert.AreEqual(Codes.GeneratePackagesMissing, error.Code);
        Assert.AreEqual(f.Path_("go.mod"), error.File);
        StringAssert.Contains(error.Message, "matched no packages");
    }

    /// <summary>Without gcc on PATH go switches cgo off and a c-shared module (all files import "C") has no package: GOTB406 says why.</summary>
    [TestMethod]
    [DynamicData(nameof(From121))]
    public void NoCCompilerOnPathIsNamedAsTheReasonForNoPackage(string go)
    {
        using var f = new GenerateFixture(go);
        f.Write("lib.go", "package main\n\n// #include <stdlib.h>\nimport \"C\"\n\n//go:generate echo hi\n\nfunc main() {}\n");
        var request = f.Request();
        var env = new System.Collections.Generic.Dictionary<string, string?>(request.Environment) { ["PATH"] = Path.Combine(f.Root, "empty-bin"), ["CC"] = null, ["CGO_ENABLED"] = null };
        request.Environment = env;

        var error = f.Generate(request).Single();

        Assert.AreEqual(Codes.GeneratePackagesMissing, error.Code, error.Message);
        StringAssert.Contains(error.Message, "cgo is off because no C compiler ('gcc') is on PATH");
        StringAssert.Contains(error.Message, "'lib.go' among them");
    }

    /// <summary>go.work above the module that does not list it: 1.19 list and 1.21 generate say nothing and exit 0.</summary>
    public static IEnumerable<object[]> WorkspaceLeavesTheModuleOut
        => Toolchains.Supported.Select(t => new object[] { t, Toolchains.AtLeast(t, "1.22") ? Codes.GenerateFailed : Codes.GeneratePackagesMissing });

    [TestMethod]
    [DynamicData(nameof(WorkspaceLeavesTheModuleOut))]
    public void AWorkspaceThatLeavesTheModuleOutIsNeverASilentSuccess(string go, string code)
    {
        using var f = new GenerateFixture(go);
        f.Write("p/p.go", "package p\n\n" + GenerateFixture.CountRun + "\n");
        File.WriteAllText(Path.Combine(f.Root, "go.work"), "go 1.19\n\nuse ./other\n");
        Directory.CreateDirectory(Path.Combine(f.Root, "other"));
        File.WriteAllText(Path.Combine(f.Root, "other", "go.mod"), "module example.com/other\n\ngo 1.19\n");
        var request = f.Request();
        var env = request.Environment.ToDictionary(p => p.Key, p => p.Value);
        env.Remove("GOWORK");
        request.Environment = env;

        var diagnostics = f.Generate(request);

        var error = diagnostics.Single(d => d.Severity == Severity.Error);
        Assert.AreEqual(code, error.Code, GenerateFixture.Describe(diagnostics));
        Assert.AreEqual(f.Path_("go.mod"), error.File);
        StringAssert.Contains(error.Message, "does not contain modules listed in go.work");
    }

    /// <summary>A go.work above that uses the module: generate runs per module directory on every version (1.19 generate ignores go.work).</summary>
    [TestMethod]
    [DynamicData(nameof(Toolchains.All), typeof(Toolchains))]
    public void AWorkspaceThatUsesTheModuleRunsItsGenerators(string go)
    {
        using var f = new GenerateFixture(go);
        f.Write("p/p.go", "package p\n\n" + GenerateFixture.CountRun + "\n");
        File.WriteAllText(Path.Combine(f.Root, "go.work"), "go 1.19\n\nuse (\n\t\"./mod dir ü\"\n\t./other\n)\n");
        Directory.CreateDirectory(Path.Combine(f.Root, "other"));
        File.WriteAllText(Path.Combine(f.Root, "other", "go.mod"), "module example.com/other\n\ngo 1.19\n");
        var request = f.Request();
        var env = request.Environment.ToDictionary(p => p.Key, p => p.Value);
        env.Remove("GOWORK");
        request.Environment = env;

        var diagnostics = f.Generate(request);

        Assert.AreEqual(0, diagnostics.Count, GenerateFixture.Describe(diagnostics) + "\n" + f.LogText);
        Assert.AreEqual(1, f.Runs);
    }

    /// <summary>Generate is the first go process to meet a go.mod that needs a newer Go: under GOTOOLCHAIN=auto offline that is GOTB119, as for go build.</summary>
    [TestMethod]
    [DynamicData(nameof(From121))]
    public void AToolchainDownloadThatFailsIsGotb119(string go)
    {
        var future = $"1.{Toolchains.Minor(Toolchains.Newest) + 1}"; // newer than every toolchain under test
        using var f = new GenerateFixture(go, goLine: future);
        f.Write("p/p.go", "package p\n\n" + GenerateFixture.CountRun + "\n");
        var request = f.Request();
        var env = request.Environment.ToDictionary(p => p.Key, p => p.Value);
        env["GOTOOLCHAIN"] = "auto";
        request.Environment = env;

        var error = f.Generate(request).Single();

        Assert.AreEqual(Codes.ToolchainDownloadFailed, error.Code, error.ToString());
        Assert.AreEqual(f.Path_("go.mod"), error.File);
        StringAssert.Contains(error.Message, $"go{future}.0");
    }

    [TestMethod]
    public void SkipOnGo119IsACodedErrorNamingTheToolchainAndTheProperty()
    {
        using var f = new GenerateFixture("1.19");
        f.Write("p/p.go", "package p\n\n" + GenerateFixture.CountRun + "\n");

        var error = f.Generate(f.Request(skip: "sh")).Single();

        Assert.AreEqual(Codes.GenerateSkipUnsupported, error.Code);
        StringAssert.Contains(error.Message, "GoGenerateSkip");
        StringAssert.Contains(error.Message, "go1.19");
        Assert.AreEqual(Path.Combine(f.Root, "App.csproj"), error.File);
        Assert.AreEqual(0, f.Runs);
    }

    [TestMethod]
    [DynamicData(nameof(From121))]
    public void RunAndSkipSelectDirectives(string go)
    {
        using var f = new GenerateFixture(go);
        f.Write("p/p.go", "package p\n\n" + GenerateFixture.CountRun + "\n//go:generate sh -c \"exit 7\"\n");

        Assert.AreEqual(0, f.Generate(f.Request(skip: "exit 7")).Count);
        Assert.AreEqual(1, f.Runs);
        Assert.AreEqual(0, f.Generate(f.Request(run: "RUN_LOG")).Count);
        Assert.AreEqual(2, f.Runs);
        Assert.AreEqual(Codes.GenerateDirectiveFailed, f.Generate(f.Request(run: "exit")).Single().Code);
    }

    [TestMethod]
    public void AHangingGeneratorIsKilledAtTheTimeoutAndReportedAtItsDirective()
    {
        using var f = new GenerateFixture("1.22");
        f.Write("a/a.go", "package a\n\n//go:generate echo fine\n");
        f.Write("h/h.go", "package h\n\n//go:generate echo before\n//go:generate sleep 120\n");
        var started = DateTime.UtcNow;

        var error = f.Generate(f.Request(timeoutSeconds: 3)).Single();

        Assert.IsTrue(DateTime.UtcNow - started < TimeSpan.FromSeconds(30), "the generator was not killed at the timeout");
        Assert.AreEqual(Codes.GenerateTimedOut, error.Code);
        Assert.AreEqual(f.Path_("h/h.go"), error.File);
        Assert.AreEqual(4, error.Line);
        StringAssert.Contains(error.Message, "sleep 120");
    }

    [TestMethod]
    [DynamicData(nameof(Toolchains.All), typeof(Toolchains))]
    public void ASecondRunWithNothingChangedRunsNoGeneratorAndAnEditRunsThemAgain(string go)
    {
        using var f = new GenerateFixture(go);
        f.Write("p/p.go", "package p\n\n" + GenerateFixture.CountRun + "\n");

        Assert.AreEqual(0, f.Generate().Count);
        Assert.AreEqual(1, f.Runs);
        Assert.AreEqual(0, f.Generate().Count);
        Assert.AreEqual(GenerateOutcome.UpToDate, f.LastOutcome);
        Assert.AreEqual(1, f.Runs);

        File.AppendAllText(f.Path_("p/p.go"), "// edited\n");
        Assert.AreEqual(0, f.Generate().Count);
        Assert.AreEqual(2, f.Runs);

        // A touch without a content change is not a change.
        File.SetLastWriteTimeUtc(f.Path_("p/p.go"), DateTime.UtcNow.AddMinutes(1));
        f.Generate();
        Assert.AreEqual(2, f.Runs);

        // Settings count: another -run pattern, or another environment value.
        f.Generate(f.Request(run: "RUN"));
        Assert.AreEqual(3, f.Runs);
        var request = f.Request(run: "RUN");
        var env = request.Environment.ToDictionary(p => p.Key, p => p.Value);
        env["GOFLAGS"] = "-tags=extra";
        request.Environment = env;
        f.Generate(request);
        Assert.AreEqual(4, f.Runs);
    }

    [TestMethod]
    public void AnotherProjectsCacheFolderDoesNotInvalidateTheSharedStamp()
    {
        using var f = new GenerateFixture("1.23");
        f.Write("p/p.go", "package p\n\n" + GenerateFixture.CountRun + "\n");
        f.Generate();
        var request = f.Request();
        var env = request.Environment.ToDictionary(p => p.Key, p => p.Value);
        env["GOMODCACHE"] = Path.Combine(f.Root, "other-project", "obj", "go", "gomodcache"); // ValidateGoroot's per-project fallback
        request.Environment = env;

        f.Generate(request);

        Assert.AreEqual(GenerateOutcome.UpToDate, f.LastOutcome);
        Assert.AreEqual(1, f.Runs);
    }

    [TestMethod]
    public void AFailedRunLeavesNoStampSoTheNextBuildRunsAgain()
    {
        using var f = new GenerateFixture("1.23");
        f.Write("p/p.go", "package p\n\n" + GenerateFixture.CountRun + "\n");
        f.Write("q/q.go", "package q\n\n//go:generate sh -c \"test -f $RUN_LOG.ok\"\n");

        Assert.AreEqual(Codes.GenerateDirectiveFailed, f.Generate().Single().Code);
        Assert.AreEqual(1, f.Runs);
        Assert.AreEqual(Codes.GenerateDirectiveFailed, f.Generate().Single().Code);
        Assert.AreEqual(2, f.Runs, "a failed run must not be taken as up to date");

        File.WriteAllText(f.RunLog + ".ok", "");
        Assert.AreEqual(0, f.Generate().Count);
        Assert.AreEqual(3, f.Runs);
        f.Generate();
        Assert.AreEqual(3, f.Runs);
    }

    [TestMethod]
    public void AFailureBetweenTwoIdenticalTreesStillMeansRunAgain()
    {
        using var f = new GenerateFixture("1.23");
        f.Write("p/p.go", "package p\n\n" + GenerateFixture.CountRun + "\n");
        f.Generate();
        var good = File.ReadAllText(f.Path_("p/p.go"));
        f.Write("p/p.go", good + "//go:generate sh -c \"exit 9\"\n");
        Assert.AreEqual(Codes.GenerateDirectiveFailed, f.Generate().Single().Code);
        Assert.AreEqual(2, f.Runs);

        f.Write("p/p.go", good); // back to the inputs of the last success: the failed run in between may have left anything
        f.Generate();
        Assert.AreEqual(3, f.Runs);
    }

    [TestMethod]
    public void AFileNamedByADirectiveIsAnInput()
    {
        using var f = new GenerateFixture("1.23");
        f.Write("p/colors.txt", "red\n");
        f.Write("p/p.go", "package p\n\n//go:generate sh -c \"echo ran >> \\\"$RUN_LOG\\\"\" -input=colors.txt\n");

        f.Generate();
        f.Generate();
        Assert.AreEqual(1, f.Runs);
        File.WriteAllText(f.Path_("p/colors.txt"), "red\ngreen\n");
        f.Generate();
        Assert.AreEqual(2, f.Runs);
    }

    [TestMethod]
    public void AnUnchangedGeneratedFileKeepsItsTimestamp()
    {
        using var f = new GenerateFixture("1.23");
        f.Write("colors/color.go", Color);
        Assert.AreEqual(0, f.Generate().Count);
        var generated = f.Path_("colors/color_string.go");
        var old = new DateTime(2020, 1, 2, 3, 4, 5, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(generated, old);
        File.AppendAllText(f.Path_("colors/color.go"), "\n// edited: stringer runs again and writes the same bytes\n");

        Assert.AreEqual(0, f.Generate().Count);

        Assert.AreEqual(GenerateOutcome.Ran, f.LastOutcome);
        Assert.AreEqual(old, File.GetLastWriteTimeUtc(generated));
    }

    [TestMethod]
    [DynamicData(nameof(Toolchains.All), typeof(Toolchains))]
    public void VerifyReportsStaleMissingAndDeletedFilesAndLeavesTheTreeExactlyAsItWas(string go)
    {
        using var f = new GenerateFixture(go);
        f.Write("gen/main.go", "package main\n\nimport \"os\"\n\nfunc main() { os.WriteFile(os.Args[1], []byte(\"package table\\n\\nconst Size = 42\\n\"), 0o644) }\n");
        f.Write("table/table.go", "package table\n\n//go:generate go run example.com/gen/gen size_gen.go\n");
        f.Write("table/size_gen.go", "// Code generated by hand; DO NOT EDIT.\n\npackage table\n");
        f.Write("p/p.go", "package p\n\n//go:generate sh -c \"mkdir -p newdir && echo new > newdir/new.txt && rm -f old.txt\"\n");
        f.Write("p/old.txt", "old\n");
        var before = f.TreeHash();

        var diagnostics = f.Generate(f.Request(GenerateMode.Verify));

        Assert.AreEqual(before, f.TreeHash(), "Verify changed the tree");
        Assert.AreEqual(3, diagnostics.Count, GenerateFixture.Describe(diagnostics));
        var stale = diagnostics.Single(d => d.Code == Codes.GeneratedFileStale);
        Assert.AreEqual(f.Path_("table/size_gen.go"), stale.File);
        Assert.AreEqual(1, stale.Line);
        Assert.AreEqual(f.Path_("p/newdir/new.txt"), diagnostics.Single(d => d.Code == Codes.GeneratedFileMissing).File);
        Assert.AreEqual(f.Path_("p/old.txt"), diagnostics.Single(d => d.Code == Codes.GeneratedFileObsolete).File);
    }

    [TestMethod]
    public void VerifyOfAnUpToDateTreePassesAndIsThenIncremental()
    {
        using var f = new GenerateFixture("1.23");
        f.Write("colors/color.go", Color);
        Assert.AreEqual(0, f.Generate().Count); // Run writes color_string.go
        var before = f.TreeHash();

        Assert.AreEqual(0, f.Generate(f.Request(GenerateMode.Verify)).Count);
        Assert.AreEqual(before, f.TreeHash());
        Assert.AreEqual(GenerateOutcome.Ran, f.LastOutcome);
        Assert.AreEqual(0, f.Generate(f.Request(GenerateMode.Verify)).Count);
        Assert.AreEqual(GenerateOutcome.UpToDate, f.LastOutcome);
    }

    [TestMethod]
    public void VerifyWithAFailingGeneratorStillLeavesTheTreeExactlyAsItWas()
    {
        using var f = new GenerateFixture("1.21");
        f.Write("p/p.go", "package p\n\n//go:generate sh -c \"echo changed > p.txt; echo new > fresh.txt; exit 4\"\n");
        f.Write("p/p.txt", "original\n");
        var before = f.TreeHash();

        var diagnostics = f.Generate(f.Request(GenerateMode.Verify));

        Assert.AreEqual(before, f.TreeHash());
        var failed = diagnostics.First();
        Assert.AreEqual(Codes.GenerateDirectiveFailed, failed.Code, GenerateFixture.Describe(diagnostics));
        Assert.AreEqual(f.Path_("p/p.go"), failed.File);
        Assert.AreEqual(3, failed.Line);
    }

    [TestMethod]
    public void VerifyCancelledMidwayLeavesTheTreeExactlyAsItWas()
    {
        using var f = new GenerateFixture("1.23");
        f.Write("p/p.go", "package p\n\n//go:generate sh -c \"echo changed > p.txt; echo new > fresh.txt; sleep 60\"\n");
        f.Write("p/p.txt", "original\n");
        var before = f.TreeHash();
        using var cancel = new CancellationTokenSource();
        var run = Task.Run(() => f.Generate(f.Request(GenerateMode.Verify), cancel.Token));
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!File.Exists(f.Path_("p/fresh.txt")) && DateTime.UtcNow < deadline) Thread.Sleep(50);
        Assert.IsTrue(File.Exists(f.Path_("p/fresh.txt")), "the generator did not start");

        cancel.Cancel();
        run.Wait(TimeSpan.FromSeconds(30));

        Assert.IsTrue(run.IsCompleted);
        Assert.AreEqual(before, f.TreeHash());
    }

    [TestMethod]
    public void ABackupLeftByACrashedVerifyIsRestoredFirst()
    {
        using var f = new GenerateFixture("1.23");
        f.Write("p/p.go", "package p\n");
        f.Write("p/data.txt", "original\n");
        var before = f.TreeHash();
        var request = f.Request(GenerateMode.Verify);
        // What a build killed during Verify leaves: a complete backup, and a tree the generators changed.
        TreeSnapshot.Take(f.ModuleDirectory, Path.Combine(request.StateDirectory, "verify-backup"));
        f.Write("p/data.txt", "half-written");
        f.Write("p/new_gen.go", "package p\n");

        var diagnostics = f.Generate(request);

        Assert.AreEqual(Codes.GenerateTreeRecovered, diagnostics.Single().Code, GenerateFixture.Describe(diagnostics));
        Assert.AreEqual(Severity.Warning, diagnostics.Single().Severity);
        Assert.AreEqual(before, f.TreeHash());
    }

    [TestMethod]
    public void AHeldLockIsWaitedForAndTimesOutWithACode()
    {
        using var f = new GenerateFixture("1.23");
        f.Write("p/p.go", "package p\n\n" + GenerateFixture.CountRun + "\n");
        var request = f.Request();
        request.LockTimeout = TimeSpan.FromSeconds(1);
        using (CrossProcessLock.TryAcquire(Path.Combine(request.StateDirectory, "lock"), TimeSpan.Zero, CancellationToken.None))
        {
            var error = f.Generate(request).Single();
            Assert.AreEqual(Codes.GenerateLockTimeout, error.Code);
            Assert.AreEqual(f.Path_("go.mod"), error.File);
        }
        Assert.AreEqual(0, f.Runs);
        Assert.AreEqual(0, f.Generate(request).Count);
        Assert.AreEqual(1, f.Runs);
    }

    [TestMethod]
    public void FourConcurrentRunsOfOneModuleRunTheGeneratorsOnce()
    {
        using var f = new GenerateFixture("1.23");
        f.Write("p/p.go", "package p\n\n//go:generate sh -c \"echo ran >> \\\"$RUN_LOG\\\"; sleep 1\"\n");

        var results = Enumerable.Range(0, 4).Select(_ => Task.Run(() => f.Generate())).ToArray();
        Task.WaitAll(results, TimeSpan.FromMinutes(2));

        Assert.IsTrue(results.All(r => r.Result.Count == 0));
        Assert.AreEqual(1, f.Runs);
    }
}
