using GoToolchain.Build.Building;
using GoToolchain.Build.Steps;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.Tests.GoTests;

/// <summary>Whether the host runs a target's test binaries, and through which runner (GoTestPlanning.Runner).</summary>
[TestClass]
[TestCategory("unit")]
public sealed class GoTestPlanningTests
{
    private static readonly GoTarget LinuxAmd64 = new("linux", "amd64");

    [TestMethod]
    public void TheHostRunsItsOwnTargetAnd386Itself()
    {
        Assert.AreEqual((true, "", (string?)null), GoTestPlanning.Runner(LinuxAmd64, new GoTarget("linux", "amd64"), _ => "/usr/bin/x"));
        Assert.IsTrue(GoTestPlanning.Runner(LinuxAmd64, new GoTarget("linux", "386"), _ => null).Runnable);
    }

    [TestMethod]
    public void WindowsOnLinuxRunsThroughWine()
    {
        var (runnable, note, runner) = GoTestPlanning.Runner(LinuxAmd64, new GoTarget("windows", "amd64"), name => name == "wine64" ? "/usr/bin/wine64" : null);
        Assert.IsTrue(runnable);
        Assert.AreEqual("/usr/bin/wine64", runner);
        StringAssert.Contains(note, "windows/amd64 test binaries run through wine64");
    }

    [TestMethod]
    public void Arm64LinuxRunsThroughQemu()
        => Assert.AreEqual("/usr/bin/qemu-aarch64-static",
            GoTestPlanning.Runner(LinuxAmd64, new GoTarget("linux", "arm64"), name => name == "qemu-aarch64-static" ? "/usr/bin/qemu-aarch64-static" : null).Runner);

    [TestMethod]
    public void WithoutARunnerTheTestsAreNotRunAndTheNoteSaysWhy()
    {
        var (runnable, note, runner) = GoTestPlanning.Runner(LinuxAmd64, new GoTarget("windows", "amd64"), _ => null);
        Assert.IsFalse(runnable);
        Assert.IsNull(runner);
        StringAssert.StartsWith(note, "this host (linux/amd64) cannot run windows/amd64 test binaries and no runner (wine64 or wine) is on PATH");
        Assert.IsFalse(GoTestPlanning.Runner(LinuxAmd64, new GoTarget("darwin", "arm64"), _ => "/x").Runnable, "nothing runs macOS binaries on Linux");
    }
}
