using System.Collections.Generic;
using System.Linq;
using GoToolchain.Build.Toolchain;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.Tests.Toolchain;

[TestClass]
[TestCategory("unit")]
public class BatchFileArgumentsTests
{
    private static readonly (string, string)[] Values = { ("obj folder", @"C:\R&D 100%\obj\Debug\net10.0\go\"), ("GoModule folder", @"C:\src\hello") };

    [TestMethod]
    public void AWrapperThatChangedThePercentIsGOTB051NamingTheValueAndTheFix()
    {
        // What Wine's cmd.exe gave back (every lone % dropped, %PATH% expanded), seen in WindowsMSBuildTests.
        var env = new Dictionary<string, string> { ["GOVERSION"] = "go1.27.4", [@"GOTBC:\windows\system32PERCENT"] = "" };
        var error = BatchFileArguments.Check(@"C:\tools\go.cmd", env, Values, @"C:\src\App.csproj").Single();

        Assert.AreEqual("GOTB051", error.Code);
        StringAssert.Contains(error.Message, @"'C:\tools\go.cmd'");
        StringAssert.Contains(error.Message, @"answered for 'GOTBC:\windows\system32PERCENT'");
        StringAssert.Contains(error.Message, @"obj folder 'C:\R&D 100%\obj\Debug\net10.0\go\'");
        StringAssert.Contains(error.Message, "Fix: set GoRoot (or GoExecutable) to the go.exe the wrapper starts");
    }

    [TestMethod]
    public void NoErrorWhenThePercentCameBackOrNothingHoldsOneOrGoIsNoBatchFile()
    {
        var intact = new Dictionary<string, string> { ["GOVERSION"] = "go1.27.4", [BatchFileArguments.ProbeName] = "" };
        var lost = new Dictionary<string, string> { ["GOVERSION"] = "go1.27.4", ["GOTBPATHPERCENT"] = "" };
        Assert.AreEqual(0, BatchFileArguments.Check(@"C:\tools\go.cmd", intact, Values, null).Count(), "Windows' cmd.exe with a plain %* wrapper");
        Assert.AreEqual(0, BatchFileArguments.Check(@"C:\tools\go.bat", lost, new[] { ("obj folder", @"C:\src\obj\") }, null).Count(), "no % to lose");
        Assert.AreEqual(0, BatchFileArguments.Check(@"C:\Go\bin\go.exe", lost, Values, null).Count(), "go.exe gets its arguments without cmd.exe");
    }

    [TestMethod]
    public void AQuoteOrLineBreakForABatchFileGoIsGOTB052WhateverItsCmdDoes()
    {
        var intact = new Dictionary<string, string> { ["GOVERSION"] = "go1.27.4", [BatchFileArguments.ProbeName] = "" };
        var errors = BatchFileArguments.Check(@"C:\tools\go.cmd", intact,
            new[] { ("GoBuildArguments item", "-ldflags=-X \"main.v=a b\""), ("GoGenerateRun", "a\nb"), ("GoGenerateSkip", "") }, null).ToList();

        CollectionAssert.AreEqual(new[] { "GOTB052", "GOTB052" }, errors.Select(e => e.Code).ToArray());
        StringAssert.Contains(errors[0].Message, "GoBuildArguments item '-ldflags=-X \"main.v=a b\"' holds a double quote");
        StringAssert.Contains(errors[1].Message, @"GoGenerateRun 'a\nb' holds a line break");
        Assert.AreEqual(0, BatchFileArguments.Check(@"C:\Go\bin\go.exe", intact, new[] { ("GoBuildArguments item", "a\"b") }, null).Count());
    }
}
