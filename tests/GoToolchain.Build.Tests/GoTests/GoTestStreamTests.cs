using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using GoToolchain.Build.GoTests;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using static GoToolchain.Build.Tests.GoTests.RecordedGoTest;

namespace GoToolchain.Build.Tests.GoTests;

/// <summary>go test -json streams recorded on Go 1.19 and 1.27 (tests/fixtures/gotest) turned into results.</summary>
[TestClass]
[TestCategory("unit")]
public sealed class GoTestStreamTests
{
    [TestMethod]
    [DynamicData(nameof(Versions), typeof(RecordedGoTest))]
    public void EveryTestSubtestExampleAndSeedIsOneResult(string version)
    {
        var results = Results(version, "calc", "calc");
        var names = results.Select(r => r.FullyQualifiedName).OrderBy(n => n, StringComparer.Ordinal).ToList();
        CollectionAssert.AreEqual(new[]
        {
            "example.com/calc.ExampleAdd", "example.com/calc.FuzzAdd", "example.com/calc.FuzzAdd/seed#0", "example.com/calc.FuzzAdd/seed#1",
            "example.com/calc.TestAdd", "example.com/calc.TestSkipped", "example.com/calc.TestTable", "example.com/calc.TestTable/negative",
            "example.com/calc.TestTable/positive", "example.com/calc.TestTable/zero",
            "example.com/calc/failing.TestDiv", "example.com/calc/failing.TestTableDiv", "example.com/calc/failing.TestTableDiv/even",
            "example.com/calc/failing.TestTableDiv/odd",
            "example.com/calc/nofiles",
            "example.com/calc/panicky.TestDivPanics", "example.com/calc/panicky.TestFirst",
        }, names, string.Join("\n", names));
    }

    [TestMethod]
    [DynamicData(nameof(Versions), typeof(RecordedGoTest))]
    public void APassingTestHasItsOutputDurationAndDeclaration(string version)
    {
        var add = Single(Results(version, "calc", "calc"), "example.com/calc.TestAdd");
        Assert.AreEqual(GoTestOutcome.Passed, add.Outcome);
        Assert.AreEqual("TestAdd", add.DisplayName);
        Assert.AreEqual(GoTestKind.Test, add.Kind);
        StringAssert.Contains(add.Output, "calc_test.go:9: adding 2 and 3");
        Assert.IsFalse(add.Output.Contains("=== RUN"), add.Output);
        Assert.IsNull(add.Message);
        Assert.AreEqual(Path.Combine(FixtureRoot, "calc", "calc_test.go"), add.SourceFile);
        Assert.AreEqual(8, add.SourceLine);
        Assert.IsFalse(add.Cached);
    }

    [TestMethod]
    [DynamicData(nameof(Versions), typeof(RecordedGoTest))]
    public void AFailureCarriesGosFileAndLine(string version)
    {
        var div = Single(Results(version, "calc", "calc"), "example.com/calc/failing.TestDiv");
        Assert.AreEqual(GoTestOutcome.Failed, div.Outcome);
        Assert.AreEqual("failing_test.go:7: Div(7, 2) = 3, want 4", div.Message);
        Assert.AreEqual(Path.Combine(FixtureRoot, "calc", "failing", "failing_test.go"), div.SourceFile);
        Assert.AreEqual(7, div.SourceLine);
    }

    [TestMethod]
    [DynamicData(nameof(Versions), typeof(RecordedGoTest))]
    public void TableDrivenSubtestsAreResultsOfTheirOwn(string version)
    {
        var results = Results(version, "calc", "calc");
        var odd = Single(results, "example.com/calc/failing.TestTableDiv/odd");
        Assert.AreEqual(GoTestOutcome.Failed, odd.Outcome);
        Assert.AreEqual("TestTableDiv/odd", odd.DisplayName);
        Assert.AreEqual(GoTestKind.Subtest, odd.Kind);
        Assert.AreEqual("failing_test.go:19: Div(9, 2) = 4, want 5", odd.Message);
        Assert.AreEqual(19, odd.SourceLine);
        Assert.AreEqual(GoTestOutcome.Passed, Single(results, "example.com/calc/failing.TestTableDiv/even").Outcome);
        var parent = Single(results, "example.com/calc/failing.TestTableDiv");
        Assert.AreEqual(GoTestOutcome.Failed, parent.Outcome);
        Assert.AreEqual("A subtest failed: TestTableDiv/odd.", parent.Message);
        Assert.AreEqual(11, parent.SourceLine, "a parent without a message of its own points at its function");
        Assert.AreEqual(GoTestOutcome.Passed, Single(results, "example.com/calc.TestTable/negative").Outcome);
    }

    [TestMethod]
    [DynamicData(nameof(Versions), typeof(RecordedGoTest))]
    public void ASkipSaysWhy(string version)
    {
        var skipped = Single(Results(version, "calc", "calc"), "example.com/calc.TestSkipped");
        Assert.AreEqual(GoTestOutcome.Skipped, skipped.Outcome);
        Assert.AreEqual("calc_test.go:16: needs a network", skipped.Message);
    }

    [TestMethod]
    [DynamicData(nameof(Versions), typeof(RecordedGoTest))]
    public void ExamplesAndFuzzSeedsAreResults(string version)
    {
        var results = Results(version, "calc", "calc");
        var example = Single(results, "example.com/calc.ExampleAdd");
        Assert.AreEqual(GoTestKind.Example, example.Kind);
        Assert.AreEqual(GoTestOutcome.Passed, example.Outcome);
        Assert.AreEqual(38, example.SourceLine);
        var seed = Single(results, "example.com/calc.FuzzAdd/seed#1");
        Assert.AreEqual(GoTestKind.FuzzSeed, seed.Kind);
        Assert.AreEqual(GoTestOutcome.Passed, seed.Outcome);
        Assert.AreEqual("FuzzAdd/seed#1", seed.DisplayName);
        Assert.AreEqual(43, seed.SourceLine, "a seed points at its fuzz test");
    }

    [TestMethod]
    [DynamicData(nameof(Versions), typeof(RecordedGoTest))]
    public void APanicFailsItsTestAtThePackagesOwnFrame(string version)
    {
        var results = Results(version, "calc", "calc");
        var panic = Single(results, "example.com/calc/panicky.TestDivPanics");
        Assert.AreEqual(GoTestOutcome.Failed, panic.Outcome);
        StringAssert.StartsWith(panic.Message, "panicky_test.go:8: dividing by zero\npanic: runtime error: integer divide by zero");
        Assert.AreEqual(RecordedRoot + "/calc/panicky/panicky.go", panic.SourceFile, "where it panicked: Div");
        Assert.AreEqual(5, panic.SourceLine);
        StringAssert.StartsWith(panic.StackTrace, "goroutine ");
        Assert.AreEqual(GoTestOutcome.Passed, Single(results, "example.com/calc/panicky.TestFirst").Outcome);
        Assert.IsFalse(results.Any(r => r.TestName == "TestAfterPanic"), "go never started it: the binary had died");
        Assert.IsFalse(results.Any(r => r.FullyQualifiedName == "example.com/calc/panicky"), "the panic is the test's failure, not a second one");
    }

    [TestMethod]
    [DynamicData(nameof(Versions), typeof(RecordedGoTest))]
    public void APackageWithNoTestFilesIsReportedAsSuch(string version)
    {
        var none = Single(Results(version, "calc", "calc"), "example.com/calc/nofiles");
        Assert.AreEqual(GoTestOutcome.Skipped, none.Outcome);
        Assert.AreEqual(GoTestKind.Package, none.Kind);
        Assert.AreEqual("example.com/calc/nofiles [no test files]", none.DisplayName);
        Assert.AreEqual("example.com/calc/nofiles has no test files.", none.Message);
    }

    [TestMethod]
    [DynamicData(nameof(Versions), typeof(RecordedGoTest))]
    public void CachedResultsAreMarkedAsCached(string version)
    {
        var results = Results(version, "calc", "calc-cached");
        var add = Single(results, "example.com/calc.TestAdd");
        Assert.IsTrue(add.Cached);
        Assert.AreEqual(GoTestOutcome.Passed, add.Outcome);
        StringAssert.Contains(add.Output, "calc_test.go:9: adding 2 and 3");
        StringAssert.Contains(add.Output, "(cached: go test reported this result from its test cache");
        Assert.IsFalse(Single(results, "example.com/calc/failing.TestDiv").Cached, "go never caches a failing package");
        Assert.IsFalse(Single(Results(version, "calc", "calc"), "example.com/calc.TestAdd").Cached);
    }

    [TestMethod]
    [DynamicData(nameof(Versions), typeof(RecordedGoTest))]
    public void ATestFileThatDoesNotCompileIsReportedAtItsFileAndLine(string version)
    {
        var results = Results(version, "broken", "broken");
        var bad = Single(results, "example.com/broken/bad");
        Assert.AreEqual(GoTestOutcome.Failed, bad.Outcome);
        Assert.AreEqual("example.com/broken/bad [build failed]", bad.DisplayName);
        Assert.AreEqual(Path.Combine(FixtureRoot, "broken", "bad", "bad_test.go"), bad.SourceFile);
        Assert.AreEqual(6, bad.SourceLine);
        StringAssert.Contains(bad.Message, "bad/bad_test.go:6:17: cannot use One() (value of type int) as");
    }

    [TestMethod]
    [DynamicData(nameof(Versions), typeof(RecordedGoTest))]
    public void ATimeoutFailsTheTestThatRanAtItsLine(string version)
    {
        var results = Results(version, "broken", "broken");
        var hangs = Single(results, "example.com/broken/slow.TestHangs");
        Assert.AreEqual(GoTestOutcome.Failed, hangs.Outcome);
        StringAssert.StartsWith(hangs.Message, "Timed out: go test's -timeout of 3s ran out while TestHangs ran (panic: test timed out after 3s).");
        Assert.AreEqual(RecordedRoot + "/broken/slow/slow_test.go", hangs.SourceFile);
        Assert.AreEqual(11, hangs.SourceLine);
        Assert.AreEqual(GoTestOutcome.Passed, Single(results, "example.com/broken/slow.TestQuick").Outcome);
    }

    [TestMethod]
    public void GoFailingBeforeAnyPackageIsOneFailedResult()
    {
        var stream = new GoTestStream(Module("calc"));
        var results = stream.Finish(new[] { "go: go.mod file indicates go 1.99, but maximum version supported by tidy is 1.19" }, 1);
        var only = results.Single();
        Assert.AreEqual(GoTestOutcome.Failed, only.Outcome);
        StringAssert.Contains(only.Message, "go.mod file indicates go 1.99");
        Assert.AreEqual("/src/Calc.Tests/Calc.Tests.csproj", only.SourceFile);
    }

    [TestMethod]
    public void AKilledGoFailsWhatWasRunning()
    {
        var stream = new GoTestStream(Module("calc"));
        stream.Feed("{\"Action\":\"run\",\"Package\":\"example.com/calc\",\"Test\":\"TestAdd\"}");
        stream.Feed("{\"Action\":\"output\",\"Package\":\"example.com/calc\",\"Test\":\"TestAdd\",\"Output\":\"=== RUN   TestAdd\\n\"}");
        var results = stream.Finish(Array.Empty<string>(), -1, "go test ran longer than 3600 s and was stopped");
        var add = Single(results, "example.com/calc.TestAdd");
        Assert.AreEqual(GoTestOutcome.Failed, add.Outcome);
        Assert.AreEqual("TestAdd did not finish: go test ran longer than 3600 s and was stopped.", add.Message);
    }

    /// <summary>go prints a t.Log line and a t.Errorf line alike ("file.go:N: text"); a failure is placed at the line whose source
    /// fails the test, not at a log line before it (the IDE opened the t.Log line).</summary>
    [TestMethod]
    public void AFailureIsAtTheErrorfLineNotAtALogLineBeforeIt()
    {
        var module = Path.Combine(Path.GetTempPath(), "gotb-stream-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(module);
        try
        {
            File.WriteAllText(Path.Combine(module, "go.mod"), "module example.com/logthenfail\n\ngo 1.21\n");
            File.WriteAllText(Path.Combine(module, "calc_test.go"), string.Join("\n", "package calc", "", "import \"testing\"", "",
                "func TestDivFails(t *testing.T) {", "\tt.Log(\"about to check\")", "\tgot := 2", "\tif got != 3 {",
                "\t\tt.Errorf(\"deliberate failure: got %d\", got)", "\t}", "}", ""));
            var results = new List<GoTestResult>();
            var stream = new GoTestStream(new GoTestModule
            {
                ItemSpec = "../logthenfail", ModuleDirectory = module, ModulePath = "example.com/logthenfail", Target = "linux/amd64",
                ProjectFile = "/src/T/T.csproj",
            }, results.Add);
            const string P = "\"Package\":\"example.com/logthenfail\",\"Test\":\"TestDivFails\"";
            foreach (var line in new[]
            {
                "{\"Action\":\"run\"," + P + "}",
                "{\"Action\":\"output\"," + P + ",\"Output\":\"=== RUN   TestDivFails\\n\"}",
                "{\"Action\":\"output\"," + P + ",\"Output\":\"    calc_test.go:6: about to check\\n\"}",
                "{\"Action\":\"output\"," + P + ",\"Output\":\"    calc_test.go:9: deliberate failure: got 2\\n\"}",
                "{\"Action\":\"output\"," + P + ",\"Output\":\"--- FAIL: TestDivFails (0.00s)\\n\"}",
                "{\"Action\":\"fail\"," + P + ",\"Elapsed\":0}",
                "{\"Action\":\"fail\",\"Package\":\"example.com/logthenfail\",\"Elapsed\":0.01}",
            }) stream.Feed(line);
            stream.Finish(Array.Empty<string>(), 1);
            var failed = results.Single(r => r.FullyQualifiedName == "example.com/logthenfail.TestDivFails");
            Assert.AreEqual(GoTestOutcome.Failed, failed.Outcome);
            Assert.AreEqual(Path.Combine(module, "calc_test.go"), failed.SourceFile);
            Assert.AreEqual(9, failed.SourceLine, failed.Message);
        }
        finally { Directory.Delete(module, recursive: true); }
    }
}
