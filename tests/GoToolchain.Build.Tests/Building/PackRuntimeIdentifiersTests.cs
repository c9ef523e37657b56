using System.Collections.Generic;
using System.Linq;
using GoToolchain.Build.Building;
using GoToolchain.Build.Diagnostics;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.Tests.Building;

[TestClass]

[TestCategory("unit")]
public sealed class PackRuntimeIdentifiersTests
{
    private static readonly GoTarget LinuxHost = new("linux", "amd64");
    private readonly HashSet<string> _onPath = new() { "gcc", "x86_64-w64-mingw32-gcc", "aarch64-linux-gnu-gcc" };

    private static readonly GoModuleSpec Greeter = new("/src/go/greeter", new Dictionary<string, string> { ["BuildMode"] = "c-shared" });
    private static readonly GoModuleSpec PureTool = new("/src/go/tool",
        new Dictionary<string, string> { ["BuildMode"] = "exe", ["CgoEnabled"] = "0" });

    /// <summary>CrossCompilers.Choose as ModuleCCompiler calls it, with a PATH this test controls.</summary>
    private PackRuntimeIdentifierVerdict Check(string rid, bool optional, params GoModuleSpec[] modules)
    {
        var target = RuntimeIdentifierMap.TryMap(rid)!;
        return PackRuntimeIdentifiers.Check(rid, target, LinuxHost, modules, optional,
            (module, bag) => CrossCompilers.Choose(LinuxHost, target, module.Get("CgoEnabled") != "0", null, null,
                name => _onPath.Contains(name) ? "/usr/bin/" + name : null, _ => false, module.Directory, "/src/Lib.csproj", bag),
            "Lib", "/src/Lib.csproj");
    }

    [TestMethod]
    public void TheListIsSplitTrimmedAndEachRidKeptOnce()
    {
        CollectionAssert.AreEqual(new[] { "linux-x64", "win-x64", "linux-arm64" },
            PackRuntimeIdentifiers.Parse(" linux-x64; win-x64;;linux-arm64;LINUX-X64 ").ToArray());
        Assert.IsEmpty(PackRuntimeIdentifiers.Parse(null));
    }

    [TestMethod]
    public void OptionalRidsCompareIgnoringCaseAndStarMeansEvery()
    {
        Assert.IsTrue(PackRuntimeIdentifiers.IsOptional("osx-arm64", "win-x86; OSX-ARM64"));
        Assert.IsFalse(PackRuntimeIdentifiers.IsOptional("osx-arm64", "osx-x64"));
        Assert.IsFalse(PackRuntimeIdentifiers.IsOptional("osx-arm64", ""));
        Assert.IsTrue(PackRuntimeIdentifiers.IsOptional("linux-riscv64", "*"));
    }

    [TestMethod]
    public void AnOptionalRidThatRuntimeIdentifiersDoesNotListIsNamed()
    {
        CollectionAssert.AreEqual(new[] { "osx-arm46" },
            PackRuntimeIdentifiers.NotListed("osx-arm46;win-x64;*", "linux-x64;win-x64").ToArray());
    }

    [TestMethod]
    [DataRow("linux-x64")]
    [DataRow("win-x64")]
    [DataRow("linux-arm64")]
    public void ARidWhoseCompilerIsThereIsBuiltSilently(string rid)
    {
        var verdict = Check(rid, optional: false, Greeter);

        Assert.IsTrue(verdict.Build);
        Assert.IsEmpty(verdict.Diagnostics);
    }

    [TestMethod]
    public void AMissingCrossCompilerFailsWithItsInstallHintAndNamesTheOptionalSetting()
    {
        var verdict = Check("win-x86", optional: false, Greeter);

        Assert.IsFalse(verdict.Build);
        var error = verdict.Diagnostics.Single();
        Assert.AreEqual(Codes.CrossCompilerMissing, error.Code);
        Assert.AreEqual(Severity.Error, error.Severity);
        Assert.AreEqual("/src/Lib.csproj", error.File);
        StringAssert.Contains(error.Message, "RuntimeIdentifiers lists 'win-x86' (windows/386)");
        StringAssert.Contains(error.Message, "apt-get install --no-install-recommends gcc-mingw-w64-i686-win32");
        StringAssert.Contains(error.Message, "add it to GoOptionalRuntimeIdentifiers");
    }

    [TestMethod]
    public void ARidWithNoKnownCrossCompilerFailsBeforeGoWouldFailInRuntimeCgo()
    {
        var verdict = Check("osx-arm64", optional: false, Greeter);

        Assert.IsFalse(verdict.Build);
        var error = verdict.Diagnostics.Single();
        Assert.AreEqual(Codes.PackCCompilerUnknown, error.Code);
        Assert.AreEqual(Severity.Error, error.Severity);
        StringAssert.Contains(error.Message, "darwin/arm64 on a linux/amd64 host");
        StringAssert.Contains(error.Message, "<GoCC Condition=\"'$(RuntimeIdentifier)' == 'osx-arm64'\">");
        StringAssert.Contains(error.Message, "GoOptionalRuntimeIdentifiers");
    }

    [TestMethod]
    [DataRow("win-x86", "'i686-w64-mingw32-gcc', which is not on the PATH")]
    [DataRow("osx-arm64", "no C compiler for darwin/arm64 is known")]
    public void AnOptionalRidWithoutItsCompilerIsLeftOutWithOneWarning(string rid, string reason)
    {
        var verdict = Check(rid, optional: true, Greeter);

        Assert.IsFalse(verdict.Build);
        var warning = verdict.Diagnostics.Single();
        Assert.AreEqual(Codes.PackRuntimeIdentifierSkipped, warning.Code);
        Assert.AreEqual(Severity.Warning, warning.Severity);
        StringAssert.Contains(warning.Message, $"dotnet pack of 'Lib' leaves out RuntimeIdentifier '{rid}'");
        StringAssert.Contains(warning.Message, reason);
        StringAssert.Contains(warning.Message, $"no runtimes/{rid}/native/ folder");
    }

    [TestMethod]
    public void AModuleWithoutCgoNeedsNoCompilerSoEvenAnOptionalRidIsBuilt()
    {
        _onPath.Clear();

        var verdict = Check("osx-arm64", optional: true, PureTool);

        Assert.IsTrue(verdict.Build);
        Assert.IsEmpty(verdict.Diagnostics);
    }

    [TestMethod]
    public void EveryModuleWithoutItsCompilerIsNamed()
    {
        var other = new GoModuleSpec("/src/go/other", new Dictionary<string, string> { ["BuildMode"] = "c-shared" });

        var failed = Check("win-x86", optional: false, Greeter, other);
        var skipped = Check("win-x86", optional: true, Greeter, other);

        CollectionAssert.AreEqual(new[] { "/src/go/greeter", "/src/go/other" },
            failed.Diagnostics.Select(d => d.Message.Contains("/src/go/greeter") ? "/src/go/greeter" : "/src/go/other").ToArray());
        StringAssert.Contains(skipped.Diagnostics.Single().Message, "GoModule '/src/go/greeter'");
        StringAssert.Contains(skipped.Diagnostics.Single().Message, "GoModule '/src/go/other'");
    }
}
