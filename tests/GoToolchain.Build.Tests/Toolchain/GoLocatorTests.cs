using System.Linq;
using GoToolchain.Build.Diagnostics;
using GoToolchain.Build.Tests.Fakes;
using GoToolchain.Build.Toolchain;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.Tests.Toolchain;

[TestClass]

[TestCategory("unit")]
public sealed class GoLocatorTests
{
    private const string Project = "/src/App/App.csproj";
    private const string WindowsProject = @"C:\src\App\App.csproj";

    private static (GoLocation? Location, DiagnosticBag Diagnostics) Locate(FakePlatform platform, string? goExecutable, string? goRoot,
        string project = Project)
    {
        var diagnostics = new DiagnosticBag();
        var location = new GoLocator(platform).Locate(goExecutable, goRoot, project, diagnostics);
        return (location, diagnostics);
    }

    private static Diagnostic SingleError(DiagnosticBag diagnostics, string code, string project = Project)
    {
        Assert.AreEqual(1, diagnostics.Items.Count, string.Join("\n", diagnostics.Items));
        var d = diagnostics.Items[0];
        Assert.AreEqual(code, d.Code, d.Message);
        Assert.AreEqual(Severity.Error, d.Severity);
        Assert.AreEqual(project, d.File, "property errors point at the project file");
        Assert.AreEqual(0, d.Line);
        return d;
    }

    private static FakePlatform ThreeGos()
    {
        var platform = new FakePlatform();
        platform.AddGoRoot("/usr/lib/go-1.21", "go1.21.13");
        platform.AddGoRoot("/usr/lib/go-1.22", "go1.22.12");
        platform.AddGoRoot("/usr/lib/go-1.23", "go1.23.5");
        return platform;
    }

    // ---- GoExecutable > GoRoot > PATH ----

    [TestMethod]
    public void GoExecutableWinsOverGoRootAndPath()
    {
        var platform = ThreeGos().SetEnv("PATH", "/usr/lib/go-1.21/bin:/usr/bin");
        var (location, diagnostics) = Locate(platform, "/usr/lib/go-1.23/bin/go", "/usr/lib/go-1.22");
        Assert.AreEqual(0, diagnostics.Items.Count);
        Assert.IsNotNull(location);
        Assert.AreEqual("/usr/lib/go-1.23/bin/go", location.GoPath);
        Assert.AreEqual(GoSource.GoExecutableProperty, location.Source);
        Assert.AreEqual("the GoExecutable property is '/usr/lib/go-1.23/bin/go'", location.Reason);
        CollectionAssert.AreEqual(new[] { "/usr/lib/go-1.21/bin/go" }, location.OtherGoOnPath.ToList());
    }

    [TestMethod]
    public void GoRootWinsOverPath()
    {
        var platform = ThreeGos().SetEnv("PATH", "/usr/lib/go-1.21/bin");
        var (location, diagnostics) = Locate(platform, null, "/usr/lib/go-1.22");
        Assert.AreEqual(0, diagnostics.Items.Count);
        Assert.AreEqual("/usr/lib/go-1.22/bin/go", location!.GoPath);
        Assert.AreEqual(GoSource.GoRootProperty, location.Source);
        Assert.AreEqual("the GoRoot property is '/usr/lib/go-1.22'", location.Reason);
    }

    [TestMethod]
    public void GoRootWithTrailingSlashFindsBinGo()
        => Assert.AreEqual("/usr/lib/go-1.22/bin/go", Locate(ThreeGos(), "", "/usr/lib/go-1.22/").Location!.GoPath);

    [TestMethod]
    public void EmptyPropertiesFallThroughToTheFirstGoOnPath()
    {
        var platform = ThreeGos().SetEnv("PATH", "/usr/local/bin:/usr/lib/go-1.22/bin:/usr/lib/go-1.23/bin");
        var (location, diagnostics) = Locate(platform, "", "");
        Assert.AreEqual(0, diagnostics.Items.Count);
        Assert.AreEqual("/usr/lib/go-1.22/bin/go", location!.GoPath);
        Assert.AreEqual(GoSource.PathEnvironment, location.Source);
        Assert.AreEqual("it is the first 'go' on PATH", location.Reason);
        CollectionAssert.AreEqual(new[] { "/usr/lib/go-1.23/bin/go" }, location.OtherGoOnPath.ToList());
    }

    [TestMethod]
    public void ADirectoryNamedGoOnPathIsNotAGoBinary()
    {
        var platform = ThreeGos().AddDirectory("/home/dev/bin/go").SetEnv("PATH", "/home/dev/bin:/usr/lib/go-1.23/bin");
        Assert.AreEqual("/usr/lib/go-1.23/bin/go", Locate(platform, null, null).Location!.GoPath);
    }

    // ---- property errors: code, value in the message, at the project file ----

    [TestMethod]
    public void GoExecutableThatDoesNotExistIsGotb001()
    {
        var (location, diagnostics) = Locate(ThreeGos().SetEnv("PATH", "/usr/lib/go-1.23/bin"), "/opt/go/bin/go", "/usr/lib/go-1.22");
        Assert.IsNull(location, "no silent fallback to GoRoot or PATH when GoExecutable is wrong");
        var d = SingleError(diagnostics, Codes.GoExecutableMissing);
        StringAssert.StartsWith(d.Message, "GoExecutable '/opt/go/bin/go' does not exist.");
    }

    [TestMethod]
    public void GoExecutableThatIsADirectoryIsGotb001()
    {
        var d = SingleError(Locate(ThreeGos(), "/usr/lib/go-1.23/bin", null).Diagnostics, Codes.GoExecutableMissing);
        StringAssert.StartsWith(d.Message, "GoExecutable '/usr/lib/go-1.23/bin' is a directory.");
    }

    [TestMethod]
    public void GoRootThatDoesNotExistIsGotb002()
    {
        var (location, diagnostics) = Locate(ThreeGos().SetEnv("PATH", "/usr/lib/go-1.23/bin"), null, "/usr/lib/go-1.24");
        Assert.IsNull(location);
        var d = SingleError(diagnostics, Codes.GoRootMissing);
        StringAssert.StartsWith(d.Message, "GoRoot '/usr/lib/go-1.24' does not exist.");
    }

    [TestMethod]
    public void GoRootThatIsAFileIsGotb003()
    {
        var d = SingleError(Locate(ThreeGos(), null, "/usr/lib/go-1.23/bin/go").Diagnostics, Codes.GoRootIsFile);
        StringAssert.StartsWith(d.Message, "GoRoot '/usr/lib/go-1.23/bin/go' is a file, not a Go installation directory.");
    }

    [TestMethod]
    public void GoRootWithoutBinGoIsGotb004()
    {
        var d = SingleError(Locate(ThreeGos().AddDirectory("/usr/lib/go-1.23/src"), null, "/usr/lib").Diagnostics, Codes.GoRootWithoutGo);
        StringAssert.StartsWith(d.Message, "GoRoot '/usr/lib' has no bin/go: '/usr/lib/bin/go' does not exist");
    }

    [TestMethod]
    public void NoGoAnywhereIsGotb005WithTheNumberOfPathEntriesSearched()
    {
        var platform = ThreeGos().SetEnv("PATH", "/usr/local/bin:/usr/bin::/bin");
        var (location, diagnostics) = Locate(platform, null, null);
        Assert.IsNull(location);
        var d = SingleError(diagnostics, Codes.GoNotFound);
        StringAssert.StartsWith(d.Message, "No go binary found: GoExecutable and GoRoot are not set and no 'go' is on PATH (3 entries searched).");
    }

    [TestMethod]
    public void NoPathVariableAtAllIsGotb005()
        => StringAssert.Contains(SingleError(Locate(ThreeGos(), null, null).Diagnostics, Codes.GoNotFound).Message, "(0 entries searched)");

    // ---- symlinks: same binary is one binary ----

    [TestMethod]
    public void OtherGoOnPathIsDeduplicatedByResolvedSymlink()
    {
        var platform = ThreeGos()
            .AddSymlink("/usr/local/bin/go", "/usr/lib/go-1.23/bin/go")
            .AddSymlink("/usr/bin/go", "../lib/go-1.23/bin/go") // relative, as update-alternatives writes them
            .AddSymlink("/home/dev/sdk/go1.23", "/usr/lib/go-1.23")
            .SetEnv("PATH", "/usr/local/bin:/usr/bin:/home/dev/sdk/go1.23/bin:/usr/lib/go-1.22/bin:/usr/lib/go-1.23/bin:/usr/lib/go-1.22/bin/");
        var location = Locate(platform, null, null).Location!;
        Assert.AreEqual("/usr/local/bin/go", location.GoPath, "the path as found, symlink kept (go resolves it itself)");
        CollectionAssert.AreEqual(new[] { "/usr/lib/go-1.22/bin/go" }, location.OtherGoOnPath.ToList(),
            "four routes to go 1.23 are one go; 1.22 listed once although on PATH twice");
    }

    [TestMethod]
    public void ChosenGoIsNotListedAgainAmongOthers()
    {
        var platform = ThreeGos().AddSymlink("/usr/bin/go", "/usr/lib/go-1.22/bin/go").SetEnv("PATH", "/usr/bin:/usr/lib/go-1.21/bin");
        var location = Locate(platform, null, "/usr/lib/go-1.22").Location!;
        CollectionAssert.AreEqual(new[] { "/usr/lib/go-1.21/bin/go" }, location.OtherGoOnPath.ToList());
    }

    [TestMethod]
    public void FindAllOnPathListsEveryGoInPathOrder()
    {
        var platform = ThreeGos().SetEnv("PATH", "/usr/lib/go-1.23/bin:/nowhere:/usr/lib/go-1.21/bin:/usr/lib/go-1.23/bin");
        CollectionAssert.AreEqual(new[] { "/usr/lib/go-1.23/bin/go", "/usr/lib/go-1.21/bin/go" }, new GoLocator(platform).FindAllOnPath().ToList());
    }

    // ---- Windows ----

    [TestMethod]
    public void WindowsLooksForGoExeAndHonoursQuotedPathEntries()
    {
        var platform = new FakePlatform(isWindows: true);
        platform.AddGoRoot(@"C:\Program Files\Go", "go1.23.5", "windows_amd64");
        platform.AddFile(@"C:\tools\go", "not a windows executable");
        platform.SetEnv("Path", "C:\\tools;\"C:\\Program Files\\Go\\bin\";C:\\Windows");
        var (location, diagnostics) = Locate(platform, null, null, WindowsProject);
        Assert.AreEqual(0, diagnostics.Items.Count, string.Join("\n", diagnostics.Items));
        Assert.AreEqual(@"C:\Program Files\Go\bin\go.exe", location!.GoPath);
        Assert.AreEqual("it is the first 'go.exe' on PATH", location.Reason);
    }

    [TestMethod]
    public void WindowsFindsAGoCmdWrapperInPathExtOrderAsCmdWould()
    {
        var platform = new FakePlatform(isWindows: true);
        platform.AddGoRoot(@"C:\Program Files\Go", "go1.23.5", "windows_amd64");
        platform.AddFile(@"C:\R&D 100%\go.cmd", "@\"C:\\Program Files\\Go\\bin\\go.exe\" %*");
        platform.SetEnv("Path", @"C:\R&D 100%;C:\Program Files\Go\bin");
        var (location, _) = Locate(platform, null, null, WindowsProject);
        Assert.AreEqual(@"C:\R&D 100%\go.cmd", location!.GoPath); // cmd.exe runs the first folder's go.cmd, not the later go.exe
        Assert.AreEqual("it is the first 'go.cmd' on PATH", location.Reason);

        platform.SetEnv("PATHEXT", ".COM;.EXE");
        Assert.AreEqual(@"C:\Program Files\Go\bin\go.exe", Locate(platform, null, null, WindowsProject).Item1!.GoPath);
    }

    [TestMethod]
    public void WindowsGoRootFindsBinGoExe()
    {
        var platform = new FakePlatform(isWindows: true);
        platform.AddGoRoot(@"C:\Go", "go1.22.12", "windows_amd64");
        Assert.AreEqual(@"C:\Go\bin\go.exe", Locate(platform, null, @"C:\Go", WindowsProject).Location!.GoPath);
        Assert.AreEqual(@"C:\Go\bin\go.exe", Locate(platform, null, @"C:\Go\", WindowsProject).Location!.GoPath);
    }

    [TestMethod]
    public void WindowsGoRootWithoutGoExeNamesBinGoExe()
    {
        var platform = new FakePlatform(isWindows: true).AddFile(@"C:\Go\bin\go", "");
        var d = SingleError(Locate(platform, null, @"C:\Go", WindowsProject).Diagnostics, Codes.GoRootWithoutGo, WindowsProject);
        StringAssert.StartsWith(d.Message, @"GoRoot 'C:\Go' has no bin\go.exe: 'C:\Go\bin\go.exe' does not exist");
    }

    [TestMethod]
    public void WindowsNoGoMessageNamesGoExe()
        => StringAssert.Contains(SingleError(Locate(new FakePlatform(isWindows: true).SetEnv("PATH", @"C:\Windows"), null, null, WindowsProject).Diagnostics,
            Codes.GoNotFound, WindowsProject).Message, "no 'go.exe' is on PATH (1 entries searched)");

    [TestMethod]
    public void WindowsTreatsDifferentlySpelledPathEntriesAsOneGo()
    {
        var platform = new FakePlatform(isWindows: true);
        platform.AddGoRoot(@"C:\Go", "go1.23.5", "windows_amd64");
        platform.AddGoRoot(@"D:\go1.21", "go1.21.13", "windows_amd64");
        platform.SetEnv("PATH", @"C:\Go\bin;c:\go\BIN\;C:/Go/bin;D:\go1.21\bin");
        var location = Locate(platform, null, null, WindowsProject).Location!;
        Assert.AreEqual(@"C:\Go\bin\go.exe", location.GoPath);
        CollectionAssert.AreEqual(new[] { @"D:\go1.21\bin\go.exe" }, location.OtherGoOnPath.ToList());
    }

    // ---- LookPath: goX.Y.Z for GOTOOLCHAIN switching ----

    [TestMethod]
    public void LookPathFindsANamedToolchainInPathOrder()
    {
        var platform = ThreeGos()
            .AddSymlink("/home/dev/go/bin/go1.23.5", "/usr/lib/go-1.23/bin/go")
            .AddFile("/opt/tc/go1.23.5")
            .SetEnv("PATH", "/usr/bin:/home/dev/go/bin:/opt/tc");
        var locator = new GoLocator(platform);
        Assert.AreEqual("/home/dev/go/bin/go1.23.5", locator.LookPath("go1.23.5"));
        Assert.IsNull(locator.LookPath("go1.23.0"), "exact names only: go 1.23 needs go1.23.0");
    }

    [TestMethod]
    public void LookPathSearchesTheGivenPathListInsteadOfTheMachines()
    {
        // The PATH a go process gets from GoEnvironment, not the build's own.
        var platform = ThreeGos().AddFile("/opt/tc/go1.23.0").SetEnv("PATH", "/usr/bin");
        var locator = new GoLocator(platform);
        Assert.IsNull(locator.LookPath("go1.23.0"));
        Assert.AreEqual("/opt/tc/go1.23.0", locator.LookPath("go1.23.0", "/usr/bin:/opt/tc"));
        Assert.IsNull(locator.LookPath("go1.23.0", null));
    }

    [TestMethod]
    public void LookPathOnWindowsAddsExe()
    {
        var platform = new FakePlatform(isWindows: true).AddFile(@"C:\sdk\bin\go1.23.0.exe").AddFile(@"C:\other\go1.22.0").SetEnv("PATH", @"C:\other;C:\sdk\bin");
        var locator = new GoLocator(platform);
        Assert.AreEqual(@"C:\sdk\bin\go1.23.0.exe", locator.LookPath("go1.23.0"));
        Assert.IsNull(locator.LookPath("go1.22.0"));
    }
}
