using System.Linq;
using GoToolchain.Build.Platform;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.Tests.Toolchain;

[TestClass]

[TestCategory("unit")]
public sealed class PlatformPathsTests
{
    private static readonly PlatformPaths Unix = PlatformPaths.Unix;
    private static readonly PlatformPaths Windows = PlatformPaths.Windows;

    [TestMethod]
    public void ForFollowsThePlatform()
    {
        Assert.AreSame(Windows, PlatformPaths.For(new Fakes.FakePlatform(isWindows: true)));
        Assert.AreSame(Unix, PlatformPaths.For(new Fakes.FakePlatform(isWindows: false)));
        Assert.AreEqual("go.exe", Windows.GoExecutableName);
        Assert.AreEqual("go", Unix.GoExecutableName);
        Assert.AreEqual(';', Windows.PathListSeparator);
        Assert.AreEqual(':', Unix.PathListSeparator);
    }

    [TestMethod]
    [DataRow("/usr/lib/go-1.23", "bin", "/usr/lib/go-1.23/bin")]
    [DataRow("/usr/lib/go-1.23/", "bin", "/usr/lib/go-1.23/bin")]
    [DataRow("/", "usr", "/usr")]
    [DataRow("", "go", "go")]
    public void UnixCombine(string directory, string name, string expected) => Assert.AreEqual(expected, Unix.Combine(directory, name));

    [TestMethod]
    [DataRow(@"C:\Go", "bin", @"C:\Go\bin")]
    [DataRow(@"C:\Go\", "bin", @"C:\Go\bin")]
    [DataRow("C:/Go/", "bin", "C:/Go/bin")] // an existing separator of either style is kept, none doubled
    [DataRow(@"C:\", "Go", @"C:\Go")]
    public void WindowsCombine(string directory, string name, string expected) => Assert.AreEqual(expected, Windows.Combine(directory, name));

    [TestMethod]
    public void CombineOfSeveralNames()
    {
        Assert.AreEqual("/usr/lib/go-1.23/pkg/tool/linux_amd64", Unix.Combine("/usr/lib/go-1.23", "pkg", "tool", "linux_amd64"));
        Assert.AreEqual(@"C:\Go\bin\go.exe", Windows.Combine(@"C:\Go", "bin", "go.exe"));
    }

    [TestMethod]
    [DataRow("/usr/lib/go-1.21/", "/usr/lib/go-1.21")]
    [DataRow("/usr/lib/go-1.21///", "/usr/lib/go-1.21")]
    [DataRow("/", "/")]
    [DataRow("///", "/")]
    [DataRow("go", "go")]
    [DataRow(@"C:\Go\", @"C:\Go\")] // a backslash is an ordinary character on Unix
    public void UnixTrimTrailingSeparators(string path, string expected) => Assert.AreEqual(expected, Unix.TrimTrailingSeparators(path));

    [TestMethod]
    [DataRow(@"C:\Go\", @"C:\Go")]
    [DataRow("C:/Go/", "C:/Go")]
    [DataRow(@"C:\Go\\/", @"C:\Go")]
    [DataRow(@"C:\", @"C:\")]
    [DataRow(@"C:\\\", @"C:\")]
    [DataRow("C:/", "C:/")]
    [DataRow(@"\", @"\")]
    public void WindowsTrimTrailingSeparatorsKeepsTheDriveRoot(string path, string expected)
        => Assert.AreEqual(expected, Windows.TrimTrailingSeparators(path));

    [TestMethod]
    [DataRow("/usr/lib/go-1.23/bin/go", "/usr/lib/go-1.23/bin")]
    [DataRow("/usr/lib/go-1.23/bin/", "/usr/lib/go-1.23")]
    [DataRow("/usr", "/")]
    [DataRow("/", null)]
    [DataRow("go", null)]
    [DataRow("bin/go", "bin")]
    public void UnixGetDirectoryName(string path, string? expected) => Assert.AreEqual(expected, Unix.GetDirectoryName(path));

    [TestMethod]
    [DataRow(@"C:\Go\bin\go.exe", @"C:\Go\bin")]
    [DataRow("C:/Go/bin/go.exe", "C:/Go/bin")]
    [DataRow(@"C:\Go", @"C:\")]
    [DataRow(@"C:\Go\", @"C:\")]
    [DataRow(@"C:\", null)]
    [DataRow("go.exe", null)]
    public void WindowsGetDirectoryNameStopsAtTheDriveRoot(string path, string? expected)
        => Assert.AreEqual(expected, Windows.GetDirectoryName(path));

    [TestMethod]
    public void TwoLevelsUpFromTheBinaryIsTheGoRoot()
    {
        // GoRootChecks and GoEnvProbe derive the installation from bin/go this way.
        Assert.AreEqual("/usr/lib/go-1.23", Unix.GetDirectoryName(Unix.GetDirectoryName("/usr/lib/go-1.23/bin/go")!));
        Assert.AreEqual(@"C:\", Windows.GetDirectoryName(Windows.GetDirectoryName(@"C:\bin\go.exe")!));
    }

    [TestMethod]
    [DataRow("/usr/lib", true)]
    [DataRow("usr/lib", false)]
    [DataRow("", false)]
    [DataRow(@"C:\Go", false)]
    public void UnixIsRooted(string path, bool expected) => Assert.AreEqual(expected, Unix.IsRooted(path));

    [TestMethod]
    [DataRow(@"C:\Go", true)]
    [DataRow("c:/Go", true)]
    [DataRow(@"\Go", true)]
    [DataRow("/Go", true)]
    [DataRow(@"Go\bin", false)]
    [DataRow("off", false)]
    [DataRow("", false)]
    public void WindowsIsRooted(string path, bool expected) => Assert.AreEqual(expected, Windows.IsRooted(path));

    [TestMethod]
    [DataRow(@"C:\Go", @"c:\go", true)]
    [DataRow(@"C:\Go\", "C:/Go", true)]
    [DataRow(@"C:\Program Files\Go\bin\go.exe", "c:/program files/go/BIN/GO.EXE", true)]
    [DataRow(@"C:\", "C:/", true)]
    [DataRow(@"C:\Go", @"D:\Go", false)]
    [DataRow(@"C:\Go", @"C:\Go1", false)]
    public void WindowsAreSameIgnoresCaseSeparatorStyleAndTrailingSeparators(string a, string b, bool expected)
        => Assert.AreEqual(expected, Windows.AreSame(a, b));

    [TestMethod]
    [DataRow("/usr/lib/go-1.23", "/usr/lib/go-1.23/", true)]
    [DataRow("/usr/lib/go-1.23", "/usr/lib/Go-1.23", false)]
    [DataRow("/usr/lib/go-1.23", "/usr/lib/go-1.22", false)]
    public void UnixAreSameIsCaseSensitive(string a, string b, bool expected) => Assert.AreEqual(expected, Unix.AreSame(a, b));

    [TestMethod]
    public void UnixPathListSplitsOnColonAndDropsEmptyEntries()
    {
        CollectionAssert.AreEqual(new[] { "/usr/local/bin", "/usr/bin", "/bin" }, Unix.SplitPathList("/usr/local/bin::/usr/bin:/bin:").ToList());
        // Quotes mean nothing on Unix; ';' is part of a name there.
        CollectionAssert.AreEqual(new[] { "\"/opt/go\"", "/a;b" }, Unix.SplitPathList("\"/opt/go\":/a;b").ToList());
        Assert.AreEqual(0, Unix.SplitPathList(null).Count);
        Assert.AreEqual(0, Unix.SplitPathList("").Count);
        Assert.AreEqual(0, Unix.SplitPathList(":::").Count);
    }

    [TestMethod]
    public void WindowsPathListSplitsOnSemicolonUnquotesAndDropsEmptyEntries()
    {
        CollectionAssert.AreEqual(
            new[] { @"C:\Program Files\Go\bin", @"C:\Windows", @"D:\tools" },
            Windows.SplitPathList("\"C:\\Program Files\\Go\\bin\";;C:\\Windows; D:\\tools ;").ToList());
        // ':' is part of a drive letter on Windows, never a separator.
        CollectionAssert.AreEqual(new[] { @"C:\Go\bin" }, Windows.SplitPathList(@"C:\Go\bin").ToList());
    }

    [TestMethod]
    public void WindowsQuotedPathEntryMayContainASemicolon()
    {
        // A directory whose name contains ';' must be quoted in PATH; Windows and go's filepath.SplitList keep
        // it whole. Split first and unquote after, and it falls apart into two directories that do not exist.
        CollectionAssert.AreEqual(
            new[] { @"C:\odd;dir\bin", @"C:\Go\bin" },
            Windows.SplitPathList("\"C:\\odd;dir\\bin\";C:\\Go\\bin").ToList());
    }

    [TestMethod]
    [DataRow("/mnt/c", true)]
    [DataRow("/mnt/c/", true)]
    [DataRow("/mnt/c/Program Files/Go/bin/go.exe", true)]
    [DataRow("/mnt/D/src/m", true)]
    [DataRow("/mnt/wsl/shared", false)]
    [DataRow("/mnt/", false)]
    [DataRow("/mnt/1/x", false)]
    [DataRow("/home/dev/mnt/c/x", false)]
    [DataRow("mnt/c/x", false)]
    public void WslWindowsDrivePaths(string path, bool expected) => Assert.AreEqual(expected, PlatformPaths.IsWslWindowsDrivePath(path));
}
