using GoToolchain.Build.Loopvar;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.Tests.Loopvar;

[TestClass]

[TestCategory("unit")]
public sealed class GoExperimentTests
{
    [TestMethod]
    [DataRow(null, "loopvar")]
    [DataRow("", "loopvar")]
    [DataRow("loopvar", "loopvar")]
    [DataRow("noloopvar", "loopvar")]
    [DataRow("fieldtrack", "fieldtrack,loopvar")]
    [DataRow("loopvar,fieldtrack", "fieldtrack,loopvar")]
    [DataRow("noloopvar,fieldtrack,loopvar,noloopvar", "fieldtrack,loopvar")]
    [DataRow("loopvar,,fieldtrack", "fieldtrack,loopvar")]      // empty items are ignored by go, dropped by us
    [DataRow("none", "none,loopvar")]                            // none resets what comes before it, not our loopvar
    [DataRow("LOOPVAR", "LOOPVAR,loopvar")]                      // case-sensitive: LOOPVAR is not loopvar; go judges it
    [DataRow("bogus,regabi", "bogus,regabi,loopvar")]            // unknown ones are left to go
    public void MergeAppendsLoopvarLastAndKeepsOtherExperiments(string? user, string expected)
        => Assert.AreEqual(expected, GoExperiment.Merge(user));

    [TestMethod]
    [DataRow(null, null)]
    [DataRow("fieldtrack", null)]
    [DataRow("loopvar", "loopvar")]
    [DataRow("loopvar,noloopvar", "noloopvar")]
    [DataRow("noloopvar,loopvar", "loopvar")]
    [DataRow("loopvar,fieldtrack", "loopvar")]
    [DataRow("LoopVar", null)]
    [DataRow(" loopvar", null)]
    public void TheLastLoopvarItemWins(string? value, string? expected)
        => Assert.AreEqual(expected, GoExperiment.LastLoopvarEntry(value));

    [TestMethod]
    public void ItemsWithSpacesAreFoundNotTrimmed()
    {
        CollectionAssert.AreEqual(new[] { " fieldtrack" }, (System.Collections.ICollection)GoExperiment.ItemsWithWhiteSpace("loopvar, fieldtrack"));
        Assert.IsEmpty(GoExperiment.ItemsWithWhiteSpace("loopvar,fieldtrack"));
    }

    [TestMethod]
    [DataRow("/tmp/lib.so: go1.21.13 X:loopvar", true)]
    [DataRow("/tmp/x: go1.23.5 X:fieldtrack,loopvar", true)]
    [DataRow("/tmp/x: go1.22.12", false)]
    [DataRow("/tmp/x: go1.27.4-X:loopvar", true)] // Go 1.26+ joins the list with '-' (measured on 1.26.11 and 1.27.4)
    [DataRow("/tmp/x: go1.26.11-X:fieldtrack,loopvar", true)]
    [DataRow("/tmp/x: go1.26.11-X:fieldtrack", false)]
    [DataRow("/tmp/x: go1.23.5 X:fieldtrack", false)]
    [DataRow("/tmp/noloopvar X:/x: go1.23.5 X:noloopvar", false)]
    [DataRow("/tmp/lib.so: go1.26.11-X:loopvar", true)]               // Go 1.26 and later join the suffix with '-'
    [DataRow("/tmp/x: go1.27.4-X:fieldtrack,loopvar", true)]
    [DataRow("/tmp/a-X:loopvar/x: go1.27.4", false)]
    public void VersionLineShowsTheExperiment(string line, bool expected)
        => Assert.AreEqual(expected, GoExperiment.VersionLineHas(line, "loopvar"));
}
