using System;
using System.IO;
using System.Linq;
using System.Xml;
using System.Xml.Linq;
using GoToolchain.Build.GoTests.Coverage;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.Tests.GoTests.Coverage;

/// <summary>
/// The profile reader and the Cobertura writer on profiles that real toolchains wrote for <see cref="CoverageFixture"/>
/// (copied from `go test -coverprofile ./...` runs; <see cref="CoberturaAgainstGoTests"/> makes them afresh).
/// </summary>
[TestClass]
[TestCategory("unit")]
public sealed class CoberturaReportTests
{
    // go1.19.8, -covermode=set: blocks start at the brace, the closing brace line belongs to the block.
    private const string Go119Set = """
        mode: set
        example.com/covfix/calc/calc.go:6.24,6.40 1 1
        example.com/covfix/calc/calc.go:9.24,10.12 1 1
        example.com/covfix/calc/calc.go:13.2,13.14 1 1
        example.com/covfix/calc/calc.go:10.12,12.3 1 0
        example.com/covfix/calc/calc.go:17.21,18.11 1 0
        example.com/covfix/calc/calc.go:21.2,21.10 1 0
        example.com/covfix/calc/calc.go:18.11,20.3 1 0
        example.com/covfix/calc/calc.go:24.22,26.25 2 1
        example.com/covfix/calc/calc.go:29.2,29.10 1 1
        example.com/covfix/calc/calc.go:26.25,28.3 1 1

        """;

    // go1.27, -covermode=count: blocks start at the statement and end at column 1 of the next line; packages without
    // tests are listed with 0 counts.
    private const string Go127Count = """
        mode: count
        example.com/covfix/calc/calc.go:6.26,6.40 1 1
        example.com/covfix/calc/calc.go:10.2,10.12 1 1
        example.com/covfix/calc/calc.go:11.3,12.1 1 0
        example.com/covfix/calc/calc.go:13.2,13.14 1 1
        example.com/covfix/calc/calc.go:18.2,18.11 1 0
        example.com/covfix/calc/calc.go:19.3,20.1 1 0
        example.com/covfix/calc/calc.go:21.2,21.10 1 0
        example.com/covfix/calc/calc.go:25.2,26.25 2 1
        example.com/covfix/calc/calc.go:27.3,28.1 1 3
        example.com/covfix/calc/calc.go:29.2,29.10 1 1
        example.com/covfix/nottested/n.go:3.16,3.26 1 0
        example.com/covfix/calc/internal/util/util.go:3.25,3.39 1 0

        """;

    private static readonly string ModuleDirectory = Path.Combine(Path.GetTempPath(), "covfix");
    private static SourceMap Map => SourceMap.For(new[] { (CoverageFixture.ModulePath, ModuleDirectory) });

    private static XElement Class(XDocument report, string file)
        => report.Descendants("class").Single(c => (string)c.Attribute("name")! == file);

    private static long? Hits(XElement @class, int line)
        => @class.Descendants("line").Where(l => (int)l.Attribute("number")! == line).Select(l => (long?)(long)l.Attribute("hits")!).SingleOrDefault();

    private static XDocument Report(string profile) => CoberturaReport.Create(CoverProfile.Parse(profile), Map, DateTimeOffset.FromUnixTimeSeconds(1_700_000_000), "test");

    [TestMethod]
    public void Go119SetProfileGivesLineHits()
    {
        var calc = Class(Report(Go119Set), "example.com/covfix/calc/calc.go");
        Assert.AreEqual(1L, Hits(calc, CoverageFixture.AddLine));
        Assert.AreEqual(1L, Hits(calc, CoverageFixture.DivIfLine), "the if line ran; the block that starts at its brace did not");
        Assert.AreEqual(0L, Hits(calc, CoverageFixture.DivReturnZeroLine));
        Assert.AreEqual(0L, Hits(calc, CoverageFixture.AbsNegateLine));
        Assert.AreEqual(1L, Hits(calc, CoverageFixture.LoopBodyLine), "set mode says ran, not how often");
        Assert.IsNull(Hits(calc, 2), "a line no block spans is not a line of code");
        Assert.AreEqual("calc/calc.go", (string)calc.Attribute("filename")!);
    }

    [TestMethod]
    public void Go127CountProfileGivesCountsAndLeavesTheNextLineOut()
    {
        var report = Report(Go127Count);
        var calc = Class(report, "example.com/covfix/calc/calc.go");
        Assert.AreEqual(3L, Hits(calc, CoverageFixture.LoopBodyLine));
        Assert.AreEqual(0L, Hits(calc, CoverageFixture.DivReturnZeroLine));
        Assert.IsNull(Hits(calc, 12), "'11.3,12.1' ends before line 12: the closing brace is no line of code");
        Assert.AreEqual(0L, Hits(Class(report, "example.com/covfix/nottested/n.go"), 3));
        // calc: 6,10,11,13,18,19,21,25,26,27,29 are lines; 6,10,13,25,26,27,29 ran.
        Assert.AreEqual("0.6364", (string)calc.Attribute("line-rate")!);
        var coverage = report.Root!;
        Assert.AreEqual("13", (string)coverage.Attribute("lines-valid")!);
        Assert.AreEqual("7", (string)coverage.Attribute("lines-covered")!);
        CollectionAssert.AreEquivalent(
            new[] { "example.com/covfix/calc", "example.com/covfix/calc/internal/util", "example.com/covfix/nottested" },
            report.Descendants("package").Select(p => (string)p.Attribute("name")!).ToArray());
        Assert.AreEqual(ModuleDirectory, (string)report.Descendants("source").Single());
        Assert.AreEqual("calc/internal/util/util.go", (string)Class(report, "example.com/covfix/calc/internal/util/util.go").Attribute("filename")!);
    }

    [TestMethod]
    [DataRow("set", 1L)]
    [DataRow("count", 5L)]
    [DataRow("atomic", 5L)]
    public void RepeatedBlocksAreMergedAsGoMergesThem(string mode, long expected)
    {
        // -coverpkg: each test binary reports every package it covers.
        var profile = CoverProfile.Parse($"mode: {mode}\nexample.com/covfix/calc/calc.go:6.24,6.40 1 2\nexample.com/covfix/calc/calc.go:6.24,6.40 1 3\n");
        Assert.AreEqual(1, profile.Blocks.Count);
        Assert.AreEqual(mode == "set" ? 3L : expected, profile.Blocks[0].Count);
    }

    [TestMethod]
    [DataRow("example.com/covfix/calc/calc.go:6.24,6.40 1 1\n", 1, "before the 'mode:' line")]
    [DataRow("mode: set\nexample.com/covfix/calc/calc.go:6.24 1 1\n", 2, "is not 'file.go")]
    [DataRow("mode: set\nexample.com/covfix/calc/calc.go:6.24,6.40 1\n", 2, "is not 'file.go")]
    [DataRow("mode: set\nexample.com/covfix/calc/calc.go:6.24,5.40 1 1\n", 2, "is not 'file.go")]
    [DataRow("mode: sometimes\n", 1, "unknown mode 'sometimes'")]
    [DataRow("mode: set\nmode: count\n", 2, "one profile has one mode")]
    [DataRow("", 0, "no 'mode:' line")]
    public void AProfileGoDidNotWriteSaysWhereItIsWrong(string text, int line, string problem)
    {
        var error = Assert.ThrowsExactly<CoverProfileException>(() => CoverProfile.Parse(text));
        Assert.AreEqual(line, error.Line);
        StringAssert.Contains(error.Message, problem);
    }

    [TestMethod]
    public void FilesMapToTheLongestModulePathAndUnknownOnesKeepTheirImportPath()
    {
        var root = Path.Combine(Path.GetTempPath(), "solution");
        var map = SourceMap.For(new[] { ("example.com/a", Path.Combine(root, "a")), ("example.com/a/nested", Path.Combine(root, "n")) });
        Assert.AreEqual(Path.Combine(root, "n", "x", "f.go"), map.Resolve("example.com/a/nested/x/f.go"));
        Assert.AreEqual(Path.Combine(root, "a", "nestedx", "f.go"), map.Resolve("example.com/a/nestedx/f.go"));
        Assert.IsNull(map.Resolve("example.com/other/f.go"));

        var report = CoberturaReport.Create(
            CoverProfile.Parse("mode: set\nexample.com/a/f.go:1.1,2.2 1 1\nexample.com/a/nested/g.go:1.1,2.2 1 0\nexample.com/other/h.go:1.1,1.5 1 1\n"),
            map, DateTimeOffset.UnixEpoch, "test");
        Assert.AreEqual(root, (string)report.Descendants("source").Single(), "two modules: their common folder");
        CollectionAssert.AreEquivalent(new[] { "a/f.go", "n/g.go", "example.com/other/h.go" },
            report.Descendants("class").Select(c => (string)c.Attribute("filename")!).ToArray());
    }

    [TestMethod]
    public void SourceMapReadsTheModulePathAndLocalReplacementsFromGoMod()
    {
        var root = Path.Combine(Path.GetTempPath(), "gotb-cov-" + Guid.NewGuid().ToString("N"));
        try
        {
            Directory.CreateDirectory(Path.Combine(root, "main"));
            File.WriteAllText(Path.Combine(root, "main", "go.mod"),
                "module example.com/main\n\ngo 1.21\n\nrequire example.com/lib v0.0.0\n\nreplace example.com/lib => ../lib\n");
            var map = SourceMap.ForModules(new[] { Path.Combine(root, "main") });
            Assert.AreEqual(0, map.Problems.Count);
            Assert.AreEqual(Path.Combine(root, "main", "cmd", "m.go"), map.Resolve("example.com/main/cmd/m.go"));
            Assert.AreEqual(Path.Combine(root, "lib", "l.go"), map.Resolve("example.com/lib/l.go"));

            var missing = SourceMap.ForModules(new[] { Path.Combine(root, "none") });
            Assert.AreEqual("GOTB110", missing.Problems.Single().Code);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>
    /// The elements and attributes of Cobertura's coverage-04 DTD that ReportGenerator's Cobertura parser and Azure DevOps
    /// read, written out here (required attributes required, child order fixed) and checked by .NET's DTD validation.
    /// </summary>
    internal const string CoberturaDtd = """
        <!ELEMENT coverage (sources?,packages)>
        <!ATTLIST coverage line-rate CDATA #REQUIRED branch-rate CDATA #REQUIRED lines-covered CDATA #REQUIRED
                  lines-valid CDATA #REQUIRED branches-covered CDATA #REQUIRED branches-valid CDATA #REQUIRED
                  complexity CDATA #REQUIRED version CDATA #REQUIRED timestamp CDATA #REQUIRED>
        <!ELEMENT sources (source*)>
        <!ELEMENT source (#PCDATA)>
        <!ELEMENT packages (package*)>
        <!ELEMENT package (classes)>
        <!ATTLIST package name CDATA #REQUIRED line-rate CDATA #REQUIRED branch-rate CDATA #REQUIRED complexity CDATA #REQUIRED>
        <!ELEMENT classes (class*)>
        <!ELEMENT class (methods,lines)>
        <!ATTLIST class name CDATA #REQUIRED filename CDATA #REQUIRED line-rate CDATA #REQUIRED branch-rate CDATA #REQUIRED
                  complexity CDATA #REQUIRED>
        <!ELEMENT methods (method*)>
        <!ELEMENT method (lines)>
        <!ATTLIST method name CDATA #REQUIRED signature CDATA #REQUIRED line-rate CDATA #REQUIRED branch-rate CDATA #REQUIRED
                  complexity CDATA #REQUIRED>
        <!ELEMENT lines (line*)>
        <!ELEMENT line (conditions*)>
        <!ATTLIST line number CDATA #REQUIRED hits CDATA #REQUIRED branch CDATA "false" condition-coverage CDATA "100%">
        <!ELEMENT conditions (condition*)>
        <!ELEMENT condition EMPTY>
        <!ATTLIST condition number CDATA #REQUIRED type CDATA #REQUIRED coverage CDATA #REQUIRED>
        """;

    /// <summary>Validates <paramref name="report"/> against <see cref="CoberturaDtd"/>; throws on the first violation.</summary>
    internal static void AssertCoberturaShape(XDocument report)
    {
        var text = $"<!DOCTYPE coverage [\n{CoberturaDtd}\n]>\n" + report.Root!.ToString(SaveOptions.DisableFormatting);
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Parse, ValidationType = ValidationType.DTD, XmlResolver = null };
        settings.ValidationEventHandler += (_, e) => Assert.Fail($"Cobertura shape: {e.Message}");
        using var reader = XmlReader.Create(new StringReader(text), settings);
        while (reader.Read())
        {
        }
        // Rates are fractions with a '.' whatever the culture.
        foreach (var rate in report.Descendants().Attributes().Where(a => a.Name.LocalName.EndsWith("-rate", StringComparison.Ordinal)))
            Assert.IsTrue(double.TryParse(rate.Value, System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture, out var value) && value is >= 0 and <= 1,
                $"{rate.Name}='{rate.Value}'");
    }

    [TestMethod]
    public void TheReportHasCoberturasShape()
    {
        AssertCoberturaShape(Report(Go119Set));
        AssertCoberturaShape(Report(Go127Count));
        AssertCoberturaShape(Report("mode: set\n"));
    }

    [TestMethod]
    public void TheShapeCheckRejectsAReportWithoutLines()
    {
        // The check above would pass vacuously if the validation did not run: a class without <lines> must fail it.
        var broken = Report(Go119Set);
        broken.Descendants("lines").First().Remove();
        Assert.ThrowsExactly<AssertFailedException>(() => AssertCoberturaShape(broken));
    }
}
