using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using GoToolchain.Build.Building;
using GoToolchain.Build.Platform;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.Tests.Building;

[TestClass]

[TestCategory("unit")]
public sealed class LastBuildRecordTests
{
    private string _root = null!;

    [TestInitialize]
    public void Init() => _root = BuildFixtures.NewTempDirectory("gotb-record");

    [TestCleanup]
    public void Cleanup() => BuildFixtures.DeleteDirectory(_root);

    private LastBuildRecord Record(string output)
    {
        var fingerprint = BuildFingerprint.Parse("package\tabc\nenvironment:PATH\tdef")!;
        return new LastBuildRecord(fingerprint,
            new[] { new KeyValuePair<string, string>(output, LastBuildRecord.StampOf(SystemPlatform.Instance, output)) },
            new[] { new KeyValuePair<string, string>("ResolvedGoVersion", "go1.23.5") },
            new[]
            {
                new RecordedItem("build", "/src/a b/go\tmod", new Dictionary<string, string>
                {
                    ["OutputPath"] = output,
                    ["PackagePath"] = "runtimes/linux-x64/native/",
                    ["Odd"] = "back\\slash\nnew line\r\ttab",
                }),
                new RecordedItem("bindings", "/obj/go/bindings/Greeter.g.cs", new Dictionary<string, string>()),
            });
    }

    [TestMethod]
    public void SavedRecordLoadsBackExactly()
    {
        var output = Path.Combine(_root, "libgreeter.so");
        File.WriteAllText(output, "elf");
        var path = Path.Combine(_root, "obj", "go", "last-build");
        Record(output).Save(path);

        var loaded = LastBuildRecord.TryLoad(path)!;
        Assert.IsNotNull(loaded);
        Assert.IsNull(loaded.Fingerprint.FirstDifference(Record(output).Fingerprint));
        Assert.AreEqual("go1.23.5", loaded.Property("ResolvedGoVersion"));
        var build = loaded.ItemsOfType("build").Single();
        Assert.AreEqual("/src/a b/go\tmod", build.Spec);
        Assert.AreEqual("back\\slash\nnew line\r\ttab", build.Metadata["Odd"]);
        Assert.AreEqual("runtimes/linux-x64/native/", build.Metadata["PackagePath"]);
        Assert.AreEqual("/obj/go/bindings/Greeter.g.cs", loaded.ItemsOfType("bindings").Single().Spec);
        Assert.IsNull(loaded.ChangedOutput(SystemPlatform.Instance));
        Assert.AreEqual(0, Directory.GetFiles(Path.GetDirectoryName(path)!, "*.tmp").Length, "no temporary file is left");
    }

    [TestMethod]
    public void AnOutputWrittenOrDeletedSinceIsNamed()
    {
        var output = Path.Combine(_root, "libgreeter.so");
        File.WriteAllText(output, "elf");
        var record = Record(output);
        File.SetLastWriteTimeUtc(output, DateTime.UtcNow.AddMinutes(-5));
        Assert.AreEqual(output, record.ChangedOutput(SystemPlatform.Instance));
        File.Delete(output);
        Assert.AreEqual(output, record.ChangedOutput(SystemPlatform.Instance));
    }

    [TestMethod]
    public void ARecordThatWasNotWrittenByThisVersionIsNone()
    {
        var path = Path.Combine(_root, "last-build");
        Assert.IsNull(LastBuildRecord.TryLoad(path), "missing");
        File.WriteAllText(path, "gotb-last-build 0\npart\tpackage\tabc\n");
        Assert.IsNull(LastBuildRecord.TryLoad(path), "another header");
        File.WriteAllText(path, "gotb-last-build 1\npart\tpackage\n");
        Assert.IsNull(LastBuildRecord.TryLoad(path), "a line with two fields");
        File.WriteAllText(path, "gotb-last-build 1\nmetadata\tA\tB\n");
        Assert.IsNull(LastBuildRecord.TryLoad(path), "metadata before any item");
        File.WriteAllText(path, "gotb-last-build 1\noutput\t/x\tabsent\n");
        Assert.IsNull(LastBuildRecord.TryLoad(path), "no fingerprint");
    }
}
