using System;
using System.IO;
using System.Linq;
using System.Xml.Linq;
using GoToolchain.Build.GoTests;
using GoToolchain.Build.GoTests.Coverage;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.Tests.GoTests.Coverage;

/// <summary>The test host's side of GoTestCoverage: the settings it reads, the go test flags, one report from every module's profile.</summary>
[TestClass]
[TestCategory("unit")]
public sealed class GoTestCoverageTests
{
    [TestMethod]
    [DataRow("true", "count", true, "count")]
    [DataRow("True", " Atomic ", true, "atomic")]
    [DataRow("false", "set", false, "set")]
    [DataRow(null, null, false, "")]
    [DataRow("", "", false, "")]
    public void SettingsComeFromTheRuntimeConfigValues(string? enabled, string? mode, bool expectedEnabled, string expectedMode)
    {
        var coverage = GoTestCoverage.Of(enabled, mode);
        Assert.AreEqual(expectedEnabled, coverage.Enabled);
        Assert.AreEqual(expectedMode, coverage.Mode);
    }

    [TestMethod]
    public void CoverageAddsGoTestFlagsAndKeepsTheModule()
    {
        var module = new GoTestModule { ModulePath = "example.com/calc", ModuleDirectory = "/src/calc", Flags = new[] { "-count=1" }, GoVersion = "go1.27.4" };
        var run = GoTestCoverage.WithCoverage(module, GoTestCoverage.Of("true", "atomic"), "/r/go-coverage/example.com_calc.coverprofile");
        CollectionAssert.AreEqual(new[] { "-count=1", "-coverprofile=/r/go-coverage/example.com_calc.coverprofile", "-covermode=atomic" }, run.Flags.ToArray());
        CollectionAssert.AreEqual(new[] { "-count=1" }, module.Flags.ToArray(), "the manifest's module is not changed");
        Assert.AreEqual(module.ModuleDirectory, run.ModuleDirectory);
        Assert.AreEqual("example.com_calc.coverprofile", GoTestCoverage.ProfileName(module));
        CollectionAssert.AreEqual(new[] { "-coverprofile=/p" }, GoTestCoverage.WithCoverage(module, GoTestCoverage.Of("true", ""), "/p").Flags.Skip(1).ToArray(),
            "no mode: go's own default");
    }

    [TestMethod]
    public void EveryModulesProfileGoesIntoOneReportAndABadProfileIsGotb742()
    {
        var root = Path.Combine(Path.GetTempPath(), "gotb-cov-" + Guid.NewGuid().ToString("N"));
        try
        {
            var a = Path.Combine(root, "go", "a");
            var b = Path.Combine(root, "go", "b");
            Directory.CreateDirectory(a);
            Directory.CreateDirectory(b);
            File.WriteAllText(Path.Combine(a, "go.mod"), "module example.com/a\n\ngo 1.21\n");
            File.WriteAllText(Path.Combine(b, "go.mod"), "module example.com/b\n\ngo 1.21\n");
            var pa = Path.Combine(root, "a.out");
            var pb = Path.Combine(root, "b.out");
            File.WriteAllText(pa, "mode: set\nexample.com/a/a.go:3.20,3.30 1 1\n");
            File.WriteAllText(pb, "mode: set\nexample.com/b/x/b.go:3.20,3.30 1 0\n");
            var modules = new[] { new GoTestModule { ModuleDirectory = a, GoVersion = "go1.27.4" }, new GoTestModule { ModuleDirectory = b } };
            var report = Path.Combine(root, "results", GoTestCoverage.ReportFileName);

            Assert.IsNull(GoTestCoverage.WriteReport(new[] { pa, pb }, modules, report));
            var xml = XDocument.Load(report);
            Assert.AreEqual(Path.Combine(root, "go"), (string)xml.Descendants("source").Single());
            CollectionAssert.AreEquivalent(new[] { "a/a.go", "b/x/b.go" }, xml.Descendants("class").Select(c => (string)c.Attribute("filename")!).ToArray());
            Assert.AreEqual("go1.27.4", (string)xml.Root!.Attribute("version")!);
            CoberturaReportTests.AssertCoberturaShape(xml);

            File.WriteAllText(pb, "mode: set\nexample.com/b/x/b.go:3.20 1 0\n");
            var problem = GoTestCoverage.WriteReport(new[] { pa, pb }, modules, report);
            Assert.IsNotNull(problem);
            Assert.AreEqual("GOTB742", problem.Code);
            StringAssert.Contains(problem.Message, pb);
            StringAssert.Contains(problem.Message, "line 2");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
