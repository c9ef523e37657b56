using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Reflection.Metadata;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using GoToolchain.Build.Testing;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.EndToEnd;

/// <summary>The package as NuGet and its users see it: nuspec metadata, README, help links in the log, upgrades.</summary>
[TestClass]
[TestCategory("end-to-end")]
public sealed class PackageTests
{
    /// <summary>
    /// The README's pack (and so `./build/build.sh sample`) on a fresh clone: only the tracked files, no obj/ of any project. The
    /// package builds two more projects while packing (the test adapter and the testing platform extension); one that was built
    /// without a restore of its own failed there with NETSDK1004, while every test that packed from a built checkout passed.
    /// </summary>
    [TestMethod]
    public void ThePackageBuildsFromAFreshCloneWithNothingRestored()
    {
        var clone = Path.Combine(PackagedBuild.RunDirectory, "fresh-clone");
        var tracked = PackagedBuild.Run("git", new[] { "ls-files", "-z", "--cached", "--", "src", "Directory.Build.props", "Directory.Build.targets",
            "Directory.Packages.props", "global.json", "NuGet.config", "nuget.config" }, PackagedBuild.RepositoryRoot, new Dictionary<string, string?>(), TimeSpan.FromMinutes(1));
        Assert.AreEqual(0, tracked.ExitCode, tracked.Output);
        var files = tracked.Output.Split('\0', StringSplitOptions.RemoveEmptyEntries).Select(f => f.Trim('\r', '\n')).Where(f => f.Length > 0).ToList();
        Assert.IsTrue(files.Any(f => f.EndsWith("GoToolchain.Build.csproj", StringComparison.Ordinal)), tracked.Output);
        foreach (var file in files)
        {
            var source = Path.Combine(PackagedBuild.RepositoryRoot, file);
            if (!File.Exists(source)) continue; // deleted in the working tree
            var target = Path.Combine(clone, file);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(source, target);
        }
        Assert.IsFalse(Directory.EnumerateDirectories(clone, "obj", SearchOption.AllDirectories).Any(), "the copy has an obj/ folder");

        var feed = Path.Combine(clone, "feed");
        var result = PackagedBuild.Run(PackagedBuild.Dotnet, new[] { "pack", Path.Combine(clone, "src", "GoToolchain.Build", "GoToolchain.Build.csproj"),
            "-c", "Release", "-nr:false", "-tl:off", "-p:Version=0.1.0-fresh", "-o", feed }, clone, new Dictionary<string, string?>(), TimeSpan.FromMinutes(8));
        Assert.AreEqual(0, result.ExitCode, "dotnet pack of a fresh clone failed:\n" + result.Output);
        using var package = System.IO.Compression.ZipFile.OpenRead(Path.Combine(feed, "GoToolchain.Build.0.1.0-fresh.nupkg"));
        var entries = package.Entries.Select(e => e.FullName).ToList();
        foreach (var expected in new[] { "tasks/netstandard2.0/GoToolchain.Build.dll", "testadapter/netstandard2.0/GoToolchain.Build.TestAdapter.dll",
                     "testadapter/netstandard2.0/GoToolchain.Build.TestingPlatform.dll" })
            CollectionAssert.Contains(entries, expected);
    }

    private const string Repository = "https://github.com/gotoolchain-build/GoToolchain.Build";

    private static string PackedPackage => Path.Combine(PackagedBuild.Feed, $"GoToolchain.Build.{PackagedBuild.Version}.nupkg");

    [TestMethod]
    public void TheNuspecCarriesLicenseUrlsIconTagsAndReleaseNotes()
    {
        using var zip = ZipFile.OpenRead(PackedPackage);
        var nuspecEntry = zip.Entries.Single(e => e.FullName == "GoToolchain.Build.nuspec");
        using var stream = nuspecEntry.Open();
        var metadata = XDocument.Load(stream).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        string Get(string name) => metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value ?? "";
        XElement Element(string name) => metadata.Elements().Single(e => e.Name.LocalName == name);

        Assert.AreEqual("expression", Element("license").Attribute("type")?.Value);
        Assert.AreEqual("MIT", Get("license"));
        Assert.AreEqual(Repository, Get("projectUrl"));
        Assert.AreEqual(Repository, Element("repository").Attribute("url")?.Value);
        Assert.AreEqual("git", Element("repository").Attribute("type")?.Value);
        Assert.AreEqual("icon.png", Get("icon"));
        Assert.IsNotNull(zip.GetEntry("icon.png"), "the icon the nuspec names is not in the package");
        CollectionAssert.IsSubsetOf(new[] { "go", "golang", "msbuild", "pinvoke" }, Get("tags").Split(' '));
        Assert.IsFalse(string.IsNullOrWhiteSpace(Get("releaseNotes")), "no release notes");
        Assert.AreEqual("README.md", Get("readme"));
        Assert.AreEqual("true", Get("developmentDependency"));
    }

    /// <summary>The targets are split by concern into files the main one imports: each of them must be in the package (and only
    /// those), or every consumer's build fails with MSB4019.</summary>
    [TestMethod]
    public void EveryTargetsFileTheMainOneImportsIsPacked()
    {
        using var zip = ZipFile.OpenRead(PackedPackage);
        var packed = zip.Entries.Select(e => e.FullName).Where(n => n.StartsWith("build/", StringComparison.Ordinal) && n.EndsWith(".targets", StringComparison.Ordinal))
            .ToHashSet(StringComparer.Ordinal);
        var main = XElement.Load(Path.Combine(PackagedBuild.RepositoryRoot, "src", "GoToolchain.Build", "build", "GoToolchain.Build.targets"));
        var imported = main.Elements("Import").Select(i => "build/" + ((string)i.Attribute("Project")!).Replace("$(MSBuildThisFileDirectory)", ""))
            .ToHashSet(StringComparer.Ordinal);
        Assert.IsGreaterThanOrEqualTo(7, imported.Count, string.Join(", ", imported));
        imported.Add("build/GoToolchain.Build.targets");
        CollectionAssert.AreEquivalent(imported.ToList(), packed.ToList());
    }

    [TestMethod]
    public void TheReadmeIsWrittenForPackageUsers()
    {
        using var zip = ZipFile.OpenRead(PackedPackage);
        using var reader = new StreamReader(zip.GetEntry("README.md")!.Open());
        var readme = reader.ReadToEnd();

        StringAssert.Contains(readme, "<PackageReference Include=\"GoToolchain.Build\"");
        StringAssert.Contains(readme, "<GoModule Include=");
        StringAssert.Contains(readme, "GoRoot");
        StringAssert.Contains(readme, Repository + "/blob/main/docs/diagnostics.md");
        Assert.IsFalse(readme.Contains("build.sh"), "the repository's build steps do not belong in the package README");
        // NuGet.org cannot resolve links relative to the repository.
        var relative = Regex.Matches(readme, @"\]\((?!https://)[^)]*\)").Select(m => m.Value).ToList();
        Assert.IsEmpty(relative, "relative links: " + string.Join(", ", relative));
    }

    [TestMethod]
    public void DotnetBuildOnLinuxX64LoadsTheReadyToRunTasksAndTheyRun()
    {
        // The package carries the IL dll (any MSBuild) and a ReadyToRun copy whose machine code spares each node the JIT.
        using (var zip = ZipFile.OpenRead(PackedPackage))
        {
            foreach (var folder in new[] { "tasks/netstandard2.0/", "tasks/net10.0-linux-x64/" })
            {
                Assert.IsNotNull(zip.GetEntry(folder + "NuGet.Versioning.dll"), folder);
                using var copy = new MemoryStream();
                using (var entry = zip.GetEntry(folder + "GoToolchain.Build.dll")!.Open()) entry.CopyTo(copy);
                copy.Position = 0;
                using var pe = new System.Reflection.PortableExecutable.PEReader(copy);
                var readyToRun = pe.PEHeaders.CorHeader!.ManagedNativeHeaderDirectory.Size > 0;
                Assert.AreEqual(folder.Contains("linux-x64"), readyToRun, $"{folder}GoToolchain.Build.dll: ReadyToRun header");
            }
        }

        var fixture = Fixture.Create("ready-to-run").WithGoModule("go/greeter", "module example.com/greeter\n\ngo 1.21\n");
        var result = fixture.Build(null, $"-p:GoRoot={PackagedBuild.GoRoot(Toolchains.Newest)}", "-v:d");

        BuildAssert.Succeeded(result);
        StringAssert.Contains(result.Output, "task from assembly", result.ToString());
        var loads = Regex.Matches(result.Output, @"Using ""(ValidateGoroot|BuildGoModule)"" task from assembly ""([^""]+)""").Select(m => m.Groups[2].Value).ToList();
        Assert.IsTrue(loads.Count >= 2, result.ToString());
        Assert.IsTrue(loads.All(l => l.Replace('\\', '/').EndsWith("/tasks/net10.0-linux-x64/GoToolchain.Build.dll")), string.Join("\n", loads));
    }

    [TestMethod]
    public void TheTerminalLoggerShowsTheHelpLinkOfAnError()
    {
        var fixture = Fixture.Create("help-link").WithGoModule("go/greeter", "module example.com/greeter\n\ngo 1.21\n");

        var result = fixture.Build(null, "-p:GoRoot=/nonexistent/go", "-tl:on");

        Assert.AreNotEqual(0, result.ExitCode, result.ToString());
        // OSC 8 hyperlink around the code: ESC ] 8 ; ; <link> ESC \ GOTB002 ESC ] 8 ; ; ESC \
        StringAssert.Contains(result.Output, $"\u001b]8;;{Repository}/blob/main/docs/diagnostics.md#gotb002\u001b\\GOTB002",
            result.ToString());
    }

    [TestMethod]
    public void UpgradingThePackageRebuildsTheGoOutput()
    {
        var fixture = Fixture.Create("upgrade").WithGoModule("go/greeter", "module example.com/greeter\n\ngo 1.21\n");
        var goRoot = $"-p:GoRoot={PackagedBuild.GoRoot(Toolchains.Newest)}";
        static int GoBuilds(ProcessOutput output) => Regex.Matches(output.Output, @"> \S*/bin/go build (?:-json )?-buildmode=c-shared").Count;

        var first = fixture.Build(null, goRoot);
        BuildAssert.Succeeded(first);
        Assert.AreEqual(1, GoBuilds(first), first.ToString());
        var again = fixture.Build(null, goRoot);
        BuildAssert.Succeeded(again);
        Assert.AreEqual(0, GoBuilds(again), "a no-op build must not run go build:\n" + again);

        // The same sources with a newer package: its logic may build differently, so the output is rebuilt once.
        var upgraded = PackagedBuild.Version + ".upgrade";
        PackagedBuild.Pack(upgraded);
        fixture.PackageVersion = upgraded;
        var afterUpgrade = fixture.Build(null, goRoot);
        BuildAssert.Succeeded(afterUpgrade);
        Assert.IsTrue(Directory.Exists(Path.Combine(PackagedBuild.NuGetPackages, "gotoolchain.build", upgraded)), "the upgraded package was not restored");
        Assert.AreEqual(1, GoBuilds(afterUpgrade), "upgrading the package must rebuild the Go output:\n" + afterUpgrade);
        var settled = fixture.Build(null, goRoot);
        Assert.AreEqual(0, GoBuilds(settled), "after the upgrade, no-op builds are no-ops again:\n" + settled);

        // A long-lived MSBuild node on .NET Framework keeps the task assembly of an identity it has loaded: the upgrade's must differ.
        var before = TaskAssemblyVersions(PackedPackage);
        var after = TaskAssemblyVersions(Path.Combine(PackagedBuild.Feed, $"GoToolchain.Build.{upgraded}.nupkg"));
        Assert.AreEqual(2, before.Count);
        Assert.AreEqual(1, before.Concat(after).Select(v => v.ToString(3)).Distinct().Count(), "Major.Minor.Patch is the package's");
        Assert.AreEqual(1, before.Distinct().Count(), "the IL and ReadyToRun copies are one version");
        Assert.AreNotEqual(before[0], after[0], "an upgrade must change the task assembly's version");
    }

    /// <summary>
    /// The pdb beside each task dll of the package is that dll's (the id in the dll's CodeView entry is the pdb's): a GOTB9xx
    /// stack trace names our file and line, also on .NET Framework, which reads no embedded pdb.
    /// </summary>
    [TestMethod]
    public void EachTaskAssemblyShipsItsPortablePdb()
    {
        using var zip = ZipFile.OpenRead(PackedPackage);
        var dlls = zip.Entries.Where(e => e.FullName.StartsWith("tasks/", StringComparison.Ordinal) && e.Name == "GoToolchain.Build.dll").ToList();
        Assert.AreEqual(2, dlls.Count, string.Join(", ", zip.Entries.Select(e => e.FullName)));
        foreach (var dll in dlls)
        {
            var pdb = zip.GetEntry(dll.FullName.Replace(".dll", ".pdb"));
            Assert.IsNotNull(pdb, "no pdb beside " + dll.FullName);
            using var pe = new System.Reflection.PortableExecutable.PEReader(new MemoryStream(Read(dll)));
            var codeView = pe.ReadDebugDirectory().Single(d => d.Type == System.Reflection.PortableExecutable.DebugDirectoryEntryType.CodeView);
            Assert.IsFalse(pe.ReadDebugDirectory().Any(d => d.Type == System.Reflection.PortableExecutable.DebugDirectoryEntryType.EmbeddedPortablePdb));
            var expected = pe.ReadCodeViewDebugDirectoryData(codeView).Guid;
            using var provider = System.Reflection.Metadata.MetadataReaderProvider.FromPortablePdbStream(new MemoryStream(Read(pdb!)));
            var id = provider.GetMetadataReader().DebugMetadataHeader!.Id;
            Assert.AreEqual(expected, new Guid(id.Take(16).ToArray()), dll.FullName);
        }
    }

    private static byte[] Read(ZipArchiveEntry entry)
    {
        using var stream = entry.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>The AssemblyVersion of each GoToolchain.Build.dll under tasks/ of a package.</summary>
    private static List<Version> TaskAssemblyVersions(string package)
    {
        using var zip = ZipFile.OpenRead(package);
        return zip.Entries.Where(e => e.FullName.StartsWith("tasks/", StringComparison.Ordinal) && e.Name == "GoToolchain.Build.dll")
            .OrderBy(e => e.FullName, StringComparer.Ordinal)
            .Select(e =>
            {
                using var pe = new System.Reflection.PortableExecutable.PEReader(new MemoryStream(Read(e)));
                return pe.GetMetadataReader().GetAssemblyDefinition().Version;
            })
            .ToList();
    }
}
