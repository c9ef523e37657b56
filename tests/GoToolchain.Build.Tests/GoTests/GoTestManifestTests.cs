using System;
using System.Collections.Generic;
using System.Linq;
using GoToolchain.Build.GoTests;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.Tests.GoTests;

[TestClass]
[TestCategory("unit")]
public sealed class GoTestManifestTests
{
    [TestMethod]
    public void EveryFieldRoundTrips()
    {
        var module = new GoTestModule
        {
            ItemSpec = "../go/calc",
            ModuleDirectory = "/src/go/calc",
            ModulePath = "example.com/calc",
            Packages = new[] { "./...", "./sub" },
            GoExecutable = "/usr/lib/go-1.27/bin/go",
            GoVersion = "go1.27.4",
            Environment = new Dictionary<string, string?> { ["GOTOOLCHAIN"] = "local", ["GOFLAGS"] = null, ["X"] = "a \"b\"\n\tc=d;e" },
            Flags = new[] { "-count=1", "-race", "-tags=a,b" },
            Target = "linux/amd64",
            Runnable = false,
            RunnerNote = "this host cannot run it",
            ProcessTimeout = TimeSpan.FromSeconds(90),
            ProjectFile = "/src/Calc.Tests/Calc.Tests.csproj",
        };
        var text = GoTestManifest.Write(new[] { module, new GoTestModule { ItemSpec = "second" } });
        Assert.AreEqual(2, text.TrimEnd('\n').Split('\n').Length, "one line per item");
        var back = GoTestManifest.Read(text, out var error);
        Assert.IsNull(error, error);
        Assert.AreEqual(2, back!.Count);
        var read = back[0];
        Assert.AreEqual(module.ItemSpec, read.ItemSpec);
        Assert.AreEqual(module.ModuleDirectory, read.ModuleDirectory);
        Assert.AreEqual(module.ModulePath, read.ModulePath);
        CollectionAssert.AreEqual(module.Packages.ToList(), read.Packages.ToList());
        Assert.AreEqual(module.GoExecutable, read.GoExecutable);
        Assert.AreEqual(module.GoVersion, read.GoVersion);
        CollectionAssert.AreEquivalent(module.Environment.ToList(), read.Environment.ToList());
        CollectionAssert.AreEqual(module.Flags.ToList(), read.Flags.ToList());
        Assert.AreEqual(module.Target, read.Target);
        Assert.IsFalse(read.Runnable);
        Assert.AreEqual(module.RunnerNote, read.RunnerNote);
        Assert.AreEqual(module.ProcessTimeout, read.ProcessTimeout);
        Assert.AreEqual(module.ProjectFile, read.ProjectFile);
        Assert.AreEqual("second", back[1].ItemSpec);
        CollectionAssert.AreEqual(new[] { "./..." }, back[1].Packages.ToList(), "the default patterns");
    }

    [TestMethod]
    public void AManifestThatIsNotOneSaysWhichLine()
    {
        Assert.IsNull(GoTestManifest.Read("{\"ItemSpec\": \"a\"}\n{oops\n", out var error));
        StringAssert.StartsWith(error, "line 2: ");
    }

    [TestMethod]
    public void TheManifestSitsBesideTheTestAssembly()
        => Assert.AreEqual(System.IO.Path.Combine("/bin", "Calc.Tests.gotests.json"), GoTestManifest.PathFor("/bin/Calc.Tests.dll"));
}
