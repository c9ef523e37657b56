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

    /// <summary>`dotnet new &lt;template&gt; -o &lt;name&gt; [options]` in a folder whose nuget.config knows only the run's feed; returns the
    /// project folder, restored by the template's post-action (before any build).</summary>
    private static string Instantiate(string template, string name, params string[] options)
    {
        var parent = Path.Combine(PackagedBuild.RunDirectory, template + " Grüße", Guid.NewGuid().ToString("N").Substring(0, 6));
        Directory.CreateDirectory(parent);
        Fixture.WriteNuGetConfig(parent);
        var created = Dotnet(parent, new[] { "new", template, "-o", name }.Concat(options).ToArray());
        Assert.AreEqual(0, created.ExitCode, created.ToString());
        StringAssert.Contains(created.Output, "Restore succeeded.");
        Assert.IsTrue(File.Exists(Path.Combine(parent, name, "obj", "project.assets.json")), "the restore post-action did not run:\n" + created);
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
        var directory = Instantiate("gotoolchain-console", "HelloGo", "-f", "net10.0");

        var run = BuildAndRun(directory, "HelloGo");

        StringAssert.Contains(run.Output, "Add(2, 3) = 5");
        StringAssert.Contains(run.Output, "Greet: Hello, HelloGo! (from Go)");
    }

    [TestMethod]
    public void GoToolTemplateShipsAndRunsItsGoTool()
    {
        // --go-root: the project builds with the oldest go this template supports although the newest is on PATH.
        var directory = Instantiate("gotoolchain-gotool", "ToolHost", "--framework", "net10.0", "--go-root", PackagedBuild.GoRoot("1.21"));
        StringAssert.Contains(File.ReadAllText(Path.Combine(directory, "ToolHost.csproj")), $"<GoRoot>{PackagedBuild.GoRoot("1.21")}</GoRoot>");

        var run = BuildAndRun(directory, "ToolHost");

        StringAssert.Contains(run.Output, $"gotool said: Hello, ToolHost! (from a Go tool, {Toolchains.Version("1.21")}");
        Assert.IsTrue(File.Exists(Path.Combine(directory, "bin", "Debug", "net10.0", "gotool")), "the Go tool is not beside the app");
    }

    /// <summary>The templates package shows a readme and an icon on nuget.org and in the IDE's package manager.</summary>
    [TestMethod]
    public void TheTemplatesPackageHasAReadmeAndAnIcon()
    {
        using var zip = System.IO.Compression.ZipFile.OpenRead(Path.Combine(PackagedBuild.Feed, $"GoToolchain.Build.Templates.{PackagedBuild.Version}.nupkg"));
        using var nuspec = new StreamReader(zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open());
        var text = nuspec.ReadToEnd();
        StringAssert.Contains(text, "<readme>README.md</readme>");
        StringAssert.Contains(text, "<icon>icon.png</icon>");
        Assert.IsNotNull(zip.GetEntry("icon.png"));
        using var readme = new StreamReader(zip.GetEntry("README.md")!.Open());
        StringAssert.Contains(readme.ReadToEnd(), "`-f`, `--framework`");
    }
}
