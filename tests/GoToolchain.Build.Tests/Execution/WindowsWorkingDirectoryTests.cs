using GoToolchain.Build.Execution;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.Tests.Execution;

/// <summary>How a child's working directory is spelled for CreateProcess (WindowsTests builds in such folders under Wine).</summary>
[TestClass]
[TestCategory("unit")]
public sealed class WindowsWorkingDirectoryTests
{
    private static readonly string Deep = @"C:\src\" + string.Join(@"\", System.Linq.Enumerable.Repeat("a-folder-of-forty-characters-0123456789", 7));

    [TestMethod]
    [DataRow(@"C:\src\app\go", @"C:\src\app\go")]
    [DataRow(@"\\?\C:\src\app\go", @"C:\src\app\go")]
    [DataRow(@"\\?\UNC\server\share\app\go", @"\\server\share\app\go")]
    [DataRow(@"\\server\share\app\go", @"\\server\share\app\go")]
    public void AFolderWindowsCanStartInIsSpelledWithoutTheExtendedLengthPrefix(string folder, string expected)
    {
        Assert.AreEqual(expected, WindowsWorkingDirectory.For(folder, _ => throw new AssertFailedException("no short name is needed"), out var problem));
        Assert.IsNull(problem);
    }

    [TestMethod]
    public void AFolderOver258CharactersStartsByItsShortName()
    {
        Assert.IsTrue(Deep.Length > 258);
        var spelled = WindowsWorkingDirectory.For(@"\\?\" + Deep, path => path == @"\\?\" + Deep ? @"\\?\C:\src\A-FOLD~1\A-FOLD~1" : null, out var problem);
        Assert.AreEqual(@"C:\src\A-FOLD~1\A-FOLD~1", spelled);
        Assert.IsNull(problem);
        Assert.AreEqual(new string('x', 255).Insert(0, @"C:\"), WindowsWorkingDirectory.For(new string('x', 255).Insert(0, @"C:\"), _ => null, out _),
            "258 characters are allowed");
    }

    [TestMethod]
    public void AFolderOver258CharactersWithNoShortNameIsAProblemSayingWhatToDo()
    {
        Assert.IsNull(WindowsWorkingDirectory.For(Deep, _ => null, out var problem));
        StringAssert.Contains(problem, $"The working directory '{Deep}' is {Deep.Length} characters long: Windows starts no process in a folder " +
            "whose path is longer than 258 characters, and it has no short (8.3) name.");
        StringAssert.Contains(problem, "subst X: <folder>");
        // A short name that is itself too long does not help.
        Assert.IsNull(WindowsWorkingDirectory.For(Deep, _ => Deep.Replace("a-folder", "A-FOLD~1"), out _));
    }
}
