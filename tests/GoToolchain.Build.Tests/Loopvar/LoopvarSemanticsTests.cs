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

    // Per file (go-facts §9.2, and checked on every installed toolchain by LoopvarAgainstGoTests): a file with import "C" is
    // per-iteration on 1.22–1.24 whatever its go line, its //go:build line or GOEXPERIMENT=noloopvar say; 1.19, 1.21 and 1.25+
    // follow the language. A plain file of the same module follows the language everywhere.
    [TestMethod]
    [DataRow("1.19.8", "1.21", null, null, Old, Old)]
    [DataRow("1.21.13", "1.21", null, null, Old, Old)] [DataRow("1.21.13", "1.20", null, "noloopvar", Old, Old)]
    [DataRow("1.21.13", "1.21", null, "loopvar", New, New)]
    [DataRow("1.22.12", "1.21", null, null, New, Old)] [DataRow("1.22.12", "1.21", null, "noloopvar", New, Old)]
    [DataRow("1.22.12", "1.21", null, "loopvar", New, New)] [DataRow("1.22.12", "", null, null, New, Old)]
    [DataRow("1.22.12", "1.22", null, null, New, New)] [DataRow("1.22.12", "1.22", "1.21", null, New, Old)]
    [DataRow("1.23.5", "1.21", null, null, New, Old)] [DataRow("1.23.5", "1.20", null, "noloopvar", New, Old)]
    [DataRow("1.23.5", "1.22", "1.21", null, New, Old)] [DataRow("1.23.5", "1.21", "1.22", null, New, New)]
    [DataRow("1.24.4", "1.21", null, null, New, Old)] [DataRow("1.24.4", "1.21", null, "noloopvar", New, Old)]
    [DataRow("1.24.4", "1.22", "1.21", null, New, Old)] [DataRow("1.24.0", "1.21", null, null, New, Old)]
    [DataRow("1.25.12", "1.21", null, null, Old, Old)] [DataRow("1.25.0", "1.21", null, null, Old, Old)]
    [DataRow("1.25.12", "1.21", null, "loopvar", New, New)] [DataRow("1.25.12", "1.22", null, null, New, New)]
    [DataRow("1.25.12", "1.22", "1.21", null, Old, Old)] [DataRow("1.25.12", "1.21", "1.22", null, New, New)]
    [DataRow("1.26.10", "1.21", null, null, Old, Old)] [DataRow("1.26.10", "1.21", null, "noloopvar", Old, Old)]
    [DataRow("1.27.3", "1.21", null, null, Old, Old)] [DataRow("1.27.3", "1.20", null, "loopvar", New, New)]
    [DataRow("1.27.3", "1.22", "1.21", null, Old, Old)]
    public void PerFileCgoFilesAreForcedPerIterationOnlyByGo122To124(string toolchain, string goLine, string? constraint, string? experiment,
        string cgoFile, string plainFile)
    {
        var version = GoVersion.Parse(toolchain);
        var language = goLine.Length == 0 ? null : GoVersion.Parse(goLine);
        var fileVersion = constraint is null ? null : GoVersion.Parse(constraint);
        var cgo = LoopvarSemantics.DecideFile(version, language, fileVersion, importsC: true, experiment);
        Assert.AreEqual(cgoFile, cgo.Semantics.ToString(), "the file with import \"C\"");
        Assert.AreEqual(plainFile, LoopvarSemantics.DecideFile(version, language, fileVersion, importsC: false, experiment).Semantics.ToString(),
            "the plain file");
        Assert.AreEqual(cgo.Semantics != LoopvarSemantics.DecideFile(version, language, fileVersion, false, experiment).Semantics,
            cgo.Reason == LoopSemanticsReason.CgoFile, "the reason names the cgo bug exactly where it changes the answer");
    }

    [TestMethod]
    [DataRow("1.19", false)] [DataRow("1.21", false)] [DataRow("1.22", true)] [DataRow("1.23", true)] [DataRow("1.24", true)]
    [DataRow("1.25", false)] [DataRow("1.26", false)] [DataRow("1.27", false)] [DataRow("1.24rc1", true)] [DataRow("1.25rc1", false)]
    public void TheCgoFileBugIsGo122To124(string toolchain, bool expected)
        => Assert.AreEqual(expected, LoopvarSemantics.HasCgoFileBug(GoVersion.Parse(toolchain)));
}
