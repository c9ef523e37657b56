using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using GoToolchain.Build.Building;
using GoToolchain.Build.Platform;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.Tests.Building;

[TestClass]

[TestCategory("unit")]
public sealed class BuildFingerprintTests
{
    private string _root = null!;
    private string _module = null!;
    private string _source = null!;
    private EnvironmentOverPlatform _platform = null!;

    [TestInitialize]
    public void Init()
    {
        _root = BuildFixtures.NewTempDirectory("gotb-fingerprint");
        _module = BuildFixtures.WriteModule(Path.Combine(_root, "app", "go", "greeter"), BuildFixtures.CgoLibrary);
        _source = Path.Combine(_root, "app", "Program.cs");
        File.WriteAllText(_source, "class P {}");
        _platform = new EnvironmentOverPlatform();
        _platform.Environment["PATH"] = "/usr/bin";
        _platform.Environment["GOFLAGS"] = "-mod=mod";
    }

    [TestCleanup]
    public void Cleanup() => BuildFixtures.DeleteDirectory(_root);

    private BuildFingerprint.Inputs Inputs() => new()
    {
        PackageVersion = "1.0.0",
        Settings = "GoOS=\nGoTrimPath=true\n",
        GlobalProperties = new Dictionary<string, string> { ["Configuration"] = "Debug" },
        Modules = new[] { ("go/greeter", _module, (IReadOnlyDictionary<string, string>)new Dictionary<string, string> { ["BuildMode"] = "c-shared" }) },
        SourceFiles = new[] { _source },
        GoPath = "/usr/lib/go-1.23/bin/go",
        OtherGoOnPath = new[] { "/usr/bin/go" },
        ProbeKey = "probe-1",
    };

    private BuildFingerprint Take(BuildFingerprint.Inputs? inputs = null) => BuildFingerprint.Compute(inputs ?? Inputs(), _platform);

    private static void Backdate(string path, int seconds) => File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddSeconds(-seconds));

    [TestMethod]
    public void NothingChangedIsNoDifference()
    {
        var first = Take();
        Assert.IsNull(Take().FirstDifference(first));
        Assert.IsNull(BuildFingerprint.Parse(first.Serialize())!.FirstDifference(first), "a parsed fingerprint equals the one serialized");
        Assert.IsNull(first.FirstDifference(BuildFingerprint.Parse(first.Serialize())!));
    }

    /// <summary>Every input of the no-op decision, changed one at a time: each must make the fingerprint differ, or a build
    /// after that change would reuse outputs it must not. The expected words are what the build log says.</summary>
    [TestMethod]
    [DataRow("package version", "the package version changed")]
    [DataRow("a property", "a property the package reads changed")]
    [DataRow("a global property", "GoRoot, GoOS or GoArch as a global property (-p:) changed")]
    [DataRow("GoModule metadata", "the GoModule items or their metadata changed")]
    [DataRow("another GoModule", "the GoModule items or their metadata changed")]
    [DataRow("the go binary", "the go binary, its installation or the Go environment files changed")]
    [DataRow("another go on PATH", "the go binary, its installation or the Go environment files changed")]
    [DataRow("the probe key", "the go binary, its installation or the Go environment files changed")]
    [DataRow("a variable's value", "the environment variable GOFLAGS changed")]
    [DataRow("a new variable", "the environment variable CGO_CFLAGS is new")]
    [DataRow("a removed variable", "the environment variable GOFLAGS is gone")]
    [DataRow("an edited .go file", "a file of module '{module}' changed (written, added or removed)")]
    [DataRow("a touched .go file", "a file of module '{module}' changed (written, added or removed)")]
    [DataRow("a new file", "a file of module '{module}' changed (written, added or removed)")]
    [DataRow("a file in a new folder", "a file of module '{module}' changed (written, added or removed)")]
    [DataRow("a deleted file", "a file of module '{module}' changed (written, added or removed)")]
    [DataRow("a go.work above", "a go.work above module '{module}' changed")]
    [DataRow("a touched C# file", "the project's C# files changed")]
    [DataRow("another C# file", "the project's C# files changed")]
    public void EachInputChangesTheFingerprint(string change, string expected)
    {
        var mainGo = Path.Combine(_module, "main.go");
        Backdate(mainGo, 60);
        var first = Take();
        var inputs = Inputs();
        switch (change)
        {
            case "package version": inputs.PackageVersion = "1.0.1"; break;
            case "a property": inputs.Settings = "GoOS=windows\nGoTrimPath=true\n"; break;
            case "a global property": inputs.GlobalProperties = new Dictionary<string, string> { ["Configuration"] = "Debug", ["GoOS"] = "linux" }; break;
            case "GoModule metadata":
                inputs.Modules = new[] { ("go/greeter", _module, (IReadOnlyDictionary<string, string>)new Dictionary<string, string> { ["BuildMode"] = "exe" }) };
                break;
            case "another GoModule":
                inputs.Modules = inputs.Modules.Concat(new[] { ("go/other", _module, (IReadOnlyDictionary<string, string>)new Dictionary<string, string>()) })
                    .ToList();
                break;
            case "the go binary": inputs.GoPath = "/usr/lib/go-1.22/bin/go"; break;
            case "another go on PATH": inputs.OtherGoOnPath = Array.Empty<string>(); break;
            case "the probe key": inputs.ProbeKey = "probe-2"; break;
            case "a variable's value": _platform.Environment["GOFLAGS"] = "-mod=vendor"; break;
            case "a new variable": _platform.Environment["CGO_CFLAGS"] = "-O2"; break;
            case "a removed variable": _platform.Environment.Remove("GOFLAGS"); break;
            case "an edited .go file":
                var time = File.GetLastWriteTimeUtc(mainGo);
                File.AppendAllText(mainGo, "\n// edited\n");
                File.SetLastWriteTimeUtc(mainGo, time); // a different size at the same time still counts
                break;
            case "a touched .go file": File.SetLastWriteTimeUtc(mainGo, DateTime.UtcNow.AddSeconds(-30)); break;
            case "a new file": File.WriteAllText(Path.Combine(_module, "extra.go"), "package main\n"); break;
            case "a file in a new folder":
                Directory.CreateDirectory(Path.Combine(_module, "internal", "x"));
                File.WriteAllText(Path.Combine(_module, "internal", "x", "x.go"), "package x\n");
                break;
            case "a deleted file": File.Delete(mainGo); break;
            case "a go.work above": File.WriteAllText(Path.Combine(_root, "go.work"), "go 1.22\nuse ./app/go/greeter\n"); break;
            case "a touched C# file": File.SetLastWriteTimeUtc(_source, DateTime.UtcNow.AddSeconds(-10)); break;
            case "another C# file": inputs.SourceFiles = new[] { _source, Path.Combine(_root, "app", "Native.cs") }; break;
            default: Assert.Fail("unknown change " + change); break;
        }
        Assert.AreEqual(expected.Replace("{module}", _module), Take(inputs).FirstDifference(first));
    }

    /// <summary>Seen on real builds: the dotnet CLI gives every invocation a new telemetry session id (telemetry is on by
    /// default), `dotnet build -bl` sets MSBuild's logging switches, a shell started elsewhere has another PWD. Keyed in,
    /// a build on a developer's machine would rarely be reused.</summary>
    [TestMethod]
    [DataRow("DOTNET_CLI_TELEMETRY_SESSIONID", "61d468784f1e43018e764143d2122c35", "2190f5074fad033e773fb5033c38ef02")]
    [DataRow("DOTNET_WATCH_ITERATION", "1", "2")]
    [DataRow("MSBUILDBINARYLOGGERENABLED", null, "true")]
    [DataRow("MSBUILDLOGIMPORTS", null, "1")]
    [DataRow("MSBUILDTARGETOUTPUTLOGGING", null, "true")]
    [DataRow("PWD", "/work/app", "/work")]
    [DataRow("OLDPWD", "/work", "/home/dev")]
    [DataRow("SHLVL", "1", "2")]
    public void VariablesThatChangeBetweenIdenticalBuildsDoNotCount(string name, string? before, string after)
    {
        if (before is not null) _platform.Environment[name] = before;
        var first = Take();
        _platform.Environment[name] = after;
        Assert.IsNull(Take().FirstDifference(first));
        _platform.Environment.Remove(name);
        Assert.IsNull(Take().FirstDifference(first));
    }

    [TestMethod]
    public void FilesOutsideTheModuleTreeOrInBuildOutputFoldersDoNotCount()
    {
        var first = Take();
        Directory.CreateDirectory(Path.Combine(_module, "obj"));
        File.WriteAllText(Path.Combine(_module, "obj", "x.tmp"), "");
        Directory.CreateDirectory(Path.Combine(_module, ".git"));
        File.WriteAllText(Path.Combine(_module, ".git", "index"), "");
        File.WriteAllText(Path.Combine(_root, "app", "notes.txt"), "");
        Assert.IsNull(Take().FirstDifference(first));
    }

    [TestMethod]
    public void NewestInputIsTheLatestWriteOfAnyStampedFile()
    {
        foreach (var file in Directory.GetFiles(_module, "*", SearchOption.AllDirectories).Append(_source)) Backdate(file, 120);
        var old = Take().NewestInputUtc;
        Assert.IsTrue(DateTime.UtcNow - old > TimeSpan.FromSeconds(100), old.ToString("O"));

        File.WriteAllText(_source, "class Q {}");
        Assert.IsTrue(DateTime.UtcNow - Take().NewestInputUtc < TimeSpan.FromSeconds(30));
    }

    [TestMethod]
    public void ValuesAreNotInTheSerializedFingerprint()
    {
        _platform.Environment["GOPROXY"] = "https://user:s3cret@proxy.example.com";
        var inputs = Inputs();
        inputs.Settings = "GoEnvironment=GOPRIVATE=corp.example.com;TOKEN=hunter2\n";
        var text = Take(inputs).Serialize();
        StringAssert.Contains(text, "environment:GOPROXY\t");
        Assert.IsFalse(text.Contains("s3cret") || text.Contains("hunter2") || text.Contains("corp.example.com"), text);
    }

    [TestMethod]
    public void ParseRejectsWhatSerializeDidNotWrite()
    {
        Assert.IsNull(BuildFingerprint.Parse(""));
        Assert.IsNull(BuildFingerprint.Parse("no tab here"));
    }

    /// <summary>The real file system with an environment of its own, so a test can change variables without touching the process's.</summary>
    private sealed class EnvironmentOverPlatform : IPlatform
    {
        private readonly IPlatform _real = SystemPlatform.Instance;
        public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);
        public bool IsWindows => _real.IsWindows;
        public bool IsMacOS => _real.IsMacOS;
        public bool IsWsl => _real.IsWsl;
        public string? GetEnvironmentVariable(string name) => Environment.TryGetValue(name, out var value) ? value : null;
        public IEnumerable<string> EnvironmentVariableNames() => Environment.Keys.ToList();
        public bool FileExists(string path) => _real.FileExists(path);
        public bool DirectoryExists(string path) => _real.DirectoryExists(path);
        public string ResolveSymlinks(string path) => _real.ResolveSymlinks(path);
        public string? BrokenLink(string path) => _real.BrokenLink(path);
        public string? ReadAllText(string path) => _real.ReadAllText(path);
        public FileStamp? GetFileStamp(string path) => _real.GetFileStamp(path);
        public string? EnsureWritableDirectory(string path) => _real.EnsureWritableDirectory(path);
    }
}
