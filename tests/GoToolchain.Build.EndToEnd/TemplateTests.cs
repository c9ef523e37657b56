using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using GoToolchain.Build.Testing;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.EndToEnd;

/// <summary>
/// GoToolchain.Build.Templates as a user meets it: installed from the feed into a private DOTNET_CLI_HOME,
/// instantiated with no options, built with go from PATH, run.
/// </summary>
[TestClass]
[TestCategory("end-to-end")]
public sealed class TemplateTests
{
    private static string _home = "";

    [ClassInitialize]
    public static void InstallTemplates(TestContext _)
    {
        PackagedBuild.Pack(PackagedBuild.Version, "GoToolchain.Build.Templates");
        _home = Path.Combine(PackagedBuild.RunDirectory, "dotnet-cli-home");
        Directory.CreateDirectory(_home);
        var install = Dotnet(PackagedBuild.RunDirectory, "new", "install", $"GoToolchain.Build.Templates::{PackagedBuild.Version}", "--nuget-source", PackagedBuild.Feed);
        Assert.AreEqual(0, install.ExitCode, install.ToString());
        StringAssert.Contains(install.Output, "gotoolchain-console");
        StringAssert.Contains(install.Output, "gotoolchain-gotool");
    }

    private static ProcessOutput Dotnet(string directory, params string[] arguments)
        => PackagedBuild.Run(PackagedBuild.Dotnet, arguments, directory, new Dictionary<string, string?>
        {
            ["DOTNET_CLI_HOME"] = _home,
            ["NUGET_PACKAGES"] = PackagedBuild.NuGetPackages,
            // A user's machine: go 1.23 on PATH, nothing set in the project.
            ["PATH"] = PackagedBuild.GoRoot(Toolchains.Newest) + "/bin:" + Environment.GetEnvironmentVariable("PATH"),
        }, TimeSpan.FromMinutes(10));

    /// <summary>`dotnet new &lt;template&gt; -o &lt;name&gt;` in a folder whose nuget.config knows only the run's feed; returns the project folder.</summary>
    private static string Instantiate(string template, string name)
    {
        var parent = Path.Combine(PackagedBuild.RunDirectory, template + " Grüße", Guid.NewGuid().ToString("N").Substring(0, 6));
        Directory.CreateDirectory(parent);
        Fixture.WriteNuGetConfig(parent);
        var created = Dotnet(parent, "new", template, "-o", name);
        Assert.AreEqual(0, created.ExitCode, created.ToString());
        var project = Path.Combine(parent, name, name + ".csproj");
        Assert.IsTrue(File.Exists(project), created.ToString());
        StringAssert.Contains(File.ReadAllText(project), $"<PackageReference Include=\"GoToolchain.Build\" Version=\"{PackagedBuild.Version}\"",
            "the template must reference the GoToolchain.Build packed with it");
        return Path.Combine(parent, name);
    }

    private static ProcessOutput BuildAndRun(string directory, string name)
    {
        var build = Dotnet(directory, "build", "-nr:false", "-tl:off");
        BuildAssert.Succeeded(build);
        Assert.IsFalse(build.Warnings.Any(), "an out-of-the-box build should not warn:\n" + build);
        var run = Dotnet(directory, Path.Combine(directory, "bin", "Debug", "net10.0", name + ".dll"));
        Assert.AreEqual(0, run.ExitCode, run.ToString());
        return run;
    }

    [TestMethod]
    public void ConsoleTemplateCallsItsGoLibrary()
    {
        var directory = Instantiate("gotoolchain-console", "HelloGo");

        var run = BuildAndRun(directory, "HelloGo");

        StringAssert.Contains(run.Output, "Add(2, 3) = 5");
        StringAssert.Contains(run.Output, "Greet: Hello, HelloGo! (from Go)");
    }

    [TestMethod]
    public void GoToolTemplateShipsAndRunsItsGoTool()
    {
        var directory = Instantiate("gotoolchain-gotool", "ToolHost");

        var run = BuildAndRun(directory, "ToolHost");

        StringAssert.Contains(run.Output, $"gotool said: Hello, ToolHost! (from a Go tool, {Toolchains.Version(Toolchains.Newest)}");
        Assert.IsTrue(File.Exists(Path.Combine(directory, "bin", "Debug", "net10.0", "gotool")), "the Go tool is not beside the app");
    }
}
