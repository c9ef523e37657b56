using System.Linq;
using GoToolchain.Build.Diagnostics;
using GoToolchain.Build.Settings;
using GoToolchain.Build.Versions;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.Tests.Toolchain;

[TestClass]

[TestCategory("unit")]
public sealed class GoVersionRangeTests
{
    private const string Project = "/src/app/app.csproj";

    [TestMethod]
    [DataRow("1.22", "1.22.0", true)]
    [DataRow("1.22", "1.22.12", true)]
    [DataRow("1.22", "1.23.5", true)]
    [DataRow("1.22", "1.21.13", false)]
    [DataRow("1.22", "1.22rc1", false)]       // a release candidate is not the release
    [DataRow("1.21", "1.21.0", true)]
    [DataRow("[1.21,1.24)", "1.21.13", true)]
    [DataRow("[1.21,1.24)", "1.23.5", true)]
    [DataRow("[1.21,1.24)", "1.24.0", false)]
    [DataRow("[1.21,1.24)", "1.19.8", false)]
    [DataRow("[1.22.5,1.22.12]", "1.22.12", true)]
    [DataRow("[1.22.5,1.22.12]", "1.22.4", false)]
    [DataRow("(,1.21)", "1.19.8", true)]
    [DataRow("(,1.21)", "1.21rc2", true)]
    [DataRow(" 1.22 ", "1.22.1", true)]
    public void Satisfies(string range, string version, bool expected)
    {
        var diagnostics = new DiagnosticBag();
        var parsed = GoVersionRange.TryParse(range)!;
        Assert.IsNotNull(parsed);
        Assert.AreEqual(expected, parsed.IsSatisfiedBy(GoVersion.Parse(version)));
        Assert.AreEqual(expected, parsed.Check(GoVersion.Parse(version), "go" + version, "/usr/lib/go/bin/go", Project, diagnostics));
        Assert.AreEqual(expected ? 0 : 1, diagnostics.Items.Count);
    }

    [TestMethod]
    [DataRow("")]
    [DataRow("   ")]
    public void EmptyMeansAnyGo(string range)
    {
        var setting = VersionRangeSetting.Read(range, Project);
        Assert.IsNull(setting.Text);
        Assert.IsNull(setting.Range);
        Assert.IsNull(setting.Problem);
    }

    /// <summary>The settings model reads the property; the toolchain validator reports the problem (with its other checks).</summary>
    [TestMethod]
    [DataRow("abc")]
    [DataRow("[1.21")]
    [DataRow("[1.24,1.21]")]
    [DataRow("go1.22")]
    [DataRow(">=1.22")]
    public void BadSyntaxIsVersionRangeInvalid(string range)
    {
        var setting = VersionRangeSetting.Read(range, Project);
        Assert.IsNull(setting.Range);
        Assert.IsNull(GoVersionRange.TryParse(range));
        var error = setting.Problem!;
        Assert.AreEqual(Codes.VersionRangeInvalid, error.Code);
        Assert.AreEqual(Severity.Error, error.Severity);
        Assert.AreEqual(Project, error.File);
        StringAssert.Contains(error.Message, $"'{range}'");
        StringAssert.Contains(error.Message, "[1.21,1.24)");
    }

    [TestMethod]
    public void NotSatisfiedNamesVersionPathRangeAndFix()
    {
        var diagnostics = new DiagnosticBag();
        var range = GoVersionRange.TryParse("[1.22,1.24)")!;
        Assert.IsFalse(range.Check(GoVersion.Parse("1.21.13"), "go1.21.13", "/usr/lib/go-1.21/bin/go", Project, diagnostics));
        var error = diagnostics.Items.Single();
        Assert.AreEqual(Codes.VersionRangeNotSatisfied, error.Code);
        Assert.AreEqual(Severity.Error, error.Severity);
        Assert.AreEqual(Project, error.File);
        StringAssert.Contains(error.Message, "1.21.13");
        StringAssert.Contains(error.Message, "/usr/lib/go-1.21/bin/go");
        StringAssert.Contains(error.Message, "[1.22,1.24)");
        StringAssert.Contains(error.Message, "GoRoot");
        StringAssert.Contains(error.Message, "change GoVersionRange");
    }

    [TestMethod]
    public void DevelVersionIsNotComparableWarning()
    {
        var diagnostics = new DiagnosticBag();
        var range = GoVersionRange.TryParse("1.22")!;
        const string devel = "devel go1.24-abc123 Tue Jan 7 10:00:00 2025 +0000";
        Assert.IsTrue(range.Check(GoVersion.FromGoEnvVersion(devel), devel, "/opt/go/bin/go", Project, diagnostics));
        var warning = diagnostics.Items.Single();
        Assert.AreEqual(Codes.VersionNotComparable, warning.Code);
        Assert.AreEqual(Severity.Warning, warning.Severity);
        StringAssert.Contains(warning.Message, devel);
        StringAssert.Contains(warning.Message, "'1.22'");
        Assert.IsFalse(diagnostics.HasErrors);
    }
}
