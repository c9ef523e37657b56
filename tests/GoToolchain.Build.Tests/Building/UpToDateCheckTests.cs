using System;
using System.IO;
using GoToolchain.Build.Building;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.Tests.Building;

[TestClass]

[TestCategory("unit")]
public sealed class UpToDateCheckTests
{
    private string _root = null!;

    [TestInitialize]
    public void Init() => _root = BuildFixtures.NewTempDirectory("gotb-uptodate");

    [TestCleanup]
    public void Cleanup() => BuildFixtures.DeleteDirectory(_root);

    private string File(string name, DateTime written)
    {
        var path = Path.Combine(_root, name);
        System.IO.File.WriteAllText(path, name);
        System.IO.File.SetLastWriteTimeUtc(path, written);
        return path;
    }

    [TestMethod]
    public void CurrentOnlyWhenNoInputIsNewerThanTheOutput()
    {
        var t = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var output = File("lib.so", t);
        var older = File("a.go", t.AddMinutes(-1));
        var same = File("b.go", t);

        Assert.IsTrue(UpToDateCheck.OutputIsCurrent(output, new[] { older, same }), "MSBuild skips when inputs are not newer");
        var newer = File("c.go", t.AddTicks(1));
        Assert.IsFalse(UpToDateCheck.OutputIsCurrent(output, new[] { older, newer }));
    }

    [TestMethod]
    public void AMissingOutputOrInputIsNotCurrent()
    {
        var t = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var input = File("a.go", t.AddMinutes(-1));
        Assert.IsFalse(UpToDateCheck.OutputIsCurrent(Path.Combine(_root, "none.so"), new[] { input }));
        var output = File("lib.so", t);
        Assert.IsFalse(UpToDateCheck.OutputIsCurrent(output, new[] { input, Path.Combine(_root, "gone.go") }));
        Assert.IsFalse(UpToDateCheck.OutputIsCurrent(output, new[] { "bad\0path" }));
    }
}
