using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using GoToolchain.Build.Testing;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.EndToEnd;

/// <summary>
/// Hostile and odd project shapes, one table: what a project, a property or the machine's shared state can do must
/// stay inside the build's folders. Every case also proves: no MSB4018/MSB4030, no file written outside the project
/// folder and the package's private state root (the folder above the project and / are compared before and after,
/// and the temp folder for anything the package could name), and no go process left running.
/// </summary>
[TestClass]
[TestCategory("end-to-end")]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public class HardeningTests
{
    private const string GoMod = "module example.com/greeter\n\ngo 1.22\n";

    /// <summary>One case: a project shape, the exit code and the exact GOTB code (an error, or a warning when the build succeeds).</summary>
    public sealed record Case(string Name, string Folder = "hardening", string Metadata = "", (string Name, string Value)[]? Properties = null,
        string? State = null, int ExitCode = 1, string? Code = null);

    private static (string, string)[] P(params (string, string)[] properties) => properties;

    /// <summary>{parent} is the folder that holds the project folder, {tmp} the build's temp folder.</summary>
    public static readonly Case[] Cases =
    {
        new("OutputName climbing to /", Metadata: "OutputName=\"../../../../../../../../../../evil\"", Code: "GOTB540"),
        new("OutputName climbing to / (exe)", Metadata: "BuildMode=\"exe\" OutputName=\"../../../../../../../../../../evil\"", Code: "GOTB540"),
        new("OutputName absolute", Metadata: "OutputName=\"{parent}/evil\"", Code: "GOTB540"),
        new("OutputName with a folder", Metadata: "OutputName=\"a/b\"", Code: "GOTB540"),
        new("GoBuildArguments -o", Properties: P(("GoBuildArguments", "-o;{parent}/libhijack.so")), Code: "GOTB541"),
        new("GoBuildArguments -o=", Properties: P(("GoBuildArguments", "-o={parent}/libhijack.so")), Code: "GOTB541"),
        new("GoBuildArguments --o", Properties: P(("GoBuildArguments", "--o;{parent}/libhijack.so")), Code: "GOTB541"),
        new("GoBuildArguments -buildmode", Properties: P(("GoBuildArguments", "-buildmode=exe")), Code: "GOTB541"),
        new("LdFlags -o", Metadata: "LdFlags=\"-s -o {parent}/libhijack.so\"", Code: "GOTB541"),
        new("Package starting with -", Metadata: "Package=\"-o={parent}/libhijack.so\"", Code: "GOTB061"),
        new("CgoEnabled banana", Metadata: "CgoEnabled=\"banana\"", Code: "GOTB061"),
        new("GoProcessTimeoutSeconds abc", Properties: P(("GoProcessTimeoutSeconds", "abc")), Code: "GOTB060"),
        new("GoProcessTimeoutSeconds huge", Properties: P(("GoProcessTimeoutSeconds", "99999999999")), Code: "GOTB060"),
        new("GoProcessTimeoutSeconds 0", Properties: P(("GoProcessTimeoutSeconds", "0")), Code: "GOTB060"),
        new("GoProcessTimeoutSeconds -1", Properties: P(("GoProcessTimeoutSeconds", "-1")), Code: "GOTB060"),
        new("GoLoopvarReport maybe", Properties: P(("GoLoopvarReport", "maybe")), Code: "GOTB060"),
        new("GoTrimPath maybe", Properties: P(("GoTrimPath", "maybe")), Code: "GOTB060"),
        new("GoToolchainEnabled yes", Properties: P(("GoToolchainEnabled", "yes")), Code: "GOTB060"),
        new("GoProxyTimeoutSeconds abc", Properties: P(("GoProxyTimeoutSeconds", "abc")), Code: "GOTB201"),
        new("folder named $(x)", Folder: "dollar-$(x)", ExitCode: 0),
        new("folder with @ ' spaces and non-ASCII", Folder: "odd @' 世界", ExitCode: 0), // MSBuild's command line drops a '"' from the project path itself
        new("state root planted by another user", State: "foreign", ExitCode: 0, Code: "GOTB542"),
        new("state root world-writable", State: "world-writable", ExitCode: 0, Code: "GOTB542"),
    };

    public static IEnumerable<object[]> CaseNames => Cases.Select(c => new object[] { c.Name });

    [TestMethod]
    [DynamicData(nameof(CaseNames))]
    public void HostileProjectStaysInsideItsFolders(string name)
    {
        var c = Cases.Single(x => x.Name == name);
        var fixture = Fixture.Create(c.Folder);
        var parent = Path.GetDirectoryName(fixture.Directory)!;
        var temp = Path.Combine(PackagedBuild.RunDirectory, "tmp-" + Guid.NewGuid().ToString("N").Substring(0, 6));
        Directory.CreateDirectory(temp);
        string Fill(string text) => text.Replace("{parent}", parent).Replace("{tmp}", temp);

        fixture.WithGoModule("go/greeter", GoMod, null, Fill(c.Metadata))
            .WithProperty("GoRoot", PackagedBuild.GoRoot(Toolchains.Newest));
        foreach (var (property, value) in c.Properties ?? Array.Empty<(string, string)>()) fixture.WithProperty(property, Fill(value));
        var stateRoot = Path.Combine(temp, "GoToolchain.Build-" + Environment.UserName);
        string? planted = null;
        if (c.State is not null)
        {
            planted = Path.Combine(stateRoot, "builds", "planted");
            Directory.CreateDirectory(planted);
            File.WriteAllText(Path.Combine(planted, "inputs.stamp"), "planted");
            if (c.State == "foreign") Run("chown", "-R", "65534:65534", stateRoot);
            else File.SetUnixFileMode(stateRoot, (UnixFileMode)0x1FF);
        }

        var outside = Snapshot(parent, fixture.Directory, temp, stateRoot);
        var plantedBefore = planted is null ? null : Snapshot(stateRoot, "/nonexistent", "/nonexistent", "/nonexistent");
        var result = fixture.Build(new Dictionary<string, string?> { ["TMPDIR"] = temp });

        Assert.AreEqual(c.ExitCode, result.ExitCode, result.ToString());
        Assert.IsFalse(result.Output.Contains("MSB4018") || result.Output.Contains("MSB4030"), "MSBuild failed inside the package:\n" + result);
        if (c.Code is not null)
        {
            var found = (c.ExitCode == 0 ? result.Warnings : result.Errors).FirstOrDefault(d => d.Code == c.Code);
            Assert.IsNotNull(found, $"no {c.Code}:\n{result}");
            Assert.IsFalse(found.File.EndsWith(".targets", StringComparison.Ordinal), "points into the package: " + found.File);
            StringAssert.StartsWith(found.File, fixture.Directory, "points at the user's files");
        }
        if (c.ExitCode == 0) Assert.IsTrue(File.Exists(Path.Combine(fixture.OutputDirectory, "libgreeter.so")), "the library reached the app");
        AssertSame(outside, Snapshot(parent, fixture.Directory, temp, stateRoot), "outside the project and the state root");
        if (plantedBefore is not null) AssertSame(plantedBefore, Snapshot(stateRoot, "/nonexistent", "/nonexistent", "/nonexistent"), "in the untrusted state root");
        AssertNoGoProcessIn(fixture.Directory);
    }

    private static void AssertSame(List<string> before, List<string> after, string where)
    {
        var appeared = after.Except(before).ToList();
        var vanished = before.Except(after).ToList();
        Assert.IsTrue(appeared.Count == 0 && vanished.Count == 0,
            $"files changed {where}: appeared {string.Join(", ", appeared)}; vanished {string.Join(", ", vanished)}");
    }

    /// <summary>Every file and folder under <paramref name="parent"/> but the project, the top of / and the top of the temp folder (its state root aside).</summary>
    private static List<string> Snapshot(string parent, string project, string temp, string stateRoot)
    {
        var entries = new List<string>();
        foreach (var path in Directory.EnumerateFileSystemEntries(parent, "*", SearchOption.AllDirectories))
        {
            if (path == project || path.StartsWith(project + "/", StringComparison.Ordinal)) continue;
            if (path.StartsWith(temp, StringComparison.Ordinal)) continue;
            entries.Add(path);
        }
        entries.AddRange(Directory.EnumerateFileSystemEntries("/").Select(p => "root:" + p));
        if (Directory.Exists(temp))
            // dotnet, NuGet and go keep scratch folders of random names there; what the package could write is named.
            entries.AddRange(Directory.EnumerateFileSystemEntries(temp, "*", SearchOption.AllDirectories)
                .Where(p => !p.StartsWith(stateRoot, StringComparison.Ordinal)
                            && (Path.GetFileName(p).Contains("evil") || Path.GetFileName(p).Contains("hijack") || Path.GetFileName(p).StartsWith("GoToolchain", StringComparison.Ordinal)))
                .Select(p => "tmp:" + p));
        return entries;
    }

    /// <summary>No go process (go telemetry's detached uploader aside) runs in or under the project once dotnet build has returned.</summary>
    private static void AssertNoGoProcessIn(string directory)
    {
        foreach (var proc in Directory.EnumerateDirectories("/proc").Where(d => Path.GetFileName(d).All(char.IsDigit)))
        {
            try
            {
                var cwd = new DirectoryInfo(Path.Combine(proc, "cwd")).ResolveLinkTarget(false)?.FullName ?? "";
                if (!cwd.StartsWith(directory, StringComparison.Ordinal)) continue;
                var cmdline = File.ReadAllText(Path.Combine(proc, "cmdline")).Replace('\0', ' ');
                if (cmdline.Contains("telemetry")) continue;
                Assert.Fail($"process {Path.GetFileName(proc)} ({cmdline}) still runs in the project");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { /* it ended meanwhile */ }
        }
    }

    private static void Run(string file, params string[] arguments)
    {
        var result = PackagedBuild.Run(file, arguments, "/", new Dictionary<string, string?>(), TimeSpan.FromMinutes(1));
        Assert.AreEqual(0, result.ExitCode, result.ToString());
    }
}
