using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using GoToolchain.Build.Building;
using GoToolchain.Build.Diagnostics;
using GoToolchain.Build.Tests.Toolchain;
using GoToolchain.Build.Versions;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.Tests.Building;

/// <summary>
/// go build -json (Go 1.24+) read for diagnostics, and go's follow-up lines kept by both parsers: on recorded outputs of
/// go1.24.4 and go1.27.4 (made with those toolchains, GOPROXY=off, verbatim), and through GoModuleBuilder on every
/// installed toolchain (1.19, 1.21-1.27), where 1.24+ runs with -json and older ones with the text parser.
/// </summary>
[TestClass]
[TestCategory("toolchain")]
public sealed class GoBuildJsonTests
{
    private static string _cache = null!;

    [ClassInitialize]
    public static void ClassInit(TestContext context) => _cache = BuildFixtures.NewTempDirectory("buildjson-gocache");

    [ClassCleanup]
    public static void ClassCleanup() => BuildFixtures.DeleteDirectory(_cache);

    private const string Module = "/src/app/go/miss";

    private static GoBuildRequest Request() => new()
    {
        GoExecutable = "/usr/lib/go-1.27/bin/go",
        ModuleDirectory = Module,
        Target = new GoTarget("linux", "amd64"),
        OutputPath = "/src/app/obj/go/linux_amd64/miss/libmiss.so",
        Environment = new Dictionary<string, string?> { ["GOTOOLCHAIN"] = "local" },
        DiagnosticFile = Module + "/go.mod",
        StructuredOutput = true,
    };

    // `go build -json -buildmode=c-shared -o x.so .` of a module whose main.go imports example.com/nothere/pkg at 6:2; stdout,
    // byte for byte the same from go1.24.4 and go1.27.4.
    private static readonly string[] MissingImportJson =
    {
        "{\"ImportPath\":\"example.com/nothere/pkg\",\"Action\":\"build-output\",\"Output\":\"main.go:6:2: no required module provides package example.com/nothere/pkg; to add it:\\n\"}",
        "{\"ImportPath\":\"example.com/nothere/pkg\",\"Action\":\"build-output\",\"Output\":\"\\tgo get example.com/nothere/pkg\\n\"}",
        "{\"ImportPath\":\"example.com/nothere/pkg\",\"Action\":\"build-fail\"}",
    };

    // A go.mod requiring golang.org/x/text v0.3.0 with no go.sum (1.24.4 and 1.27.4 alike).
    private static readonly string[] MissingSumJson =
    {
        "{\"ImportPath\":\"golang.org/x/text/language\",\"Action\":\"build-output\",\"Output\":\"main.go:4:8: missing go.sum entry for module providing package golang.org/x/text/language (imported by example.com/sum); to add:\\n\"}",
        "{\"ImportPath\":\"golang.org/x/text/language\",\"Action\":\"build-output\",\"Output\":\"\\tgo get example.com/sum\\n\"}",
        "{\"ImportPath\":\"golang.org/x/text/language\",\"Action\":\"build-fail\"}",
    };

    // A compile error in package example.com/compile/inner, built with -v -x too (1.27.4: the WORK line has no package).
    private static readonly string[] CompileErrorWithXJson =
    {
        "{\"ImportPath\":\"\",\"Action\":\"build-output\",\"Output\":\"WORK=/tmp/go-build2611472469\\n\"}",
        "{\"ImportPath\":\"example.com/compile/inner\",\"Action\":\"build-output\",\"Output\":\"# example.com/compile/inner\\n\"}",
        "{\"ImportPath\":\"example.com/compile/inner\",\"Action\":\"build-output\",\"Output\":\"inner/inner.go:3:23: undefined: undefinedThing\\n\"}",
        "{\"ImportPath\":\"example.com/compile/inner\",\"Action\":\"build-fail\"}",
    };

    [TestMethod]
    public void MissingImportKeepsTheGoGetLine()
    {
        var d = GoBuildOutput.Classify(Request(), GoBuildEvents.Decode(MissingImportJson, Array.Empty<string>()), 1).Single();

        Assert.AreEqual("GOTB500", d.Code);
        Assert.AreEqual(Module + "/main.go", d.File);
        Assert.AreEqual(6, d.Line);
        Assert.AreEqual(2, d.Column);
        Assert.AreEqual("no required module provides package example.com/nothere/pkg; to add it:" + Environment.NewLine +
            "\tgo get example.com/nothere/pkg" + GoBuildOutput.CommandFix, d.Message);
    }

    [TestMethod]
    public void MissingGoSumEntryKeepsItsGoGetLine()
    {
        var d = GoBuildOutput.Classify(Request(), GoBuildEvents.Decode(MissingSumJson, Array.Empty<string>()), 1).Single();

        Assert.AreEqual((Module + "/main.go", 4, 8), (d.File, d.Line, d.Column));
        Assert.AreEqual("missing go.sum entry for module providing package golang.org/x/text/language (imported by example.com/sum); to add:" +
            Environment.NewLine + "\tgo get example.com/sum" + GoBuildOutput.CommandFix, d.Message);
    }

    [TestMethod]
    public void AnErrorNamesThePackageGoWasBuilding()
    {
        var d = GoBuildOutput.Classify(Request(), GoBuildEvents.Decode(CompileErrorWithXJson, Array.Empty<string>()), 1).Single();

        Assert.AreEqual((Module + "/inner/inner.go", 3, 23), (d.File, d.Line, d.Column));
        Assert.AreEqual("undefined: undefinedThing (package example.com/compile/inner)" + GoBuildOutput.CodeFix, d.Message);
    }

    [TestMethod]
    public void TheTextParserKeepsFollowUpLinesToo()
    {
        // go1.19.8 to go1.27.4 print the same text without -json.
        var d = GoBuildOutput.Classify(Request(), new[]
        {
            "main.go:6:2: no required module provides package example.com/nothere/pkg; to add it:",
            "\tgo get example.com/nothere/pkg",
        }, 1).Single();

        Assert.AreEqual((Module + "/main.go", 6, 2), (d.File, d.Line, d.Column));
        Assert.AreEqual("no required module provides package example.com/nothere/pkg; to add it:" + Environment.NewLine +
            "\tgo get example.com/nothere/pkg" + GoBuildOutput.CommandFix, d.Message);
    }

    [TestMethod]
    public void FollowUpLinesStayWithTheirPackageWhenPackagesInterleave()
    {
        var lines = GoBuildEvents.Decode(new[]
        {
            "{\"ImportPath\":\"example.com/a\",\"Action\":\"build-output\",\"Output\":\"# example.com/a\\na/a.go:5:9: not enough arguments in call to f\\n\"}",
            "{\"ImportPath\":\"example.com/b\",\"Action\":\"build-output\",\"Output\":\"# example.com/b\\nb/b.go:3:2: undefined: y\\n\"}",
            "{\"ImportPath\":\"example.com/a\",\"Action\":\"build-output\",\"Output\":\"\\thave ()\\n\\twant (int)\\n\"}",
            "{\"ImportPath\":\"example.com/b\",\"Action\":\"build-fail\"}",
            "{\"ImportPath\":\"example.com/a\",\"Action\":\"build-fail\"}",
        }, Array.Empty<string>());

        var diagnostics = GoBuildOutput.Classify(Request(), lines, 1);

        Assert.HasCount(2, diagnostics);
        Assert.AreEqual("not enough arguments in call to f (package example.com/a)" + Environment.NewLine + "\thave ()" + Environment.NewLine +
            "\twant (int)" + GoBuildOutput.CodeFix, diagnostics[0].Message);
        Assert.AreEqual("undefined: y (package example.com/b)" + GoBuildOutput.CodeFix, diagnostics[1].Message);
    }

    [TestMethod]
    public void EventsThatSplitALineAreJoinedAndStderrIsKept()
    {
        var lines = GoBuildEvents.Decode(new[]
        {
            "{\"ImportPath\":\"p\",\"Action\":\"build-output\",\"Output\":\"x.go:1:2: un\"}",
            "{\"ImportPath\":\"p\",\"Action\":\"build-output\",\"Output\":\"defined: z\\n\"}",
            "not json at all",
            "{\"ImportPath\":\"p\",\"Action\":\"build-output\",\"Output\":\"no newline before the failure\"}",
            "{\"ImportPath\":\"p\",\"Action\":\"build-fail\"}",
        }, new[] { "go: downloading example.com/dep v1.0.0" });

        CollectionAssert.AreEqual(new[] { "go: downloading example.com/dep v1.0.0", "x.go:1:2: undefined: z", "not json at all",
            "no newline before the failure" }, lines.Select(l => l.Text).ToList());
        CollectionAssert.AreEqual(new[] { null, "p", null, "p" }, lines.Select(l => l.Package).ToList());
    }

    [TestMethod]
    public void EarlyErrorsOnStderrAreStillClassified()
    {
        // go1.27.4 -json, GOTOOLCHAIN=auto, a go 1.99 module, offline: nothing on stdout.
        var diagnostics = GoBuildOutput.Classify(Request(), GoBuildEvents.Decode(Array.Empty<string>(),
            new[] { "go: downloading go1.99.0 (linux/amd64)", "go: download go1.99.0 for linux/amd64: toolchain not available" }), 1);

        Assert.AreEqual("GOTB119", diagnostics.Single().Code);
    }

    [TestMethod]
    public void TheLogGetsTheTextGoWouldHavePrinted()
    {
        var logged = new List<string>();
        var toText = GoBuildEvents.ToText(logged.Add);
        foreach (var line in MissingImportJson) toText(line);

        CollectionAssert.AreEqual(new[] { "main.go:6:2: no required module provides package example.com/nothere/pkg; to add it:",
            "\tgo get example.com/nothere/pkg" }, logged);
    }

    [TestMethod]
    [DataRow("go1.23.5", "local", false)]
    [DataRow("go1.24.4", "local", true)]
    [DataRow("go1.27.4", "auto", true)]
    [DataRow("go1.27.4", "path", true)]
    [DataRow("go1.27.4", "local+auto", true)]
    [DataRow("go1.27.4", "go1.23.0", false)] // go 1.27 would run go1.23.0, which has no -json
    [DataRow("go1.27.4", "go1.23.0+auto", false)]
    [DataRow("go1.27.4", "go1.25.0+path", true)]
    [DataRow("go1.19.8", "local", false)]
    [DataRow("", "local", false)]
    public void JsonOnlyWhereTheToolchainThatRunsHasIt(string goVersion, string goToolchain, bool expected)
        => Assert.AreEqual(expected, GoBuildEvents.Supported(GoVersion.FromGoEnvVersion(goVersion), goToolchain));

    [TestMethod]
    public void TheArgvHasJsonOnlyWhenAsked()
    {
        var request = Request();
        CollectionAssert.AreEqual(new[] { "build", "-json", "-buildmode=c-shared", "-o", "/o/x.so", "-trimpath", "." }, request.Arguments("/o/x.so").ToList());
        request.StructuredOutput = false;
        CollectionAssert.AreEqual(new[] { "build", "-buildmode=c-shared", "-o", "/o/x.so", "-trimpath", "." }, request.Arguments("/o/x.so").ToList());
    }

    // ---- real toolchains: GoModuleBuilder as GoBuild runs it ----

    private const string MissingImportMain =
        "package main\n\nimport \"C\"\n\nimport (\n\t\"example.com/nothere/pkg\"\n)\n\n//export Add\nfunc Add(a, b C.int) C.int { return a + b + C.int(pkg.X) }\n\nfunc main() {}\n";

    public static IEnumerable<object[]> Toolchains()
        => new[] { "1.19", "1.21", "1.22", "1.23", "1.24", "1.25", "1.26", "1.27" }.Select(v => new object[] { v });

    [TestMethod]
    [DynamicData(nameof(Toolchains))]
    public void EveryToolchainReportsAMissingImportWithItsGoGetLine(string version)
    {
        var work = BuildFixtures.NewTempDirectory("buildjson");
        try
        {
            var module = BuildFixtures.WriteModule(Path.Combine(work, "miss"), MissingImportMain, "example.com/miss");
            var (diagnostics, log, request) = BuildWithRealGo(version, module, work);

            var d = diagnostics.Single();
            Assert.AreEqual("GOTB500", d.Code, string.Join("\n", diagnostics));
            Assert.AreEqual((Path.Combine(module, "main.go"), 6, 2), (d.File, d.Line, d.Column));
            Assert.AreEqual("no required module provides package example.com/nothere/pkg; to add it:" + Environment.NewLine +
                "\tgo get example.com/nothere/pkg" + GoBuildOutput.CommandFix, d.Message);
            var json = RealGo.Version(version).CompareTo(GoVersion.Parse("1.24")) >= 0;
            Assert.AreEqual(json, request.StructuredOutput);
            Assert.AreEqual(json, log.Any(l => l.Contains(" build -json ")), "the command line in the log");
            Assert.IsFalse(log.Any(l => l.Contains("\"Action\"")), "the log shows go's text, not its events:\n" + string.Join("\n", log));
            CollectionAssert.Contains(log, "\tgo get example.com/nothere/pkg");
        }
        finally
        {
            BuildFixtures.DeleteDirectory(work);
        }
    }

    [TestMethod]
    [DynamicData(nameof(Toolchains))]
    public void EveryToolchainReportsACompileErrorInAnotherPackageAtItsFile(string version)
    {
        var work = BuildFixtures.NewTempDirectory("buildjson");
        try
        {
            var module = BuildFixtures.WriteModule(Path.Combine(work, "compile"),
                "package main\n\nimport \"C\"\nimport \"example.com/compile/inner\"\n\n//export Add\nfunc Add(a, b C.int) C.int { return a + b + C.int(inner.F()) }\n\nfunc main() {}\n",
                "example.com/compile");
            Directory.CreateDirectory(Path.Combine(module, "inner"));
            File.WriteAllText(Path.Combine(module, "inner", "inner.go"), "package inner\n\nfunc F() int { return undefinedThing }\n");
            var (diagnostics, _, request) = BuildWithRealGo(version, module, work);

            var d = diagnostics.Single();
            Assert.AreEqual((Path.Combine(module, "inner", "inner.go"), 3, 23), (d.File, d.Line, d.Column), d.ToString());
            Assert.AreEqual(request.StructuredOutput ? "undefined: undefinedThing (package example.com/compile/inner)" + GoBuildOutput.CodeFix : "undefined: undefinedThing" + GoBuildOutput.CodeFix,
                d.Message);
        }
        finally
        {
            BuildFixtures.DeleteDirectory(work);
        }
    }

    private static (IReadOnlyList<Diagnostic> Diagnostics, List<string> Log, GoBuildRequest Request) BuildWithRealGo(string version, string module,
        string work)
    {
        var environment = new Dictionary<string, string?>
        {
            ["GOTOOLCHAIN"] = "local", ["GOPROXY"] = "off", ["GOENV"] = "off", ["GOFLAGS"] = null, ["GOEXPERIMENT"] = null, ["GOROOT"] = null,
            ["GOCACHE"] = _cache, ["GOPATH"] = Path.Combine(work, "gopath"),
            ["GOMODCACHE"] = Path.Combine(work, "gopath", "pkg", "mod"), ["CGO_ENABLED"] = null, ["CC"] = null,
        };
        var request = new GoBuildRequest
        {
            GoExecutable = BuildFixtures.GoBinary(version),
            ModuleDirectory = module,
            Target = BuildFixtures.HostTarget(),
            OutputPath = Path.Combine(work, "out", "libm.so"),
            Environment = environment,
            Timeout = TimeSpan.FromSeconds(300),
            DiagnosticFile = Path.Combine(module, "go.mod"),
            StructuredOutput = GoBuildEvents.Supported(RealGo.Version(version), "local"),
        };
        Directory.CreateDirectory(Path.GetDirectoryName(request.OutputPath)!);
        var log = new List<string>();
        var diagnostics = new GoModuleBuilder(line => { lock (log) log.Add(line); }).Build(request, default);
        return (diagnostics, log, request);
    }
}
