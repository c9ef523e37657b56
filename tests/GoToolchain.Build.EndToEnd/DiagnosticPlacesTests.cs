using System.Collections.Generic;
using System.IO;
using System.Linq;
using GoToolchain.Build.Testing;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.EndToEnd;

/// <summary>
/// Issue 26, what a developer meets every hour: errors at the line that set the value (the GoModule item, GoRoot in an imported
/// props file), a GoModule naming its go.mod, a wrong Package caught before go generate, and dotnet build -r for a target
/// whose C compiler nobody knows stopped before go runs. Oldest and newest Go only (CI time).
/// </summary>
[TestClass]
[TestCategory("end-to-end")]
public sealed class DiagnosticPlacesTests
{
    public static IEnumerable<object[]> OldestAndNewest => Toolchains.Rows(new[] { Toolchains.Oldest, Toolchains.Newest });

    /// <summary>A project whose items are written as given, one per line, so a test knows each item's line.</summary>
    private static string Project(params string[] items) => $"""
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <OutputType>Exe</OutputType>
            <TargetFramework>net10.0</TargetFramework>
            <EnableRuntimePackDownload>false</EnableRuntimePackDownload>
            <EnableAppHostPackDownload>false</EnableAppHostPackDownload>
            <UseAppHost>false</UseAppHost>
            <DisableTransitiveFrameworkReferenceDownloads>true</DisableTransitiveFrameworkReferenceDownloads>
          </PropertyGroup>
          <ItemGroup>
            <PackageReference Include="GoToolchain.Build" Version="$(GoToolchainBuildVersion)" PrivateAssets="all" />
            {string.Join("\n    ", items)}
          </ItemGroup>
        </Project>
        """;

    /// <summary>The 1-based line of the first line of <paramref name="file"/> that holds <paramref name="text"/>.</summary>
    private static int LineOf(string file, string text) => File.ReadAllLines(file).ToList().FindIndex(l => l.Contains(text)) + 1;

    private static Fixture WithGreeterModule(string name, string goVersion)
    {
        var fixture = Fixture.Create(name).WithProperty("GoRoot", PackagedBuild.GoRoot(goVersion));
        fixture.WriteFile(Path.Combine("go", "greeter", "go.mod"), "module example.com/greeter\n\ngo 1.19\n");
        foreach (var pair in Fixture.GreeterFiles) fixture.WriteFile(Path.Combine("go", "greeter", pair.Key), pair.Value);
        // A directive, so a go generate that runs says so.
        fixture.WriteFile(Path.Combine("go", "greeter", "gen.go"), "package main\n\n//go:generate echo GENERATE-RAN\n");
        return fixture;
    }

    [TestMethod]
    [DynamicData(nameof(OldestAndNewest))]
    public void AGoModuleNamingItsGoModBuildsAndAWrongPackageIsAnErrorAtTheItemBeforeGoGenerate(string goVersion)
    {
        var fixture = WithGreeterModule("places-gomod-item", goVersion);
        fixture.WriteFile("App.csproj", Project("<GoModule Include=\"go/greeter/go.mod\"", "          Package=\"./greter\" />"));

        var wrong = fixture.Build(null, "-p:GoGenerate=Run");

        var error = BuildAssert.FailedWith(wrong, "GOTB121");
        Assert.AreEqual((fixture.ProjectFile, LineOf(fixture.ProjectFile, "<GoModule Include=\"go/greeter/go.mod\"")), (error.File, error.Line),
            wrong.ToString());
        BuildAssert.Mentions(error, "GoModule 'go/greeter/go.mod' has Package='./greter', which is no package of the module example.com/greeter",
            "Fix: set Package to a main package of the module", "'.'");
        Assert.AreEqual(1, wrong.Errors.Count, wrong.ToString());
        Assert.IsFalse(wrong.Output.Contains("GENERATE-RAN"), "go generate ran:\n" + wrong);
        Assert.IsFalse(wrong.Output.Contains("-buildmode="), "go build ran:\n" + wrong);

        fixture.WriteFile("App.csproj", Project("<GoModule Include=\"go/greeter/go.mod\" />"));
        var built = fixture.Build();

        BuildAssert.Succeeded(built);
        StringAssert.Contains(built.Output, "GENERATE-RAN", "go generate runs in the go.mod's folder");
        Assert.IsTrue(File.Exists(Path.Combine(fixture.OutputDirectory, "libgreeter.so")), "the library of the go.mod's folder is beside the app:\n" + built);
    }

    [TestMethod]
    [DynamicData(nameof(OldestAndNewest))]
    public void BuildingForWinArm64WithNoKnownCCompilerStopsBeforeGoRuns(string goVersion)
    {
        var fixture = WithGreeterModule("places-win-arm64", goVersion);
        fixture.WriteFile("App.csproj", Project("<GoModule Include=\"go/greeter\" />"));

        var result = fixture.Build(null, "-r", "win-arm64");

        var error = BuildAssert.FailedWith(result, "GOTB553");
        Assert.AreEqual(fixture.ProjectFile, error.File);
        BuildAssert.Mentions(error, "dotnet build -r win-arm64 (windows/arm64)", "no C cross-compiler for windows/arm64",
            "<GoCC Condition=\"'$(RuntimeIdentifier)' == 'win-arm64'\">");
        Assert.IsFalse(error.Message.Contains("apt-get"), error.Message);
        Assert.IsFalse(error.Message.Contains("x86_64-w64-mingw32-gcc"), "the amd64 compiler for an arm64 target:\n" + error.Message);
        Assert.IsFalse(result.Output.Contains("-buildmode="), "go build ran:\n" + result);
        Assert.IsFalse(result.Output.Contains("GOTB514") || result.Output.Contains("GOTB500"), result.ToString());
    }

    [TestMethod]
    public void AGoRootErrorIsAtTheLineThatSetsItInAnImportedPropsFile()
    {
        var fixture = Fixture.Create("places-goroot");
        fixture.WriteFile(Path.Combine("go", "greeter", "go.mod"), "module example.com/greeter\n\ngo 1.19\n");
        foreach (var pair in Fixture.GreeterFiles) fixture.WriteFile(Path.Combine("go", "greeter", pair.Key), pair.Value);
        fixture.WriteFile("go.props", "<Project>\n  <PropertyGroup>\n    <GoRoot>/nonexistent/go-1.99</GoRoot>\n  </PropertyGroup>\n</Project>\n");
        fixture.WriteFile("App.csproj", Project("<GoModule Include=\"go/greeter\" />").Replace("<ItemGroup>",
            "<ItemGroup />\n  <Import Project=\"go.props\" />\n  <ItemGroup>"));

        var result = fixture.Build();

        var error = BuildAssert.FailedWith(result, "GOTB002");
        Assert.AreEqual((Path.Combine(fixture.Directory, "go.props"), 3), (error.File, error.Line), result.ToString());
        BuildAssert.Mentions(error, "GoRoot '/nonexistent/go-1.99' does not exist");
    }
}
