using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using GoToolchain.Build.Testing;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.EndToEnd;

/// <summary>
/// tests/fixtures/tool-reference: an app with a ProjectReference to a RID-agnostic library project whose GoModule is
/// an exe tool. The app's RuntimeIdentifier must reach the Go project (build and publish), so the tool next to a
/// win-x64 app is a PE packer.exe, next to a linux-arm64 app an arm64 ELF; without a RID publish and pack warn once.
/// </summary>
[TestClass]
[TestCategory("end-to-end")]
public sealed class ToolReferenceTests
{
    private const string App = "App/App.csproj";
    private const string Tool = "PackerTool/PackerTool.csproj";

    private static Fixture Copy(string name)
        => Fixture.FromTree(name, Path.Combine("tests", "fixtures", "tool-reference"), "App/App")
            .WithProperty("GoRoot", PackagedBuild.GoRoot(Toolchains.Newest))
            .WithMachineNuGetSources();

    private static string AppFolder(Fixture fixture, params string[] parts)
        => Path.Combine(new[] { fixture.Directory, "App", "bin", "Debug", "net10.0" }.Concat(parts).ToArray());

    [TestMethod]
    public void TheAppsRuntimeIdentifierReachesTheGoToolProjectForEveryRid()
    {
        var fixture = Copy("tool-reference-rids");

        var windows = fixture.Dotnet(null, "build", App, "-r", "win-x64", "-v:n");
        BuildAssert.Succeeded(windows);
        Assert.AreEqual("PE x86-64 EXE", NativeFormat.Of(AppFolder(fixture, "win-x64", "packer.exe")), "a win-x64 app must carry a Windows packer.exe");
        Assert.IsFalse(File.Exists(AppFolder(fixture, "win-x64", "packer")), "no host ELF 'packer' next to a win-x64 app");

        var arm = fixture.Dotnet(null, "build", App, "-r", "linux-arm64", "-v:n");
        BuildAssert.Succeeded(arm);
        Assert.AreEqual("ELF aarch64", NativeFormat.Of(AppFolder(fixture, "linux-arm64", "packer")));

        var linux = fixture.Dotnet(null, "build", App, "-r", "linux-x64", "-v:n");
        BuildAssert.Succeeded(linux);
        Assert.AreEqual("ELF x86-64", NativeFormat.Of(AppFolder(fixture, "linux-x64", "packer")));
        var run = PackagedBuild.Run(AppFolder(fixture, "linux-x64", "App"), new[] { Path.Combine(fixture.Directory, "out.zip"), Path.Combine(fixture.Directory, "nuget.config") },
            fixture.Directory, new Dictionary<string, string?>(), TimeSpan.FromMinutes(1));
        Assert.AreEqual(0, run.ExitCode, run.ToString());
        StringAssert.Contains(run.Output, "packer linux/amd64: 1 file(s) into out.zip");

        // No RID: the host's tool, and a plain build says nothing about it.
        var host = fixture.Dotnet(null, "build", App, "-v:n");
        BuildAssert.Succeeded(host);
        Assert.AreEqual("ELF x86-64", NativeFormat.Of(AppFolder(fixture, "packer")));
        Assert.IsFalse(host.Output.Contains("GOTB530"), "a build without a RID is not a publish:\n" + host);
    }

    [TestMethod]
    public void PublishingTheAppForWindowsCarriesAPeToolAndWithoutARidWarnsOnce()
    {
        var fixture = Copy("tool-reference-publish");
        var windowsOut = Path.Combine(fixture.Directory, "publish-win-x64");

        var windows = fixture.Dotnet(null, "publish", App, "-r", "win-x64", "-o", windowsOut, "-v:n");
        BuildAssert.Succeeded(windows);
        Assert.AreEqual("PE x86-64 EXE", NativeFormat.Of(Path.Combine(windowsOut, "packer.exe")));
        Assert.IsFalse(File.Exists(Path.Combine(windowsOut, "packer")));
        Assert.IsFalse(windows.Output.Contains("GOTB530"), "a publish with a RID has nothing to warn about");

        var hostOut = Path.Combine(fixture.Directory, "publish-host");
        var host = fixture.Dotnet(null, "publish", App, "-o", hostOut, "-v:n", "-clp:NoSummary");
        BuildAssert.Succeeded(host);
        Assert.AreEqual("ELF x86-64", NativeFormat.Of(Path.Combine(hostOut, "packer")));
        var warnings = Regex.Matches(host.Output, @"warning GOTB530").Count;
        Assert.AreEqual(1, warnings, "publish without a RID warns exactly once:\n" + host);
        var warning = BuildAssert.HasWarning(host, "GOTB530");
        Assert.AreEqual(Path.Combine(fixture.Directory, "PackerTool", "PackerTool.csproj"), warning.File, "the warning points at the project with the GoModule");
        BuildAssert.Mentions(warning, "dotnet publish", "packer", "linux/amd64", "-r win-x64");

        var pack = fixture.Dotnet(null, "pack", Tool, "-o", Path.Combine(fixture.Directory, "packages"), "-v:n", "-clp:NoSummary");
        BuildAssert.Succeeded(pack);
        Assert.AreEqual(1, Regex.Matches(pack.Output, @"warning GOTB530").Count, "pack without a RID warns exactly once:\n" + pack);
        BuildAssert.Mentions(BuildAssert.HasWarning(pack, "GOTB530"), "dotnet pack", "packer", "linux-x64", "-r win-x64");
    }
}
