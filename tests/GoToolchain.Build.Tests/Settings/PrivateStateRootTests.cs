using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using GoToolchain.Build.Execution;
using GoToolchain.Build.Generate;
using GoToolchain.Build.Tests.Building;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.Tests.Settings;

/// <summary>
/// The shared state (build store, go generate stamps and backups) is used only while it is this user's own:
/// created 0700, and a folder planted by another user or writable by others is never used.
/// </summary>
[TestClass]
[TestCategory("unit")]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class PrivateStateRootTests
{
    private string _root = null!;

    [TestInitialize]
    public void Init() => _root = BuildFixtures.NewTempDirectory("gotb-state");

    [TestCleanup]
    public void Cleanup() => BuildFixtures.DeleteDirectory(_root);

    private static void Chown(string path, string owner)
    {
        using var p = Process.Start(new ProcessStartInfo("chown", $"-R {owner} \"{path}\"") { UseShellExecute = false })!;
        p.WaitForExit();
        Assert.AreEqual(0, p.ExitCode, "chown failed (the tests run as root)");
    }

    [TestMethod]
    public void CreatedPrivateAndUsable()
    {
        var root = Path.Combine(_root, "GoToolchain.Build-me");
        var folder = PrivateStateRoot.Get(root, "builds", out var problem);
        Assert.IsNull(problem);
        Assert.AreEqual(Path.Combine(root, "builds"), folder);
        Assert.AreEqual(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(root));
        Assert.AreEqual(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(folder!));
    }

    [TestMethod]
    public void AnEarlierVersions0755FolderOfOursIsTightened()
    {
        var root = Path.Combine(_root, "old");
        Directory.CreateDirectory(root);
        File.SetUnixFileMode(root, (UnixFileMode)0x1ED); // 0755
        Assert.IsNotNull(PrivateStateRoot.Get(root, "generate", out var problem), problem);
        Assert.AreEqual((UnixFileMode)0x1C0, File.GetUnixFileMode(root));
    }

    [TestMethod]
    public void AFolderAnotherUserCreatedFirstIsNotUsed()
    {
        var root = Path.Combine(_root, "planted");
        Directory.CreateDirectory(Path.Combine(root, "builds"));
        File.WriteAllText(Path.Combine(root, "builds", "inputs.stamp"), "planted");
        Chown(root, "65534:65534"); // nobody
        Assert.IsNull(PrivateStateRoot.Get(root, "builds", out var problem));
        StringAssert.Contains(problem, "belongs to user id 65534");
    }

    [TestMethod]
    public void AWorldWritableFolderIsNotUsed()
    {
        var root = Path.Combine(_root, "open");
        Directory.CreateDirectory(root);
        File.SetUnixFileMode(root, (UnixFileMode)0x1FF); // 0777
        Assert.IsNull(PrivateStateRoot.Get(root, "builds", out var problem));
        StringAssert.Contains(problem, "can be written by other users (mode 777)");
        Assert.IsFalse(Directory.Exists(Path.Combine(root, "builds")), "nothing is created in it");
    }

    [TestMethod]
    public void ASubfolderThatIsASymlinkIsNotUsed()
    {
        var root = Path.Combine(_root, "link");
        Directory.CreateDirectory(root);
        Directory.CreateDirectory(Path.Combine(_root, "elsewhere"));
        Directory.CreateSymbolicLink(Path.Combine(root, "builds"), Path.Combine(_root, "elsewhere"));
        Assert.IsNull(PrivateStateRoot.Get(root, "builds", out var problem));
        StringAssert.Contains(problem, "is not a folder");
    }

    /// <summary>A Verify backup whose manifest reaches outside the module is deleted unused: nothing outside is written.</summary>
    [TestMethod]
    [DataRow("F\tdeadbeef\t5\t0\t../outside.txt")]
    [DataRow("F\tdeadbeef\t5\t0\t/etc/outside.txt")]
    [DataRow("D\t../../outside-dir")]
    [DataRow("F\tdeadbeef\t5\t0\tsub/../../outside.txt")]
    public void AManifestWithAPathOutsideTheModuleIsNotRestored(string line)
    {
        var module = Path.Combine(_root, "parent", "module");
        Directory.CreateDirectory(module);
        File.WriteAllText(Path.Combine(module, "go.mod"), "module m\n");
        var backup = Path.Combine(_root, "state", "verify-backup");
        Directory.CreateDirectory(Path.Combine(backup, "files"));
        File.WriteAllText(Path.Combine(backup, "files", "x"), "evil");
        File.WriteAllText(Path.Combine(backup, "manifest"), line + "\n");
        File.WriteAllText(Path.Combine(backup, "complete"), "");
        var before = Directory.EnumerateFileSystemEntries(Path.Combine(_root, "parent"), "*", SearchOption.AllDirectories).OrderBy(p => p).ToList();

        var e = Assert.ThrowsExactly<EntryOutsideRootException>(() => TreeSnapshot.RecoverInterrupted(module, backup));

        StringAssert.Contains(e.Message, "outside the module");
        CollectionAssert.AreEqual(before, Directory.EnumerateFileSystemEntries(Path.Combine(_root, "parent"), "*", SearchOption.AllDirectories).OrderBy(p => p).ToList());
        Assert.IsFalse(Directory.Exists(backup), "the foreign backup is removed");
        Assert.IsFalse(File.Exists("/etc/outside.txt"));
    }
}
