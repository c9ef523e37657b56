using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using GoToolchain.Build.Testing;

namespace GoToolchain.Build.EndToEnd;

/// <summary>go generate inside dotnet build (RunGoGenerate) with real generators: stringer and a `go run` generator in the module.</summary>
[TestClass]
public class GenerateTests
{
    private const string GoMod = "module example.com/tool\n\ngo 1.19\n";

    /// <summary>An exe module: main prints a stringer name and a constant a `go run ./gen` generator writes; another directive counts runs.</summary>
    private static Dictionary<string, string> ToolFiles(string runLog) => new()
    {
        ["main.go"] = """
            package main

            import (
            	"fmt"

            	"example.com/tool/colors"
            	_ "example.com/tool/count"
            	"example.com/tool/table"
            )

            func main() { fmt.Println("color:", colors.Green.String(), "size:", table.Size) }
            """,
        ["colors/color.go"] = """
            package colors

            //go:generate stringer -type=Color

            type Color int

            const (
            	Red Color = iota
            	Green
            )
            """,
        ["gen/main.go"] = "package main\n\nimport \"os\"\n\nfunc main() { os.WriteFile(os.Args[1], []byte(\"package table\\n\\nconst Size = 42\\n\"), 0o644) }\n",
        ["table/table.go"] = "package table\n\n//go:generate go run ../gen size_gen.go\n",
        ["count/count.go"] = "package count\n\n//go:generate sh -c \"echo ran >> \\\"$RUN_LOG\\\"\"\n",
    };

    private static string RunLogFor(Fixture fixture) => Path.Combine(fixture.Directory, "generator-runs.log");

    private static int Runs(string log) => File.Exists(log) ? File.ReadAllLines(log).Length : 0;

    private static Fixture ToolFixture(string name, string goVersion, string metadata = "BuildMode=\"exe\"")
    {
        var fixture = Fixture.Create(name);
        fixture.WithGoModule("go/tool", GoMod, ToolFiles(RunLogFor(fixture)), metadata)
            .WithProperty("GoRoot", PackagedBuild.GoRoot(goVersion))
            .WithProperty("GoEnvironment", "RUN_LOG=" + RunLogFor(fixture));
        return fixture;
    }

    [TestMethod]
    [DynamicData(nameof(Toolchains.All), typeof(Toolchains))]
    public void GeneratorsRunInTheBuild_OnceUntilAGoFileChanges(string goVersion)
    {
        var fixture = ToolFixture("generate-" + goVersion, goVersion);
        var log = RunLogFor(fixture);

        BuildAssert.Succeeded(fixture.Build());
        Assert.AreEqual(1, Runs(log));
        var tool = Path.Combine(fixture.OutputDirectory, "tool");
        var run = PackagedBuild.Run(tool, Array.Empty<string>(), fixture.Directory, new Dictionary<string, string?>(), TimeSpan.FromSeconds(30));
        Assert.AreEqual("color: Green size: 42", run.Output.Trim());

        var noOp = fixture.Build(null, "-v:d");
        BuildAssert.Succeeded(noOp);
        Assert.AreEqual(1, Runs(log), "the second build ran the generators again");
        Assert.IsFalse(noOp.Output.Contains("/bin/go generate"), "a no-op build started go generate:\n" + noOp);

        File.AppendAllText(Path.Combine(fixture.Directory, "go", "tool", "colors", "color.go"), "\n// edited\n");
        BuildAssert.Succeeded(fixture.Build());
        Assert.AreEqual(2, Runs(log), "editing a .go file must run the generators again");
    }

    [TestMethod]
    public void FailingAndMissingGeneratorsInTwoPackagesAreBothReportedAtTheirDirectives()
    {
        var fixture = Fixture.Create("generate-failures")
            .WithGoModule("go/broken", GoMod, new Dictionary<string, string>
            {
                ["a/a.go"] = "package a\n\n//go:generate sh -c \"echo from-the-generator >&2; exit 3\"\n",
                ["b/b.go"] = "package b\n\n\n//go:generate no-such-generator -type=X\n",
            }, "BuildMode=\"none\"")
            .WithProperty("GoRoot", PackagedBuild.GoRoot("1.22"));

        var result = fixture.Build();

        var failed = BuildAssert.FailedWith(result, "GOTB402");
        Assert.AreEqual(Path.Combine(fixture.Directory, "go", "broken", "a", "a.go"), failed.File);
        Assert.AreEqual(3, failed.Line);
        BuildAssert.Mentions(failed, "exit status 3");
        var missing = BuildAssert.FailedWith(result, "GOTB403");
        Assert.AreEqual(Path.Combine(fixture.Directory, "go", "broken", "b", "b.go"), missing.File);
        Assert.AreEqual(4, missing.Line);
        BuildAssert.Mentions(missing, "no-such-generator", "go install");
        StringAssert.Contains(result.Output, "from-the-generator", "the generator's stderr is in the log");
    }

    [TestMethod]
    [DataRow("1.19")]
    [DataRow("1.21")]
    public void AModuleWhereGoFindsNoPackageFailsInsteadOfSucceedingSilently(string goVersion)
    {
        var fixture = Fixture.Create("generate-nopkg-" + goVersion)
            .WithGoModule("go/empty", GoMod, new Dictionary<string, string> { ["README.md"] = "the Go code is elsewhere\n" }, "BuildMode=\"none\"")
            .WithProperty("GoRoot", PackagedBuild.GoRoot(goVersion))
            .WithProperty("GoLoopvar", "Off"); // 1.19 has no loopvar experiment (GOTB301); loop semantics are not the point here

        var error = BuildAssert.FailedWith(fixture.Build(), "GOTB406");

        Assert.AreEqual(Path.Combine(fixture.Directory, "go", "empty", "go.mod"), error.File);
        BuildAssert.Mentions(error, "matched no packages", $"go{goVersion}");
    }

    [TestMethod]
    public void AHangingGeneratorIsKilledAtGoProcessTimeoutSeconds()
    {
        var fixture = Fixture.Create("generate-hang")
            .WithGoModule("go/hang", GoMod, new Dictionary<string, string>
            {
                ["h/h.go"] = "package h\n\n//go:generate echo first\n//go:generate sleep 300\n",
            }, "BuildMode=\"none\"")
            .WithProperty("GoRoot", PackagedBuild.GoRoot("1.23"))
            .WithProperty("GoProcessTimeoutSeconds", "5");

        var result = fixture.Build();

        var error = BuildAssert.FailedWith(result, "GOTB405");
        Assert.AreEqual(Path.Combine(fixture.Directory, "go", "hang", "h", "h.go"), error.File);
        Assert.AreEqual(4, error.Line);
        BuildAssert.Mentions(error, "sleep 300", "GoProcessTimeoutSeconds");
        Assert.IsTrue(result.Elapsed < TimeSpan.FromSeconds(120), "the build waited for the generator: " + result.Elapsed);
    }

    [TestMethod]
    public void VerifyReportsAStaleFileAndLeavesTheTreeByteIdentical_AlsoWhenAGeneratorFails()
    {
        var fixture = ToolFixture("generate-verify", "1.23", "BuildMode=\"exe\" Generate=\"Verify\"");
        var module = Path.Combine(fixture.Directory, "go", "tool");
        fixture.WriteFile("go/tool/colors/color_string.go", "// Code generated by \"stringer -type=Color\"; DO NOT EDIT.\n\npackage colors\n\nfunc (c Color) String() string { return \"stale\" }\n");
        fixture.WriteFile("go/tool/table/size_gen.go", "package table\n\nconst Size = 42\n");
        var before = TreeHash(module);

        var result = fixture.Build();

        var stale = BuildAssert.FailedWith(result, "GOTB410");
        Assert.AreEqual(Path.Combine(module, "colors", "color_string.go"), stale.File);
        Assert.AreEqual(5, stale.Line, "the first line that differs from what stringer writes (the header is the same)");
        Assert.AreEqual(1, result.Errors.Count(e => e.Code == "GOTB410"), "size_gen.go is current and must not be reported");
        Assert.AreEqual(before, TreeHash(module), "Verify changed the module tree");

        // A failing generator in Verify: the error at its directive, and still nothing changed.
        fixture.WriteFile("go/tool/count/count.go", "package count\n\n//go:generate sh -c \"echo junk > junk.txt; echo changed > ../table/size_gen.go; exit 5\"\n");
        before = TreeHash(module);
        var failing = fixture.Build();
        var error = BuildAssert.FailedWith(failing, "GOTB402");
        Assert.AreEqual(Path.Combine(module, "count", "count.go"), error.File);
        Assert.AreEqual(3, error.Line);
        Assert.AreEqual(before, TreeHash(module), "Verify with a failing generator changed the module tree");
    }

    [TestMethod]
    public void FourProjectsSharingAModuleInAParallelBuildRunItsGeneratorsOnce()
    {
        var fixture = Fixture.Create("generate-parallel");
        var log = RunLogFor(fixture);
        fixture.WriteFile("go/shared/go.mod", GoMod);
        fixture.WriteFile("go/shared/p/p.go", "package p\n\n//go:generate sh -c \"echo ran >> \\\"$RUN_LOG\\\"; sleep 2\"\n");
        var solution = new StringBuilder("<Solution>\n");
        foreach (var name in new[] { "One", "Two", "Three", "Four" })
        {
            fixture.WriteFile($"{name}/{name}.csproj", $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <OutputType>Library</OutputType>
                    <TargetFramework>net10.0</TargetFramework>
                    <GoRoot>{PackagedBuild.GoRoot("1.23")}</GoRoot>
                    <GoEnvironment>RUN_LOG={log}</GoEnvironment>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="GoToolchain.Build" Version="{PackagedBuild.Version}" PrivateAssets="all" />
                    <GoModule Include="../go/shared" BuildMode="none" />
                  </ItemGroup>
                </Project>
                """);
            solution.Append($"  <Project Path=\"{name}/{name}.csproj\" />\n");
        }
        solution.Append("</Solution>\n");
        fixture.WriteFile("All.slnx", solution.ToString());

        var result = PackagedBuild.Run(PackagedBuild.Dotnet,
            new[] { "build", Path.Combine(fixture.Directory, "All.slnx"), "-m", "-nr:false", "-tl:off", "-v:n" }, fixture.Directory,
            new Dictionary<string, string?> { ["NUGET_PACKAGES"] = PackagedBuild.NuGetPackages }, TimeSpan.FromMinutes(10));

        BuildAssert.Succeeded(result);
        Assert.AreEqual(1, Runs(log), "the shared module's generators ran more than once:\n" + result);
        StringAssert.Contains(result.Output, "unchanged since the last successful run", "the other projects should see the first one's result");
    }

    /// <summary>Every file under the folder (bin/obj excluded: the build writes there) with its bytes and time.</summary>
    private static string TreeHash(string directory)
    {
        var sb = new StringBuilder();
        foreach (var file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
                     .Where(f => !Path.GetRelativePath(directory, f).Split(Path.DirectorySeparatorChar).Any(p => p is "bin" or "obj") && !f.EndsWith(".log"))
                     .OrderBy(f => f, StringComparer.Ordinal))
        {
            sb.Append(Path.GetRelativePath(directory, file)).Append(' ')
              .Append(Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(file)))).Append(' ')
              .Append(File.GetLastWriteTimeUtc(file).Ticks).Append('\n');
        }
        return sb.ToString();
    }
}
