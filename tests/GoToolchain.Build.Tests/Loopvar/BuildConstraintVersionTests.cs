using System.IO;
using GoToolchain.Build.Loopvar;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.Tests.Loopvar;

[TestClass]

[TestCategory("unit")]
public sealed class BuildConstraintVersionTests
{
    [TestMethod]
    [DataRow("go1.22", "1.22")]
    [DataRow("linux && go1.22", "1.22")]
    [DataRow("go1.21 && go1.23", "1.23")]
    [DataRow("go1.21 || go1.23", "1.21")]
    [DataRow("go1.22 || linux", null)]
    [DataRow("!go1.22", null)]
    [DataRow("(linux || darwin) && go1.22", "1.22")]
    [DataRow("linux", null)]
    [DataRow("ignore", null)]
    [DataRow("go1.22 &&", null)]  // malformed: go reports it itself
    public void ImpliedVersionIsGoBuildConstraintGoVersion(string expression, string? expected)
        => Assert.AreEqual(expected, BuildConstraintVersion.Of(expression)?.Text);

    [TestMethod]
    public void ReadsTheConstraintBeforeThePackageClauseWithItsLine()
    {
        var header = "// Copyright\n\n/* block\n comment */\n//go:build go1.22\n\npackage main\n";
        var found = BuildConstraintVersion.ReadConstraint(new StringReader(header));
        Assert.AreEqual(("go1.22", 5), found);
        Assert.IsNull(BuildConstraintVersion.ReadConstraint(new StringReader("package main\n//go:build go1.22\n")));
        Assert.IsNull(BuildConstraintVersion.ReadConstraint(new StringReader("//go:buildx go1.22\npackage main\n")));
    }
}
