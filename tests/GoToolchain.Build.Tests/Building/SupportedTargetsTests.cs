using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using GoToolchain.Build.Building;
using GoToolchain.Build.Tests.Toolchain;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.Tests.Building;

/// <summary>
/// GOTB517 from each installed toolchain's own `go tool dist list` (measured 2026-12-07): windows/arm is listed (broken from
/// 1.24, still building) up to 1.25 and gone in 1.26; openbsd/mips64 gone in 1.27; freebsd/riscv64 listed (broken) by 1.26/1.27
/// and absent from 1.19, which has no -broken and never had the port.
/// </summary>
[TestClass]
[TestCategory("toolchain")]
public sealed class SupportedTargetsTests
{
    public static IEnumerable<object[]> Toolchains() => new[]
    {
        new object[] { "1.19", true, true, false },
        new object[] { "1.21", true, true, true },
        new object[] { "1.22", true, true, true },
        new object[] { "1.23", true, true, true },
        new object[] { "1.24", true, true, true },
        new object[] { "1.25", true, true, true },
        new object[] { "1.26", false, true, true },
        new object[] { "1.27", false, false, true },
    };

    private static readonly GoTarget Host = new("linux", "amd64");
    private static readonly Dictionary<string, string?> Local = new() { ["GOTOOLCHAIN"] = "local" };

    [TestMethod]
    [DynamicData(nameof(Toolchains))]
    public void EachToolchainSaysWhichTargetsItLacks(string version, bool windowsArm, bool openbsdMips64, bool freebsdRiscv64)
    {
        var go = BuildFixtures.GoBinary(version);
        var goVersion = BuildFixtures.GoVersionText(version);
        var cache = BuildFixtures.NewTempDirectory("ports");
        try
        {
            var log = new List<string>();
            GoToolchain.Build.Diagnostics.Diagnostic? Check(string goos, string goarch) => SupportedTargets.CheckBeforeGo(new GoTarget(goos, goarch), Host,
                "RuntimeIdentifier 'x'", go, goVersion, Local, TimeSpan.FromSeconds(60), default, null, cache, log.Add, "/p/app.csproj");

            Assert.AreEqual(windowsArm, Check("windows", "arm") is null, "windows/arm");
            Assert.AreEqual(openbsdMips64, Check("openbsd", "mips64") is null, "openbsd/mips64");
            Assert.AreEqual(freebsdRiscv64, Check("freebsd", "riscv64") is null, "freebsd/riscv64");
            Assert.IsNull(Check("windows", "amd64"));
            Assert.IsNull(Check("darwin", "arm64"));
            Assert.IsNull(Check("linux", "arm64"));
            Assert.AreEqual(1, log.Count(l => l.StartsWith(go, StringComparison.Ordinal)), "go tool dist list runs once, then obj/ answers:\n" +
                string.Join("\n", log));

            var banana = Check("banana", "amd64")!;
            Assert.AreEqual("GOTB517", banana.Code);
            StringAssert.Contains(banana.Message, $"The target banana/amd64 (from RuntimeIdentifier 'x') is not one that {goVersion} ('{go}') can build");
        }
        finally
        {
            BuildFixtures.DeleteDirectory(cache);
        }
    }

    [TestMethod]
    public void WindowsArmOnGo127NamesTheToolchainTheTargetAndTheFix()
    {
        var go = BuildFixtures.GoBinary("1.27");
        var d = SupportedTargets.CheckBeforeGo(new GoTarget("windows", "arm", "7"), Host, "RuntimeIdentifier 'win-arm'", go,
            BuildFixtures.GoVersionText("1.27"), Local, TimeSpan.FromSeconds(60), default, null, null, _ => { }, "/p/app.csproj")!;

        Assert.AreEqual("GOTB517", d.Code);
        Assert.AreEqual("/p/app.csproj", d.File);
        StringAssert.StartsWith(d.Message, $"The target windows/arm (from RuntimeIdentifier 'win-arm') is not one that {BuildFixtures.GoVersionText("1.27")} " +
            $"('{go}') can build: `go tool dist list` of that toolchain does not list it (for windows it lists windows/386, windows/amd64, windows/arm64).");
        StringAssert.Contains(d.Message, "Fix: build for another target (e.g. -r win-arm64), or build this one with an older Go that lists it (set GoRoot to it).");
    }

    [TestMethod]
    public void TheBuildsMemoryAnswersWithoutAProcess()
    {
        var go = BuildFixtures.GoBinary("1.27");
        var memory = new Dictionary<string, IReadOnlyDictionary<string, string>>();
        var log = new List<string>();
        var first = SupportedTargets.Probe(go, BuildFixtures.GoVersionText("1.27"), Local, TimeSpan.FromSeconds(60), default, memory, null, log.Add);
        var second = SupportedTargets.Probe(go, BuildFixtures.GoVersionText("1.27"), Local, TimeSpan.FromSeconds(60), default, memory, null, log.Add);

        Assert.IsNotNull(first);
        CollectionAssert.AreEquivalent(first!.ToList(), second!.ToList());
        Assert.AreEqual(1, log.Count, string.Join("\n", log));
    }

    [TestMethod]
    public void NoCheckWhereGoMaySwitchToolchainsNorForTheHostNorWithoutAnAnswer()
    {
        var go = BuildFixtures.GoBinary("1.27");
        var version = BuildFixtures.GoVersionText("1.27");
        var log = new List<string>();
        GoToolchain.Build.Diagnostics.Diagnostic? Check(GoTarget target, Dictionary<string, string?> env, string goPath = "") => SupportedTargets.CheckBeforeGo(target, Host,
            "x", goPath.Length == 0 ? go : goPath, version, env, TimeSpan.FromSeconds(60), default, null, null, log.Add, null);

        Assert.IsNull(Check(new GoTarget("windows", "arm"), new Dictionary<string, string?> { ["GOTOOLCHAIN"] = "auto" }));
        Assert.IsNull(Check(new GoTarget("windows", "arm"), new Dictionary<string, string?> { ["GOTOOLCHAIN"] = "go1.27.4+path" }));
        Assert.IsNull(Check(new GoTarget("linux", "amd64"), Local));
        Assert.IsFalse(log.Any(l => l.StartsWith(go, StringComparison.Ordinal)), "no go process:\n" + string.Join("\n", log));
        // A go that cannot answer (a wrapper, a fake): go build reports the target itself.
        Assert.IsNull(Check(new GoTarget("windows", "arm"), Local, "/bin/false"));
    }

    [TestMethod]
    public void ParseAcceptsOnlyDistListOutput()
    {
        CollectionAssert.AreEquivalent(new[] { "linux/amd64", "windows/arm64" }, SupportedTargets.Parse(new[] { "linux/amd64", "", "windows/arm64" })!.ToList());
        Assert.IsNull(SupportedTargets.Parse(new[] { "linux/amd64", "go: unknown flag -broken" }));
        Assert.IsNull(SupportedTargets.Parse(new[] { "[" }));
        Assert.IsNull(SupportedTargets.Parse(Array.Empty<string>()));
    }
}
