using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Xml.Linq;
using GoToolchain.Build.GoTests.Coverage;
using GoToolchain.Build.Testing;
using GoToolchain.Build.Tests.Toolchain;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.Tests.GoTests.Coverage;

/// <summary>
/// Real `go test -coverprofile` on the oldest and newest toolchain, in each cover mode, with and without -coverpkg (two
/// test binaries then report calc's blocks), converted to Cobertura: the hits of known lines, every file found on disk,
/// the shape ReportGenerator reads.
/// </summary>
[TestClass]
[TestCategory("toolchain")]
public sealed class CoberturaAgainstGoTests
{
    // Each mode once per toolchain, -coverpkg where counts must add up across test binaries (count, atomic) and without it
    // in set and count. One sealed go environment per toolchain: its cold GOCACHE (the std test packages) is paid once.
    public static IEnumerable<object[]> Cells =>
        from toolchain in new[] { Toolchains.Oldest, Toolchains.Newest }
        from cell in new[] { ("set", false), ("count", false), ("count", true), ("atomic", true) }
        select new object[] { toolchain, cell.Item1, cell.Item2 };

    private static readonly Dictionary<string, RealGo> Gos = new();

    private static RealGo GoFor(string toolchain)
    {
        lock (Gos)
        {
            if (!Gos.TryGetValue(toolchain, out var go)) Gos[toolchain] = go = new RealGo();
            return go;
        }
    }

    [ClassCleanup]
    public static void Cleanup()
    {
        foreach (var go in Gos.Values) go.Dispose();
        Gos.Clear();
    }

    [TestMethod]
    [DynamicData(nameof(Cells))]
    public void GoProfileBecomesCobertura(string toolchain, string mode, bool coverpkg)
    {
        var go = GoFor(toolchain);
        var module = go.NewDirectory("covfix");
        CoverageFixture.Write(module);
        var profile = Path.Combine(module, "..", Path.GetFileName(module) + ".out");
        var arguments = new List<string> { "test", "-count=1", "-covermode=" + mode, "-coverprofile=" + profile };
        if (coverpkg) arguments.Add("-coverpkg=./...");
        arguments.Add("./...");
        var run = go.RunWithEnvironment(toolchain, module, "", arguments.ToArray());
        Assert.AreEqual(0, run.ExitCode, run.ToString());

        var reportPath = Path.Combine(module + "-results", "coverage.cobertura.xml");
        CoberturaReport.Convert(profile, SourceMap.ForModules(new[] { module }), reportPath, "test");
        var report = XDocument.Load(reportPath);
        CoberturaReportTests.AssertCoberturaShape(report);

        Assert.AreEqual(module, (string)report.Descendants("source").Single());
        foreach (var @class in report.Descendants("class"))
            Assert.IsTrue(File.Exists(Path.Combine(module, (string)@class.Attribute("filename")!)), (string)@class.Attribute("filename")!);

        var calc = report.Descendants("class").Single(c => (string)c.Attribute("filename")! == "calc/calc.go");
        long Hits(int line) => calc.Descendants("line").Where(l => (int)l.Attribute("number")! == line).Select(l => (long)l.Attribute("hits")!).Single();
        // TestAdd calls Add once; with -coverpkg app's TestSum calls it once more, and count/atomic add the two binaries up.
        Assert.AreEqual(mode == "set" ? 1L : coverpkg ? 2L : 1L, Hits(CoverageFixture.AddLine));
        Assert.AreEqual(0L, Hits(CoverageFixture.DivReturnZeroLine));
        Assert.AreEqual(0L, Hits(CoverageFixture.AbsNegateLine));
        Assert.AreEqual(0L, Hits(CoverageFixture.AbsIfLine));
        Assert.AreEqual(mode == "set" ? 1L : 3L, Hits(CoverageFixture.LoopBodyLine));
        if (coverpkg)
        {
            // calc's test reaches util only through -coverpkg.
            var util = report.Descendants("class").Single(c => (string)c.Attribute("filename")! == "calc/internal/util/util.go");
            Assert.IsTrue(util.Descendants("line").Single().Attribute("hits")!.Value != "0");
        }
    }
}
