using System.Collections.Generic;
using GoToolchain.Build.Building;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.Tests.Building;

[TestClass]

[TestCategory("unit")]
public class HostAppLibraryMismatchTests
{
    private static readonly GoTarget Host = new("linux", "amd64");

    private static List<GoBuildPlan> Plans(GoBuildMode mode, string file) => new() { new GoBuildPlan { Mode = mode, OutputFileName = file } };

    [TestMethod]
    public void ACrossTargetLibraryInARidLessAppWarnsWithTheRid()
    {
        var warning = HostAppLibraryMismatch.Check(new GoTarget("linux", "arm64"), Host, "", Plans(GoBuildMode.CShared, "libgreeter.so"), "/p/App.csproj");
        Assert.IsNotNull(warning);
        Assert.AreEqual("GOTB531", warning!.Code);
        Assert.AreEqual("/p/App.csproj", warning.File);
        StringAssert.Contains(warning.Message, "libgreeter.so for linux/arm64");
        StringAssert.Contains(warning.Message, "-r linux-arm64");
    }

    [TestMethod]
    public void NoWarningWithARidOnTheHostOrForATool()
    {
        Assert.IsNull(HostAppLibraryMismatch.Check(new GoTarget("linux", "arm64"), Host, "linux-arm64", Plans(GoBuildMode.CShared, "libgreeter.so"), null));
        Assert.IsNull(HostAppLibraryMismatch.Check(Host, Host, "", Plans(GoBuildMode.CShared, "libgreeter.so"), null));
        Assert.IsNull(HostAppLibraryMismatch.Check(new GoTarget("windows", "amd64"), Host, "", Plans(GoBuildMode.Exe, "tool.exe"), null));
    }
}
