using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using GoToolchain.Build.Testing;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.EndToEnd;

/// <summary>
/// Go tests in a test project on Microsoft.Testing.Platform (tests/fixtures/go-tests-mtp: MSTest's runner, global.json's MTP
/// mode, three C# tests, a GoTest module with passing, failing, skipped, table-driven, Example and panicking tests), on the
/// oldest and newest toolchain: one `dotnet test` runs both kinds into one summary, one exit code and one TRX; MSTest's
/// --filter selects Go tests too (and go runs only those: the coverage of the filtered run shows Div never ran); a second run
/// reports go's cached result; the test application lists the Go tests; GoTestCoverage writes Cobertura beside the TRX.
/// </summary>
[TestClass]
[TestCategory("end-to-end")]
public sealed class GoTestsPlatformTests
{
    public static IEnumerable<object[]> OldestAndNewest => Toolchains.Rows(new[] { Toolchains.Oldest, Toolchains.Newest });

    [TestMethod]
    [DynamicData(nameof(OldestAndNewest))]
    public void DotnetTestOnThePlatformRunsGoTestsBesideCSharpTests(string goVersion)
    {
        var fixture = Fixture.FromTree("go-tests-mtp-" + goVersion, Path.Combine("tests", "fixtures", "go-tests-mtp"), "Calc.Tests/Calc.Tests")
            .WithMachineNuGetSources()
            .WithProperty("GoRoot", PackagedBuild.GoRoot(goVersion))
            .WithProperty("GoTestCoverage", "true");
        fixture.WriteProjectFiles();

        // The whole run: exit code 2 is the platform's "at least one test failed" (aka.ms/testingplatform/exitcodes).
        var all = Path.Combine(fixture.Directory, "results-all");
        var run = DotnetTest(fixture, "--report-trx", "--results-directory", all);
        Assert.AreEqual(2, run.ExitCode, run.ToString());
        // 3 C# tests; Go: TestAdd, TestDiv, TestSkipped, TestTable, TestTable/small, TestTable/wrong, ExampleAdd, TestPanics.
        Assert.AreEqual((11, 4, 1), Summary(run.Output), run.Output);

        var results = TrxResults(all);
        foreach (var cs in new[] { "CsOne", "CsTwo", "CsThree" }) Assert.AreEqual("Passed", results[("CsTests", cs)].Outcome);
        Assert.AreEqual("Passed", results[("example.com/calc", "TestAdd")].Outcome);
        StringAssert.Contains(results[("example.com/calc", "TestAdd")].Output, "adding 1 and 2");
        Assert.AreEqual("Failed", results[("example.com/calc", "TestDiv")].Outcome);
        StringAssert.Contains(results[("example.com/calc", "TestDiv")].Message, "calc_test.go:17: Div(7, 2) = 3, want 4");
        Assert.AreEqual("NotExecuted", results[("example.com/calc", "TestSkipped")].Outcome);
        Assert.AreEqual("Passed", results[("example.com/calc", "TestTable/small")].Outcome);
        Assert.AreEqual("Failed", results[("example.com/calc", "TestTable/wrong")].Outcome);
        StringAssert.Contains(results[("example.com/calc", "TestTable/wrong")].Message, "calc_test.go:34: Add(2, 2) = 4, want 5");
        Assert.AreEqual("Passed", results[("example.com/calc", "ExampleAdd")].Outcome);
        Assert.AreEqual("Failed", results[("example.com/calc/panics", "TestPanics")].Outcome);
        StringAssert.Contains(results[("example.com/calc/panics", "TestPanics")].Message, "panic: assignment to entry in nil map");
        Assert.AreEqual(1L, CoberturaHits(all, "calc.go", 5), "TestDiv ran Div");

        // MSTest's --filter (VSTest's syntax) on the platform: only TestAdd runs, C# and Go alike, and the run passes.
        var filtered = Path.Combine(fixture.Directory, "results-filtered");
        var only = DotnetTest(fixture, "--no-build", "--report-trx", "--results-directory", filtered, "--filter", "FullyQualifiedName~TestAdd");
        Assert.AreEqual(0, only.ExitCode, only.ToString());
        Assert.AreEqual((1, 0, 0), Summary(only.Output), only.Output);
        CollectionAssert.AreEqual(new[] { ("example.com/calc", "TestAdd") }, TrxResults(filtered).Keys.ToArray());
        // go ran no other test: Div's line was never executed in this run.
        Assert.AreEqual(1L, CoberturaHits(filtered, "calc.go", 3));
        Assert.AreEqual(0L, CoberturaHits(filtered, "calc.go", 5));

        // The same run again: go 1.25+ reports TestAdd from its test cache, coverage profile included, and the output says so;
        // go 1.24 and older never cache a -coverprofile run (measured on 1.19-1.27), so there it runs again.
        var again = Path.Combine(fixture.Directory, "results-again");
        var cached = DotnetTest(fixture, "--no-build", "--report-trx", "--results-directory", again, "--filter", "FullyQualifiedName~TestAdd");
        Assert.AreEqual(0, cached.ExitCode, cached.ToString());
        var cachedOutput = TrxResults(again)[("example.com/calc", "TestAdd")].Output;
        if (Toolchains.AtLeast(goVersion, "1.25")) StringAssert.Contains(cachedOutput, "(cached: go test reported this result from its test cache");
        else Assert.IsFalse(cachedOutput.Contains("(cached"), cachedOutput);
        StringAssert.Contains(TrxResults(again)[("example.com/calc", "TestAdd")].Output, "adding 1 and 2");
        Assert.AreEqual(0L, CoberturaHits(again, "calc.go", 5));

        // The test application lists the Go tests after MSTest's (the platform runs no extension when it only discovers).
        var list = PackagedBuild.Run(PackagedBuild.Dotnet, new[] { Path.Combine(fixture.Directory, "Calc.Tests", "bin", "Debug", "net10.0", "Calc.Tests.dll"), "--list-tests" },
            fixture.Directory, new Dictionary<string, string?>(), TimeSpan.FromMinutes(5));
        Assert.AreEqual(0, list.ExitCode, list.ToString());
        StringAssert.Contains(list.Output, "CsOne");
        foreach (var name in new[] { "example.com/calc.TestAdd", "example.com/calc.TestTable", "example.com/calc.ExampleAdd", "example.com/calc/panics.TestPanics" })
            StringAssert.Contains(list.Output, "  " + name);
    }

    private static ProcessOutput DotnetTest(Fixture fixture, params string[] arguments)
    {
        var result = PackagedBuild.Run(PackagedBuild.Dotnet, new[] { "test", "--project", "Calc.Tests" }.Concat(arguments), fixture.Directory,
            new Dictionary<string, string?> { ["NUGET_PACKAGES"] = PackagedBuild.NuGetPackages }, TimeSpan.FromMinutes(10));
        File.WriteAllText(Path.Combine(fixture.Directory, $"test-{DateTime.UtcNow:HHmmssfff}.log"), result.Output);
        return result;
    }

    // The platform's summary: "total: N", "failed: N", "skipped: N".
    private static (int Total, int Failed, int Skipped) Summary(string output)
    {
        int Count(string name) => int.Parse(Regex.Matches(output, @"^\s*" + name + @": (\d+)\s*$", RegexOptions.Multiline).Last().Groups[1].Value);
        return (Count("total"), Count("failed"), Count("skipped"));
    }

    private sealed record TrxResult(string Outcome, string Message, string Output);

    // (class, name) → result: TRX's class is the import path for Go tests, so class.name is the FullyQualifiedName.
    private static Dictionary<(string, string), TrxResult> TrxResults(string resultsDirectory)
    {
        var trx = Directory.EnumerateFiles(resultsDirectory, "*.trx").Single();
        var doc = XDocument.Load(trx);
        XNamespace ns = doc.Root!.Name.Namespace;
        var classes = doc.Descendants(ns + "UnitTest").ToDictionary(
            t => (string)t.Attribute("id")!, t => (string)t.Element(ns + "TestMethod")!.Attribute("className")!);
        return doc.Descendants(ns + "UnitTestResult").ToDictionary(
            r => (classes[(string)r.Attribute("testId")!], (string)r.Attribute("testName")!),
            r => new TrxResult((string)r.Attribute("outcome")!,
                (string?)r.Descendants(ns + "Message").FirstOrDefault() ?? "",
                (string?)r.Descendants(ns + "StdOut").FirstOrDefault() ?? ""));
    }

    private static long CoberturaHits(string resultsDirectory, string file, int line)
    {
        var report = XDocument.Load(Path.Combine(resultsDirectory, "go-coverage.cobertura.xml"));
        var @class = report.Descendants("class").Single(c => (string)c.Attribute("filename")! == file);
        return @class.Descendants("line").Where(l => (int)l.Attribute("number")! == line).Select(l => (long)l.Attribute("hits")!).Single();
    }
}
