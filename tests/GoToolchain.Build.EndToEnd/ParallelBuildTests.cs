using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using GoToolchain.Build.Testing;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.EndToEnd;

/// <summary>
/// `dotnet build -m` of a 12-project solution whose projects share 3 Go modules, five times in a row from clean
/// folders: green every time, each module generated once (its generator appends its name to a log) and built once
/// (go build's command line in the build log) per build, and the libraries identical across projects and runs.
/// </summary>
[TestClass]
[TestCategory("end-to-end")]
public sealed class ParallelBuildTests
{
    private const int Projects = 12;
    private const int Modules = 3;
    private const int Runs = 5;

    [TestMethod]
    public void TwelveProjectsSharingThreeModulesBuildEachOnceFiveTimesInARow()
    {
        var fixture = Fixture.Create("parallel-12");
        File.Delete(Path.Combine(fixture.Directory, "Program.cs"));
        var modules = Enumerable.Range(0, Modules).Select(m => $"m{m}").ToList();
        foreach (var module in modules)
        {
            fixture.WriteFile(Path.Combine("go", module, "go.mod"), $"module example.com/{module}\n\ngo 1.22\n");
            fixture.WriteFile(Path.Combine("go", module, "lib.go"), Fixture.GreeterFiles["lib.go"]);
            fixture.WriteFile(Path.Combine("go", module, "gen.go"), $"package main\n\n//go:generate sh -c \"echo {module} >> \\\"$RUN_LOG\\\"\"\n");
        }
        var projects = Enumerable.Range(1, Projects).Select(i => $"App{i:00}").ToList();
        for (int i = 0; i < Projects; i++)
        {
            var uses = new[] { modules[i % Modules], modules[(i + 1) % Modules] };
            fixture.WriteFile(Path.Combine(projects[i], projects[i] + ".csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <OutputType>Exe</OutputType>
                    <TargetFramework>net10.0</TargetFramework>
                    <GoRoot>{PackagedBuild.GoRoot(Toolchains.Newest)}</GoRoot>
                    <GoEnvironment>RUN_LOG=$(RunLog)</GoEnvironment>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="GoToolchain.Build" Version="{PackagedBuild.Version}" PrivateAssets="all" />
                    {string.Join("\n    ", uses.Select(u => $"<GoModule Include=\"../go/{u}\" />"))}
                  </ItemGroup>
                </Project>
                """);
            fixture.WriteFile(Path.Combine(projects[i], "Program.cs"), $"System.Console.WriteLine(\"{projects[i]}\");\n");
        }
        Assert.AreEqual(0, Dotnet(fixture, null, "new", "sln", "-n", "All", "-o", fixture.Directory, "--format", "sln").ExitCode);
        var add = Dotnet(fixture, null, new[] { "sln", Path.Combine(fixture.Directory, "All.sln"), "add" }.Concat(projects.Select(p => Path.Combine(fixture.Directory, p, p + ".csproj"))).ToArray());
        Assert.AreEqual(0, add.ExitCode, add.ToString());

        var hashes = new Dictionary<string, HashSet<string>>();
        for (int run = 1; run <= Runs; run++)
        {
            // From clean: no obj/bin, a fresh temp folder (so a fresh private state root and generate stamps).
            foreach (var project in projects)
            {
                foreach (var folder in new[] { "bin", "obj" })
                {
                    var path = Path.Combine(fixture.Directory, project, folder);
                    if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
                }
            }
            var temp = Path.Combine(fixture.Directory, $"tmp-{run}");
            Directory.CreateDirectory(temp);
            var runLog = Path.Combine(fixture.Directory, $"generated-{run}.log");

            var result = Dotnet(fixture, temp, "build", Path.Combine(fixture.Directory, "All.sln"), "-m", "-nr:false", "-tl:off", "-clp:ForceNoAlign", "-v:n", $"-p:RunLog={runLog}");

            Assert.AreEqual(0, result.ExitCode, $"run {run}:\n{result}");
            var generated = File.ReadAllLines(runLog);
            foreach (var module in modules)
            {
                var moduleDirectory = Path.Combine(fixture.Directory, "go", module);
                Assert.AreEqual(1, generated.Count(l => l.Trim() == module), $"run {run}: {module} should be generated once:\n{string.Join("\n", generated)}\n{result}");
                var builds = Regex.Matches(result.Output, Regex.Escape(moduleDirectory + "> ") + @"\S*/bin/go build ").Count;
                Assert.AreEqual(1, builds, $"run {run}: {module} should be built once:\n{result}");
            }
            for (int i = 0; i < Projects; i++)
            {
                foreach (var module in new[] { modules[i % Modules], modules[(i + 1) % Modules] })
                {
                    var library = Path.Combine(fixture.Directory, projects[i], "bin", "Debug", "net10.0", $"lib{module}.so");
                    Assert.IsTrue(File.Exists(library), $"run {run}: no {library}");
                    if (!hashes.TryGetValue(module, out var set)) hashes[module] = set = new HashSet<string>();
                    set.Add(Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(library))));
                }
            }
        }
        foreach (var pair in hashes) Assert.HasCount(1, pair.Value, $"lib{pair.Key}.so differs between projects or runs");
    }

    private static ProcessOutput Dotnet(Fixture fixture, string? temp, params string[] arguments)
    {
        var environment = new Dictionary<string, string?> { ["NUGET_PACKAGES"] = PackagedBuild.NuGetPackages };
        if (temp is not null) environment["TMPDIR"] = temp;
        return PackagedBuild.Run(PackagedBuild.Dotnet, arguments, fixture.Directory, environment, TimeSpan.FromMinutes(10));
    }
}
