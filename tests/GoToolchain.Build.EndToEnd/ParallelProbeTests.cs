using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using GoToolchain.Build.Testing;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.EndToEnd;

/// <summary>
/// `dotnet build -m:2` of 8 projects on 2 Go modules from a cold state (no obj/, a fresh temp folder, so a fresh
/// private state root): the go env probe runs once on the machine, not once per MSBuild node, and the no-op build
/// after it starts no go process at all. go is a wrapper that appends its argv to a log, then runs the real go.
/// </summary>
[TestClass]
[TestCategory("end-to-end")]
public sealed class ParallelProbeTests
{
    private const int Projects = 8;

    [TestMethod]
    public void ColdParallelBuildProbesOnceAcrossNodesAndTheNoOpBuildStartsNoGo()
    {
        var fixture = Fixture.Create("parallel-probe");
        File.Delete(Path.Combine(fixture.Directory, "Program.cs"));
        foreach (var module in new[] { "m0", "m1" })
        {
            fixture.WriteFile(Path.Combine("go", module, "go.mod"), $"module example.com/{module}\n\ngo 1.22\n");
            fixture.WriteFile(Path.Combine("go", module, "lib.go"), Fixture.GreeterFiles["lib.go"]);
        }
        var goLog = Path.Combine(fixture.Directory, "go-starts.log");
        // A wrapper is a launcher to the package (no VERSION beside it), so it is probed from the first module's folder
        // and that folder is part of the key: every project lists m0 first, so the whole build has one key.
        var wrapper = Hostile.Script(Path.Combine(fixture.Directory, "tools", "go"),
            $"echo \"$*\" >> '{goLog}'\nexec '{PackagedBuild.GoRoot(Toolchains.Newest)}/bin/go' \"$@\"");

        var projects = Enumerable.Range(1, Projects).Select(i => $"App{i:00}").ToList();
        for (int i = 0; i < Projects; i++)
        {
            var modules = i % 2 == 0 ? "<GoModule Include=\"../go/m0\" />" : "<GoModule Include=\"../go/m0\" />\n    <GoModule Include=\"../go/m1\" />";
            fixture.WriteFile(Path.Combine(projects[i], projects[i] + ".csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <OutputType>Exe</OutputType>
                    <TargetFramework>net10.0</TargetFramework>
                    <GoExecutable>{wrapper}</GoExecutable>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="GoToolchain.Build" Version="{PackagedBuild.Version}" PrivateAssets="all" />
                    {modules}
                  </ItemGroup>
                </Project>
                """);
            fixture.WriteFile(Path.Combine(projects[i], "Program.cs"), $"System.Console.WriteLine(\"{projects[i]}\");\n");
        }
        Assert.AreEqual(0, Dotnet(fixture, null, "new", "sln", "-n", "All", "-o", fixture.Directory, "--format", "sln").ExitCode);
        var add = Dotnet(fixture, null, new[] { "sln", Path.Combine(fixture.Directory, "All.sln"), "add" }
            .Concat(projects.Select(p => Path.Combine(fixture.Directory, p, p + ".csproj"))).ToArray());
        Assert.AreEqual(0, add.ExitCode, add.ToString());
        var temp = Path.Combine(fixture.Directory, "tmp");
        Directory.CreateDirectory(temp);
        // Restored first, so the build's nodes start their projects together instead of one by one behind restore.
        var restore = Dotnet(fixture, temp, "restore", Path.Combine(fixture.Directory, "All.sln"), "-nr:false", "-tl:off");
        Assert.AreEqual(0, restore.ExitCode, restore.ToString());

        // GoReuseLastBuild=false: every project's GoValidate runs (a reused build runs none, and starts no go either).
        string[] Build(bool reuse = false)
        {
            var before = File.Exists(goLog) ? File.ReadAllLines(goLog).Length : 0;
            var result = Dotnet(fixture, temp, "build", Path.Combine(fixture.Directory, "All.sln"), "--no-restore", "-m:2", "-nr:false", "-tl:off",
                "-clp:ForceNoAlign", "-v:d", "-p:GoReuseLastBuild=" + (reuse ? "true" : "false"));
            Assert.AreEqual(0, result.ExitCode, result.ToString());
            var probes = Regex.Matches(result.Output, @"go env probe answered from (\w+)").Select(m => m.Groups[1].Value).ToList();
            if (!reuse) Assert.AreEqual(Projects, probes.Count, "every project's GoValidate logs where its answer came from:\n" + result);
            var starts = File.Exists(goLog) ? File.ReadAllLines(goLog).Skip(before).ToArray() : Array.Empty<string>();
            return starts.Concat(probes.Select(p => "answered-from " + p)).ToArray();
        }

        var cold = Build();
        var coldStarts = cold.Where(l => !l.StartsWith("answered-from ", StringComparison.Ordinal)).ToList();
        var summary = string.Join("\n", cold);
        Assert.AreEqual(1, coldStarts.Count(l => l.StartsWith("env -json", StringComparison.Ordinal)),
            "one go env for one toolchain and environment, however many nodes:\n" + summary);
        Assert.AreEqual(2, coldStarts.Count(l => l.StartsWith("build ", StringComparison.Ordinal)), "each module built once:\n" + summary);
        Assert.AreEqual(1, cold.Count(l => l == "answered-from process"), summary);
        Assert.IsTrue(cold.Contains("answered-from shared"),
            "a project in the other node took the first node's answer from the shared folder (else the build ran in one node):\n" + summary);

        var noOp = Build();
        Assert.AreEqual(0, noOp.Count(l => !l.StartsWith("answered-from ", StringComparison.Ordinal)), "a no-op build starts no go:\n" +
            string.Join("\n", noOp));
        Assert.IsTrue(noOp.All(l => l is "answered-from disk" or "answered-from memory"), "no-op answers come from obj/ or memory:\n" +
            string.Join("\n", noOp));

        Build(reuse: true); // records each project's build (the ones above ran with reuse off)
        var reused = Build(reuse: true);
        Assert.AreEqual(0, reused.Count(l => !l.StartsWith("answered-from ", StringComparison.Ordinal)), "a reused build starts no go:\n" +
            string.Join("\n", reused));
    }

    private static ProcessOutput Dotnet(Fixture fixture, string? temp, params string[] arguments)
    {
        var environment = new Dictionary<string, string?> { ["NUGET_PACKAGES"] = PackagedBuild.NuGetPackages };
        if (temp is not null) environment["TMPDIR"] = temp;
        return PackagedBuild.Run(PackagedBuild.Dotnet, arguments, fixture.Directory, environment, TimeSpan.FromMinutes(10));
    }
}
