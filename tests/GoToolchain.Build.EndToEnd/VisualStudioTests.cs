using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using GoToolchain.Build.Testing;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.EndToEnd;

/// <summary>
/// What Visual Studio sees: the fast up-to-date check's items, and design-time builds that never start go.
/// The fixture's Directory.Build.targets defines the Collect*DesignTime targets the way Visual Studio's
/// Microsoft.Managed.DesignTime.targets does (the .NET SDK alone does not ship them).
/// </summary>
[TestClass]
[TestCategory("end-to-end")]
public sealed class VisualStudioTests
{
    private const string DesignTimeTargets = """
        <Project>
          <Target Name="CollectUpToDateCheckInputDesignTime" DependsOnTargets="$(CollectUpToDateCheckInputDesignTimeDependsOn)" Returns="@(UpToDateCheckInput)" />
          <Target Name="CollectUpToDateCheckOutputDesignTime" DependsOnTargets="$(CollectUpToDateCheckOutputDesignTimeDependsOn)" Returns="@(UpToDateCheckOutput)" />
          <Target Name="CollectUpToDateCheckBuiltDesignTime" DependsOnTargets="$(CollectUpToDateCheckBuiltDesignTimeDependsOn)" Returns="@(UpToDateCheckBuilt)" />
        </Project>
        """;

    private static Fixture GreeterWithEmbed(string name)
    {
        var files = new Dictionary<string, string>(Fixture.GreeterFiles)
        {
            ["embed.go"] = "package main\n\nimport _ \"embed\"\n\n//go:embed greeting.txt\nvar greeting string\n",
            ["greeting.txt"] = "hello\n",
            ["go.sum"] = "",
            ["obj/leftover.txt"] = "not read by go build\n",
        };
        var fixture = Fixture.Create(name).WithGoModule("go/greeter", "module example.com/greeter\n\ngo 1.21\n", files);
        fixture.WriteFile("Directory.Build.targets", DesignTimeTargets);
        return fixture;
    }

    /// <summary>Runs the targets Visual Studio runs for its up-to-date check, as a design-time build, and returns the items by type.</summary>
    private static Dictionary<string, List<(string Path, string Set)>> UpToDateItems(Fixture fixture, params string[] extra)
    {
        var args = new List<string> { "msbuild", fixture.ProjectFile, "-nr:false", "-p:DesignTimeBuild=true", "-p:SkipCompilerExecution=true",
            "-t:CollectUpToDateCheckInputDesignTime;CollectUpToDateCheckOutputDesignTime;CollectUpToDateCheckBuiltDesignTime",
            "-getItem:UpToDateCheckInput", "-getItem:UpToDateCheckOutput" };
        args.AddRange(extra);
        var result = PackagedBuild.Run(PackagedBuild.Dotnet, args, fixture.Directory,
            new Dictionary<string, string?> { ["NUGET_PACKAGES"] = PackagedBuild.NuGetPackages }, TimeSpan.FromMinutes(5));
        Assert.AreEqual(0, result.ExitCode, result.ToString());
        using var json = JsonDocument.Parse(result.Output.Substring(result.Output.IndexOf('{')));
        var items = new Dictionary<string, List<(string, string)>>();
        foreach (var type in json.RootElement.GetProperty("Items").EnumerateObject())
        {
            items[type.Name] = type.Value.EnumerateArray()
                .Select(i => (i.GetProperty("FullPath").GetString()!, i.TryGetProperty("Set", out var set) ? set.GetString() ?? "" : ""))
                .ToList();
        }
        return items;
    }

    private static DateTime NewestGoInput(Dictionary<string, List<(string Path, string Set)>> items)
        => items["UpToDateCheckInput"].Where(i => i.Set == "Go").Max(i => File.GetLastWriteTimeUtc(i.Path));

    private static DateTime GoOutput(Dictionary<string, List<(string Path, string Set)>> items)
        => items["UpToDateCheckOutput"].Where(i => i.Set == "Go").Select(i => File.GetLastWriteTimeUtc(i.Path)).Single();

    [TestMethod]
    public void UpToDateCheckSeesEveryGoInputAndEachKindOfEditMakesTheProjectStale()
    {
        var fixture = GreeterWithEmbed("vs-utd");
        var goRoot = $"-p:GoRoot={PackagedBuild.GoRoot(Toolchains.Newest)}";
        BuildAssert.Succeeded(fixture.Build(null, goRoot));

        var items = UpToDateItems(fixture, goRoot);
        var module = Path.Combine(fixture.Directory, "go", "greeter");
        var inputs = items["UpToDateCheckInput"].Where(i => i.Set == "Go").Select(i => i.Path).ToList();
        foreach (var file in new[] { "lib.go", "embed.go", "greeting.txt", "go.mod", "go.sum" })
            CollectionAssert.Contains(inputs, Path.Combine(module, file), "not an up-to-date input: " + file);
        Assert.IsFalse(inputs.Any(i => i.Contains("/obj/")), "obj/ (like .git/, bin/, node_modules/) holds no go build inputs: " + string.Join("\n", inputs));
        Assert.IsTrue(items["UpToDateCheckOutput"].Any(o => o.Set == "Go"), "no Go output for the check to compare with");
        Assert.IsTrue(NewestGoInput(items) <= GoOutput(items), "right after a build the Go set must be up to date");

        foreach (var file in new[] { "lib.go", "go.mod", "go.sum", "greeting.txt" })
        {
            var path = Path.Combine(module, file);
            File.SetLastWriteTimeUtc(path, GoOutput(items).AddSeconds(2)); // an edit, as the editor's save makes it
            Assert.IsTrue(NewestGoInput(UpToDateItems(fixture, goRoot)) > GoOutput(items), $"an edit of {file} must make the Go set out of date");

            BuildAssert.Succeeded(fixture.Build(null, goRoot));
            items = UpToDateItems(fixture, goRoot);
            Assert.IsTrue(NewestGoInput(items) <= GoOutput(items), $"after the build that followed the edit of {file}, the Go set must be up to date again");
        }

        // A new .go file counts too (the set is a glob, not a list frozen at the last build).
        fixture.WriteFile("go/greeter/extra.go", "package main\n");
        File.SetLastWriteTimeUtc(Path.Combine(module, "extra.go"), GoOutput(items).AddSeconds(2));
        Assert.IsTrue(NewestGoInput(UpToDateItems(fixture, goRoot)) > GoOutput(items), "a new .go file must make the Go set out of date");
    }

    [TestMethod]
    public void DesignTimeBuildsStartNoGoProcess()
    {
        var fixture = GreeterWithEmbed("vs-design-time");
        // A go that records every start: design-time builds must never run it.
        var bin = Path.Combine(fixture.Directory, "fake-bin");
        Directory.CreateDirectory(bin);
        var marker = Path.Combine(fixture.Directory, "go-started.txt");
        var fakeGo = Path.Combine(bin, "go");
        File.WriteAllText(fakeGo, $"#!/bin/sh\necho \"$@\" >> '{marker}'\nexit 1\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(fakeGo, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var restore = fixture.Build(null, "-t:Restore");
        BuildAssert.Succeeded(restore);

        var args = new[] { "msbuild", fixture.ProjectFile, "-nr:false", "-tl:off", "-v:n", "-p:DesignTimeBuild=true", "-p:SkipCompilerExecution=true",
            "-p:ProvideCommandLineArgs=true", "-p:BuildingInsideVisualStudio=true",
            "-t:ResolveAssemblyReferences;AssignTargetPaths;GetCopyToOutputDirectoryItems;CollectUpToDateCheckInputDesignTime;CollectUpToDateCheckOutputDesignTime;CollectUpToDateCheckBuiltDesignTime" };
        var result = PackagedBuild.Run(PackagedBuild.Dotnet, args, fixture.Directory, new Dictionary<string, string?>
        {
            ["NUGET_PACKAGES"] = PackagedBuild.NuGetPackages,
            ["PATH"] = bin + ":" + Environment.GetEnvironmentVariable("PATH"),
        }, TimeSpan.FromMinutes(5));

        Assert.AreEqual(0, result.ExitCode, result.ToString());
        Assert.IsFalse(File.Exists(marker), "a design-time build started go: " + (File.Exists(marker) ? File.ReadAllText(marker) : ""));
        Assert.IsFalse(result.Output.Contains("GOTB"), "a design-time build ran a GoToolchain.Build task:\n" + result);
    }
}
