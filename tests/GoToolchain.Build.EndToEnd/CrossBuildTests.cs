using System.IO;
using System.Text;
using GoToolchain.Build.Testing;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.EndToEnd;

/// <summary>cgo cross builds from Linux: the package picks the C cross-compiler, checks it first, and names the wrong one.</summary>
[TestClass]
[TestCategory("end-to-end")]
public sealed class CrossBuildTests
{
    private static Fixture WindowsBuild(string name, string goArch)
        => Fixture.Create(name)
            .WithGoModule("go/greeter", "module example.com/greeter\n\ngo 1.19\n")
            .WithProperty("GoOS", "windows")
            .WithProperty("GoArch", goArch);

    // Windows is where most users are: the end-to-end set (the oldest, 1.24, the newest); the other cross builds on the newest.
    [TestMethod]
    [DynamicData(nameof(Toolchains.EndToEnd), typeof(Toolchains))]
    public void WindowsDllIsBuiltWithMingwWithoutAnySetting(string goVersion)
    {
        var fixture = WindowsBuild("cross-windows-" + goVersion, "amd64");

        var result = fixture.Build(null, $"-p:GoRoot={PackagedBuild.GoRoot(goVersion)}", "-p:GoLoopvar=Off");

        BuildAssert.Succeeded(result);
        StringAssert.Contains(result.Output, "uses the C compiler 'x86_64-w64-mingw32-gcc'");
        // The app has no RuntimeIdentifier: it runs on linux/amd64 and cannot load a Windows DLL; one warning says so.
        BuildAssert.Mentions(BuildAssert.HasWarning(result, "GOTB531"), "greeter.dll for windows/amd64", "-r win-x64");
        var dll = Path.Combine(fixture.OutputDirectory, "greeter.dll");
        Assert.IsTrue(File.Exists(dll), "greeter.dll is not in the output folder");
        var bytes = File.ReadAllBytes(dll);
        Assert.AreEqual("MZ", Encoding.ASCII.GetString(bytes, 0, 2), "not a PE file");
        StringAssert.Contains(Encoding.ASCII.GetString(bytes), "GoVersion", "the exported function is not in the DLL");
    }

    [TestMethod]
    public void MissingCrossCompilerFailsBeforeGoRunsAndNamesThePackage()
    {
        var fixture = WindowsBuild("cross-windows-386", "386");

        // Missing because the test takes it off PATH (a machine with gcc-mingw-w64-i686-win32 has it).
        var result = fixture.Build(MissingPrograms.Environment("i686-w64-mingw32-gcc"), $"-p:GoRoot={PackagedBuild.GoRoot(Toolchains.Newest)}");

        var error = BuildAssert.FailedWith(result, "GOTB513");
        Assert.AreEqual(fixture.ProjectFile, error.File);
        BuildAssert.Mentions(error, "windows/386", "i686-w64-mingw32-gcc", "gcc-mingw-w64-i686-win32", "GoCC");
        Assert.IsFalse(result.Output.Contains("-buildmode=c-shared"), "go build ran although the compiler was missing:\n" + result);
    }

    [TestMethod]
    public void TheHostGccForAWindowsTargetIsReportedAsTheWrongCompiler()
    {
        var fixture = WindowsBuild("cross-windows-gcc", "amd64").WithProperty("GoCC", "gcc");

        var result = fixture.Build(null, $"-p:GoRoot={PackagedBuild.GoRoot(Toolchains.Newest)}");

        var error = BuildAssert.FailedWith(result, "GOTB514");
        Assert.AreEqual(Path.Combine(fixture.Directory, "go", "greeter", "go.mod"), error.File);
        // gcc stops at -mthreads up to Go 1.26, and at the missing windows.h from 1.27 (runtime/cgo no longer passes -mthreads).
        BuildAssert.Mentions(error, "CC=gcc", "cannot build for windows", Toolchains.AtLeast(Toolchains.Newest, "1.27") ? "windows.h" : "-mthreads",
            "windows/amd64: x86_64-w64-mingw32-gcc");
    }
}
