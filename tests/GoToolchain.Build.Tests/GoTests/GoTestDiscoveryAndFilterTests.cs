using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using GoToolchain.Build.GoTests;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using static GoToolchain.Build.Tests.GoTests.RecordedGoTest;

namespace GoToolchain.Build.Tests.GoTests;

/// <summary>Discovery from go test -json -list (recorded on Go 1.19 and 1.27), the test platform's filter, and the -run
/// pattern a selection gives go.</summary>
[TestClass]
[TestCategory("unit")]
public sealed class GoTestDiscoveryAndFilterTests
{
    private static IReadOnlyList<GoTestCase> Listed(string version, string module)
    {
        var lister = new GoTestLister(Module(module));
        foreach (var line in Lines(version, module + "-list", "stdout")) lister.Feed(line);
        var stderr = Lines(version, module + "-list", "stderr");
        return lister.Finish(stderr, stderr.Length > 0 || module == "broken" ? 1 : 0);
    }

    [TestMethod]
    [DynamicData(nameof(Versions), typeof(RecordedGoTest))]
    public void ListsEachTopLevelTestWithItsPosition(string version)
    {
        var cases = Listed(version, "calc");
        CollectionAssert.AreEquivalent(new[]
        {
            "example.com/calc.TestAdd", "example.com/calc.TestSkipped", "example.com/calc.TestTable", "example.com/calc.FuzzAdd",
            "example.com/calc.ExampleAdd", "example.com/calc/failing.TestDiv", "example.com/calc/failing.TestTableDiv",
            "example.com/calc/panicky.TestFirst", "example.com/calc/panicky.TestDivPanics", "example.com/calc/panicky.TestAfterPanic",
            "example.com/calc/nofiles",
        }, cases.Select(c => c.FullyQualifiedName).ToList());
        var div = cases.Single(c => c.TestName == "TestDiv");
        Assert.AreEqual(Path.Combine(FixtureRoot, "calc", "failing", "failing_test.go"), div.SourceFile);
        Assert.AreEqual(5, div.SourceLine);
        Assert.AreEqual(GoTestKind.Example, cases.Single(c => c.TestName == "ExampleAdd").Kind);
        Assert.AreEqual(GoTestKind.Package, cases.Single(c => c.Package == "example.com/calc/nofiles").Kind);
    }

    [TestMethod]
    [DynamicData(nameof(Versions), typeof(RecordedGoTest))]
    public void APackageThatDoesNotBuildIsListedAtItsError(string version)
    {
        var cases = Listed(version, "broken");
        var bad = cases.Single(c => c.Package == "example.com/broken/bad");
        Assert.AreEqual(GoTestKind.Package, bad.Kind);
        Assert.AreEqual("example.com/broken/bad", bad.DisplayName);
        Assert.AreEqual(Path.Combine(FixtureRoot, "broken", "bad", "bad_test.go"), bad.SourceFile);
        Assert.AreEqual(6, bad.SourceLine);
        CollectionAssert.AreEquivalent(new[] { "TestQuick", "TestHangs" }, cases.Where(c => c.Package == "example.com/broken/slow").Select(c => c.TestName).ToList());
    }

    [TestMethod]
    [DataRow("FullyQualifiedName~TestAdd", "example.com/calc.TestAdd", "TestAdd", true)]
    [DataRow("FullyQualifiedName~testadd", "example.com/calc.TestAdd", "TestAdd", true)]
    [DataRow("FullyQualifiedName~TestAdd", "example.com/calc.TestSub", "TestSub", false)]
    [DataRow("Name=TestDiv", "example.com/calc/failing.TestDiv", "TestDiv", true)]
    [DataRow("Name=TestDiv", "example.com/calc/failing.TestDivide", "TestDivide", false)]
    [DataRow("Name!=TestDiv", "example.com/calc/failing.TestDivide", "TestDivide", true)]
    [DataRow("FullyQualifiedName!~calc/failing", "example.com/calc/failing.TestDiv", "TestDiv", false)]
    [DataRow("FullyQualifiedName=example.com/calc.TestTable/zero", "example.com/calc.TestTable/zero", "TestTable/zero", true)]
    [DataRow("Name=TestAdd|Name=TestDiv", "example.com/calc/failing.TestDiv", "TestDiv", true)]
    [DataRow("Name=TestAdd&FullyQualifiedName~failing", "example.com/calc.TestAdd", "TestAdd", false)]
    [DataRow("(Name=TestAdd|Name=TestDiv)&FullyQualifiedName~failing", "example.com/calc/failing.TestDiv", "TestDiv", true)]
    [DataRow("TestAdd", "example.com/calc.TestAdd", "TestAdd", true)]
    [DataRow("DisplayName=TestAdd", "example.com/calc.TestAdd", "TestAdd", true)]
    [DataRow("TestCategory=Slow", "example.com/calc.TestAdd", "TestAdd", false)]
    [DataRow(@"Name=Test\&More", "p.Test&More", "Test&More", true)]
    public void FiltersAsTheTestPlatformDoes(string filter, string fullyQualifiedName, string name, bool expected)
    {
        var parsed = GoTestFilter.Parse(filter, out var error);
        Assert.IsNull(error, error);
        Assert.AreEqual(expected, parsed!.Matches(fullyQualifiedName, name));
    }

    [TestMethod]
    [DataRow("Name=", "the value after 'Name=' is missing")]
    [DataRow("(Name=TestAdd", "a ')' is missing")]
    [DataRow("=TestAdd", "a property name is missing before '='")]
    [DataRow("Name=TestAdd)", "unexpected ')'")]
    public void AFilterThatIsNotOneSaysWhy(string filter, string expected)
    {
        Assert.IsNull(GoTestFilter.Parse(filter, out var error));
        StringAssert.Contains(error, expected);
    }

    [TestMethod]
    [DynamicData(nameof(Versions), typeof(RecordedGoTest))]
    public void AFilterRunsOnlyTheTestsItSelects(string version)
    {
        var filter = GoTestFilter.Parse("FullyQualifiedName~TestAdd", out _)!;
        var selection = GoTestSelection.Of(Listed(version, "calc"), filter.Matches, filter.SubtestsNamedUnder);
        CollectionAssert.AreEqual(new[] { "example.com/calc" }, selection.Packages.ToList());
        Assert.AreEqual("^(TestAdd)$", selection.RunPattern);
        // What go printed for exactly that run: the one test, reported.
        var results = Results(version, "calc", "calc-filtered", exitCode: 0).Where(selection.Reports).ToList();
        Assert.AreEqual("example.com/calc.TestAdd", results.Single().FullyQualifiedName);
    }

    [TestMethod]
    [DynamicData(nameof(Versions), typeof(RecordedGoTest))]
    public void AFilterOnASubtestRunsItsTestAndReportsTheSubtest(string version)
    {
        var filter = GoTestFilter.Parse("Name=TestTableDiv/odd", out _)!;
        var selection = GoTestSelection.Of(Listed(version, "calc"), filter.Matches, filter.SubtestsNamedUnder);
        CollectionAssert.AreEqual(new[] { "example.com/calc/failing" }, selection.Packages.ToList());
        Assert.AreEqual("^(TestTableDiv)$", selection.RunPattern);
        var reported = Results(version, "calc", "calc").Where(selection.Reports).Select(r => r.FullyQualifiedName).ToList();
        CollectionAssert.AreEqual(new[] { "example.com/calc/failing.TestTableDiv/odd" }, reported);
    }

    [TestMethod]
    [DynamicData(nameof(Versions), typeof(RecordedGoTest))]
    public void SelectingATestReportsItsSubtests(string version)
    {
        var chosen = new HashSet<string> { "example.com/calc.TestTable", "example.com/calc/failing.TestDiv" };
        var selection = GoTestSelection.Of(Listed(version, "calc"), (fqn, _) => chosen.Contains(fqn));
        CollectionAssert.AreEquivalent(new[] { "example.com/calc", "example.com/calc/failing" }, selection.Packages.ToList());
        Assert.AreEqual("^(TestDiv|TestTable)$", selection.RunPattern);
        var reported = Results(version, "calc", "calc").Where(selection.Reports).Select(r => r.FullyQualifiedName).ToList();
        CollectionAssert.AreEquivalent(new[]
        {
            "example.com/calc.TestTable", "example.com/calc.TestTable/zero", "example.com/calc.TestTable/positive", "example.com/calc.TestTable/negative",
            "example.com/calc/failing.TestDiv",
        }, reported);
    }

    [TestMethod]
    [DynamicData(nameof(Versions), typeof(RecordedGoTest))]
    public void SelectingAPackageThatDoesNotBuildRunsIt(string version)
    {
        var selection = GoTestSelection.Of(Listed(version, "broken"), (fqn, _) => fqn == "example.com/broken/bad");
        CollectionAssert.AreEqual(new[] { "example.com/broken/bad" }, selection.Packages.ToList());
        Assert.IsNull(selection.RunPattern);
    }

    [TestMethod]
    public void ArgumentsPutTheModulesFlagsBeforeRunAndPackages()
    {
        var module = Module("calc");
        module.Flags = new[] { "-count=1", "-tags=integration" };
        CollectionAssert.AreEqual(new[] { "test", "-json", "-count=1", "-tags=integration", "-run=^(TestAdd)$", "example.com/calc" },
            GoTestRunner.Arguments(module, "^(TestAdd)$", new[] { "example.com/calc" }).ToList());
        CollectionAssert.AreEqual(new[] { "test", "-json", "-count=1", "-tags=integration", "-list", ".", "./..." },
            GoTestRunner.Arguments(module, list: true).ToList());
    }

    [TestMethod]
    [DataRow("example.com/calc.TestAdd", "example.com/calc", "TestAdd")]
    [DataRow("gopkg.in/yaml.v3.TestUnmarshal/a.b", "gopkg.in/yaml.v3", "TestUnmarshal/a.b")]
    [DataRow("example.com/testing.TestX", "example.com/testing", "TestX")]
    [DataRow("example.com/calc.ExampleAdd", "example.com/calc", "ExampleAdd")]
    [DataRow("example.com/calc/nofiles", "example.com/calc/nofiles", "")]
    public void AFullyQualifiedNameSplitsIntoPackageAndTest(string fullyQualifiedName, string package, string test)
    {
        Assert.AreEqual((package, test), GoTestNames.Split(fullyQualifiedName));
        Assert.AreEqual(fullyQualifiedName, GoTestNames.FullyQualifiedName(package, test));
    }
}
