using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using GoToolchain.Build.Building;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.Tests.Building;

[TestClass]

[TestCategory("toolchain")]
public sealed class RuntimeIdentifierMapTests
{
    /// <summary>RID, GOOS, GOARCH, GOARM (null when go needs none).</summary>
    public static IEnumerable<object?[]> KnownRids => new[]
    {
        // Portable RIDs .NET ships.
        new object?[] { "win-x64", "windows", "amd64", null },
        new object?[] { "win-x86", "windows", "386", null },
        new object?[] { "win-arm64", "windows", "arm64", null },
        new object?[] { "linux-x64", "linux", "amd64", null },
        new object?[] { "linux-arm", "linux", "arm", "7" }, // .NET's linux-arm is ARMv7 hard-float
        new object?[] { "linux-arm64", "linux", "arm64", null },
        new object?[] { "linux-musl-x64", "linux", "amd64", null },
        new object?[] { "linux-musl-arm64", "linux", "arm64", null },
        new object?[] { "linux-musl-arm", "linux", "arm", "7" },
        new object?[] { "osx-x64", "darwin", "amd64", null },
        new object?[] { "osx-arm64", "darwin", "arm64", null },
        new object?[] { "linux-s390x", "linux", "s390x", null },
        new object?[] { "linux-ppc64le", "linux", "ppc64le", null },
        new object?[] { "linux-riscv64", "linux", "riscv64", null },
        new object?[] { "linux-loongarch64", "linux", "loong64", null },
        new object?[] { "freebsd-x64", "freebsd", "amd64", null },
        new object?[] { "android-arm64", "android", "arm64", null },
        new object?[] { "ios-arm64", "ios", "arm64", null },
        new object?[] { "iossimulator-arm64", "ios", "arm64", null },
        // Mac Catalyst runs on the macOS kernel and runtime: gomobile builds it with GOOS=darwin, not ios
        // (golang.org/x/mobile cmd/gomobile env.go, platformOS).
        new object?[] { "maccatalyst-arm64", "darwin", "arm64", null },
        new object?[] { "browser-wasm", "js", "wasm", null },
        new object?[] { "wasi-wasm", "wasip1", "wasm", null },
        // linux-bionic is Android's bionic libc without the Android framework (Termux): GOOS=android is the Go
        // target for bionic; GOOS=linux would link against glibc conventions.
        new object?[] { "linux-bionic-arm64", "android", "arm64", null },
        // Older, versioned RIDs.
        new object?[] { "win10-x64", "windows", "amd64", null },
        new object?[] { "ubuntu.22.04-x64", "linux", "amd64", null },
        new object?[] { "alpine.3.18-arm64", "linux", "arm64", null },
        new object?[] { "rhel.8-x64", "linux", "amd64", null },
        new object?[] { "osx.13-arm64", "darwin", "arm64", null },
    };

    [TestMethod]
    [DynamicData(nameof(KnownRids))]
    public void MapsEveryRidDotNetShips(string rid, string goos, string goarch, string? goarm)
    {
        var target = RuntimeIdentifierMap.TryMap(rid);

        Assert.IsNotNull(target, rid);
        Assert.AreEqual(goos, target.GoOS, rid);
        Assert.AreEqual(goarch, target.GoArch, rid);
        Assert.AreEqual(goarm, target.GoArm, rid);
    }

    [TestMethod]
    [DataRow("linux-musl-x64", true)]
    [DataRow("linux-musl-arm64", true)]
    [DataRow("linux-musl-arm", true)]
    [DataRow("alpine.3.18-arm64", true)]
    [DataRow("alpine-x64", true)]
    [DataRow("linux-x64", false)]
    [DataRow("linux-arm64", false)]
    [DataRow("linux-bionic-arm64", false)]
    [DataRow("ubuntu.22.04-x64", false)]
    [DataRow("win-x64", false)]
    public void MuslRidsAreMarkedAsMusl(string rid, bool musl)
    {
        Assert.AreEqual(musl, RuntimeIdentifierMap.TryMap(rid)!.Musl, rid);
        Assert.AreEqual(musl, RuntimeIdentifierMap.IsMusl(rid), rid);
    }

    [TestMethod]
    public void AMuslTargetPacksUnderTheMuslPortableRid()
    {
        Assert.AreEqual("linux-musl-x64", RuntimeIdentifierMap.ToPortableRuntimeIdentifier(new GoTarget("linux", "amd64", musl: true)));
        Assert.AreEqual("linux-x64", RuntimeIdentifierMap.ToPortableRuntimeIdentifier(new GoTarget("linux", "amd64")));
    }

    [TestMethod]
    public void WithoutARidTheTargetHasTheHostsCLibrary()
    {
        Assert.IsTrue(GoTarget.Resolve(null, null, null, "linux", "amd64", hostMusl: true)!.Musl);
        Assert.IsFalse(GoTarget.Resolve(null, null, null, "linux", "amd64")!.Musl);
        Assert.IsFalse(GoTarget.Resolve(null, null, "linux-x64", "linux", "amd64", hostMusl: true)!.Musl, "the RID says glibc");
        Assert.IsTrue(GoTarget.Resolve(null, null, "linux-musl-x64", "linux", "amd64")!.Musl);
    }

    [TestMethod]
    [DataRow("foo-x64")]
    [DataRow("linux-sparc")]
    [DataRow("")]
    [DataRow("x64")]
    [DataRow("browser-x64")] // browser is wasm only
    [DataRow("wasi-arm64")]
    [DataRow("linux-wasm")]  // wasm exists only for js and wasip1
    [DataRow("-x64")]
    [DataRow("linux-")]
    [DataRow("tvos-arm64")]  // .NET has it, Go does not
    public void UnknownRidsMapToNull(string rid)
    {
        Assert.IsNull(RuntimeIdentifierMap.TryMap(rid), rid);
    }

    [TestMethod]
    public void EveryMappedPairIsATargetGoSupports()
    {
        // Ask go itself: a mapping to a pair `go tool dist list` lacks would fail only at build time on a user's machine.
        var start = new ProcessStartInfo(BuildFixtures.GoBinary("1.23"), "tool dist list")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["GOTOOLCHAIN"] = "local";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.AreEqual(0, process.ExitCode, process.StandardError.ReadToEnd());
        var supported = new HashSet<string>(output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.IsGreaterThan(30, supported.Count, output);

        var missing = KnownRids
            .Select(row => (Rid: (string)row[0]!, Target: RuntimeIdentifierMap.TryMap((string)row[0]!)))
            .Where(p => p.Target is null || !supported.Contains(p.Target.GoOS + "/" + p.Target.GoArch))
            .Select(p => $"{p.Rid} -> {p.Target?.GoOS}/{p.Target?.GoArch}")
            .ToList();
        Assert.IsEmpty(missing, string.Join(", ", missing));
    }

    [TestMethod]
    public void TargetDescribesItselfWithGoarm()
    {
        Assert.AreEqual("linux/arm GOARM=7", RuntimeIdentifierMap.TryMap("linux-arm")!.ToString());
        Assert.AreEqual("windows/amd64", RuntimeIdentifierMap.TryMap("win-x64")!.ToString());
    }
    [TestMethod]
    [DataRow("linux", "amd64", null, "linux-x64")]
    [DataRow("linux", "arm64", null, "linux-arm64")]
    [DataRow("linux", "arm", "7", "linux-arm")]
    [DataRow("linux", "arm", "6", "linux-armv6")]
    [DataRow("windows", "amd64", null, "win-x64")]
    [DataRow("windows", "386", null, "win-x86")]
    [DataRow("darwin", "arm64", null, "osx-arm64")]
    [DataRow("linux", "loong64", null, "linux-loongarch64")]
    [DataRow("js", "wasm", null, "browser-wasm")]
    public void TargetMapsBackToThePortableRidNuGetUses(string goos, string goarch, string? goarm, string rid)
    {
        Assert.AreEqual(rid, RuntimeIdentifierMap.ToPortableRuntimeIdentifier(new GoTarget(goos, goarch, goarm)));
    }

    [TestMethod]
    [DataRow("plan9", "amd64")]
    [DataRow("linux", "mips")]
    public void TargetWithoutADotnetRidHasNone(string goos, string goarch)
    {
        Assert.IsNull(RuntimeIdentifierMap.ToPortableRuntimeIdentifier(new GoTarget(goos, goarch)));
    }

    [TestMethod]
    [DataRow("linux-x64")]
    [DataRow("linux-arm")]
    [DataRow("linux-armv6")]
    [DataRow("win-arm64")]
    [DataRow("osx-x64")]
    [DataRow("freebsd-x64")]
    [DataRow("linux-riscv64")]
    public void PortableRidsRoundTrip(string rid)
    {
        Assert.AreEqual(rid, RuntimeIdentifierMap.ToPortableRuntimeIdentifier(RuntimeIdentifierMap.TryMap(rid)!));
    }
}
