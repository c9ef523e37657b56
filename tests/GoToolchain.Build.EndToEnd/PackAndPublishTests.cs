using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using GoToolchain.Build.Testing;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.EndToEnd;

/// <summary>The Go output reaches the publish folder and the package (runtimes/&lt;rid&gt;/native/), not only bin/.</summary>
[TestClass]
[TestCategory("end-to-end")]
public sealed class PackAndPublishTests
{
    private const string CallsGo = """
        using System.Runtime.InteropServices;

        System.Console.WriteLine($"Add(20, 22) = {Native.Add(20, 22)}");

        static class Native
        {
            [DllImport("greeter")] public static extern int Add(int a, int b);
        }
        """;

    private static Fixture AppWithGreeter(string name)
    {
        var fixture = Fixture.Create(name).WithGoModule("go/greeter", "module example.com/greeter\n\ngo 1.21\n");
        fixture.WriteProgram(CallsGo);
        return fixture;
    }

    private static ProcessOutput Dotnet(Fixture fixture, params string[] arguments)
        => PackagedBuild.Run(PackagedBuild.Dotnet, arguments, fixture.Directory,
            new Dictionary<string, string?> { ["NUGET_PACKAGES"] = PackagedBuild.NuGetPackages }, TimeSpan.FromMinutes(10));

    [TestMethod]
    public void PublishedAppCallsTheGoLibraryBesideIt()
    {
        var fixture = AppWithGreeter("publish");
        var goRoot = $"-p:GoRoot={PackagedBuild.GoRoot(Toolchains.Newest)}";
        BuildAssert.Succeeded(fixture.Build(null, goRoot));
        var publishDirectory = Path.Combine(fixture.Directory, "published");

        var publish = Dotnet(fixture, "publish", fixture.ProjectFile, "-nr:false", "-tl:off", goRoot, "-o", publishDirectory);

        Assert.AreEqual(0, publish.ExitCode, publish.ToString());
        Assert.IsTrue(File.Exists(Path.Combine(publishDirectory, "libgreeter.so")), "libgreeter.so is not in the publish folder");
        var run = PackagedBuild.Run(PackagedBuild.Dotnet, new[] { Path.Combine(publishDirectory, "App.dll") }, publishDirectory,
            new Dictionary<string, string?>(), TimeSpan.FromMinutes(1));
        Assert.AreEqual(0, run.ExitCode, run.ToString());
        StringAssert.Contains(run.Output, "Add(20, 22) = 42");
    }

    [TestMethod]
    public void PackagePutsTheGoLibraryUnderRuntimesRidNative()
    {
        var fixture = AppWithGreeter("pack");
        var goRoot = $"-p:GoRoot={PackagedBuild.GoRoot(Toolchains.Newest)}";
        BuildAssert.Succeeded(fixture.Build(null, goRoot));
        var packageDirectory = Path.Combine(fixture.Directory, "packages-out");

        var pack = Dotnet(fixture, "pack", fixture.ProjectFile, "-nr:false", "-tl:off", goRoot, "-p:PackageId=GreeterApp.Test", "-p:Version=1.2.3", "-o", packageDirectory);

        Assert.AreEqual(0, pack.ExitCode, pack.ToString());
        var package = Path.Combine(packageDirectory, "GreeterApp.Test.1.2.3.nupkg");
        using var zip = ZipFile.OpenRead(package);
        var goEntries = zip.Entries.Select(e => e.FullName).Where(n => n.EndsWith("libgreeter.so", StringComparison.Ordinal)).ToList();
        CollectionAssert.AreEqual(new[] { "runtimes/linux-x64/native/libgreeter.so" }, goEntries,
            "entries: " + string.Join(", ", zip.Entries.Select(e => e.FullName)));
        var packed = zip.GetEntry("runtimes/linux-x64/native/libgreeter.so")!;
        // dotnet pack builds Release (the default since .NET 8).
        var built = Path.Combine(fixture.Directory, "obj", "Release", "net10.0", "go", "linux_amd64", "greeter", "libgreeter.so");
        Assert.AreEqual(new FileInfo(built).Length, packed.Length, "the packed library is not the one the build produced");
        Assert.IsFalse(zip.Entries.Any(e => e.FullName.EndsWith("libgreeter.h", StringComparison.Ordinal)), "the C header must not be packed");
    }

    [TestMethod]
    public void PackageHoldsAnExeToolWithoutExtensionAsAFileNotAFolder()
    {
        // NuGet reads a PackagePath without an extension as a folder: 'runtimes/linux-x64/native/packer' once packed the
        // tool as runtimes/linux-x64/native/packer/packer, where no consumer looks.
        var fixture = Fixture.Create("packexe").WithGoModule("go/packer", "module example.com/packer\n\ngo 1.21\n",
            new Dictionary<string, string> { ["main.go"] = "package main\n\nfunc main() { println(\"packer\") }\n" }, "BuildMode=\"exe\" CgoEnabled=\"0\"");
        fixture.WriteProgram("System.Console.WriteLine(\"app\");");
        var goRoot = $"-p:GoRoot={PackagedBuild.GoRoot(Toolchains.Newest)}";
        BuildAssert.Succeeded(fixture.Build(null, goRoot, "-r", "linux-x64"));
        var packageDirectory = Path.Combine(fixture.Directory, "packages-out");

        var pack = Dotnet(fixture, "pack", fixture.ProjectFile, "-nr:false", "-tl:off", goRoot, "-r", "linux-x64", "-p:PackageId=Packer.Test",
            "-p:Version=1.2.3", "-o", packageDirectory);

        Assert.AreEqual(0, pack.ExitCode, pack.ToString());
        using var zip = ZipFile.OpenRead(Path.Combine(packageDirectory, "Packer.Test.1.2.3.nupkg"));
        var entries = zip.Entries.Select(e => e.FullName).Where(n => n.StartsWith("runtimes/", StringComparison.Ordinal)).ToList();
        CollectionAssert.AreEqual(new[] { "runtimes/linux-x64/native/packer" }, entries, "entries: " + string.Join(", ", zip.Entries.Select(e => e.FullName)));
    }
}
