using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using GoToolchain.Build.Testing;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.Tests.Toolchain;

/// <summary>The suite's one toolchain list (tests/Shared/Toolchains.cs) is what prereqs installs and what go reports.</summary>
[TestClass]
[TestCategory("toolchain")]
public sealed class ToolchainsTests
{
    private static string RepositoryRoot => typeof(ToolchainsTests).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().First(a => a.Key == "RepositoryRoot").Value!;

    [TestMethod]
    public void PrereqsInstallsExactlyTheSupportedToolchains()
    {
        var script = File.ReadAllText(Path.Combine(RepositoryRoot, "build", "prereqs.sh"));
        var line = Regex.Match(script, @"^versions=\(([^)]*)\)", RegexOptions.Multiline);
        Assert.IsTrue(line.Success, "build/prereqs.sh has no versions=(...) line");
        CollectionAssert.AreEqual(Toolchains.Supported.ToList(), line.Groups[1].Value.Split(' ', System.StringSplitOptions.RemoveEmptyEntries).ToList());
    }

    [TestMethod]
    public void TheSetsAreWhatGoFactsSay()
    {
        Assert.AreEqual("1.19", Toolchains.Oldest);
        CollectionAssert.AreEqual(new[] { "1.22", "1.23", "1.24" }, Toolchains.CgoLoopBug.ToList(), "go-facts §9.2");
        CollectionAssert.AreEqual(new[] { Toolchains.Oldest, "1.24", Toolchains.Newest }, Toolchains.EndToEndSet.ToList());
        Assert.IsFalse(Toolchains.WithLoopvarExperiment.Contains("1.19"));
        Assert.IsFalse(Toolchains.WithDebianStringer.Any(t => Toolchains.AtLeast(t, "1.24")), "go-facts §9.3");
    }

    [TestMethod]
    [DynamicData(nameof(Toolchains.All), typeof(Toolchains))]
    public void TheVersionIsWhatTheInstalledGoReports(string toolchain)
    {
        using var go = new RealGo();
        var run = go.Run(toolchain, go.Root, "local", RealGo.CleanPath, "env", "GOVERSION");
        Assert.AreEqual(0, run.ExitCode, run.ToString());
        Assert.AreEqual(run.Stdout.Trim(), Toolchains.Version(toolchain));
        StringAssert.StartsWith(Toolchains.Release(toolchain), toolchain + ".");
    }
}
