using System.Collections.Generic;
using System.Linq;
using GoToolchain.Build.Building;
using GoToolchain.Build.Diagnostics;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.Tests.Building;

/// <summary>Classifies go build's stderr; the input lines are go's verbatim output.</summary>
[TestClass]
[TestCategory("unit")]
public sealed class GoBuildOutputTests
{
    private const string Module = "/src/app/go/greeter";
    private const string GoMod = "/src/app/go/greeter/go.mod";

    private static GoBuildRequest Request(string gotoolchain = "auto") => new()
    {
        GoExecutable = "/usr/lib/go-1.21/bin/go",
        ModuleDirectory = Module,
        Target = new GoTarget("linux", "amd64"),
        OutputPath = "/src/app/obj/go/linux_amd64/greeter/libgreeter.so",
        Environment = new Dictionary<string, string?> { ["GOTOOLCHAIN"] = gotoolchain },
        DiagnosticFile = GoMod,
    };

    private static IReadOnlyList<Diagnostic> Classify(int exitCode, params string[] stderr)
        => GoBuildOutput.Classify(Request(), stderr, exitCode);

    private static void AssertAt(Diagnostic d, string code, string file, int line, int column, string message)
    {
        Assert.AreEqual(Severity.Error, d.Severity);
        Assert.AreEqual(code, d.Code);
        Assert.AreEqual(file, d.File);
        Assert.AreEqual(line, d.Line);
        Assert.AreEqual(column, d.Column);
        Assert.AreEqual(message + (message.Contains("\tgo ") ? GoBuildOutput.CommandFix : GoBuildOutput.CodeFix), d.Message);
    }

    [TestMethod]
    public void CompilerErrorPointsAtTheFileInTheModule()
    {
        var diagnostics = Classify(1, "# example.com/cs", "./main.go:3:15: undefined: undefinedThing");

        Assert.HasCount(1, diagnostics);
        AssertAt(diagnostics[0], "GOTB500", Module + "/main.go", 3, 15, "undefined: undefinedThing");
    }

    [TestMethod]
    public void EveryCompilerErrorBecomesOneDiagnostic()
    {
        var diagnostics = Classify(2,
            "# example.com/cs",
            "./main.go:29:49: unsafe.String requires go1.20 or later (-lang was set to go1.19; check go.mod)",
            "sub/x.go:12: msg",
            "/abs/path/y.go:4:2: imported and not used: \"fmt\"",
            "../shared/z.go:7:1: syntax error: unexpected }",
            "t.c:3:10: fatal error: libcs.h: No such file or directory",
            "compilation terminated.");

        Assert.HasCount(5, diagnostics);
        AssertAt(diagnostics[0], "GOTB500", Module + "/main.go", 29, 49, "unsafe.String requires go1.20 or later (-lang was set to go1.19; check go.mod)");
        AssertAt(diagnostics[1], "GOTB500", Module + "/sub/x.go", 12, 0, "msg");
        AssertAt(diagnostics[2], "GOTB500", "/abs/path/y.go", 4, 2, "imported and not used: \"fmt\"");
        AssertAt(diagnostics[3], "GOTB500", "/src/app/go/shared/z.go", 7, 1, "syntax error: unexpected }");
        AssertAt(diagnostics[4], "GOTB500", Module + "/t.c", 3, 10, "fatal error: libcs.h: No such file or directory");
    }

    [TestMethod]
    public void MissingCrossCompilerIsNamed()
    {
        var diagnostics = Classify(1,
            "# runtime/cgo",
            "cgo: C compiler \"x86_64-w64-mingw32-gcc\" not found: exec: \"x86_64-w64-mingw32-gcc\": executable file not found in $PATH");

        Assert.HasCount(1, diagnostics);
        Assert.AreEqual("GOTB502", diagnostics[0].Code);
        Assert.AreEqual(GoMod, diagnostics[0].File);
        StringAssert.Contains(diagnostics[0].Message, "the C compiler 'x86_64-w64-mingw32-gcc' was not found on PATH");
        StringAssert.Contains(diagnostics[0].Message, "go build of '/src/app/go/greeter' (linux/amd64)");
    }

    [TestMethod]
    public void MissingCompilerWinsOverPositionsInTheSameOutput()
    {
        var diagnostics = Classify(2,
            "# runtime/cgo",
            "cgo: C compiler \"gcc\" not found: exec: \"gcc\": executable file not found in $PATH",
            "./main.go:3:15: undefined: x");

        Assert.HasCount(1, diagnostics);
        Assert.AreEqual("GOTB502", diagnostics[0].Code);
        StringAssert.Contains(diagnostics[0].Message, "'gcc'");
    }

    [TestMethod]
    public void FailedToolchainDownloadNamesTheToolchain()
    {
        // go 1.21 with GOTOOLCHAIN=auto on a go 1.23 module, offline.
        var download = "go: download go1.23.0: golang.org/toolchain@v0.0.1-go1.23.0.linux-amd64: Get \"https://proxy.golang.org/golang.org/toolchain/@v/v0.0.1-go1.23.0.linux-amd64.zip\": dial tcp: lookup proxy.golang.org on <resolver>:53: no such host";
        var diagnostics = Classify(1, "go: downloading go1.23.0 (linux/amd64)", download);

        Assert.HasCount(1, diagnostics);
        var d = diagnostics[0];
        Assert.AreEqual("GOTB119", d.Code);
        Assert.AreEqual(GoMod, d.File);
        StringAssert.Contains(d.Message, "go tried to download toolchain go1.23.0 (GOTOOLCHAIN=auto) and failed: " + download);
        StringAssert.Contains(d.Message, "install Go 1.23.0 and set GoRoot to it, put a 'go1.23.0' binary on PATH");
    }

    [TestMethod]
    [DataRow("go1.23.0", "go: download go1.23.0 for linux/amd64: toolchain not available")] // GOPROXY=off
    [DataRow("go1.23.5", "go: download go1.23.5: golang.org/toolchain@v0.0.1-go1.23.5.linux-amd64: Get \"https://proxy.golang.org/…\": dial tcp: lookup proxy.golang.org on …: no such host")]
    public void EveryDownloadFailureFormIsRecognised(string toolchain, string line)
    {
        var diagnostics = Classify(1, $"go: downloading {toolchain} (linux/amd64)", line);

        Assert.HasCount(1, diagnostics);
        Assert.AreEqual("GOTB119", diagnostics[0].Code);
        StringAssert.Contains(diagnostics[0].Message, $"toolchain {toolchain} (GOTOOLCHAIN=auto) and failed: {line}");
        StringAssert.Contains(diagnostics[0].Message, $"put a '{toolchain}' binary on PATH");
    }

    [TestMethod]
    public void ModuleDownloadsAreNotToolchainDownloads()
    {
        var diagnostics = Classify(1, "go: downloading golang.org/x/text v0.14.0", "./main.go:3:15: undefined: x");

        Assert.HasCount(1, diagnostics);
        AssertAt(diagnostics[0], "GOTB500", Module + "/main.go", 3, 15, "undefined: x");
    }

    [TestMethod]
    public void AnythingElseIsOneErrorWithGosLastLinesAndTheExitCode()
    {
        var diagnostics = Classify(1, "-buildmode=c-shared requires external (cgo) linking, but cgo is not enabled");

        Assert.HasCount(1, diagnostics);
        Assert.AreEqual("GOTB500", diagnostics[0].Code);
        Assert.AreEqual(GoMod, diagnostics[0].File);
        Assert.AreEqual(0, diagnostics[0].Line);
        Assert.AreEqual(
            "go build of '/src/app/go/greeter' (linux/amd64) failed with exit code 1: -buildmode=c-shared requires external (cgo) linking, but cgo is not enabled" + GoBuildOutput.OtherFix,
            diagnostics[0].Message);
    }

    [TestMethod]
    public void TheGeneralErrorKeepsTheLastTwentyLines()
    {
        var lines = Enumerable.Range(1, 25).Select(i => $"L{i:00}").Concat(new[] { "", "   " }).ToArray();

        var message = Classify(2, lines).Single().Message;

        StringAssert.Contains(message, "exit code 2");
        StringAssert.Contains(message, "L06");
        StringAssert.Contains(message, "L25");
        Assert.DoesNotContain("L05", message);
    }

    [TestMethod]
    public void SilentFailureStillGetsAnError()
    {
        var d = Classify(2).Single();
        Assert.AreEqual("GOTB500", d.Code);
        Assert.AreEqual("go build of '/src/app/go/greeter' (linux/amd64) failed with exit code 2: (no error output)" + GoBuildOutput.OtherFix, d.Message);
    }

    [TestMethod]
    public void GoLineTooNewUnderLocalIsAPlainBuildError()
    {
        var d = Classify(1, "go: go.mod requires go >= 1.23 (running go 1.21.13; GOTOOLCHAIN=local)").Single();
        Assert.AreEqual("GOTB500", d.Code);
        StringAssert.Contains(d.Message, "go: go.mod requires go >= 1.23 (running go 1.21.13; GOTOOLCHAIN=local)");
    }

    [TestMethod]
    public void TheHostGccBuildingForWindowsIsNamedAsTheWrongCompiler()
    {
        // The host gcc asked for windows/amd64, verbatim (gcc under a UTF-8 locale prints typographic quotes).
        var request = Request();
        request.Target = new GoTarget("windows", "amd64");
        request.Environment = new Dictionary<string, string?> { ["CC"] = "gcc" };
        var diagnostics = GoBuildOutput.Classify(request, new[] { "# runtime/cgo", "gcc: error: unrecognized command-line option ‘-mthreads’; did you mean ‘-pthread’?" }, 1);

        var error = diagnostics.Single();
        Assert.AreEqual(Codes.CCompilerWrongTarget, error.Code);
        Assert.AreEqual(GoMod, error.File);
        StringAssert.Contains(error.Message, "CC=gcc");
        StringAssert.Contains(error.Message, "cannot build for windows");
        StringAssert.Contains(error.Message, "x86_64-w64-mingw32-gcc");
    }

    [TestMethod]
    public void TheHostGccBuildingForWindowsOnGo127IsNamedAsTheWrongCompilerToo()
    {
        // Go 1.27's runtime/cgo passes no -mthreads: the host gcc stops at the Windows header (go 1.27.4, verbatim).
        var request = Request();
        request.Target = new GoTarget("windows", "386");
        request.Environment = new Dictionary<string, string?> { ["CC"] = "gcc" };
        var diagnostics = GoBuildOutput.Classify(request, new[] { "# runtime/cgo", "gcc_libinit_windows.c:10:10: fatal error: windows.h: No such file or directory",
            "   10 | #include <windows.h>", "      |          ^~~~~~~~~~~", "compilation terminated." }, 1);

        var error = diagnostics.Single();
        Assert.AreEqual(Codes.CCompilerWrongTarget, error.Code);
        StringAssert.Contains(error.Message, "cannot build for windows");
        StringAssert.Contains(error.Message, "windows/386: i686-w64-mingw32-gcc", "the cross-compiler of the target, not always the amd64 one");
    }

    [TestMethod]
    public void WindowsOnlyCodeGetsOnePlatformHintNamingTheTargetAndTheRid()
    {
        var stderr = new List<string> { "# example.com/greeter" };
        for (var i = 0; i < 36; i++) stderr.Add($"./lib.go:{10 + i}:7: undefined: syscall.LoadDLL");
        var diagnostics = Classify(1, stderr.ToArray());
        Assert.AreEqual(Codes.PlatformMismatch, diagnostics[0].Code);
        Assert.AreEqual(1, diagnostics.Count(d => d.Code == Codes.PlatformMismatch));
        Assert.AreEqual(Module + "/lib.go", diagnostics[0].File);
        Assert.AreEqual(10, diagnostics[0].Line);
        StringAssert.Contains(diagnostics[0].Message, "GOOS=linux GOARCH=amd64");
        StringAssert.Contains(diagnostics[0].Message, "and 35 more");
        StringAssert.Contains(diagnostics[0].Message, "-r win-x64");
        Assert.IsTrue(diagnostics.Count(d => d.Code == Codes.BuildFailed) <= 5, string.Join("\n", diagnostics));
    }

    [TestMethod]
    [DataRow("package example.com/greeter: build constraints exclude all Go files in /src/app/go/greeter")]
    [DataRow("./svc.go:5:2: undefined: windows.Handle")]
    [DataRow("./tun.go:9:12: undefined: unix.IoctlGetInt")]
    public void EveryPlatformMismatchFormIsRecognised(string line)
        => Assert.AreEqual(Codes.PlatformMismatch, Classify(1, line)[0].Code);

    [TestMethod]
    public void AnOrdinaryUndefinedNameIsNoPlatformMismatch()
        => Assert.IsFalse(Classify(1, "./lib.go:3:2: undefined: helper").Any(d => d.Code == Codes.PlatformMismatch));
}
