using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using GoToolchain.Build.Platform;
using GoToolchain.Build.Tests.Fakes;
using GoToolchain.Build.Toolchain;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.Tests.Toolchain;

/// <summary>
/// The probe cache key must change with everything that changes go's answer, and only then: a stale key
/// serves a wrong GOROOT/GOPROXY forever, an unstable one makes every no-op build start go.
/// </summary>
[TestClass]
[TestCategory("unit")]
public sealed class GoEnvProbeCacheKeyTests
{
    private const string Go = "/usr/bin/go";

    private static FakePlatform Machine()
    {
        var platform = new FakePlatform();
        platform.AddGoRoot("/usr/lib/go-1.23", "go1.23.5");
        platform.AddSymlink(Go, "/usr/lib/go-1.23/bin/go");
        platform.AddFile("/home/dev/.config/go/env", "GOPROXY=off\n");
        platform.SetEnv("HOME", "/home/dev").SetEnv("PATH", "/usr/local/bin:/usr/bin:/bin");
        return platform;
    }

    private static GoEnvProbe Probe(IPlatform platform) => new(platform, TimeSpan.FromSeconds(5), CancellationToken.None, null, null);

    private static string Key(FakePlatform platform, IReadOnlyDictionary<string, string?>? overrides = null, string go = Go)
        => Probe(platform).CacheKey(go, new BuildEnvironment(platform, overrides));

    private static void AssertChanges(FakePlatform platform, Action<FakePlatform> change, string what)
    {
        var before = Key(platform);
        change(platform);
        Assert.AreNotEqual(before, Key(platform), what + " must change the key");
    }

    private static void AssertKeeps(FakePlatform platform, Action<FakePlatform> change, string what)
    {
        var before = Key(platform);
        change(platform);
        Assert.AreEqual(before, Key(platform), what + " must not change the key");
    }

    [TestMethod]
    public void SameInputsGiveTheSameKeyAcrossProbeInstances()
    {
        var platform = Machine();
        var overrides = new Dictionary<string, string?> { ["GOFLAGS"] = "-mod=vendor", ["GOPROXY"] = "off" };
        var reordered = new Dictionary<string, string?> { ["GOPROXY"] = "off", ["GOFLAGS"] = "-mod=vendor" };
        var key = Key(platform, overrides);
        Assert.AreEqual(key, Key(platform, overrides));
        Assert.AreEqual(key, Key(platform, reordered), "the order overrides were given in does not matter");
        Assert.AreEqual(32, key.Length);
        StringAssert.Matches(key, new System.Text.RegularExpressions.Regex("^[0-9a-f]{32}$"), "safe as a file name");
    }

    [TestMethod]
    public void ChangedGoBinaryChangesTheKeyThroughTheSymlink()
        => AssertChanges(Machine(), p => p.Touch("/usr/lib/go-1.23/bin/go"), "a reinstalled go binary (new mtime)");

    [TestMethod]
    public void GoBinaryOfAnotherSizeChangesTheKey()
        => AssertChanges(Machine(), p => p.AddFile("/usr/lib/go-1.23/bin/go", "a longer binary of go1.23.6"), "a go binary of another size");

    [TestMethod]
    public void SymlinkRetargetedToAnotherGoChangesTheKey()
        => AssertChanges(Machine(), p => { p.AddGoRoot("/usr/lib/go-1.22", "go1.22.12"); p.AddSymlink(Go, "/usr/lib/go-1.22/bin/go"); },
            "update-alternatives pointing /usr/bin/go elsewhere");

    [TestMethod]
    public void ChangedGorootGoEnvChangesTheKey()
        => AssertChanges(Machine(), p => p.Touch("/usr/lib/go-1.23/go.env"), "$GOROOT/go.env");

    [TestMethod]
    public void ChangedVersionFileChangesTheKey()
        => AssertChanges(Machine(), p => p.Touch("/usr/lib/go-1.23/VERSION"), "$GOROOT/VERSION");

    [TestMethod]
    public void UserGoEnvFileUnderHomeConfigChangesTheKey()
        => AssertChanges(Machine(), p => p.Touch("/home/dev/.config/go/env"), "`go env -w` writing $HOME/.config/go/env");

    [TestMethod]
    public void CreatingTheUserGoEnvFileChangesTheKey()
    {
        var platform = new FakePlatform();
        platform.AddGoRoot("/usr/lib/go-1.23", "go1.23.5");
        platform.SetEnv("HOME", "/home/new");
        var before = Probe(platform).CacheKey("/usr/lib/go-1.23/bin/go", new BuildEnvironment(platform));
        platform.AddFile("/home/new/.config/go/env", "GOTOOLCHAIN=local\n");
        Assert.AreNotEqual(before, Probe(platform).CacheKey("/usr/lib/go-1.23/bin/go", new BuildEnvironment(platform)), "the first `go env -w`");
    }

    [TestMethod]
    public void GoenvVariableNamesTheUserFile()
    {
        var platform = Machine().AddFile("/ci/goenv", "GOFLAGS=-mod=vendor\n");
        var overrides = new Dictionary<string, string?> { ["GOENV"] = "/ci/goenv" };
        var before = Key(platform, overrides);
        platform.Touch("/home/dev/.config/go/env");
        Assert.AreEqual(before, Key(platform, overrides), "with GOENV set, go never reads $HOME/.config/go/env");
        platform.Touch("/ci/goenv");
        Assert.AreNotEqual(before, Key(platform, overrides), "the file GOENV names");
    }

    [TestMethod]
    public void GoenvOffIgnoresTheUserFile()
    {
        var platform = Machine();
        var overrides = new Dictionary<string, string?> { ["GOENV"] = "off" };
        var before = Key(platform, overrides);
        platform.Touch("/home/dev/.config/go/env");
        Assert.AreEqual(before, Key(platform, overrides), "GOENV=off disables the user file");
    }

    [TestMethod]
    public void XdgConfigHomeNamesTheUserFile()
    {
        var platform = Machine().SetEnv("XDG_CONFIG_HOME", "/home/dev/xdg").AddFile("/home/dev/xdg/go/env", "GOPROXY=direct\n");
        AssertKeeps(platform, p => p.Touch("/home/dev/.config/go/env"), "$HOME/.config/go/env when XDG_CONFIG_HOME is set");
        AssertChanges(platform, p => p.Touch("/home/dev/xdg/go/env"), "$XDG_CONFIG_HOME/go/env");
    }

    [TestMethod]
    public void WindowsUserFileIsUnderAppData()
    {
        var platform = new FakePlatform(isWindows: true);
        var go = platform.AddGoRoot(@"C:\Go", "go1.23.5", "windows_amd64");
        platform.SetEnv("APPDATA", @"C:\Users\dev\AppData\Roaming").SetEnv("USERPROFILE", @"C:\Users\dev");
        platform.AddFile(@"C:\Users\dev\AppData\Roaming\go\env", "GOPROXY=off\n");
        var before = Probe(platform).CacheKey(go, new BuildEnvironment(platform));
        platform.Touch(@"C:\Users\dev\AppData\Roaming\go\env");
        Assert.AreNotEqual(before, Probe(platform).CacheKey(go, new BuildEnvironment(platform)));
    }

    [TestMethod]
    public void HomeChangesTheKey() => AssertChanges(Machine(), p => p.SetEnv("HOME", "/home/ci"), "HOME (GOPATH, GOCACHE and the env file follow it)");

    [TestMethod]
    public void RemovedHomeChangesTheKey() => AssertChanges(Machine(), p => p.SetEnv("HOME", null), "HOME removed (GOCACHE becomes off)");

    [TestMethod]
    public void PathChangesTheKey() => AssertChanges(Machine(), p => p.SetEnv("PATH", "/usr/bin:/bin"), "PATH");

    [TestMethod]
    public void UnrelatedVariablesDoNotChangeTheKey()
        => AssertKeeps(Machine(), p => p.SetEnv("DOTNET_CLI_TELEMETRY_OPTOUT", "1").SetEnv("TERM", "xterm"), "variables go does not read");

    [TestMethod]
    public void OverridesChangeTheKey()
    {
        var platform = Machine();
        var none = Key(platform);
        var vendor = Key(platform, new Dictionary<string, string?> { ["GOFLAGS"] = "-mod=vendor" });
        var mod = Key(platform, new Dictionary<string, string?> { ["GOFLAGS"] = "-mod=mod" });
        var empty = Key(platform, new Dictionary<string, string?> { ["GOFLAGS"] = "" });
        var anyName = Key(platform, new Dictionary<string, string?> { ["MY_TOOL_SETTING"] = "1" });
        CollectionAssert.AllItemsAreUnique(new[] { none, vendor, mod, empty, anyName }, "every override counts, and empty is not unset");
    }

    [TestMethod]
    public void RemovingAVariableByOverrideChangesTheKey()
    {
        var platform = Machine().SetEnv("GOPROXY", "https://corp.example");
        var withProxy = Key(platform, new Dictionary<string, string?> { ["GOPROXY"] = "https://corp.example" });
        var removed = Key(platform, new Dictionary<string, string?> { ["GOPROXY"] = null });
        Assert.AreNotEqual(withProxy, removed);
    }

    [TestMethod]
    public void TheProbeEnvironmentIsWhatIsKeyed()
    {
        // A GOEXPERIMENT or GOTOOLCHAIN in the build environment does not reach the probe, so it must not split the cache.
        var platform = Machine();
        var probe = Probe(platform);
        var plain = probe.CacheKey(Go, GoEnvProbe.ProbeEnvironment(new BuildEnvironment(platform)));
        var withExperiment = probe.CacheKey(Go, GoEnvProbe.ProbeEnvironment(new BuildEnvironment(platform,
            new Dictionary<string, string?> { ["GOEXPERIMENT"] = "loopvar", ["GOTOOLCHAIN"] = "auto" })));
        Assert.AreEqual(plain, withExperiment);
    }

    [TestMethod]
    public void ProbeEnvironmentForcesLocalToolchainAndRemovesGoexperiment()
    {
        var platform = Machine().SetEnv("GOTOOLCHAIN", "auto").SetEnv("GOEXPERIMENT", "loopvar");
        var build = new BuildEnvironment(platform, new Dictionary<string, string?> { ["GOTOOLCHAIN"] = "go1.23.5+auto", ["GOFLAGS"] = "-mod=vendor" });
        var probe = GoEnvProbe.ProbeEnvironment(build);

        Assert.AreEqual("local", probe.Get("GOTOOLCHAIN"));
        Assert.IsNull(probe.Get("GOEXPERIMENT"));
        Assert.IsTrue(probe.Overrides.ContainsKey("GOEXPERIMENT") && probe.Overrides["GOEXPERIMENT"] is null,
            "an explicit removal, so the child process loses the machine's GOEXPERIMENT too");
        Assert.AreEqual("-mod=vendor", probe.Get("GOFLAGS"), "other overrides are kept");
        Assert.AreEqual("go1.23.5+auto", build.Get("GOTOOLCHAIN"), "the build environment itself is unchanged");
        Assert.AreEqual("loopvar", build.Get("GOEXPERIMENT"));
    }

    [TestMethod]
    public void OnMacOSTheUserGoEnvFileIsInLibraryApplicationSupport()
    {
        var platform = Machine();
        platform.IsMacOS = true;
        platform.SetEnv("XDG_CONFIG_HOME", "/home/dev/xdg"); // os.UserConfigDir ignores it on macOS
        AssertChanges(platform, p => p.AddFile("/home/dev/Library/Application Support/go/env", "GOPROXY=off\n"), "`go env -w` on macOS");
    }

    [TestMethod]
    public void AnyGoVariableOfTheBuildEnvironmentIsPartOfTheKey()
    {
        // Read through IPlatform, so a variable go learns in a later release still invalidates the cache.
        AssertChanges(Machine(), p => p.SetEnv("GOFUTURESETTING", "1"), "a GO* variable");
        AssertChanges(Machine(), p => p.SetEnv("CGO_CFLAGS", "-O0"), "a CGO_* variable");
    }
    private static FakePlatform MachineWithShim()
    {
        var platform = Machine();
        platform.AddFile("/home/dev/.asdf/shims/go", "#!/bin/sh\nexec asdf exec go \"$@\"\n");
        platform.AddDirectory("/src/app/go/greeter");
        platform.AddFile("/src/app/.tool-versions", "golang 1.22.12\n");
        return platform;
    }

    private static string ShimKey(FakePlatform platform, string? workingDirectory = "/src/app/go/greeter")
        => new GoEnvProbe(platform, TimeSpan.FromSeconds(5), CancellationToken.None, null, null, workingDirectory)
            .CacheKey("/home/dev/.asdf/shims/go", new BuildEnvironment(platform));

    [TestMethod]
    [DataRow("/src/app/.tool-versions")]
    [DataRow("/src/app/go/greeter/.go-version")]
    [DataRow("/src/.mise.toml")]
    [DataRow("/src/app/mise.toml")]
    [DataRow("/home/dev/.tool-versions")]
    [DataRow("/home/dev/.goenv/version")]
    public void BehindAShimASwitchOfVersionFileChangesTheKey(string file)
    {
        var platform = MachineWithShim();
        var before = ShimKey(platform);
        platform.AddFile(file, "golang 1.23.5\n1.23.5\n[tools]\ngo = \"1.23\"\n");
        Assert.AreNotEqual(before, ShimKey(platform), file + " selects the version behind the shim");
    }

    [TestMethod]
    [DataRow("ASDF_GOLANG_VERSION")]
    [DataRow("MISE_GO_VERSION")]
    [DataRow("GOENV_VERSION")]
    public void BehindAShimItsVersionVariablesChangeTheKey(string variable)
    {
        var platform = MachineWithShim();
        var before = ShimKey(platform);
        platform.SetEnv(variable, "1.23.5");
        Assert.AreNotEqual(before, ShimKey(platform));
    }

    [TestMethod]
    public void BehindAShimTheWorkingDirectoryIsPartOfTheKeyAndARealGoIgnoresVersionFiles()
    {
        var platform = MachineWithShim();
        Assert.AreNotEqual(ShimKey(platform), ShimKey(platform, "/elsewhere"));
        AssertKeeps(platform, p => p.AddFile("/tmp/.tool-versions", "golang 1.19.8\n"), "a version file, for a real go");
        Assert.IsTrue(new GoLocator(platform).IsLauncher("/home/dev/.asdf/shims/go"));
        Assert.IsFalse(new GoLocator(platform).IsLauncher(Go), "a symlink into a Go root is the real go");
    }

    [TestMethod]
    public void TheProbeNeverSeesGoosOrGoarch()
    {
        var platform = Machine().SetEnv("GOOS", "windows").SetEnv("GOARCH", "arm64");
        var probeEnvironment = GoEnvProbe.ProbeEnvironment(new BuildEnvironment(platform));
        Assert.IsNull(probeEnvironment.Get("GOOS"));
        Assert.IsNull(probeEnvironment.Get("GOARCH"));
        Assert.AreEqual("local", probeEnvironment.Get("GOTOOLCHAIN"));
    }
}

/// <summary>SystemPlatform reads GO* and CGO_* from the real process environment; these set real (uniquely named) variables.</summary>
[TestClass]
[TestCategory("unit")]
public sealed class GoEnvProbeCacheKeyProcessEnvironmentTests
{
    private string _go = null!;

    [TestInitialize]
    public void Init()
    {
        _go = Path.Combine(Path.GetTempPath(), "gotb-key-" + Guid.NewGuid().ToString("N"));
        File.WriteAllText(_go, "not really go");
    }

    [TestCleanup]
    public void Cleanup() => File.Delete(_go);

    private string Key() => new GoEnvProbe(SystemPlatform.Instance, TimeSpan.FromSeconds(5), CancellationToken.None, null, null)
        .CacheKey(_go, new BuildEnvironment(SystemPlatform.Instance));

    [TestMethod]
    [DataRow("GOTBTEST_")]
    [DataRow("CGO_TBTEST_")]
    public void AnyGoOrCgoVariableChangesTheKey(string prefix)
    {
        var name = prefix + Guid.NewGuid().ToString("N");
        var before = Key();
        try
        {
            Environment.SetEnvironmentVariable(name, "1");
            var set = Key();
            Environment.SetEnvironmentVariable(name, "2");
            var changed = Key();
            Assert.AreNotEqual(before, set, name + " appeared");
            Assert.AreNotEqual(set, changed, name + " changed");
        }
        finally
        {
            Environment.SetEnvironmentVariable(name, null);
        }
        Assert.AreEqual(before, Key(), "back to the same environment, back to the same key");
    }

    [TestMethod]
    public void OtherProcessVariablesDoNotChangeTheKey()
    {
        var name = "TBTEST_" + Guid.NewGuid().ToString("N");
        var before = Key();
        try
        {
            Environment.SetEnvironmentVariable(name, "1");
            Assert.AreEqual(before, Key());
        }
        finally
        {
            Environment.SetEnvironmentVariable(name, null);
        }
    }

    [TestMethod]
    public void RewrittenBinaryChangesTheKey()
    {
        var before = Key();
        File.WriteAllText(_go, "not really go, version 2");
        Assert.AreNotEqual(before, Key());
    }


    [TestMethod]
    public void AScoopShimsKeyFollowsTheGoItsCurrentJunctionStarts()
    {
        // scoop: shims\go.exe starts what shims\go.shim names, apps\go\current\bin\go.exe; `scoop update go` re-points
        // the `current` junction, so the files read through it change while the shim and its .shim file do not.
        var platform = new FakePlatform(isWindows: true);
        const string shim = @"C:\Users\dev\scoop\shims\go.exe";
        platform.AddFile(shim, "scoop shim");
        platform.AddFile(@"C:\Users\dev\scoop\shims\go.shim", "path = \"C:\\Users\\dev\\scoop\\apps\\go\\current\\bin\\go.exe\"\r\n");
        platform.AddFile(@"C:\Users\dev\scoop\apps\go\current\bin\go.exe", "go 1.26");
        platform.AddFile(@"C:\Users\dev\scoop\apps\go\current\VERSION", "go1.26.3\n");
        platform.SetEnv("USERPROFILE", @"C:\Users\dev").SetEnv("Path", @"C:\Users\dev\scoop\shims");

        var before = new GoEnvProbe(platform, TimeSpan.FromSeconds(5), CancellationToken.None, null, null).CacheKey(shim, new BuildEnvironment(platform));
        Assert.AreEqual(before, new GoEnvProbe(platform, TimeSpan.FromSeconds(5), CancellationToken.None, null, null).CacheKey(shim, new BuildEnvironment(platform)), "the key is not stable");
        platform.AddFile(@"C:\Users\dev\scoop\apps\go\current\VERSION", "go1.27.4\n"); // current -> apps\go\1.27.4
        platform.AddFile(@"C:\Users\dev\scoop\apps\go\current\bin\go.exe", "go 1.27");

        Assert.AreNotEqual(before, new GoEnvProbe(platform, TimeSpan.FromSeconds(5), CancellationToken.None, null, null).CacheKey(shim, new BuildEnvironment(platform)), "scoop update go kept the old probe answer");
    }
}
