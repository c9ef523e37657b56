using System;
using System.IO;
using System.Linq;
using GoToolchain.Build.Loopvar;
using GoToolchain.Build.Modules;
using GoToolchain.Build.Tests.Building;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.Tests.Modules;

[TestClass]

[TestCategory("unit")]
public sealed class SourceFactCacheTests
{
    private string _root = null!;
    private string _cacheFile = null!;

    [TestInitialize]
    public void Init()
    {
        _root = BuildFixtures.NewTempDirectory("gotb-facts");
        _cacheFile = Path.Combine(_root, "obj", "facts.tsv");
    }

    [TestCleanup]
    public void Cleanup() => BuildFixtures.DeleteDirectory(_root);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_root, "m", name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    private static string Upper(string path) => File.ReadAllText(path).ToUpperInvariant();

    [TestMethod]
    public void ASecondUseReadsNoUnchangedFileAndAnEditedOneAgain()
    {
        var a = Write("a.go", "package a\n");
        var b = Write("b.go", "package b\n");
        var first = SourceFactCache.Open(_cacheFile);
        Assert.AreEqual("PACKAGE A\n", first.Get(a, Upper));
        Assert.AreEqual("PACKAGE B\n", first.Get(b, Upper));
        first.Save();
        Assert.AreEqual(2, first.Reads);

        var second = SourceFactCache.Open(_cacheFile);
        var read = 0;
        Assert.AreEqual("PACKAGE A\n", second.Get(a, p => { read++; return Upper(p); }));
        Assert.AreEqual(0, read, "an unchanged file was read again");
        Assert.AreEqual(1, second.Hits);

        File.WriteAllText(b, "package bb\n");
        Assert.AreEqual("PACKAGE BB\n", second.Get(b, p => { read++; return Upper(p); }));
        Assert.AreEqual(1, read);
    }

    [TestMethod]
    public void SameSizeWithANewWriteTimeIsReadAgain()
    {
        var a = Write("a.go", "package a\n");
        var cache = SourceFactCache.Open(_cacheFile);
        cache.Get(a, Upper);
        cache.Save();
        File.WriteAllText(a, "package z\n");
        File.SetLastWriteTimeUtc(a, File.GetLastWriteTimeUtc(a).AddSeconds(2));

        Assert.AreEqual("PACKAGE Z\n", SourceFactCache.Open(_cacheFile).Get(a, Upper));
    }

    [TestMethod]
    public void FactsWithTabsAndNewlinesSurviveTheFile()
    {
        var a = Write("a b\tc.go", "x");
        var cache = SourceFactCache.Open(_cacheFile);
        cache.Get(a, _ => "one\ttwo\nthree\\four\r");
        cache.Save();

        var again = SourceFactCache.Open(_cacheFile);
        Assert.AreEqual("one\ttwo\nthree\\four\r", again.Get(a, _ => throw new AssertFailedException("read again")));
    }

    [TestMethod]
    public void ADamagedOrForeignCacheFileIsIgnored()
    {
        var a = Write("a.go", "package a\n");
        Directory.CreateDirectory(Path.GetDirectoryName(_cacheFile)!);
        var info = new FileInfo(a);
        foreach (var content in new[] { "", "garbage\n", "GoToolchain.Build source facts v1\n" + a + "\tnot-a-number\t1\tX\n", "\0\0\0" })
        {
            File.WriteAllText(_cacheFile, content);
            Assert.AreEqual("PACKAGE A\n", SourceFactCache.Open(_cacheFile).Get(a, Upper), content);
        }
        // A well-formed line from another writer with a stale stamp is not trusted either.
        File.WriteAllText(_cacheFile, $"GoToolchain.Build source facts v1\n{a}\t{info.Length}\t{info.LastWriteTimeUtc.Ticks - 1}\tSTALE\n");
        Assert.AreEqual("PACKAGE A\n", SourceFactCache.Open(_cacheFile).Get(a, Upper));
    }

    [TestMethod]
    public void AVanishedOrUnreadableFileHasNoFact()
    {
        var cache = SourceFactCache.Open(_cacheFile);
        Assert.IsNull(cache.Get(Path.Combine(_root, "m", "gone.go"), Upper));
        var a = Write("a.go", "x");
        Assert.IsNull(cache.Get(a, _ => throw new IOException("locked")));
        Assert.AreEqual("X", cache.Get(a, Upper), "a failed read must not be remembered");
    }

    [TestMethod]
    public void AnUnwritableCacheFolderOnlyCostsTheReads()
    {
        var blocker = Path.Combine(_root, "file");
        File.WriteAllText(blocker, "");
        var a = Write("a.go", "x");
        var cache = SourceFactCache.Open(Path.Combine(blocker, "facts.tsv")); // its folder is a file
        Assert.AreEqual("X", cache.Get(a, Upper));
        cache.Save();
    }

    [TestMethod]
    public void LoopvarFileVersionsSeeAnEditedConstraintThroughTheCache()
    {
        var module = Path.Combine(_root, "m");
        Write("go.mod", "module m\n\ngo 1.21\n");
        var file = Write("new.go", "//go:build go1.22\n\npackage m\n");
        Write("plain.go", "package m\n");
        var cacheFile = LoopvarPlanner.FileFactsCacheFile(Path.Combine(_root, "obj"), module);

        var first = SourceFactCache.Open(cacheFile);
        var versions = LoopvarPlanner.FileVersions(module, first).ToList();
        first.Save();
        Assert.AreEqual("1.22", versions.Single().Version.Text);
        Assert.AreEqual(1, versions.Single().Line);

        var second = SourceFactCache.Open(cacheFile);
        Assert.AreEqual("1.22", LoopvarPlanner.FileVersions(module, second).Single().Version.Text);
        Assert.AreEqual(0, second.Reads, "the no-op read a source file");
        Assert.AreEqual(2, second.Hits);

        File.WriteAllText(file, "// A comment first.\n//go:build go1.21 && linux\n\npackage m\n");
        File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddSeconds(5));
        var third = SourceFactCache.Open(cacheFile);
        var edited = LoopvarPlanner.FileVersions(module, third).Single();
        Assert.AreEqual("1.21", edited.Version.Text);
        Assert.AreEqual(2, edited.Line);
        Assert.AreEqual("go1.21 && linux", edited.Expression);
        Assert.AreEqual(1, third.Reads);
    }
}
