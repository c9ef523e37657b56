using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using GoToolchain.Build.Testing;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.EndToEnd;

/// <summary>
/// The packed netstandard2.0 task dll on .NET Framework, as Visual Studio's MSBuild loads it: no load contexts,
/// Assembly.LoadFrom of tasks/GoToolchain.Build.dll next to the net472 Microsoft.Build.Utilities.Core 17.7.2.
/// tests/GoToolchain.Build.NetFrameworkHost (net472, its own IBuildEngine) runs ValidateGoroot and GoBuild under mono.
/// </summary>
[TestClass]
[TestCategory("end-to-end")]
public sealed class NetFrameworkTests
{
    private static string Host => Path.Combine(PackagedBuild.RepositoryRoot, "tests", "GoToolchain.Build.NetFrameworkHost", "bin", "Debug", "net472");

    private static string Mono()
    {
        foreach (var candidate in new[] { "/usr/bin/mono", "/usr/local/bin/mono" })
            if (File.Exists(candidate)) return candidate;
        Assert.Fail("mono is not installed: run build/prereqs.sh (as root), which installs Debian's mono-complete.");
        return "";
    }

    /// <summary>Extracts the packed package, writes a c-shared module and runs the host from <paramref name="hostDirectory"/>.</summary>
    private static ProcessOutput RunHost(string name, string hostDirectory, Dictionary<string, string?> environment)
    {
        var root = Path.Combine(PackagedBuild.RunDirectory, name + " Grüße", Guid.NewGuid().ToString("N").Substring(0, 6));
        var package = Path.Combine(root, "package");
        ZipFile.ExtractToDirectory(Path.Combine(PackagedBuild.Feed, $"GoToolchain.Build.{PackagedBuild.Version}.nupkg"), package);
        var module = Path.Combine(root, "go", "greeter");
        Directory.CreateDirectory(module);
        File.WriteAllText(Path.Combine(module, "go.mod"), "module example.com/greeter\n\ngo 1.21\n");
        foreach (var pair in Fixture.GreeterFiles) File.WriteAllText(Path.Combine(module, pair.Key), pair.Value);
        var exe = Path.Combine(hostDirectory, "GoToolchain.Build.NetFrameworkHost.exe");
        Assert.IsTrue(File.Exists(exe), $"{exe} is missing: build GoToolchain.Build.sln first");
        return PackagedBuild.Run(Mono(), new[] { exe, Path.Combine(package, "tasks", "netstandard2.0"), PackagedBuild.GoRoot(Toolchains.Newest), module, Path.Combine(root, "work") },
            root, environment, TimeSpan.FromMinutes(5));
    }

    private static void AssertBothTasksRan(ProcessOutput result)
    {
        Assert.AreEqual(0, result.ExitCode, result.ToString());
        StringAssert.Contains(result.Output, "runtime: Mono");
        StringAssert.Contains(result.Output, "Microsoft.Build.Utilities.Core.dll 15.1.0.0"); // the net472 build
        // Visual Studio users build with the newest Go; the tasks' .NET Framework build is checked with it.
        StringAssert.Contains(result.Output, $"ValidateGoroot returned True: go {Toolchains.Version(Toolchains.Newest)}");
        StringAssert.Contains(result.Output, $"command: {Toolchains.Go(Toolchains.Newest)} build -buildmode=c-shared");
        StringAssert.Contains(result.Output, "libgreeter.so exists");
        StringAssert.Contains(result.Output, "error GOTB002:");
        StringAssert.Contains(result.Output, "[help: https://github.com/gotoolchain-build/GoToolchain.Build/blob/main/docs/diagnostics.md#gotb002]");
        Assert.IsFalse(result.Output.Contains("GOTB900"), "a task failed unexpectedly on .NET Framework:\n" + result);
    }

    [TestMethod]
    public void TasksRunBesideTheNuGetVersioningTheHostLoaded()
    {
        // The host loaded NuGet.Versioning 7.0.3 first (Visual Studio loads its own); the task, built against 6.7.0, runs with it.
        var result = RunHost("netfx-host-nuget", Host, new Dictionary<string, string?>());

        AssertBothTasksRan(result);
        StringAssert.Contains(result.Output, "host NuGet.Versioning: 7.0.3");
    }

    [TestMethod]
    public void TasksBindTheNuGetVersioningShippedInTasksWhenTheHostHasNone()
    {
        var host = Path.Combine(PackagedBuild.RunDirectory, "netfx-host-" + Guid.NewGuid().ToString("N").Substring(0, 6));
        Directory.CreateDirectory(host);
        foreach (var file in Directory.GetFiles(Host))
            if (Path.GetFileName(file) != "NuGet.Versioning.dll") File.Copy(file, Path.Combine(host, Path.GetFileName(file)));

        var result = RunHost("netfx-own-nuget", host, new Dictionary<string, string?> { ["GOTB_HOST_NUGET"] = "0" });

        AssertBothTasksRan(result);
        StringAssert.Matches(result.Output, new System.Text.RegularExpressions.Regex(@"loaded NuGet\.Versioning 6\.7\.0\.\d+ from .*/package/tasks/netstandard2\.0/NuGet\.Versioning\.dll"));
    }
}
