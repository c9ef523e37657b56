using GoToolchain.Build.Loopvar;
using GoToolchain.Build.Versions;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.Tests.Loopvar;

/// <summary>The whole matrix (toolchain × go line × GOEXPERIMENT), as go decides it.</summary>
[TestClass]
[TestCategory("unit")]
public sealed class LoopvarSemanticsTests
{
    private const string Old = "PerLoop";
    private const string New = "PerIteration";
    private const string Fails = "DoesNotBuild";

    [TestMethod]
    // 1.19: any loopvar/noloopvar fails; everything else is old, even a go 1.22 line.
    [DataRow("1.19.8", "1.20", null, Old)] [DataRow("1.19.8", "1.21", null, Old)] [DataRow("1.19.8", "1.22", null, Old)]
    [DataRow("1.19.8", "1.20", "loopvar", Fails)] [DataRow("1.19.8", "1.22", "noloopvar", Fails)]
    [DataRow("1.19.8", "1.21", "loopvar,fieldtrack", Fails)] [DataRow("1.19.8", "1.21", "fieldtrack", Old)]
    // 1.21
    [DataRow("1.21.13", "1.20", null, Old)] [DataRow("1.21.13", "1.20", "loopvar", New)] [DataRow("1.21.13", "1.20", "noloopvar", Old)]
    [DataRow("1.21.13", "1.21", null, Old)] [DataRow("1.21.13", "1.21", "loopvar", New)] [DataRow("1.21.13", "1.21", "noloopvar", Old)]
    [DataRow("1.21.13", "1.21", "loopvar,fieldtrack", New)] [DataRow("1.21.13", "1.21", "loopvar,noloopvar", Old)] [DataRow("1.21.13", "1.21", "noloopvar,loopvar", New)]
    [DataRow("1.21.13", "1.22", null, Fails)] [DataRow("1.21.13", "1.22", "loopvar", Fails)] [DataRow("1.21.13", "1.22", "noloopvar", Fails)]
    // 1.22
    [DataRow("1.22.12", "1.20", null, Old)] [DataRow("1.22.12", "1.20", "loopvar", New)] [DataRow("1.22.12", "1.20", "noloopvar", Old)]
    [DataRow("1.22.12", "1.21", null, Old)] [DataRow("1.22.12", "1.21", "loopvar", New)] [DataRow("1.22.12", "1.21", "noloopvar", Old)]
    [DataRow("1.22.12", "1.22", null, New)] [DataRow("1.22.12", "1.22", "loopvar", New)] [DataRow("1.22.12", "1.22", "noloopvar", New)]
    [DataRow("1.22.12", "1.22.0", null, New)] [DataRow("1.22.12", "1.23", null, Fails)]
    // 1.23: the 1.22 rows
    [DataRow("1.23.5", "1.20", null, Old)] [DataRow("1.23.5", "1.20", "loopvar", New)] [DataRow("1.23.5", "1.20", "noloopvar", Old)]
    [DataRow("1.23.5", "1.21", null, Old)] [DataRow("1.23.5", "1.21", "loopvar,fieldtrack", New)] [DataRow("1.23.5", "1.21", "noloopvar", Old)]
    [DataRow("1.23.5", "1.22", null, New)] [DataRow("1.23.5", "1.22", "loopvar", New)] [DataRow("1.23.5", "1.22", "noloopvar", New)]
    [DataRow("1.23.5", "1.22", "loopvar,fieldtrack", New)]
    public void MatrixOfGoFacts(string toolchain, string goLine, string? experiment, string expected)
        => Assert.AreEqual(expected, LoopvarSemantics.Decide(GoVersion.Parse(toolchain), GoVersion.Parse(goLine), experiment).Semantics.ToString());

    [TestMethod]
    [DataRow("1.21.13", Old)]
    [DataRow("1.22.12", New)]
    [DataRow("1.23.5", New)]
    public void OutsideAModuleTheLanguageIsTheToolchains(string toolchain, string expected)
        => Assert.AreEqual(expected, LoopvarSemantics.Decide(GoVersion.Parse(toolchain), null, null, insideModule: false).Semantics.ToString());

    [TestMethod]
    public void AGoModWithoutGoLineIsGo116()
    {
        var decision = LoopvarSemantics.Decide(GoVersion.Parse("1.23.5"), null, null);
        Assert.AreEqual(LoopSemantics.PerLoop, decision.Semantics);
        Assert.AreEqual("1.16", decision.Language.Text);
    }

    [TestMethod]
    public void ReleaseCandidatesCountAsTheirRelease()
    {
        Assert.IsTrue(LoopvarSemantics.Decide(GoVersion.Parse("1.22rc1"), GoVersion.Parse("1.22"), null).IsPerIteration);
        Assert.IsTrue(LoopvarSemantics.Decide(GoVersion.Parse("1.21rc2"), GoVersion.Parse("1.20"), "loopvar").IsPerIteration);
    }
}
