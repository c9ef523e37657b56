using System;
using System.Linq;
using GoToolchain.Build.Diagnostics;
using GoToolchain.Build.Tests.Fakes;
using GoToolchain.Build.Toolchain;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.Tests.Toolchain;

[TestClass]

[TestCategory("unit")]
public sealed class WslChecksTests
{
    private const string Project = "/home/dev/src/App/App.csproj";

    private static DiagnosticBag CheckGo(bool wsl, string goPath, params string[] others)
    {
        var diagnostics = new DiagnosticBag();
        new WslChecks(new FakePlatform(isWsl: wsl)).CheckGo(goPath, others, Project, diagnostics);
        return diagnostics;
    }

    [TestMethod]
    [DataRow("/mnt/c/Program Files/Go/bin/go.exe")]
    [DataRow("/mnt/c/Go/bin/go")]
    [DataRow("/home/dev/winlink/go.EXE")]
    public void WindowsGoUsedUnderWslIsGotb040(string goPath)
    {
        var d = CheckGo(true, goPath).Items.Single();
        Assert.AreEqual(Codes.WslWindowsGo, d.Code);
        Assert.AreEqual(Severity.Warning, d.Severity);
        Assert.AreEqual(Project, d.File);
        StringAssert.StartsWith(d.Message, $"'{goPath}' is the go this build uses, but it is a Windows Go installation seen from WSL");
        StringAssert.Contains(d.Message, "appendWindowsPath=false");
    }

    [TestMethod]
    public void WindowsGoMerelyOnPathIsGotb040Too()
    {
        var diagnostics = CheckGo(true, "/usr/lib/go-1.23/bin/go", "/usr/lib/go-1.22/bin/go", "/mnt/c/Program Files/Go/bin/go.exe", "/mnt/d/sdk/go/bin/go");
        Assert.AreEqual(2, diagnostics.Items.Count);
        Assert.IsTrue(diagnostics.Items.All(d => d.Code == Codes.WslWindowsGo && d.Severity == Severity.Warning));
        StringAssert.StartsWith(diagnostics.Items[0].Message, "'/mnt/c/Program Files/Go/bin/go.exe' is on PATH, but it is a Windows Go installation seen from WSL");
        StringAssert.StartsWith(diagnostics.Items[1].Message, "'/mnt/d/sdk/go/bin/go' is on PATH,");
    }

    [TestMethod]
    public void LinuxGoInsideWslIsFine()
        => Assert.AreEqual(0, CheckGo(true, "/usr/lib/go-1.23/bin/go", "/usr/local/go/bin/go", "/mnt/wsl/go/bin/go").Items.Count);

    [TestMethod]
    public void NothingOutsideWsl()
        => Assert.AreEqual(0, CheckGo(false, "/mnt/c/Go/bin/go.exe", "/mnt/c/Go/bin/go.exe").Items.Count);

    [TestMethod]
    public void ModuleOnAWindowsDriveUnderWslIsGotb041AtItsGoMod()
    {
        var diagnostics = new DiagnosticBag();
        new WslChecks(new FakePlatform(isWsl: true)).CheckModule("/mnt/d/src/App/go/greeter", "/mnt/d/src/App/go/greeter/go.mod", diagnostics);
        var d = diagnostics.Items.Single();
        Assert.AreEqual(Codes.WslWindowsDrive, d.Code);
        Assert.AreEqual(Severity.Warning, d.Severity);
        Assert.AreEqual("/mnt/d/src/App/go/greeter/go.mod", d.File);
        StringAssert.StartsWith(d.Message, "The Go module '/mnt/d/src/App/go/greeter' is on a Windows drive seen from WSL");
    }

    [TestMethod]
    public void ModuleWithoutGoModPointsAtItsDirectory()
    {
        var diagnostics = new DiagnosticBag();
        new WslChecks(new FakePlatform(isWsl: true)).CheckModule("/mnt/c/m", null, diagnostics);
        Assert.AreEqual("/mnt/c/m", diagnostics.Items.Single().File);
    }

    [TestMethod]
    [DataRow(true, "/home/dev/src/m")]
    [DataRow(true, "/mnt/wsl/m")]
    [DataRow(false, "/mnt/d/src/m")]
    public void ModuleElsewhereOrOutsideWslIsFine(bool wsl, string directory)
    {
        var diagnostics = new DiagnosticBag();
        new WslChecks(new FakePlatform(isWsl: wsl)).CheckModule(directory, directory + "/go.mod", diagnostics);
        Assert.AreEqual(0, diagnostics.Items.Count);
    }
}
