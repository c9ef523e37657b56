using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Xml.Linq;
using GoToolchain.Build.Testing;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.EndToEnd;

/// <summary>
/// Issue 25's "Must show" on the VSTest path (tests/fixtures/gotest): `dotnet test` of a test project with C# tests and a
/// GoTest item runs both in one summary and exit code, the TRX holds each Go result, --filter reaches go as -run,
/// --list-tests lists the Go tests, a second run reports go's cached results; a second project reports a test file that does
/// not compile and a test that times out at their file and line. Oldest and newest toolchain only (CI minutes).
/// </summary>
[TestClass]
[TestCategory("end-to-end")]
public sealed class GoTestsVsTestTests
{
    public static IEnumerable<object[]> OldestAndNewest => Toolchains.Rows(new[] { Toolchains.Oldest, Toolchains.Newest });

    private static Fixture Copy(string name, string project, string version)
        => Fixture.FromTree(name, Path.Combine("tests", "fixtures", "gotest"), project)
            .WithProperty("GoRoot", PackagedBuild.GoRoot(version))
            .WithMachineNuGetSources();

    /// <summary>Each result of a TRX file: test name, outcome, error message, stack trace, standard output.</summary>
    private static Dictionary<string, (string Outcome, string Message, string Stack, string Output)> Trx(string path)
    {
        XNamespace ns = "http://microsoft.com/schemas/VisualStudio/TeamTest/2010";
        return XDocument.Load(path).Descendants(ns + "UnitTestResult").ToDictionary(
            r => (string)r.Attribute("testName")!,
            r => ((string)r.Attribute("outcome")!,
                (string?)r.Descendants(ns + "Message").FirstOrDefault() ?? "",
                (string?)r.Descendants(ns + "StackTrace").FirstOrDefault() ?? "",
                (string?)r.Descendants(ns + "StdOut").FirstOrDefault() ?? ""));
    }

    [TestMethod]
    [DynamicData(nameof(OldestAndNewest))]
    public void GoTestsRunBesideCSharpTestsInOneRun(string version)
    {
        var fixture = Copy("gotest-vstest-" + version, "Calc.Tests/Calc.Tests", version);
        const string project = "Calc.Tests/Calc.Tests.csproj";
        var results = Path.Combine(fixture.Directory, "results");

        var run = fixture.Dotnet(null, "test", project, "--logger", "trx;LogFileName=first.trx", "--results-directory", results);
        Assert.AreEqual(1, run.ExitCode, run.ToString());
        // 3 C# tests and 17 Go results: 5 tests, 3+2 subtests and seeds in calc; TestDiv, TestTableDiv and its 2 subtests; TestFirst
        // and TestDivPanics (the panic ends the binary before TestAfterPanic); nofiles (no test files).
        StringAssert.Contains(run.Output, "Failed!  - Failed:     4, Passed:    14, Skipped:     2, Total:    20", run.ToString());

        var trx = Trx(Path.Combine(results, "first.trx"));
        foreach (var name in new[] { "CSharpAdds", "CSharpSubtracts", "CSharpMultiplies", "TestAdd", "TestTable", "TestTable/zero", "TestTable/positive",
                     "TestTable/negative", "ExampleAdd", "FuzzAdd", "FuzzAdd/seed#0", "FuzzAdd/seed#1", "TestFirst", "TestTableDiv/even" })
        {
            Assert.AreEqual("Passed", trx[name].Outcome, name);
        }
        Assert.AreEqual("NotExecuted", trx["TestSkipped"].Outcome);
        StringAssert.Contains(trx["TestSkipped"].Message, "calc_test.go:16: needs a network");
        Assert.AreEqual("NotExecuted", trx["example.com/calc/nofiles [no test files]"].Outcome);
        Assert.AreEqual("Failed", trx["TestDiv"].Outcome);
        Assert.AreEqual("failing_test.go:7: Div(7, 2) = 3, want 4", trx["TestDiv"].Message);
        StringAssert.Contains(trx["TestDiv"].Stack, Path.Combine("calc", "failing", "failing_test.go") + ":line 7");
        Assert.AreEqual("Failed", trx["TestTableDiv/odd"].Outcome);
        Assert.AreEqual("failing_test.go:19: Div(9, 2) = 4, want 5", trx["TestTableDiv/odd"].Message);
        Assert.AreEqual("Failed", trx["TestTableDiv"].Outcome);
        Assert.AreEqual("Failed", trx["TestDivPanics"].Outcome);
        StringAssert.Contains(trx["TestDivPanics"].Message, "panic: runtime error: integer divide by zero");
        StringAssert.Contains(trx["TestDivPanics"].Stack, Path.Combine("calc", "panicky", "panicky.go") + ":line 5");
        StringAssert.Contains(trx["TestAdd"].Output, "calc_test.go:9: adding 2 and 3");
        Assert.IsFalse(trx["TestAdd"].Output.Contains("(cached"), "the first run runs the tests");

        // The same run again: go reports example.com/calc from its test cache, and says so.
        var again = fixture.Dotnet(null, "test", project, "--no-build", "--logger", "trx;LogFileName=second.trx", "--results-directory", results);
        Assert.AreEqual(1, again.ExitCode, again.ToString());
        var second = Trx(Path.Combine(results, "second.trx"));
        StringAssert.Contains(second["TestAdd"].Output, "(cached: go test reported this result from its test cache", again.ToString());
        Assert.AreEqual("Passed", second["TestAdd"].Outcome);
        Assert.IsFalse(second["TestDiv"].Output.Contains("(cached"), "go never caches a failing package");

        // --filter reaches go as -run: go's own -json output shows TestAdd as the only test that ran.
        var filtered = fixture.Dotnet(null, "test", project, "--no-build", "--filter", "FullyQualifiedName~TestAdd");
        Assert.AreEqual(0, filtered.ExitCode, filtered.ToString());
        StringAssert.Contains(filtered.Output, "Passed!  - Failed:     0, Passed:     1, Skipped:     0, Total:     1", filtered.ToString());
        var goOutput = File.ReadAllLines(Path.Combine(fixture.Directory, "Calc.Tests", "bin", "Debug", "net10.0", "Calc.Tests.gotest.json"));
        var ran = goOutput.Where(l => l.Contains("\"Action\":\"run\"")).ToList();
        Assert.AreEqual(1, ran.Count, string.Join("\n", goOutput));
        StringAssert.Contains(ran[0], "\"Test\":\"TestAdd\"");

        var list = fixture.Dotnet(null, "test", project, "--no-build", "--list-tests");
        Assert.AreEqual(0, list.ExitCode, list.ToString());
        foreach (var name in new[] { "TestAdd", "TestSkipped", "TestTable", "ExampleAdd", "FuzzAdd", "TestDiv", "TestTableDiv", "TestDivPanics", "CSharpAdds" })
        {
            StringAssert.Contains(list.Output, "    " + name + "\n", list.ToString());
        }
    }

    [TestMethod]
    [DynamicData(nameof(OldestAndNewest))]
    public void ATestThatDoesNotCompileAndATimeoutAreReportedAtTheirLines(string version)
    {
        var fixture = Copy("gotest-broken-" + version, "Broken.Tests/Broken.Tests", version);
        var results = Path.Combine(fixture.Directory, "results");
        var run = fixture.Dotnet(null, "test", "Broken.Tests/Broken.Tests.csproj", "--logger", "trx;LogFileName=broken.trx", "--results-directory", results);
        Assert.AreEqual(1, run.ExitCode, run.ToString());
        StringAssert.Contains(run.Output, "Failed!  - Failed:     2, Passed:     2, Skipped:     0, Total:     4", run.ToString());
        var trx = Trx(Path.Combine(results, "broken.trx"));
        var bad = trx["example.com/broken/bad [build failed]"];
        Assert.AreEqual("Failed", bad.Outcome);
        StringAssert.Contains(bad.Message, "bad/bad_test.go:6:17: cannot use One() (value of type int) as");
        StringAssert.Contains(bad.Stack, Path.Combine("broken", "bad", "bad_test.go") + ":line 6");
        var hangs = trx["TestHangs"];
        Assert.AreEqual("Failed", hangs.Outcome);
        StringAssert.StartsWith(hangs.Message, "Timed out: go test's -timeout of 3s ran out while TestHangs ran");
        StringAssert.Contains(hangs.Stack, Path.Combine("broken", "slow", "slow_test.go") + ":line 11");
        Assert.AreEqual("Passed", trx["TestQuick"].Outcome);
        Assert.AreEqual("Passed", trx["CSharpPasses"].Outcome);
    }
}
