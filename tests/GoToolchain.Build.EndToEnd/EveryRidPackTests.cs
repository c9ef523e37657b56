using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text.RegularExpressions;
using GoToolchain.Build.Testing;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.EndToEnd;

/// <summary>
/// One dotnet pack of a class library with RuntimeIdentifiers=linux-x64;win-x64;linux-arm64 carries the Go library of
/// every RID under runtimes/&lt;rid&gt;/native/; an app restores that package and calls into Go; each RID's C compiler is
/// checked before any go build, and GoOptionalRuntimeIdentifiers leaves out a RID whose compiler is missing.
/// </summary>
[TestClass]
[TestCategory("end-to-end")]
public sealed class EveryRidPackTests
{
    private const string ThreeRids = "linux-x64;win-x64;linux-arm64";

    private static readonly Dictionary<string, string> Expected = new()
    {
        ["runtimes/linux-x64/native/libgreeter.so"] = "ELF x86-64",
        ["runtimes/win-x64/native/greeter.dll"] = "PE x86-64 DLL",
        ["runtimes/linux-arm64/native/libgreeter.so"] = "ELF aarch64",
    };

    private const string LibrarySource = """
        using System.Runtime.InteropServices;

        namespace Greeter;

        public static class GoGreeter
        {
            [DllImport("greeter")] private static extern int Add(int a, int b);
            [DllImport("greeter")] private static extern System.IntPtr GoVersion();

            public static int Sum(int a, int b) => Add(a, b);
            public static string Version() => Marshal.PtrToStringAnsi(GoVersion())!;
        }
        """;

    /// <summary>A class library (no Program.cs) with the greeter module, packed as <paramref name="packageId"/>.</summary>
    private static Fixture Library(string name, string packageId, string runtimeIdentifiers, string goVersion, string extraProperties = "",
        string targetFrameworks = "<TargetFramework>net10.0</TargetFramework>")
    {
        var fixture = Fixture.Create(name, "Lib").WithProperty("GoRoot", PackagedBuild.GoRoot(goVersion));
        File.Delete(Path.Combine(fixture.Directory, "Program.cs"));
        fixture.WriteFile("Greeter.cs", LibrarySource);
        fixture.WriteFile(Path.Combine("go", "greeter", "go.mod"), "module example.com/greeter\n\ngo 1.21\n");
        foreach (var pair in Fixture.GreeterFiles) fixture.WriteFile(Path.Combine("go", "greeter", pair.Key), pair.Value);
        // A library that is never published itself needs no .NET runtime or apphost packs for its RIDs (restore stays offline).
        fixture.WriteFile("Lib.csproj", $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                {targetFrameworks}
                <RuntimeIdentifiers>{runtimeIdentifiers}</RuntimeIdentifiers>
                <PackageId>{packageId}</PackageId>
                <EnableRuntimePackDownload>false</EnableRuntimePackDownload>
                <EnableAppHostPackDownload>false</EnableAppHostPackDownload>
                <DisableTransitiveFrameworkReferenceDownloads>true</DisableTransitiveFrameworkReferenceDownloads>
                {extraProperties}
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="GoToolchain.Build" Version="$(GoToolchainBuildVersion)" PrivateAssets="all" />
                <GoModule Include="go/greeter" />
              </ItemGroup>
            </Project>
            """);
        return fixture;
    }

    private static string UniqueVersion() => "1.0.0-t" + Guid.NewGuid().ToString("N").Substring(0, 8);

    private static ProcessOutput Pack(Fixture fixture, string version, string feed, IReadOnlyDictionary<string, string?>? environment = null)
        => fixture.Dotnet(environment, "pack", fixture.ProjectFile, $"-p:Version={version}", "-o", feed, "-v:n");

    /// <summary>win-x86's C compiler made missing by the test itself (a machine with gcc-mingw-w64-i686-win32 has it).</summary>
    private static IReadOnlyDictionary<string, string?> WithoutI686Compiler() => MissingPrograms.Environment("i686-w64-mingw32-gcc");

    /// <summary>The GOOS_GOARCH folder of every real go build (GoBuild's "module&gt; command" line; a shared build copies instead).</summary>
    private static List<string> GoBuildTargets(ProcessOutput output)
        => Regex.Matches(output.Output, @"> \S*/bin/go build (?:-json )?-buildmode=c-shared -o .*?/go/(?<target>[a-z0-9]+_[a-z0-9]+)/greeter/")
            .Select(m => m.Groups["target"].Value).OrderBy(t => t, StringComparer.Ordinal).ToList();

    private static Dictionary<string, byte[]> RuntimeEntries(string package)
    {
        using var zip = ZipFile.OpenRead(package);
        return zip.Entries.Where(e => e.FullName.StartsWith("runtimes/", StringComparison.Ordinal))
            .ToDictionary(e => e.FullName, e => { using var s = e.Open(); using var m = new MemoryStream(); s.CopyTo(m); return m.ToArray(); });
    }

    private static List<string> AllEntries(string package)
    {
        using var zip = ZipFile.OpenRead(package);
        return zip.Entries.Select(e => e.FullName).OrderBy(n => n, StringComparer.Ordinal).ToList();
    }

    // Packing is the package's own logic; the three RIDs' cross builds (the costly part) on 1.24 and the newest.
    public static IEnumerable<object[]> PackToolchains => Toolchains.Rows(new[] { Toolchains.NewestWithCgoLoopBug, Toolchains.Newest });

    [TestMethod]
    [DynamicData(nameof(PackToolchains))]
    public void OnePackCarriesTheGoLibraryOfEveryRidAndASecondPackRunsNoGoBuild(string goVersion)
    {
        var id = "Greeter.Every" + goVersion.Replace(".", "");
        var version = UniqueVersion();
        var fixture = Library("every-rid-" + goVersion, id, ThreeRids, goVersion);
        var feed = Path.Combine(fixture.Directory, "feed-out");

        var first = Pack(fixture, version, feed);

        BuildAssert.Succeeded(first);
        Assert.IsFalse(first.Output.Contains("GOTB530"), "RuntimeIdentifiers covers every RID; no host-only warning:\n" + first);
        var package = Path.Combine(feed, $"{id}.{version}.nupkg");
        var runtimes = RuntimeEntries(package);
        CollectionAssert.AreEquivalent(Expected.Keys.ToList(), runtimes.Keys.ToList(), "runtimes/ entries: " + string.Join(", ", runtimes.Keys));
        foreach (var pair in Expected)
        {
            Assert.AreEqual(pair.Value, NativeFormat.Describe(runtimes[pair.Key]), pair.Key);
            StringAssert.Contains(System.Text.Encoding.ASCII.GetString(runtimes[pair.Key]), "GoVersion", $"{pair.Key} does not export GoVersion");
        }
        // Nothing stray: the RID-agnostic assembly in lib/, the native files, NuGet's own metadata; no header, no host duplicate.
        var stray = AllEntries(package).Where(n => !runtimes.ContainsKey(n) && n != "lib/net10.0/Lib.dll" && n != $"{id}.nuspec"
            && n != "_rels/.rels" && n != "[Content_Types].xml" && !n.StartsWith("package/services/metadata/", StringComparison.Ordinal)).ToList();
        Assert.IsEmpty(stray, "stray entries: " + string.Join(", ", stray));
        // The host build and linux-x64's are one build (the shared build store); windows and arm64 one each.
        CollectionAssert.AreEqual(new[] { "linux_amd64", "linux_arm64", "windows_amd64" }, GoBuildTargets(first), first.ToString());
        StringAssert.Contains(first.Output, "uses the C compiler 'x86_64-w64-mingw32-gcc'");
        StringAssert.Contains(first.Output, "uses the C compiler 'aarch64-linux-gnu-gcc'");
        // Each RID is built in its own intermediate folder, under its own RID.
        var obj = Path.Combine(fixture.Directory, "obj", "Release", "net10.0");
        Assert.IsTrue(File.Exists(Path.Combine(obj, "win-x64", "go", "windows_amd64", "greeter", "greeter.dll")));
        Assert.IsTrue(File.Exists(Path.Combine(obj, "linux-arm64", "go", "linux_arm64", "greeter", "libgreeter.so")));

        var second = Pack(fixture, version, feed);

        BuildAssert.Succeeded(second);
        Assert.IsEmpty(GoBuildTargets(second), "a second pack must not run go build:\n" + second);
        Assert.IsFalse(Regex.IsMatch(second.Output, @"> \S*/bin/go "), "a second pack starts no go process at all:\n" + second);
        CollectionAssert.AreEquivalent(Expected.Keys.ToList(), RuntimeEntries(package).Keys.ToList());
    }

    [TestMethod]
    public void APlainBuildOfTheLibraryBuildsForTheHostOnly()
    {
        var fixture = Library("every-rid-build", "Greeter.Build", ThreeRids, Toolchains.Newest);

        var build = fixture.Dotnet(null, "build", fixture.ProjectFile, "-v:n");

        BuildAssert.Succeeded(build);
        CollectionAssert.AreEqual(new[] { "linux_amd64" }, GoBuildTargets(build), build.ToString());
        Assert.IsTrue(File.Exists(Path.Combine(fixture.OutputDirectory, "libgreeter.so")), "the host library is beside the assembly");
        Assert.IsFalse(build.Output.Contains("GOTB55"), build.ToString());
    }

    [TestMethod]
    public void ARidWithoutItsCCompilerFailsThePackBeforeAnyGoBuild()
    {
        // win-x86 needs i686-w64-mingw32-gcc, taken off PATH here; osx-arm64 has no C cross-compiler on Linux.
        var fixture = Library("every-rid-missing-cc", "Greeter.Missing", "linux-x64;win-x64;win-x86;osx-arm64", Toolchains.Newest);
        var feed = Path.Combine(fixture.Directory, "feed-out");

        var pack = Pack(fixture, UniqueVersion(), feed, WithoutI686Compiler());

        var missing = BuildAssert.FailedWith(pack, "GOTB513");
        Assert.AreEqual(fixture.ProjectFile, missing.File);
        BuildAssert.Mentions(missing, "RuntimeIdentifiers lists 'win-x86' (windows/386)", "i686-w64-mingw32-gcc",
            "apt-get install --no-install-recommends gcc-mingw-w64-i686-win32", "GoOptionalRuntimeIdentifiers");
        var unknown = BuildAssert.FailedWith(pack, "GOTB551");
        BuildAssert.Mentions(unknown, "'osx-arm64' (darwin/arm64)", "GoCC", "GoOptionalRuntimeIdentifiers");
        Assert.IsEmpty(GoBuildTargets(pack), "go build ran although a RID's C compiler was missing:\n" + pack);
        Assert.IsFalse(Directory.Exists(feed) && Directory.EnumerateFiles(feed, "*.nupkg").Any(), "no package from a failed pack");
    }

    [TestMethod]
    public void OptionalRidsWithoutTheirCCompilerAreLeftOutAndNamed()
    {
        var id = "Greeter.Optional";
        var version = UniqueVersion();
        var fixture = Library("every-rid-optional", id, "linux-x64;win-x64;win-x86;osx-arm64", Toolchains.Newest,
            "<GoOptionalRuntimeIdentifiers>osx-arm64;win-x86</GoOptionalRuntimeIdentifiers>");
        var feed = Path.Combine(fixture.Directory, "feed-out");

        var pack = Pack(fixture, version, feed, WithoutI686Compiler());

        BuildAssert.Succeeded(pack);
        var skipped = pack.Warnings.Where(w => w.Code == "GOTB550").ToList();
        Assert.AreEqual(2, skipped.Count, "one warning per left-out RID:\n" + pack);
        BuildAssert.Mentions(skipped.Single(w => w.Message.Contains("'win-x86'")), "leaves out RuntimeIdentifier 'win-x86' (windows/386)",
            "i686-w64-mingw32-gcc", "no runtimes/win-x86/native/ folder");
        BuildAssert.Mentions(skipped.Single(w => w.Message.Contains("'osx-arm64'")), "leaves out RuntimeIdentifier 'osx-arm64' (darwin/arm64)");
        Assert.IsFalse(pack.Errors.Any(), pack.ToString());
        CollectionAssert.AreEquivalent(new[] { "runtimes/linux-x64/native/libgreeter.so", "runtimes/win-x64/native/greeter.dll" },
            RuntimeEntries(Path.Combine(feed, $"{id}.{version}.nupkg")).Keys.ToList());
        CollectionAssert.AreEqual(new[] { "linux_amd64", "windows_amd64" }, GoBuildTargets(pack), pack.ToString());
    }

    [TestMethod]
    public void AMultiTargetingLibraryPacksEachRidOnceAndASingleRidPackCarriesItToo()
    {
        // The inner (per-TargetFramework) builds hold the Go outputs; the package gets them once, not once per framework.
        var id = "Greeter.MultiTfm";
        var fixture = Library("every-rid-multi-tfm", id, ThreeRids, Toolchains.Newest,
            targetFrameworks: "<TargetFrameworks>net10.0;net8.0</TargetFrameworks>").WithMachineNuGetSources();
        var feed = Path.Combine(fixture.Directory, "feed-out");
        var every = UniqueVersion();

        var pack = Pack(fixture, every, feed);

        BuildAssert.Succeeded(pack);
        var package = Path.Combine(feed, $"{id}.{every}.nupkg");
        CollectionAssert.AreEquivalent(Expected.Keys.ToList(), RuntimeEntries(package).Keys.ToList());
        CollectionAssert.IsSubsetOf(new[] { "lib/net10.0/Lib.dll", "lib/net8.0/Lib.dll" }, AllEntries(package));
        Assert.IsFalse(pack.Output.Contains("NU5118"), "a file was offered twice:\n" + pack);

        var single = UniqueVersion();
        var linux = fixture.Dotnet(null, "pack", fixture.ProjectFile, "-r", "linux-x64", $"-p:Version={single}", "-o", feed, "-v:n");

        BuildAssert.Succeeded(linux);
        CollectionAssert.AreEquivalent(new[] { "runtimes/linux-x64/native/libgreeter.so" },
            RuntimeEntries(Path.Combine(feed, $"{id}.{single}.nupkg")).Keys.ToList());
    }

    /// <summary>One pack, one consuming app: the three platform tests share them (packed on first use).</summary>
    private static readonly Lazy<(Fixture Library, string Consumer)> Consumed = new(() => PackAndConsume("every-rid-app"),
        System.Threading.LazyThreadSafetyMode.ExecutionAndPublication);

    private static readonly TimeSpan LaunchTimeout = TimeSpan.FromMinutes(3);

    [TestMethod]
    public void AnAppRestoresThePackageAndCallsGoOnLinuxX64()
    {
        var (fixture, consumer) = Consumed.Value;

        var build = Consumer(fixture, consumer, "build", Path.Combine(consumer, "App.csproj"));

        BuildAssert.Succeeded(build);
        var output = Path.Combine(consumer, "bin", "Debug", "net10.0");
        var restored = Path.Combine(output, "runtimes", "linux-x64", "native", "libgreeter.so");
        Assert.AreEqual("ELF x86-64", NativeFormat.Of(restored), "the app's copy of the package's linux-x64 asset");
        var run = PackagedBuild.Run(PackagedBuild.Dotnet, new[] { Path.Combine(output, "App.dll") }, consumer,
            new Dictionary<string, string?>(), TimeSpan.FromMinutes(1));
        AssertGoAnswered(run, "linux-x64");
    }

    [TestMethod]
    public void TheAppPublishedForWinX64LoadsThePackagesDllUnderWine()
    {
        var published = PublishConsumer("win-x64");
        Assert.AreEqual("PE x86-64 DLL", NativeFormat.Of(Path.Combine(published, "greeter.dll")));
        Assert.IsFalse(File.Exists(Path.Combine(published, "libgreeter.so")), "another RID's asset was published for win-x64");

        AssertGoAnswered(WineRunner.Run(Path.Combine(published, "App.exe"), Array.Empty<string>(), published, LaunchTimeout), "win-x64");
    }

    [TestMethod]
    public void TheAppPublishedForLinuxArm64LoadsThePackagesLibraryUnderQemu()
    {
        var published = PublishConsumer("linux-arm64");
        Assert.AreEqual("ELF aarch64", NativeFormat.Of(Path.Combine(published, "libgreeter.so")));
        Assert.IsFalse(File.Exists(Path.Combine(published, "greeter.dll")), "another RID's asset was published for linux-arm64");

        AssertGoAnswered(QemuRunner.Run(Path.Combine(published, "App"), Array.Empty<string>(), published, LaunchTimeout), "linux-arm64");
    }

    private static void AssertGoAnswered(ProcessOutput run, string rid)
    {
        Assert.AreEqual(0, run.ExitCode, run.ToString());
        StringAssert.Contains(run.Output, $"Sum(20, 22) = 42 from {Toolchains.Version(Toolchains.Newest)}", run.ToString());
        StringAssert.Contains(run.Output, $"on {rid}", run.ToString());
    }

    /// <summary>dotnet publish -r <paramref name="rid"/> --self-contained of the consuming app; returns the publish folder.</summary>
    private static string PublishConsumer(string rid)
    {
        var (fixture, consumer) = Consumed.Value;
        var published = Path.Combine(consumer, "publish-" + rid);
        var publish = Consumer(fixture, consumer, "publish", Path.Combine(consumer, "App.csproj"), "-r", rid, "--self-contained", "-o", published);
        BuildAssert.Succeeded(publish);
        return published;
    }

    /// <summary>Packs the three-RID library to its own feed; writes an app in a subfolder that references it from there and
    /// restores into its own NUGET_PACKAGES (the machine's NuGet sources give the runtime packs of self-contained publishes).</summary>
    private static (Fixture Library, string Consumer) PackAndConsume(string name)
    {
        var id = "Greeter.Consumed";
        var version = UniqueVersion();
        var fixture = Library(name, id, ThreeRids, Toolchains.Newest).WithMachineNuGetSources();
        var feed = Path.Combine(fixture.Directory, "feed-out");
        BuildAssert.Succeeded(Pack(fixture, version, feed));

        var consumer = Path.Combine(fixture.Directory, "consumer");
        Directory.CreateDirectory(consumer);
        File.WriteAllText(Path.Combine(consumer, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="greeter-feed" value="{feed}" />
              </packageSources>
            </configuration>
            """);
        // InvariantGlobalization: the arm64 sysroot qemu runs the app with has no ICU.
        File.WriteAllText(Path.Combine(consumer, "App.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <InvariantGlobalization>true</InvariantGlobalization>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="{id}" Version="{version}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(consumer, "Program.cs"), """
            System.Console.WriteLine($"Sum(20, 22) = {Greeter.GoGreeter.Sum(20, 22)} from {Greeter.GoGreeter.Version()} " +
                $"on {System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier}");
            """);
        return (fixture, consumer);
    }

    private static readonly object ConsumerLock = new();

    /// <summary>A dotnet command on the consuming app (one at a time: each restore rewrites its obj/project.assets.json).</summary>
    private static ProcessOutput Consumer(Fixture fixture, string consumer, params string[] arguments)
    {
        lock (ConsumerLock) return ConsumerUnlocked(fixture, consumer, arguments);
    }

    private static ProcessOutput ConsumerUnlocked(Fixture fixture, string consumer, string[] arguments)
    {
        var result = PackagedBuild.Run(PackagedBuild.Dotnet, arguments.Concat(new[] { "-nr:false", "-tl:off", "-clp:ForceNoAlign" }), consumer,
            new Dictionary<string, string?> { ["NUGET_PACKAGES"] = Path.Combine(fixture.Directory, "consumer-packages") }, TimeSpan.FromMinutes(10));
        File.WriteAllText(Path.Combine(consumer, $"{arguments[0]}-{DateTime.UtcNow:HHmmssfff}.log"), result.Output);
        return result;
    }
}
