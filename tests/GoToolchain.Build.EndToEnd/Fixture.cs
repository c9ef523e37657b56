using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.EndToEnd;

/// <summary>
/// A throw-away project folder that references the packed GoToolchain.Build: a csproj, a nuget.config pointing
/// only at the run's local feed, a Directory.Build.props for the test's properties, and Go modules.
/// </summary>
public sealed class Fixture
{
    private readonly Dictionary<string, string> _properties = new();
    private readonly List<string> _goModuleItems = new();

    private Fixture(string directory, string projectName)
    {
        Directory = directory;
        ProjectName = projectName;
        System.IO.Directory.CreateDirectory(directory);
        WriteNuGetConfig(directory);
    }

    /// <summary>A nuget.config in <paramref name="directory"/> that knows only the run's local feed.</summary>
    public static void WriteNuGetConfig(string directory)
        => File.WriteAllText(Path.Combine(directory, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="gotoolchain-e2e" value="{PackagedBuild.Feed}" />
              </packageSources>
            </configuration>
            """);

    public string Directory { get; }
    public string ProjectName { get; }
    public string ProjectFile => Path.Combine(Directory, ProjectName + ".csproj");
    public string OutputDirectory => Path.Combine(Directory, "bin", "Debug", "net10.0");

    /// <summary>The GoToolchain.Build version the project references: the run's pack unless a test packs another.</summary>
    public string PackageVersion { get; set; } = PackagedBuild.Version;

    /// <summary>A console app with no Go module yet. The folder name carries a space and non-ASCII characters on purpose.</summary>
    public static Fixture Create(string testName, string projectName = "App")
    {
        var fixture = new Fixture(Path.Combine(PackagedBuild.RunDirectory, testName + " Grüße", Guid.NewGuid().ToString("N").Substring(0, 6)), projectName);
        fixture.WriteProgram("""
            System.Console.WriteLine("app ran");
            """);
        return fixture;
    }

    /// <summary>A console app in exactly <paramref name="directory"/> (the hostile corpus snapshots the folders around it).</summary>
    public static Fixture CreateAt(string directory, string projectName = "App")
    {
        var fixture = new Fixture(directory, projectName);
        fixture.WriteProgram("""
            System.Console.WriteLine("app ran");
            """);
        return fixture;
    }

    /// <summary>A copy of samples/GreeterApp (the package's main job: P/Invoke into a Go c-shared library).</summary>
    public static Fixture FromSample(string testName) => FromTree(testName, Path.Combine("samples", "GreeterApp"), "GreeterApp");

    /// <summary>
    /// A copy of a folder of the repository (a sample, or a fixture under tests/fixtures) whose projects bring their own
    /// project files; projectName is the one <see cref="ProjectFile"/> names ("App/App" for a project in a subfolder).
    /// </summary>
    public static Fixture FromTree(string testName, string relativeSource, string projectName)
    {
        var fixture = new Fixture(Path.Combine(PackagedBuild.RunDirectory, testName + " Grüße", Guid.NewGuid().ToString("N").Substring(0, 6)), projectName);
        var source = Path.Combine(PackagedBuild.RepositoryRoot, relativeSource);
        foreach (var file in System.IO.Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            if (relative.Split(Path.DirectorySeparatorChar).Any(p => p is "bin" or "obj")) continue;
            var destination = Path.Combine(fixture.Directory, relative);
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
        fixture._fromTree = true;
        fixture.WriteDirectoryBuildProps();
        return fixture;
    }

    private bool _fromTree;

    /// <summary>The run's feed first, then the machine's own sources (runtime and apphost packs for other RIDs).</summary>
    public Fixture WithMachineNuGetSources()
    {
        WriteFile("nuget.config", $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="gotoolchain-e2e" value="{PackagedBuild.Feed}" />
              </packageSources>
            </configuration>
            """);
        return this;
    }

    /// <summary>Any dotnet command in the fixture folder, with the run's NUGET_PACKAGES and the packed version.</summary>
    public ProcessOutput Dotnet(IReadOnlyDictionary<string, string?>? environment, params string[] arguments)
    {
        WriteDirectoryBuildProps();
        var env = new Dictionary<string, string?> { ["NUGET_PACKAGES"] = PackagedBuild.NuGetPackages };
        if (environment is not null) foreach (var pair in environment) env[pair.Key] = pair.Value;
        var result = PackagedBuild.Run(PackagedBuild.Dotnet, arguments.Concat(new[] { "-nr:false", "-tl:off", "-clp:ForceNoAlign" }), Directory, env, TimeSpan.FromMinutes(10));
        File.WriteAllText(Path.Combine(Directory, $"{arguments.FirstOrDefault()}-{DateTime.UtcNow:HHmmssfff}.log"), result.Output);
        return result;
    }

    public Fixture WithProperty(string name, string value)
    {
        _properties[name] = value;
        return this;
    }

    /// <summary>Adds a Go module folder with the given go.mod and files, and lists it as a GoModule item.</summary>
    /// <param name="relativeDirectory">The GoModule Include as MSBuild reads it (%XX escapes are unescaped for the folder on disk).</param>
    /// <param name="goMod">null writes no go.mod.</param>
    public Fixture WithGoModule(string relativeDirectory, string? goMod, IReadOnlyDictionary<string, string>? files = null, string itemMetadata = "")
    {
        var include = relativeDirectory;
        relativeDirectory = Uri.UnescapeDataString(relativeDirectory);
        var directory = Path.Combine(Directory, relativeDirectory);
        System.IO.Directory.CreateDirectory(directory);
        if (goMod is not null) File.WriteAllText(Path.Combine(directory, "go.mod"), goMod);
        foreach (var pair in files ?? GreeterFiles) WriteFile(Path.Combine(relativeDirectory, pair.Key), pair.Value);
        _goModuleItems.Add($"<GoModule Include=\"{System.Security.SecurityElement.Escape(include)}\" {itemMetadata} />");
        return this;
    }

    public static IReadOnlyDictionary<string, string> GreeterFiles { get; } = new Dictionary<string, string>
    {
        ["lib.go"] = """
            package main

            // #include <stdlib.h>
            import "C"

            import "runtime"

            //export Add
            func Add(a, b C.int) C.int { return a + b }

            //export GoVersion
            func GoVersion() *C.char { return C.CString(runtime.Version()) }

            func main() {}
            """,
    };

    public void WriteFile(string relativePath, string content)
    {
        var path = Path.Combine(Directory, relativePath);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    public void WriteProgram(string code) => WriteFile("Program.cs", code);

    /// <summary>Writes the csproj and Directory.Build.props now (before a test snapshots the folder).</summary>
    public void WriteProjectFiles()
    {
        WriteProject();
        WriteDirectoryBuildProps();
    }

    /// <summary>Writes the csproj and Directory.Build.props, then runs dotnet build with -nr:false.</summary>
    public ProcessOutput Build(IReadOnlyDictionary<string, string?>? environment = null, params string[] arguments)
    {
        if (!File.Exists(ProjectFile) || _goModuleItems.Count > 0) WriteProject();
        WriteDirectoryBuildProps();
        var args = new List<string> { "build", ProjectFile, "-nr:false", "-tl:off", "-clp:ForceNoAlign", "-v:n" };
        args.AddRange(arguments);
        var env = new Dictionary<string, string?> { ["NUGET_PACKAGES"] = PackagedBuild.NuGetPackages };
        if (environment is not null) foreach (var pair in environment) env[pair.Key] = pair.Value;
        var result = PackagedBuild.Run(PackagedBuild.Dotnet, args, Directory, env, TimeSpan.FromMinutes(10));
        File.WriteAllText(Path.Combine(Directory, $"build-{DateTime.UtcNow:HHmmssfff}.log"), result.Output);
        return result;
    }

    /// <summary>Runs the built app with `dotnet App.dll`.</summary>
    public ProcessOutput RunApp()
        => PackagedBuild.Run(PackagedBuild.Dotnet, new[] { Path.Combine(OutputDirectory, ProjectName + ".dll") }, Directory,
            new Dictionary<string, string?>(), TimeSpan.FromMinutes(1));

    private void WriteProject()
    {
        if (_fromTree) return; // a copied tree brings its own project files
        File.WriteAllText(ProjectFile, $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <AllowUnsafeBlocks>true</AllowUnsafeBlocks>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="GoToolchain.Build" Version="{PackageVersion}" PrivateAssets="all" />
                {string.Join("\n    ", _goModuleItems)}
              </ItemGroup>
            </Project>
            """);
    }

    private void WriteDirectoryBuildProps()
    {
        var sb = new StringBuilder("<Project>\n  <PropertyGroup>\n");
        sb.Append($"    <GoToolchainBuildVersion>{PackagedBuild.Version}</GoToolchainBuildVersion>\n");
        foreach (var pair in _properties) sb.Append($"    <{pair.Key}>{pair.Value}</{pair.Key}>\n");
        sb.Append("  </PropertyGroup>\n</Project>\n");
        File.WriteAllText(Path.Combine(Directory, "Directory.Build.props"), sb.ToString());
    }
}

public static class BuildAssert
{
    public static void Succeeded(ProcessOutput result)
        => Assert.AreEqual(0, result.ExitCode, "the build should succeed:\n" + result);

    /// <summary>The build failed and reported this code as an error; returns it for further checks.</summary>
    public static BuildDiagnostic FailedWith(ProcessOutput result, string code)
    {
        Assert.AreNotEqual(0, result.ExitCode, $"the build should fail with {code}:\n" + result);
        var error = result.Errors.FirstOrDefault(e => e.Code == code);
        Assert.IsNotNull(error, $"no error {code}; errors were: {string.Join("; ", result.Errors.Select(e => e.Code + " " + e.Message))}\n" + result);
        Assert.IsFalse(result.Output.Contains("MSB4018"), "an unhandled task exception (MSB4018):\n" + result);
        return error;
    }

    public static BuildDiagnostic HasWarning(ProcessOutput result, string code)
    {
        var warning = result.Warnings.FirstOrDefault(e => e.Code == code);
        Assert.IsNotNull(warning, $"no warning {code}; warnings were: {string.Join("; ", result.Warnings.Select(e => e.Code + " " + e.Message))}\n" + result);
        return warning;
    }

    public static void Mentions(BuildDiagnostic diagnostic, params string[] texts)
    {
        foreach (var text in texts)
            StringAssert.Contains(diagnostic.Message, text, $"{diagnostic.Code} should name '{text}': {diagnostic.Message}");
    }
}
