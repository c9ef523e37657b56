using GoToolchain.Build.Modules;
using GoToolchain.Build.Platform;
using GoToolchain.Build.Toolchain;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.Tests.Toolchain;

[TestClass]

[TestCategory("unit")]
public sealed class PropertyOriginsTests
{
    [TestMethod]
    [DataRow(null, "windows", false, ValueOrigin.Unset)]
    [DataRow("", "windows", true, ValueOrigin.Unset)]
    [DataRow("windows", "windows", false, ValueOrigin.Environment)]  // MSBuild copied GOOS into $(GoOS)
    [DataRow("windows", "windows", true, ValueOrigin.Property)]      // -p:GoOS=windows, even with GOOS=windows set
    [DataRow("linux", "windows", false, ValueOrigin.Property)]       // the project set another value
    [DataRow("linux", null, false, ValueOrigin.Property)]
    [DataRow("linux", "", false, ValueOrigin.Property)]
    public void GlobalPropertiesAreTheUsersAndValuesEqualToTheVariableAreTheEnvironments(string? value, string? environment, bool global, ValueOrigin expected)
        => Assert.AreEqual(expected, PropertyOrigins.Classify(value, environment, global));

    [TestMethod]
    public void NormalizationComparesPathsAsTheyAre()
        => Assert.AreEqual(ValueOrigin.Environment, PropertyOrigins.Classify("/usr/local/go", "/usr/local/go/", false, v => v.TrimEnd('/')));

    [TestMethod]
    [DataRow("GoRoot", "GOROOT")]
    [DataRow("goroot", "GOROOT")]
    [DataRow("GoOS", "GOOS")]
    [DataRow("GoArch", "GOARCH")]
    [DataRow("GoExecutable", null)]
    [DataRow("GoToolchainMode", null)]  // GOTOOLCHAIN is not its name
    [DataRow("GoEnvironment", null)]
    [DataRow("GoCC", null)]
    public void OnlyGoRootGoOSAndGoArchAreGoVariables(string property, string? variable)
        => Assert.AreEqual(variable, PropertyOrigins.VariableFor(property));

    [TestMethod]
    [DataRow("GOROOT=/usr/lib/go-1.19\n", "/usr/lib/go-1.19")]
    [DataRow("GOPROXY=off\r\nGOROOT=/a\r\nGOROOT=/b\r\n", "/b")]  // the last one wins
    [DataRow("GOROOTX=/a\n", null)]
    [DataRow("", null)]
    public void TheGoEnvFileIsReadAsGoReadsIt(string text, string? expected)
        => Assert.AreEqual(expected, ExplicitGoRoot.ReadGoEnvFile(text, "GOROOT"));
}
