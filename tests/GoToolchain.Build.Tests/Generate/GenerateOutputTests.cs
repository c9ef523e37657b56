using System.IO;
using System.Linq;
using GoToolchain.Build.Diagnostics;
using GoToolchain.Build.Generate;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.Tests.Generate;

/// <summary>Parsing go generate's stderr (go 1.19-1.23 texts, verbatim) and the mode names.</summary>
[TestClass]
[TestCategory("unit")]
public sealed class GenerateOutputTests
{
    private const string Module = "/work/my module";

    [TestMethod]
    public void RunningLinesBecomeErrorsAtAbsoluteFileAndLine()
    {
        var diagnostics = GenerateOutput.Classify(Module, Module + "/go.mod", new[]
        {
            "b/b.go",
            "echo b-first",
            "b-failing",
            "b/b.go:4: running \"sh\": exit status 3",
            "c/c.go:3: running \"nonexistent-tool\": exec: \"nonexistent-tool\": executable file not found in $PATH",
            "../other/x.go:9: running \"go\": exit status 1",
        }, 1, "go1.23.5");

        Assert.AreEqual(3, diagnostics.Count);
        Assert.AreEqual(Codes.GenerateDirectiveFailed, diagnostics[0].Code);
        Assert.AreEqual(Path.GetFullPath("/work/my module/b/b.go"), diagnostics[0].File);
        Assert.AreEqual(4, diagnostics[0].Line);
        Assert.AreEqual(Codes.GeneratorNotFound, diagnostics[1].Code);
        Assert.AreEqual(3, diagnostics[1].Line);
        Assert.AreEqual(Path.GetFullPath("/work/other/x.go"), diagnostics[2].File);
    }

    /// <summary>go 1.23 on a go.mod saved with a BOM: the reason is on the line after "errors parsing go.mod:".</summary>
    [TestMethod]
    public void TheReasonUnderErrorsParsingGoModIsQuoted()
    {
        var error = GenerateOutput.Classify(Module, Module + "/go.mod", new[]
        {
            "go: errors parsing go.mod:",
            "go.mod:1: unexpected input character '\\ufeff'",
        }, 1, "go1.23.5").Single();

        Assert.AreEqual(Codes.GenerateFailed, error.Code);
        StringAssert.Contains(error.Message, "go: errors parsing go.mod: | go.mod:1: unexpected input character '\\ufeff'");
    }

    [TestMethod]
    public void OtherGoErrorsAreQuotedAtTheGoMod()
    {
        var error = GenerateOutput.Classify(Module, Module + "/go.mod", new[]
        {
            "go: -mod may only be set to readonly or vendor when in workspace mode, but it is set to \"mod\"",
            "\tRemove the -mod flag to use the default readonly value,",
        }, 1, "go1.22.12").Single();

        Assert.AreEqual(Codes.GenerateFailed, error.Code);
        Assert.AreEqual(Module + "/go.mod", error.File);
        StringAssert.Contains(error.Message, "-mod may only be set to readonly");
        StringAssert.Contains(error.Message, "go1.22.12");
    }

    [TestMethod]
    public void AFailureWithoutARecognisedLineQuotesTheLastLines()
    {
        var error = GenerateOutput.Classify(Module, Module + "/go.mod", new[] { "something odd" }, 2, "go1.19.8").Single();
        Assert.AreEqual(Codes.GenerateFailed, error.Code);
        StringAssert.Contains(error.Message, "something odd");
        StringAssert.Contains(error.Message, "exit code 2");
    }

    [TestMethod]
    public void MatchedNoPackagesIsAnErrorEvenWithExitCodeZero()
    {
        var error = GenerateOutput.Classify(Module, Module + "/go.mod", new[] { "go: warning: \"./...\" matched no packages" }, 0, "go1.23.5").Single();
        Assert.AreEqual(Codes.GeneratePackagesMissing, error.Code);
    }

    [TestMethod]
    public void GeneratorOutputAloneIsNoDiagnostic()
    {
        Assert.AreEqual(0, GenerateOutput.Classify(Module, Module + "/go.mod", new[] { "a/a.go", "stringer -type=Color", "go: this is a generator's line but exit is 0" }, 0, "go1.23.5")
            .Count(d => d.Code != Codes.GenerateFailed));
    }

    [TestMethod]
    [DataRow("Run", GenerateMode.Run)]
    [DataRow("verify", GenerateMode.Verify)]
    [DataRow(" OFF ", GenerateMode.Off)]
    public void ModesAreCaseInsensitive(string text, GenerateMode expected)
    {
        Assert.IsTrue(GenerateModes.TryParse(text, out var mode));
        Assert.AreEqual(expected, mode);
    }

    [TestMethod]
    [DataRow("")]
    [DataRow("Check")]
    [DataRow("true")]
    public void OtherModesAreRejected(string text) => Assert.IsFalse(GenerateModes.TryParse(text, out _));

    [TestMethod]
    public void TheArgvPassesRegexpsAsSingleElements()
    {
        var request = new GenerateRequest { RunPattern = "echo [ab]; $x", SkipPattern = "-v", Tags = "a b" };
        CollectionAssert.AreEqual(new[] { "generate", "-v", "-x", "-tags=a b", "-run=echo [ab]; $x", "-skip=-v", ".", "./internal/x y" },
            request.Arguments(new[] { ".", "./internal/x y" }).ToArray());
    }

    [TestMethod]
    public void AFailingDirectiveNamesGenerateOffAmongTheFixes()
    {
        var found = GenerateOutput.Classify("/m", "/m/go.mod", new[] { "gen/gen.go:3: running \"go\": exit status 1" }, 1, "go1.23.5", "go generate .");
        var error = found.Single();
        Assert.AreEqual("GOTB402", error.Code);
        StringAssert.Contains(error.Message, "Generate=\"Off\"");
        var missing = GenerateOutput.Classify("/m", "/m/go.mod", new[] { "c/c.go:3: running \"nonexistent-tool\": exec: \"nonexistent-tool\": executable file not found in $PATH" }, 1, "go1.23.5").Single();
        Assert.AreEqual("GOTB403", missing.Code);
        StringAssert.Contains(missing.Message, "Generate=\"Off\"");
    }

    [TestMethod]
    public void AMissingGeneratorOnWindowsIsGeneratorNotFound()
    {
        // go generate on Windows (go1.27.4 windows/amd64, seen under Wine): the PATH variable is spelled %PATH%.
        var missing = GenerateOutput.Classify(@"C:\m", @"C:\m\go.mod",
            new[] { "c\\c.go:3: running \"stringer\": exec: \"stringer\": executable file not found in %PATH%" }, 1, "go1.27.4").Single();
        Assert.AreEqual("GOTB403", missing.Code);
        StringAssert.Contains(missing.Message, "go install golang.org/x/tools/cmd/stringer@latest");
        Assert.AreEqual(3, missing.Line);
    }
}
