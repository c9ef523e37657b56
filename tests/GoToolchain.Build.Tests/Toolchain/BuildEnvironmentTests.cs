using System.Collections.Generic;
using System.Linq;
using GoToolchain.Build.Diagnostics;
using GoToolchain.Build.Platform;
using GoToolchain.Build.Tests.Fakes;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.Tests.Toolchain;

[TestClass]

[TestCategory("unit")]
public sealed class BuildEnvironmentTests
{
    private const string Project = "/src/App/App.csproj";

    private static FakePlatform Machine() => new FakePlatform().SetEnv("HOME", "/home/dev").SetEnv("GOFLAGS", "-mod=mod").SetEnv("PATH", "/usr/bin");

    [TestMethod]
    public void WithoutOverridesTheMachineAnswers()
    {
        var environment = new BuildEnvironment(Machine());
        Assert.AreEqual("/home/dev", environment.Get("HOME"));
        Assert.AreEqual("-mod=mod", environment.Get("GOFLAGS"));
        Assert.IsNull(environment.Get("GOPROXY"));
        Assert.AreEqual(0, environment.Overrides.Count);
    }

    [TestMethod]
    public void OverridesWinAndNullRemoves()
    {
        var environment = new BuildEnvironment(Machine(), new Dictionary<string, string?> { ["GOFLAGS"] = "-mod=vendor", ["HOME"] = null, ["GOPROXY"] = "off" });
        Assert.AreEqual("-mod=vendor", environment.Get("GOFLAGS"));
        Assert.IsNull(environment.Get("HOME"), "a null override removes a variable the machine has");
        Assert.AreEqual("off", environment.Get("GOPROXY"));
        Assert.AreEqual("/usr/bin", environment.Get("PATH"));
    }

    [TestMethod]
    public void AnEmptyOverrideIsEmptyNotRemoved()
        => Assert.AreEqual("", new BuildEnvironment(Machine(), new Dictionary<string, string?> { ["GOFLAGS"] = "" }).Get("GOFLAGS"));

    [TestMethod]
    public void WithReturnsACopyAndLeavesTheOriginalAlone()
    {
        var original = new BuildEnvironment(Machine(), new Dictionary<string, string?> { ["GOPROXY"] = "off" });
        var changed = original.With("GOPROXY", "direct").With("GOEXPERIMENT", null);
        var more = changed.With("GOFLAGS", "-x").With("CGO_ENABLED", "0");

        Assert.AreEqual("off", original.Get("GOPROXY"));
        Assert.AreEqual(1, original.Overrides.Count);
        Assert.AreEqual("direct", changed.Get("GOPROXY"));
        Assert.IsTrue(changed.Overrides.ContainsKey("GOEXPERIMENT") && changed.Overrides["GOEXPERIMENT"] is null);
        Assert.AreEqual("-mod=mod", changed.Get("GOFLAGS"));
        Assert.AreEqual("-x", more.Get("GOFLAGS"));
        Assert.AreEqual("0", more.Get("CGO_ENABLED"));
        Assert.IsFalse(changed.Overrides.ContainsKey("CGO_ENABLED"));
    }

    [TestMethod]
    public void ConstructorCopiesTheGivenOverrides()
    {
        var given = new Dictionary<string, string?> { ["GOPROXY"] = "off" };
        var environment = new BuildEnvironment(Machine(), given);
        given["GOPROXY"] = "direct";
        Assert.AreEqual("off", environment.Get("GOPROXY"));
    }

    [TestMethod]
    public void OverrideNamesAreCaseInsensitiveOnWindowsOnly()
    {
        var windows = new BuildEnvironment(new FakePlatform(isWindows: true).SetEnv("Path", @"C:\Windows"), new Dictionary<string, string?> { ["Path"] = @"C:\Go\bin" });
        Assert.AreEqual(@"C:\Go\bin", windows.Get("PATH"));
        var unix = new BuildEnvironment(Machine(), new Dictionary<string, string?> { ["Path"] = "/opt/go/bin" });
        Assert.AreEqual("/usr/bin", unix.Get("PATH"));
    }

    // ---- ParseEntries: the GoEnvironment property ----

    [TestMethod]
    public void ParseEntriesReadsNameValuePairs()
    {
        var diagnostics = new DiagnosticBag();
        var parsed = BuildEnvironment.ParseEntries(
            new[] { "GOFLAGS=-mod=vendor -ldflags=-X=a.b=c", "GOPRIVATE=", " GOPROXY = https://p.example,direct ", "", "  " },
            "GoEnvironment", Project, diagnostics);
        Assert.AreEqual(0, diagnostics.Items.Count);
        Assert.AreEqual(3, parsed.Count);
        Assert.AreEqual("-mod=vendor -ldflags=-X=a.b=c", parsed["GOFLAGS"], "only the first '=' separates");
        Assert.AreEqual("", parsed["GOPRIVATE"], "NAME= sets the variable empty");
        Assert.AreEqual(" https://p.example,direct", parsed["GOPROXY"], "the name is trimmed, the value keeps what follows '='");
    }

    [TestMethod]
    public void ALaterEntryForTheSameNameWins()
        => Assert.AreEqual("direct", BuildEnvironment.ParseEntries(new[] { "GOPROXY=off", "GOPROXY=direct" }, "GoEnvironment", Project, new DiagnosticBag())["GOPROXY"]);

    [TestMethod]
    public void BadEntriesAreGotb008AndSkippedWithoutHidingTheGoodOnes()
    {
        var diagnostics = new DiagnosticBag();
        var parsed = BuildEnvironment.ParseEntries(
            new[] { "GOFLAGS", "=value", "GO FLAGS=x", "GO-PROXY=off", "$HOME=/x", "CGO_ENABLED=0" },
            "GoModule 'go/greeter' Environment", Project, diagnostics);

        CollectionAssert.AreEqual(new[] { "CGO_ENABLED" }, parsed.Keys.ToList());
        Assert.AreEqual(5, diagnostics.Items.Count);
        Assert.IsTrue(diagnostics.HasErrors);
        foreach (var d in diagnostics.Items)
        {
            Assert.AreEqual(Codes.EnvironmentEntryInvalid, d.Code);
            Assert.AreEqual(Severity.Error, d.Severity);
            Assert.AreEqual(Project, d.File);
        }
        Assert.AreEqual("GoModule 'go/greeter' Environment entry 'GOFLAGS' is not NAME=value. Fix: write entries as NAME=value separated by ';' (e.g. GOFLAGS=-mod=vendor;GOPRIVATE=corp.example).",
            diagnostics.Items[0].Message);
        CollectionAssert.AreEqual(new[] { "'GOFLAGS'", "'=value'", "'GO FLAGS=x'", "'GO-PROXY=off'", "'$HOME=/x'" },
            diagnostics.Items.Select(d => d.Message.Split(" entry ")[1].Split(" is not")[0]).ToList());
    }
}
