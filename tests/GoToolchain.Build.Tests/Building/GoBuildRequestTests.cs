using System.Collections.Generic;
using System.Linq;
using GoToolchain.Build.Building;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.Tests.Building;

[TestClass]

[TestCategory("unit")]
public sealed class GoBuildRequestTests
{
    private const string Out = "/p/obj/go/linux_amd64/greeter/.staging-1/libgreeter.so";

    private static GoBuildRequest Request(GoBuildMode mode = GoBuildMode.CShared, GoTarget? target = null) => new()
    {
        GoExecutable = "/usr/lib/go-1.23/bin/go",
        ModuleDirectory = "/p/go/greeter",
        Mode = mode,
        Target = target ?? new GoTarget("linux", "amd64"),
        OutputPath = "/p/obj/go/linux_amd64/greeter/libgreeter.so",
    };

    [TestMethod]
    public void DefaultArgumentsAreModeOutputTrimpathAndCurrentPackage()
    {
        CollectionAssert.AreEqual(
            new[] { "build", "-buildmode=c-shared", "-o", Out, "-trimpath", "." },
            Request().Arguments(Out).ToList());
    }

    [TestMethod]
    public void TrimPathCanBeTurnedOff()
    {
        var request = Request(GoBuildMode.Exe);
        request.TrimPath = false;
        CollectionAssert.AreEqual(new[] { "build", "-buildmode=exe", "-o", "/o/tool", "." }, request.Arguments("/o/tool").ToList());
    }

    [TestMethod]
    public void EveryValueIsOneArgvElementInGoFlagOrder()
    {
        // Spaces, quotes, ';' and '$' are data: no shell ever sees them, and nothing here may split them.
        var request = Request(GoBuildMode.CArchive);
        request.Tags = "netgo osusergo";
        request.LdFlags = "-s -w -X 'main.version=1.0 beta' -X \"main.quoted=a;b\" -X main.home=$HOME";
        request.GcFlags = "all=-N -l";
        request.ExtraArguments = new[] { "-v", "-p=1", "-mod=vendor", "two words", "semi;colon", "$(dollar)" };
        request.Package = "./cmd/greeter";

        CollectionAssert.AreEqual(
            new[]
            {
                "build", "-buildmode=c-archive", "-o", Out, "-trimpath",
                "-tags", "netgo osusergo",
                "-ldflags=-s -w -X 'main.version=1.0 beta' -X \"main.quoted=a;b\" -X main.home=$HOME",
                "-gcflags=all=-N -l",
                "-v", "-p=1", "-mod=vendor", "two words", "semi;colon", "$(dollar)",
                "./cmd/greeter",
            },
            request.Arguments(Out).ToList());
    }

    [TestMethod]
    public void BlankFlagsAreLeftOutAndValuesTrimmed()
    {
        var request = Request();
        request.Tags = "  ";
        request.LdFlags = "";
        request.GcFlags = null;
        request.Package = "  ./cmd/x  ";
        CollectionAssert.AreEqual(new[] { "build", "-buildmode=c-shared", "-o", Out, "-trimpath", "./cmd/x" }, request.Arguments(Out).ToList());

        request.Tags = " a,b ";
        request.LdFlags = " -s ";
        CollectionAssert.AreEqual(
            new[] { "build", "-buildmode=c-shared", "-o", Out, "-trimpath", "-tags", "a,b", "-ldflags=-s", "./cmd/x" },
            request.Arguments(Out).ToList());
    }

    [TestMethod]
    [DataRow("")]
    [DataRow("   ")]
    public void BlankPackageMeansTheModuleRoot(string package)
    {
        var request = Request();
        request.Package = package;
        Assert.AreEqual(".", request.Arguments(Out).Last());
    }

    [TestMethod]
    public void CSharedGetsTargetAndCgoOnTopOfTheValidatedEnvironment()
    {
        var validated = new Dictionary<string, string?>
        {
            ["GOTOOLCHAIN"] = "local",
            ["GOFLAGS"] = "-mod=vendor",
            ["GOCACHE"] = "/p/obj/go/fallback/cache",
            ["GOEXPERIMENT"] = null, // null = remove from the child's environment; must survive
            ["GOOS"] = "windows",    // the target wins over anything inherited
        };
        var request = Request(GoBuildMode.CShared, new GoTarget("linux", "arm", "7"));
        request.Environment = validated;

        var env = request.ProcessEnvironment();

        var expected = new Dictionary<string, string?>
        {
            ["GOTOOLCHAIN"] = "local",
            ["GOFLAGS"] = "-mod=vendor",
            ["GOCACHE"] = "/p/obj/go/fallback/cache",
            ["GOEXPERIMENT"] = null,
            ["GOOS"] = "linux",
            ["GOARCH"] = "arm",
            ["GOARM"] = "7",
            ["CGO_ENABLED"] = "1",
        };
        CollectionAssert.AreEquivalent(expected.ToList(), env.ToList());
        Assert.AreEqual("windows", validated["GOOS"], "the request's own environment is not changed");
    }

    [TestMethod]
    public void CArchiveAlsoForcesCgo()
    {
        Assert.AreEqual("1", Request(GoBuildMode.CArchive).ProcessEnvironment()["CGO_ENABLED"]);
    }

    [TestMethod]
    public void ExeLeavesCgoToGoAndSetsNoGoarmOffArm()
    {
        var env = Request(GoBuildMode.Exe).ProcessEnvironment();

        Assert.IsFalse(env.ContainsKey("CGO_ENABLED"), "go's own default (1 with a C compiler, else 0)");
        Assert.IsFalse(env.ContainsKey("GOARM"));
        Assert.AreEqual("linux", env["GOOS"]);
        Assert.AreEqual("amd64", env["GOARCH"]);
    }

    [TestMethod]
    [DataRow(GoBuildMode.CShared, "0", "0")]
    [DataRow(GoBuildMode.CShared, " 0 ", "0")]
    [DataRow(GoBuildMode.Exe, "1", "1")]
    [DataRow(GoBuildMode.Exe, "0", "0")]
    [DataRow(GoBuildMode.CShared, "  ", "1")]
    public void CgoEnabledMetadataWins(GoBuildMode mode, string cgoEnabled, string expected)
    {
        var request = Request(mode);
        request.CgoEnabled = cgoEnabled;
        Assert.AreEqual(expected, request.ProcessEnvironment()["CGO_ENABLED"]);
    }
}
