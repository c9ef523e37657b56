using System;
using System.IO;
using GoToolchain.Build.Execution;
using GoToolchain.Build.Modules;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.Tests.Execution;

/// <summary>What a task derives from a file is reused only while the file keeps the size and time it was read at.</summary>
[TestClass]
[TestCategory("unit")]
public sealed class FileStampMemoTests
{
    private string _directory = "";

    [TestInitialize]
    public void CreateDirectory() => Directory.CreateDirectory(_directory = Path.Combine(Path.GetTempPath(), "gotb-memo-" + Guid.NewGuid().ToString("N")));

    [TestCleanup]
    public void DeleteDirectory() => Directory.Delete(_directory, recursive: true);

    private string SettledFile(string name, string text, DateTime writtenAt)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, text);
        File.SetLastWriteTimeUtc(path, writtenAt);
        return path;
    }

    [TestMethod]
    public void AnUnchangedFileIsReadOnceAndEveryCallerGetsTheSameValue()
    {
        var path = SettledFile("a.txt", "one", DateTime.UtcNow.AddMinutes(-5));
        var reads = 0;
        Func<string, string> read = p => { reads++; return File.ReadAllText(p); };

        var first = FileStampMemo.Get("test", path, read);
        var second = FileStampMemo.Get("test", path, read);

        Assert.AreEqual("one", first);
        Assert.AreSame(first, second);
        Assert.AreEqual(1, reads);
    }

    [TestMethod]
    public void ANewTimeOrSizeIsReadAgain()
    {
        var when = DateTime.UtcNow.AddMinutes(-5);
        var path = SettledFile("b.txt", "one", when);
        var reads = 0;
        Func<string, string> read = p => { reads++; return File.ReadAllText(p); };
        FileStampMemo.Get("test", path, read);

        // Same size, another time: what a rewrite looks like.
        SettledFile("b.txt", "two", when.AddSeconds(1));
        Assert.AreEqual("two", FileStampMemo.Get("test", path, read));
        // Another size at the same time.
        SettledFile("b.txt", "three", when.AddSeconds(1));
        Assert.AreEqual("three", FileStampMemo.Get("test", path, read));
        Assert.AreEqual(3, reads);
    }

    [TestMethod]
    public void AFileWrittenJustNowIsNotRemembered()
    {
        // Within the file system's timestamp granularity a second write could keep both size and time.
        var path = SettledFile("c.txt", "one", DateTime.UtcNow);
        var reads = 0;
        Func<string, string> read = p => { reads++; return File.ReadAllText(p); };
        FileStampMemo.Get("test", path, read);
        FileStampMemo.Get("test", path, read);
        Assert.AreEqual(2, reads);
    }

    [TestMethod]
    public void AMissingFileIsAskedEveryTimeAndKindsDoNotMix()
    {
        var missing = Path.Combine(_directory, "missing.txt");
        var reads = 0;
        Func<string, string> read = p => { reads++; return "none"; };
        FileStampMemo.Get("test", missing, read);
        FileStampMemo.Get("test", missing, read);
        Assert.AreEqual(2, reads);

        var path = SettledFile("d.txt", "text", DateTime.UtcNow.AddMinutes(-5));
        Assert.AreEqual("text", FileStampMemo.Get("one kind", path, File.ReadAllText));
        Assert.AreEqual("TEXT", FileStampMemo.Get("another kind", path, p => File.ReadAllText(p).ToUpperInvariant()));
    }

    [TestMethod]
    public void AGoModIsParsedOncePerVersionAndAgainAfterAnEdit()
    {
        var when = DateTime.UtcNow.AddMinutes(-5);
        var goMod = SettledFile("go.mod", "module example.com/a\n\ngo 1.21\n", when);

        var first = GoModFile.Load(goMod);
        Assert.AreSame(first, GoModFile.Load(goMod));
        Assert.AreEqual("1.21", first.Go?.Value);

        SettledFile("go.mod", "module example.com/a\n\ngo 1.22\n", when.AddSeconds(2));
        Assert.AreEqual("1.22", GoModFile.Load(goMod).Go?.Value);
    }
}
