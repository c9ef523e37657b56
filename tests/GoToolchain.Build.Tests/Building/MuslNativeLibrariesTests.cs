using System.Collections.Generic;
using GoToolchain.Build.Building;
using GoToolchain.Build.Versions;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.Tests.Building;

[TestClass]

[TestCategory("unit")]
public sealed class MuslNativeLibrariesTests
{
    private static readonly GoTarget Musl = new("linux", "amd64", musl: true);

    private static GoBuildPlan Plan(GoBuildMode mode, string file)
        => new() { Mode = mode, OutputFileName = file, Module = new GoModuleSpec("/src/go/greeter", new Dictionary<string, string>()) };

    private static (string?, int) Where(GoBuildPlan _) => ("/src/App.csproj", 12);

    // Measured on this machine with musl-gcc (musl-tools): a c-shared library of each release fails dlopen with
    // "initial-exec TLS resolves to dynamic definition", a c-archive crashes its musl host in runtime.sysargs.
    [TestMethod]
    [DataRow("go1.19.8")]
    [DataRow("go1.21.13")]
    [DataRow("go1.22.12")]
    [DataRow("go1.23.5")]
    public void ACSharedLibraryForMuslWarnsForEveryTestedGo(string goVersion)
    {
        var warning = MuslNativeLibraries.Check(Musl, "linux-musl-x64", GoVersion.FromGoEnvVersion(goVersion), Plan(GoBuildMode.CShared,
            "libgreeter.so"), Where);

        Assert.IsNotNull(warning, goVersion);
        Assert.AreEqual("GOTB560", warning!.Code);
        Assert.AreEqual(("/src/App.csproj", 12), (warning.File, warning.Line));
        StringAssert.Contains(warning.Message, "'linux-musl-x64'");
        StringAssert.Contains(warning.Message, "Go " + goVersion.Substring(2));
        StringAssert.Contains(warning.Message, "initial-exec TLS resolves to dynamic definition");
        StringAssert.Contains(warning.Message, "golang/go#54805");
        StringAssert.Contains(warning.Message, "no Go release fixes it (tested: Go 1.19, 1.21, 1.22, 1.23 and 1.27)");
        StringAssert.Contains(warning.Message, "BuildMode=exe");
        Assert.IsFalse(MuslNativeLibraries.Works(GoVersion.FromGoEnvVersion(goVersion)), goVersion);
    }

    [TestMethod]
    public void ACArchiveForMuslWarnsWithItsOwnReason()
    {
        var warning = MuslNativeLibraries.Check(Musl, "linux-musl-arm64", GoVersion.FromGoEnvVersion("go1.23.5"),
            Plan(GoBuildMode.CArchive, "libgreeter.a"), Where);

        Assert.IsNotNull(warning);
        StringAssert.Contains(warning!.Message, "golang/go#13492");
        StringAssert.Contains(warning.Message, "BuildMode=c-archive");
    }

    [TestMethod]
    public void AnExeToolOrAGlibcTargetDoesNotWarn()
    {
        var go = GoVersion.FromGoEnvVersion("go1.23.5");
        Assert.IsNull(MuslNativeLibraries.Check(Musl, "linux-musl-x64", go, Plan(GoBuildMode.Exe, "tool"), Where));
        Assert.IsNull(MuslNativeLibraries.Check(new GoTarget("linux", "amd64"), "linux-x64", go, Plan(GoBuildMode.CShared, "libgreeter.so"), Where));
    }

    [TestMethod]
    public void NoGoReleaseIsKnownToWork()
    {
        Assert.IsNull(MuslNativeLibraries.FirstWorkingGo);
        Assert.IsFalse(MuslNativeLibraries.Works(GoVersion.FromGoEnvVersion("go1.99.0")));
    }
}
