using System.Collections.Generic;
using System.Linq;
using GoToolchain.Build.Building;
using GoToolchain.Build.Diagnostics;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.Tests.Building;

[TestClass]

[TestCategory("unit")]
public sealed class CrossCompilersTests
{
    private static readonly GoTarget LinuxHost = new("linux", "amd64");
    private readonly HashSet<string> _onPath = new() { "gcc", "x86_64-w64-mingw32-gcc", "aarch64-linux-gnu-gcc", "zig" };
    private DiagnosticBag _diagnostics = new();

    private CCompilerChoice Choose(GoTarget target, bool cgo = true, string? goCC = null, string? configuredCC = null, GoTarget? host = null)
        => CrossCompilers.Choose(host ?? LinuxHost, target, cgo, goCC, configuredCC,
            name => _onPath.Contains(name) ? "/usr/bin/" + name : null, path => path == "/opt/cc/bin/my-cc",
            "/src/go/greeter", "/src/App.csproj", _diagnostics);

    private static readonly GoTarget WindowsHost = new("windows", "amd64");

    /// <summary>From a Windows host a Linux target gets a C compiler chosen and checked before go runs, as from Linux: a GNU
    /// cross gcc named as Debian names it when it is on PATH, else zig's (before: GOTB515 "no default known", and go failed
    /// in runtime/cgo with the host's gcc).</summary>
    [TestMethod]
    public void FromWindowsALinuxTargetGetsTheCrossGccOnPathElseZig()
    {
        Assert.AreEqual("aarch64-linux-gnu-gcc", Choose(new GoTarget("linux", "arm64"), host: WindowsHost).Compiler);
        StringAssert.Contains(_diagnostics.Items.Single().Message, "uses the C compiler 'aarch64-linux-gnu-gcc' (/usr/bin/aarch64-linux-gnu-gcc)");

        _diagnostics = new DiagnosticBag();
        var zig = Choose(new GoTarget("linux", "amd64"), host: WindowsHost);
        Assert.AreEqual("zig cc -target x86_64-linux-gnu", zig.Compiler);
        Assert.AreEqual(Codes.CCompilerSelected, _diagnostics.Items.Single().Code);
        StringAssert.Contains(_diagnostics.Items.Single().Message, "'x86_64-linux-gnu-gcc' is not on PATH");

        _diagnostics = new DiagnosticBag();
        Assert.AreEqual("zig cc -target aarch64-linux-musl", Choose(new GoTarget("linux", "arm64", musl: true), host: WindowsHost).Compiler);
    }

    [TestMethod]
    public void FromWindowsWithNoLinuxCompilerTheBuildStopsBeforeGoRunsNamingZig()
    {
        _onPath.Clear();
        var choice = Choose(new GoTarget("linux", "arm64"), host: WindowsHost);

        Assert.AreEqual("aarch64-linux-gnu-gcc", choice.Compiler);
        Assert.IsFalse(choice.NoneKnown, "a known default: a pack reports GOTB550/GOTB513, not GOTB551");
        var error = _diagnostics.Items.Single();
        Assert.AreEqual(Codes.CrossCompilerMissing, error.Code);
        StringAssert.Contains(error.Message, "built for linux/arm64 with cgo, which needs the C compiler 'aarch64-linux-gnu-gcc'");
        StringAssert.Contains(error.Message, "install zig (winget install zig.zig; neither 'aarch64-linux-gnu-gcc' nor zig is on PATH)");
        StringAssert.Contains(error.Message, "'zig cc -target aarch64-linux-gnu'");
        StringAssert.Contains(error.Message, "CgoEnabled=\"0\"");
        Assert.IsFalse(error.Message.Contains("apt-get"), error.Message);
    }

    [TestMethod]
    public void TheHostTargetKeepsGosOwnCompiler()
    {
        Assert.IsNull(Choose(new GoTarget("linux", "amd64")).Compiler);
        Assert.IsEmpty(_diagnostics.Items);
    }

    [TestMethod]
    public void AMuslTargetOnTheHostsCpuGetsMuslGcc()
    {
        _onPath.Add("musl-gcc");

        Assert.AreEqual("musl-gcc", Choose(new GoTarget("linux", "amd64", musl: true)).Compiler);
        var message = _diagnostics.Items.Single();
        Assert.AreEqual(Codes.CCompilerSelected, message.Code);
        StringAssert.Contains(message.Message, "/usr/bin/musl-gcc");
        StringAssert.Contains(message.Message, "musl libc");
    }

    [TestMethod]
    public void AMissingMuslGccNamesMuslTools()
    {
        Choose(new GoTarget("linux", "amd64", musl: true));

        var error = _diagnostics.Items.Single();
        Assert.AreEqual(Codes.CrossCompilerMissing, error.Code);
        StringAssert.Contains(error.Message, "apt-get install --no-install-recommends musl-tools");
    }

    [TestMethod]
    public void AMuslTargetOfAnotherCpuNeedsAMuslCrossCompilerNotTheGlibcOne()
    {
        var choice = Choose(new GoTarget("linux", "arm64", musl: true));

        Assert.AreEqual("aarch64-linux-musl-gcc", choice.Compiler, "aarch64-linux-gnu-gcc would link against glibc");
        var error = _diagnostics.Items.Single();
        Assert.AreEqual(Codes.CrossCompilerMissing, error.Code);
        StringAssert.Contains(error.Message, "zig cc -target aarch64-linux-musl");
    }

    [TestMethod]
    public void OnAMuslHostTheMuslTargetIsTheHostsOwn()
    {
        Assert.IsNull(Choose(new GoTarget("linux", "amd64", musl: true), host: new GoTarget("linux", "amd64", musl: true)).Compiler);
        Assert.IsEmpty(_diagnostics.Items);
    }

    [TestMethod]
    public void WithoutCgoNoCompilerIsChosenOrChecked()
    {
        _onPath.Clear();
        Assert.IsNull(Choose(new GoTarget("windows", "amd64"), cgo: false).Compiler);
        Assert.IsEmpty(_diagnostics.Items);
    }

    [TestMethod]
    [DataRow("windows", "amd64", "x86_64-w64-mingw32-gcc")]
    [DataRow("linux", "arm64", "aarch64-linux-gnu-gcc")]
    public void ACrossTargetGetsTheDebianCrossCompiler(string goos, string goarch, string compiler)
    {
        Assert.AreEqual(compiler, Choose(new GoTarget(goos, goarch)).Compiler);
        var message = _diagnostics.Items.Single();
        Assert.AreEqual(Codes.CCompilerSelected, message.Code);
        StringAssert.Contains(message.Message, $"/usr/bin/{compiler}");
    }

    [TestMethod]
    public void AMissingCrossCompilerIsAnErrorNamingItsPackage()
    {
        var choice = Choose(new GoTarget("windows", "386"));

        Assert.AreEqual("i686-w64-mingw32-gcc", choice.Compiler);
        var error = _diagnostics.Items.Single();
        Assert.AreEqual(Codes.CrossCompilerMissing, error.Code);
        Assert.AreEqual(Severity.Error, error.Severity);
        Assert.AreEqual("/src/App.csproj", error.File);
        StringAssert.Contains(error.Message, "windows/386");
        StringAssert.Contains(error.Message, "apt-get install --no-install-recommends gcc-mingw-w64-i686-win32");
        StringAssert.Contains(error.Message, "GoCC");
    }

    [TestMethod]
    public void GoCCWinsOverCCFromTheEnvironmentAndTheDefault()
    {
        Assert.AreEqual("zig cc -target x86_64-windows-gnu", Choose(new GoTarget("windows", "amd64"), goCC: "zig cc -target x86_64-windows-gnu", configuredCC: "gcc").Compiler);
        StringAssert.Contains(_diagnostics.Items.Single().Message, "GoCC is set");
    }

    [TestMethod]
    public void ConfiguredCCWinsOverTheCrossDefault()
    {
        Assert.AreEqual("gcc", Choose(new GoTarget("windows", "amd64"), configuredCC: "gcc").Compiler);
    }

    [TestMethod]
    public void AConfiguredCompilerIsCheckedEvenForTheHost()
    {
        Choose(new GoTarget("linux", "amd64"), goCC: "clang-99");
        Assert.AreEqual(Codes.CrossCompilerMissing, _diagnostics.Items.Single().Code);
    }

    [TestMethod]
    public void ACompilerGivenAsAPathIsCheckedAsAFile()
    {
        Assert.AreEqual("/opt/cc/bin/my-cc --sysroot=/x", Choose(new GoTarget("windows", "amd64"), goCC: "/opt/cc/bin/my-cc --sysroot=/x").Compiler);
        Assert.AreEqual(Severity.Message, _diagnostics.Items.Single().Severity);

        _diagnostics = new DiagnosticBag();
        Choose(new GoTarget("windows", "amd64"), goCC: "\"/opt/other cc/bin/cc\" -O2");
        StringAssert.Contains(_diagnostics.Items.Single().Message, "'/opt/other cc/bin/cc' is not on the PATH");
    }

    [TestMethod]
    public void AnUnknownCrossPairLeavesItToGoWithAMessage()
    {
        Assert.IsNull(Choose(new GoTarget("darwin", "arm64")).Compiler);
        var message = _diagnostics.Items.Single();
        Assert.AreEqual(Severity.Message, message.Severity);
        StringAssert.Contains(message.Message, "set GoCC");
    }

    [TestMethod]
    public void MacOSBuildsOtherMacArchitecturesWithItsOwnClang()
    {
        Assert.IsNull(Choose(new GoTarget("darwin", "amd64"), host: new GoTarget("darwin", "arm64")).Compiler);
        Assert.IsEmpty(_diagnostics.Items);
    }
}
