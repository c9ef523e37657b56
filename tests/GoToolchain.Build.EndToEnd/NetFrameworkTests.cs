using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text.RegularExpressions;
using GoToolchain.Build.Testing;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.EndToEnd;

/// <summary>
/// The package under a real MSBuild on .NET Framework: Microsoft.Build 17.7.2's net472 engine hosted by
/// tests/GoToolchain.Build.NetFrameworkHost, run by mono with --assembly-loader=strict (references bind by full strong name, as on
/// .NET Framework). It evaluates a consumer project that imports the packed package's build/ props and targets, and MSBuild runs
/// the targets and loads every task from the UsingTask's AssemblyFile. What stands in for Microsoft.Common.props/.targets/.tasks
/// (no .NET Framework SDK here) is the host's StandIn/ folder: the targets the package hooks into, in a real build's order.
/// Only Windows can show: Visual Studio's own MSBuild.exe and devenv, fusion's binding (here Mono's strict loader), the Windows
/// branches of the tasks on .NET Framework, a csc compile of the generated bindings for net472.
/// </summary>
[TestClass]
[TestCategory("end-to-end")]
public sealed class NetFrameworkTests
{
    private static string Host => Path.Combine(PackagedBuild.RepositoryRoot, "tests", "GoToolchain.Build.NetFrameworkHost", "bin", "Debug", "net472");

    /// <summary>Every task the package declares (UsingTask in build/GoToolchain.Build.targets).</summary>
    private static IReadOnlyList<string> PackageTasks()
        => Regex.Matches(File.ReadAllText(Path.Combine(PackagedBuild.RepositoryRoot, "src", "GoToolchain.Build", "build", "GoToolchain.Build.targets")),
                @"<UsingTask TaskName=""GoToolchain\.Build\.Tasks\.(\w+)""").Select(m => m.Groups[1].Value).ToList();

    private static string Mono()
    {
        foreach (var candidate in new[] { "/usr/bin/mono", "/usr/local/bin/mono" })
            if (File.Exists(candidate)) return candidate;
        Assert.Fail("mono is not installed: run build/prereqs.sh (as root), which installs Debian's mono-complete.");
        return "";
    }

    /// <summary>
    /// The sample's Go module (go generate, GenerateBindings) in a classic project that imports the package as NuGet's PackageReference
    /// does (props first, targets last); five builds in one MSBuild process, as a Visual Studio node lives on between builds: a cold
    /// build, two more (the last a no-op), a pack's build for two RIDs (the per-RID MSBuild calls and the compiler check), and a
    /// broken GoRoot.
    /// </summary>
    [TestMethod]
    public void TheRealMSBuildOnNetFrameworkBuildsAConsumerThroughThePackageTargets()
    {
        var root = Path.Combine(PackagedBuild.RunDirectory, "netfx-msbuild Grüße", Guid.NewGuid().ToString("N").Substring(0, 6));
        var package = Path.Combine(root, "package");
        ZipFile.ExtractToDirectory(Path.Combine(PackagedBuild.Feed, $"GoToolchain.Build.{PackagedBuild.Version}.nupkg"), package);
        var app = Path.Combine(root, "app");
        var sample = Path.Combine(PackagedBuild.RepositoryRoot, "samples", "GreeterApp");
        foreach (var file in Directory.EnumerateFiles(Path.Combine(sample, "go"), "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(app, Path.GetRelativePath(sample, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
        File.Copy(Path.Combine(sample, "Program.cs"), Path.Combine(app, "Program.cs"));
        var project = Path.Combine(app, "App.csproj");
        File.WriteAllText(project, $"""
            <Project>
              <Import Project="$(MSBuildToolsPath)/Common.props" />
              <Import Project="{package}/build/GoToolchain.Build.props" />
              <PropertyGroup>
                <GoRoot>{PackagedBuild.GoRoot(Toolchains.Newest)}</GoRoot>
              </PropertyGroup>
              <ItemGroup>
                <Compile Include="Program.cs" />
                <GoModule Include="go/greeter" GenerateBindings="true" />
              </ItemGroup>
              <Import Project="{package}/build/GoToolchain.Build.targets" />
              <Import Project="$(MSBuildToolsPath)/Common.targets" />
            </Project>
            """);
        var exe = Path.Combine(Host, "GoToolchain.Build.NetFrameworkHost.exe");
        Assert.IsTrue(File.Exists(exe), $"{exe} is missing: build GoToolchain.Build.sln first");

        // MSBUILD_EXE_PATH: where MSBuild's BuildEnvironmentHelper finds its tools folder (the host's, with StandIn/ in it).
        var result = PackagedBuild.Run(Mono(), new[]
        {
            "--assembly-loader=strict", exe, project, "Build", "Build", "Build", "Build|_IsPacking=true|RuntimeIdentifiers=linux-x64;win-x64",
            "!Build|GoRoot=" + Path.Combine(root, "no-such-go"),
        }, app, new Dictionary<string, string?> { ["MSBUILD_EXE_PATH"] = exe }, TimeSpan.FromMinutes(5));
        var output = string.Join("\n", result.Output.Split('\n').Where(l => !l.StartsWith("w32error-unix.c", StringComparison.Ordinal)));
        Assert.AreEqual(0, result.ExitCode, output);
        StringAssert.Contains(output, "runtime: Mono");
        StringAssert.Contains(output, "Microsoft.Build.dll 15.1.0.0"); // the net472 engine

        var builds = Regex.Split(output, "^=== build \\d: ", RegexOptions.Multiline);
        var packageTasks = PackageTasks();
        Assert.AreEqual(11, packageTasks.Count, string.Join(", ", packageTasks));
        List<string> Tasks(string build) => Regex.Matches(build, @"^task: (\w+) ", RegexOptions.Multiline)
            .Select(m => m.Groups[1].Value).Where(packageTasks.Contains).Distinct().ToList();
        var ran = Tasks(builds[1]).Concat(Tasks(builds[4])).Distinct().ToList();
        CollectionAssert.AreEquivalent(packageTasks.ToList(), ran, "every task of the package runs through MSBuild's task loading:\n" + output);
        StringAssert.Contains(builds[1], $"command: {Toolchains.Go(Toolchains.Newest)} build -json -buildmode=c-shared");
        StringAssert.Contains(builds[1], "Success, 0 error(s), 0 warning(s)");
        // The second build in this long-lived process starts no go build, but it is not yet the no-op: go generate's rewrite of
        // mood_string.go in the cold build is seen as a change of the module (measured here; not seen with a new process per build).
        Assert.IsFalse(builds[2].Contains(" build -json -buildmode=c-shared"), "the second build ran go build:\n" + builds[2]);
        CollectionAssert.AreEqual(new[] { "ReuseLastGoBuild" }, Tasks(builds[3]), "the no-op build:\n" + builds[3]);
        StringAssert.Contains(builds[4], "task: CheckGoPackRuntimeIdentifier");
        StringAssert.Contains(builds[4], "Success, 0 error(s), 0 warning(s)");
        StringAssert.Contains(builds[5], "error GOTB002:");
        StringAssert.Contains(builds[5], "[help: https://github.com/gotoolchain-build/GoToolchain.Build/blob/main/docs/diagnostics.md#");
        Assert.IsFalse(output.Contains("GOTB9"), "a task failed unexpectedly on .NET Framework:\n" + output);

        // What the stand-in CoreCompile got, and what was copied to the output.
        var compile = File.ReadAllLines(Path.Combine(app, "obj", "Debug", "csc.rsp"));
        CollectionAssert.AreEqual(new[] { "/unsafe+", Path.Combine(app, "Program.cs"), Path.Combine(app, "obj", "Debug", "go", "bindings", "Greeter.g.cs") }, compile);
        Assert.IsTrue(File.Exists(Path.Combine(app, "bin", "Debug", "libgreeter.so")), output);

        // Binding as .NET Framework does: the host's NuGet.Versioning 7.0.3 is loaded, yet the task's reference (6.7.0) binds to the
        // copy in tasks/, found beside the task dll by the runtime itself (no AssemblyResolve event was needed).
        StringAssert.Contains(output, "host NuGet.Versioning: 7.0.3");
        StringAssert.Matches(output, new Regex(@"GoToolchain\.Build references NuGet\.Versioning (6\.7\.0\.\d+); bound to \1 from .*/package/tasks/netstandard2\.0/NuGet\.Versioning\.dll"));
        Assert.IsFalse(output.Contains("AssemblyResolve: NuGet.Versioning"), output);
    }
}
