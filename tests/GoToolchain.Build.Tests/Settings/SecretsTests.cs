using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using GoToolchain.Build.Building;
using GoToolchain.Build.Diagnostics;
using GoToolchain.Build.Platform;
using GoToolchain.Build.Tests.Building;
using GoToolchain.Build.Toolchain;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.Tests.Settings;

/// <summary>A credential in GOPROXY, GOFLAGS or any GoEnvironment entry is never written to obj/ in clear.</summary>
[TestClass]
[TestCategory("unit")]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class SecretsTests
{
    private const string Password = "s3cr3t-pa55";
    private string _root = null!;

    [TestInitialize]
    public void Init() => _root = BuildFixtures.NewTempDirectory("gotb-secrets");

    [TestCleanup]
    public void Cleanup() => BuildFixtures.DeleteDirectory(_root);

    private static string AllText(string directory)
        => string.Concat(Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Select(File.ReadAllText));

    [TestMethod]
    public void ProbeCacheKeepsNoCredentialAndStillAnswersFromDiskWithTheRealValues()
    {
        var proxy = $"https://user:{Password}@proxy.example/mod";
        var go = Path.Combine(_root, "go");
        var count = Path.Combine(_root, "count");
        File.WriteAllText(go, $"#!/bin/sh\necho run >> '{count}'\necho '{{\"GOROOT\": \"/opt/go\", \"GOVERSION\": \"go1.23.5\", \"GOPROXY\": \"{proxy}\", \"GOFLAGS\": \"-x={Password}\", \"MYTOKEN\": \"{Password}\"}}'\n");
        File.SetUnixFileMode(go, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var cache = Path.Combine(_root, "obj", "probe");
        var environment = new BuildEnvironment(SystemPlatform.Instance,
            new Dictionary<string, string?> { ["GOPROXY"] = proxy, ["GOFLAGS"] = "-x=" + Password, ["MYTOKEN"] = Password });
        GoEnvProbe Probe() => new(SystemPlatform.Instance, TimeSpan.FromSeconds(30), CancellationToken.None, cache, null);

        var first = Probe().GetEnv(go, environment, null, new DiagnosticBag());
        Assert.AreEqual(proxy, first!["GOPROXY"]);
        Assert.IsFalse(AllText(cache).Contains(Password), "the disk cache holds the password:\n" + AllText(cache));

        var second = Probe();
        var again = second.GetEnv(go, environment, null, new DiagnosticBag());
        Assert.AreEqual("disk", second.LastSource, "a no-op build still answers from disk");
        Assert.AreEqual(proxy, again!["GOPROXY"], "the real value comes back from the environment");
        Assert.AreEqual(Password, again["MYTOKEN"]);
        Assert.AreEqual(1, File.ReadAllLines(count).Length);
    }

    [TestMethod]
    public void ACredentialFromOutsideTheEnvironmentIsNotCachedOnDisk()
    {
        var go = Path.Combine(_root, "go");
        // GOPROXY from the go env file: go reports it, the build environment does not have it.
        File.WriteAllText(go, $"#!/bin/sh\necho '{{\"GOROOT\": \"/opt/go\", \"GOVERSION\": \"go1.23.5\", \"GOPROXY\": \"https://u:{Password}@p.example\"}}'\n");
        File.SetUnixFileMode(go, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var cache = Path.Combine(_root, "obj", "probe");
        var environment = new BuildEnvironment(SystemPlatform.Instance, new Dictionary<string, string?> { ["GOPROXY"] = null });
        var env = new GoEnvProbe(SystemPlatform.Instance, TimeSpan.FromSeconds(30), CancellationToken.None, cache, null)
            .GetEnv(go, environment, null, new DiagnosticBag());
        Assert.AreEqual($"https://u:{Password}@p.example", env!["GOPROXY"]);
        Assert.IsFalse(Directory.Exists(cache) && AllText(cache).Contains(Password));
    }

    [TestMethod]
    public void SettingsFileHoldsDigestsOfEnvironmentValuesThatStillChangeWithThem()
    {
        var module = BuildFixtures.WriteModule(Path.Combine(_root, "go", "m"), BuildFixtures.CgoLibrary);
        IReadOnlyList<GoBuildPlan> Plan(string proxy) => GoBuildPlanner.Plan(
            new[] { new GoModuleSpec(module, new Dictionary<string, string> { ["Environment"] = "TOKEN=" + Password }) },
            BuildFixtures.HostTarget(), Path.Combine(_root, "obj"), new[] { "go=/usr/bin/go", "env:GOPROXY=" + proxy }, null, new DiagnosticBag());

        var plan = Plan($"https://u:{Password}@p.example").Single();
        GoBuildPlanner.WriteSettings(plan);
        var text = File.ReadAllText(plan.SettingsPath);
        Assert.IsFalse(text.Contains(Password), text);
        StringAssert.Contains(text, "env:GOPROXY=sha256:");
        StringAssert.Contains(text, "Environment=sha256:");
        Assert.AreNotEqual(plan.SettingsContent, Plan("https://u:other@p.example").Single().SettingsContent, "a changed value still invalidates the output");
    }
}
