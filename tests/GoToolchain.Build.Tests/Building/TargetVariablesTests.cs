using GoToolchain.Build.Building;
using GoToolchain.Build.Diagnostics;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.Tests.Building;

[TestClass]

[TestCategory("unit")]
public sealed class TargetVariablesTests
{
    private const string Project = "/src/App/App.csproj";
    private static readonly GoTarget LinuxX64 = new("linux", "amd64");

    [TestMethod]
    public void VariablesThatDifferFromTheTargetGetOneWarningNamingThemTheTargetAndTheFix()
    {
        var d = TargetVariables.IgnoredWarning(LinuxX64, "windows", "arm64", "the host (no RuntimeIdentifier)", Project);
        Assert.IsNotNull(d);
        Assert.AreEqual(Codes.TargetVariablesIgnored, d!.Code);
        Assert.AreEqual(Severity.Warning, d.Severity);
        Assert.AreEqual(Project, d.File);
        StringAssert.StartsWith(d.Message, "The environment sets GOOS=windows GOARCH=arm64, which GoToolchain.Build ignores for the Go build: it builds for linux/amd64, from the host (no RuntimeIdentifier)");
        StringAssert.Contains(d.Message, "dotnet build -r win-arm64");
        StringAssert.Contains(d.Message, "-p:GoOS=windows -p:GoArch=arm64");
        StringAssert.Contains(d.Message, "unset GOOS and GOARCH");
    }

    [TestMethod]
    [DataRow(null, null)]
    [DataRow("linux", "amd64")]   // the same as the target: nothing is ignored that matters
    [DataRow("", "amd64")]
    public void NoWarningWhenNothingDiffers(string? goos, string? goarch)
        => Assert.IsNull(TargetVariables.IgnoredWarning(LinuxX64, goos, goarch, "x", Project));

    [TestMethod]
    public void OnlyTheDifferingVariableIsNamed()
    {
        var d = TargetVariables.IgnoredWarning(LinuxX64, "linux", "arm64", "RuntimeIdentifier 'linux-x64'", Project)!;
        StringAssert.StartsWith(d.Message, "The environment sets GOARCH=arm64,");
        StringAssert.Contains(d.Message, "from RuntimeIdentifier 'linux-x64'");
        StringAssert.Contains(d.Message, "-r linux-arm64");
        StringAssert.Contains(d.Message, "unset GOARCH (");
    }

    [TestMethod]
    [DataRow("windows", null, "win-x64", "the GoOS/GoArch properties")]
    [DataRow(null, null, "win-x64", "RuntimeIdentifier 'win-x64'")]
    [DataRow(null, null, null, "the host (no RuntimeIdentifier)")]
    public void TheTargetsSourceIsNamed(string? goos, string? goarch, string? rid, string expected)
        => Assert.AreEqual(expected, TargetVariables.Source(goos, goarch, rid));
}
