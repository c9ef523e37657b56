using GoToolchain.Build.Modules;
using GoToolchain.Build.Versions;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.Tests.Toolchain;

[TestClass]

[TestCategory("unit")]
public sealed class GoToolchainModeTests
{
    [TestMethod]
    [DataRow("local", null, ToolchainSwitching.None)]
    [DataRow("", null, ToolchainSwitching.None)]
    [DataRow("auto", null, ToolchainSwitching.Auto)]
    [DataRow("path", null, ToolchainSwitching.Path)]
    [DataRow("local+auto", null, ToolchainSwitching.Auto)]
    [DataRow("local+path", null, ToolchainSwitching.Path)]
    [DataRow("go1.23.5", "go1.23.5", ToolchainSwitching.None)]
    [DataRow("go1.23.5+auto", "go1.23.5", ToolchainSwitching.Auto)]
    [DataRow("go1.23.5+path", "go1.23.5", ToolchainSwitching.Path)]
    [DataRow("go1.21rc2", "go1.21rc2", ToolchainSwitching.None)]
    [DataRow("go1.23.5-bigcorp+auto", "go1.23.5-bigcorp", ToolchainSwitching.Auto)]
    [DataRow("go1.23", "go1.23", ToolchainSwitching.None)]
    [DataRow("go2.0", "go2.0", ToolchainSwitching.None)] // parses; select.go rejects it later, when it would run it
    public void ParsesEveryGotoolchainForm(string text, string? minimum, ToolchainSwitching switching)
    {
        var mode = GoToolchainMode.TryParse(text, out var error);
        Assert.IsNull(error);
        Assert.IsNotNull(mode);
        Assert.AreEqual(text, mode.Text);
        Assert.AreEqual(minimum, mode.MinimumToolchain);
        Assert.AreEqual(switching, mode.Switching);
        Assert.AreEqual(switching == ToolchainSwitching.Path, mode.PathOnly);
        Assert.AreEqual(minimum is null ? null : GoVersion.FromToolchainName(minimum), mode.MinimumVersion);
    }

    [TestMethod]
    [DataRow("foo", "invalid GOTOOLCHAIN \"foo\"")]
    [DataRow("Local", "invalid GOTOOLCHAIN \"Local\"")]
    [DataRow(" local", "invalid GOTOOLCHAIN \" local\"")]
    [DataRow("1.23.5", "invalid GOTOOLCHAIN \"1.23.5\"")]
    [DataRow("foo+auto", "invalid GOTOOLCHAIN \"foo+auto\": invalid minimum toolchain \"foo\"")]
    [DataRow("auto+path", "invalid GOTOOLCHAIN \"auto+path\": invalid minimum toolchain \"auto\"")]
    [DataRow("go1.23.5+foo", "invalid GOTOOLCHAIN \"go1.23.5+foo\": only version suffixes are +auto and +path")]
    [DataRow("local+", "invalid GOTOOLCHAIN \"local+\": only version suffixes are +auto and +path")]
    [DataRow("go1.23.5+auto+path", "invalid GOTOOLCHAIN \"go1.23.5+auto+path\": only version suffixes are +auto and +path")]
    public void RejectsWithGosWords(string text, string goError)
    {
        Assert.IsNull(GoToolchainMode.TryParse(text, out var error));
        Assert.AreEqual(goError, error);
    }

    [TestMethod]
    public void NullIsUnset()
    {
        var mode = GoToolchainMode.TryParse(null, out _)!;
        Assert.IsTrue(mode.IsUnset);
        Assert.AreEqual(ToolchainSwitching.None, mode.Switching);
    }
}
