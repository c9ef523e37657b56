using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using GoToolchain.Build.Testing;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.EndToEnd;

/// <summary>Each (module, GOOS, GOARCH, mode) is built once per build, however many projects or TargetFrameworks use it.</summary>
[TestClass]
[TestCategory("end-to-end")]
public sealed class SharedModuleTests
{
    private static string Project(string targetFrameworks, string moduleRelativePath, string generatorLog = "") => $"""
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <OutputType>Exe</OutputType>
            <TargetFrameworks>{targetFrameworks}</TargetFrameworks>
            <GoRoot>{PackagedBuild.GoRoot(Toolchains.Newest)}</GoRoot>
            <GoEnvironment>RUN_LOG={generatorLog}</GoEnvironment>
          </PropertyGroup>
          <ItemGroup>
            <PackageReference Include="GoToolchain.Build" Version="{PackagedBuild.Version}" PrivateAssets="all" />
            <GoModule Include="{moduleRelativePath}" />
          </ItemGroup>
        </Project>
        """;

    private static Fixture WithSharedModule(string name)
    {
        var fixture = Fixture.Create(name);
        File.Delete(Path.Combine(fixture.Directory, "Program.cs"));
        fixture.WriteFile(Path.Combine("go", "greeter", "go.mod"), "module example.com/greeter\n\ngo 1.21\n");
        foreach (var pair in Fixture.GreeterFiles) fixture.WriteFile(Path.Combine("go", "greeter", pair.Key), pair.Value);
        return fixture;
    }

    private static ProcessOutput Dotnet(Fixture fixture, params string[] arguments)
        => PackagedBuild.Run(PackagedBuild.Dotnet, arguments, fixture.Directory,
            new Dictionary<string, string?> { ["NUGET_PACKAGES"] = PackagedBuild.NuGetPackages }, TimeSpan.FromMinutes(10));

    /// <summary>go builds started: the "module> command" line GoBuild logs once per process (the command line also reaches
    /// MSBuild as a command-line event, which the parallel console logger may print again without the prefix).</summary>
    private static int GoBuildRuns(ProcessOutput output)
        => Regex.Matches(output.Output, @"> \S*/bin/go build (?:-json )?-buildmode=c-shared").Count;

    [TestMethod]
    public void TwoTargetFrameworksShareOneGoGenerateAndOneGoBuild()
    {
        var fixture = WithSharedModule("multi-tfm");
        var generatorLog = Path.Combine(fixture.Directory, "generator-runs.log");
        fixture.WriteFile(Path.Combine("go", "greeter", "gen.go"), "package main\n\n//go:generate sh -c \"echo ran >> \\\"$RUN_LOG\\\"\"\n");
        fixture.WriteFile(Path.Combine("Lib", "Lib.csproj"), Project("net10.0;net8.0", "../go/greeter", generatorLog));
        fixture.WriteFile(Path.Combine("Lib", "Program.cs"), "System.Console.WriteLine(\"lib\");\n");
        // net8.0 needs its targeting pack from the machine's NuGet source, besides the run's feed.
        fixture.WithMachineNuGetSources();

        var result = Dotnet(fixture, "build", Path.Combine(fixture.Directory, "Lib", "Lib.csproj"), "-nr:false", "-tl:off", "-clp:ForceNoAlign", "-v:n");

        Assert.AreEqual(0, result.ExitCode, result.ToString());
        Assert.AreEqual(1, GoBuildRuns(result), "go build should run once for both TargetFrameworks:\n" + result);
        Assert.AreEqual(1, File.ReadAllLines(generatorLog).Length, "go generate should run once for both TargetFrameworks:\n" + result);
        StringAssert.Contains(result.Output, "instead of running go build again");
        foreach (var tfm in new[] { "net8.0", "net10.0" })
        {
            Assert.IsTrue(File.Exists(Path.Combine(fixture.Directory, "Lib", "bin", "Debug", tfm, "libgreeter.so")), "no libgreeter.so for " + tfm);
        }
    }

    [TestMethod]
    public void FourProjectsInAParallelBuildShareOneGoBuild()
    {
        var fixture = WithSharedModule("four-projects");
        var projects = Enumerable.Range(1, 4).Select(i => $"App{i}").ToList();
        foreach (var project in projects)
        {
            fixture.WriteFile(Path.Combine(project, project + ".csproj"), Project("net10.0", "../go/greeter"));
            fixture.WriteFile(Path.Combine(project, "Program.cs"), $"System.Console.WriteLine(\"{project}\");\n");
        }
        Assert.AreEqual(0, Dotnet(fixture, "new", "sln", "-n", "All", "-o", fixture.Directory, "--format", "sln").ExitCode);
        foreach (var project in projects)
        {
            var add = Dotnet(fixture, "sln", Path.Combine(fixture.Directory, "All.sln"), "add", Path.Combine(fixture.Directory, project, project + ".csproj"));
            Assert.AreEqual(0, add.ExitCode, add.ToString());
        }

        var result = Dotnet(fixture, "build", Path.Combine(fixture.Directory, "All.sln"), "-m", "-nr:false", "-tl:off", "-clp:ForceNoAlign", "-v:n");

        Assert.AreEqual(0, result.ExitCode, result.ToString());
        Assert.AreEqual(1, GoBuildRuns(result), "go build should run once for the four projects:\n" + result);
        foreach (var project in projects)
        {
            Assert.IsTrue(File.Exists(Path.Combine(fixture.Directory, project, "bin", "Debug", "net10.0", "libgreeter.so")), "no libgreeter.so for " + project);
        }
    }
}
