using System;
using GoToolchain.Build.Building;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.Tests.Building;

[TestClass]

[TestCategory("unit")]
public sealed class GoBuildModesTests
{
    [TestMethod]
    [DataRow("c-shared", GoBuildMode.CShared)]
    [DataRow("C-Shared", GoBuildMode.CShared)]
    [DataRow("exe", GoBuildMode.Exe)]
    [DataRow("  EXE\t", GoBuildMode.Exe)]
    [DataRow("c-archive", GoBuildMode.CArchive)]
    [DataRow("C-ARCHIVE", GoBuildMode.CArchive)]
    [DataRow("none", GoBuildMode.None)]
    [DataRow("None", GoBuildMode.None)]
    [DataRow("", GoBuildMode.CShared)]   // the metadata default
    [DataRow("   ", GoBuildMode.CShared)]
    [DataRow(null, GoBuildMode.CShared)]
    public void ParsesModesIgnoringCaseAndBlanks(string? text, GoBuildMode expected)
    {
        Assert.IsTrue(GoBuildModes.TryParse(text, out var mode), text);
        Assert.AreEqual(expected, mode);
    }

    [TestMethod]
    [DataRow("bogus")]
    [DataRow("shared")]
    [DataRow("c_shared")]
    [DataRow("pie")]
    [DataRow("exe;c-shared")]
    [DataRow("-buildmode=exe")]
    public void RejectsOtherModes(string text)
    {
        Assert.IsFalse(GoBuildModes.TryParse(text, out _), text);
    }

    [TestMethod]
    [DataRow(GoBuildMode.CShared, "linux", "libgreeter.so")]
    [DataRow(GoBuildMode.CShared, "android", "libgreeter.so")]
    [DataRow(GoBuildMode.CShared, "freebsd", "libgreeter.so")]
    [DataRow(GoBuildMode.CShared, "windows", "greeter.dll")]
    [DataRow(GoBuildMode.CShared, "darwin", "libgreeter.dylib")]
    [DataRow(GoBuildMode.CShared, "ios", "libgreeter.dylib")]
    [DataRow(GoBuildMode.Exe, "linux", "greeter")]
    [DataRow(GoBuildMode.Exe, "darwin", "greeter")]
    [DataRow(GoBuildMode.Exe, "windows", "greeter.exe")]
    [DataRow(GoBuildMode.Exe, "js", "greeter.wasm")]
    [DataRow(GoBuildMode.Exe, "wasip1", "greeter.wasm")]
    [DataRow(GoBuildMode.CArchive, "linux", "libgreeter.a")]
    [DataRow(GoBuildMode.CArchive, "darwin", "libgreeter.a")]
    public void OutputFileNameFollowsModeAndOs(GoBuildMode mode, string goos, string expected)
    {
        Assert.AreEqual(expected, GoBuildModes.OutputFileName(mode, goos, "greeter"));
    }

    [TestMethod]
    public void NoneHasNoOutputAndNoGoFlag()
    {
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => GoBuildModes.OutputFileName(GoBuildMode.None, "linux", "greeter"));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => GoBuildModes.ToGoFlag(GoBuildMode.None));
    }

    [TestMethod]
    [DataRow(GoBuildMode.CShared, "c-shared")]
    [DataRow(GoBuildMode.CArchive, "c-archive")]
    [DataRow(GoBuildMode.Exe, "exe")]
    public void GoFlagIsWhatGoBuildAccepts(GoBuildMode mode, string flag)
    {
        Assert.AreEqual(flag, GoBuildModes.ToGoFlag(mode));
    }

    [TestMethod]
    [DataRow(GoBuildMode.CShared, "libgreeter.so", "libgreeter.h")]
    [DataRow(GoBuildMode.CShared, "greeter.dll", "greeter.h")]
    [DataRow(GoBuildMode.CShared, "libgreeter.dylib", "libgreeter.h")]
    [DataRow(GoBuildMode.CShared, "lib.my.name.so", "lib.my.name.h")] // go drops only the last extension
    [DataRow(GoBuildMode.CArchive, "libgreeter.a", "libgreeter.h")]
    [DataRow(GoBuildMode.Exe, "greeter", null)]
    [DataRow(GoBuildMode.Exe, "greeter.exe", null)]
    public void HeaderOnlyForCSharedAndCArchive(GoBuildMode mode, string output, string? header)
    {
        Assert.AreEqual(header, GoBuildModes.HeaderFileName(mode, output));
    }

    [TestMethod]
    [DataRow(GoBuildMode.CShared, true)]
    [DataRow(GoBuildMode.CArchive, true)]
    [DataRow(GoBuildMode.Exe, false)]
    [DataRow(GoBuildMode.None, false)]
    public void CgoIsNeededForCLibrariesOnly(GoBuildMode mode, bool needsCgo)
    {
        Assert.AreEqual(needsCgo, GoBuildModes.NeedsCgo(mode));
    }
}
