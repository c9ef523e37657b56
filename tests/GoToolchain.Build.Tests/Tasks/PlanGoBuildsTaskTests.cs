using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using GoToolchain.Build.Tasks;
using GoToolchain.Build.Tests.Building;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.Tests.Tasks;

[TestClass]

[TestCategory("unit")]
public sealed class PlanGoBuildsTaskTests
{
    private string _root = null!;
    private string _obj = null!;
    private string _project = null!;
    private string _greeter = null!;
    private string _fakeCompiler = null!;

    [TestInitialize]
    public void Init()
    {
        _root = BuildFixtures.NewTempDirectory("gotb-plantask");
        _obj = Path.Combine(_root, "app", "obj", "Debug", "go");
        _project = Path.Combine(_root, "app", "app.csproj");
        _greeter = BuildFixtures.WriteModule(Path.Combine(_root, "app", "go", "greeter"), BuildFixtures.CgoLibrary, "example.com/greeter");
        // Cross targets need a C cross-compiler on PATH before planning succeeds; these tests are about planning.
        _fakeCompiler = Path.Combine(_root, "toolchain", "bin", "cc");
        Directory.CreateDirectory(Path.GetDirectoryName(_fakeCompiler)!);
        File.WriteAllText(_fakeCompiler, "");
    }

    [TestCleanup]
    public void Cleanup() => BuildFixtures.DeleteDirectory(_root);

    private PlanGoBuilds Task(FakeBuildEngine engine, params ITaskItem[] modules) => new PlanGoBuilds
    {
        BuildEngine = engine,
        ProjectFile = _project,
        Modules = modules,
        HostGoOS = "linux",
        HostGoArch = "amd64",
        SharedSettings = new[] { "go=/usr/lib/go-1.23/bin/go", "version=go1.23.5" },
    }.With("_GoIntermediateDirectory", _obj).With("GoCC", _fakeCompiler);

    [TestMethod]
    public void MuslArm64RidPlansALinuxArm64Build()
    {
        var engine = new FakeBuildEngine();
        var task = Task(engine, new TaskItem(_greeter));
        task.With("RuntimeIdentifier", "linux-musl-arm64");

        Assert.IsTrue(task.Execute(), engine.Transcript);

        var build = task.Builds.Single();
        Assert.AreEqual("linux", build.GetMetadata("GoOS"));
        Assert.AreEqual("arm64", build.GetMetadata("GoArch"));
        var output = Path.Combine(_obj, "linux_arm64", "greeter", "libgreeter.so");
        Assert.AreEqual(_greeter, build.ItemSpec);
        Assert.AreEqual(output, build.GetMetadata("OutputPath"));
        Assert.AreEqual("libgreeter.so", build.GetMetadata("OutputFileName"));
        Assert.AreEqual(Path.Combine(_obj, "linux_arm64", "greeter", "libgreeter.h"), build.GetMetadata("HeaderPath"));
        Assert.AreEqual(Path.Combine(_greeter, "go.mod"), build.GetMetadata("GoModPath"));
        Assert.AreEqual("linux", build.GetMetadata("GoOS"));
        Assert.AreEqual("arm64", build.GetMetadata("GoArch"));
        Assert.AreEqual("", build.GetMetadata("GoArm"));
        Assert.AreEqual("true", build.GetMetadata("CopyToOutput"));
        Assert.AreEqual("true", build.GetMetadata("Pack"));
        Assert.AreEqual("runtimes/linux-musl-arm64/native/", build.GetMetadata("PackagePath"));

        // Every input carries its build's OutputPath: the targets batch on it. The settings file exists on disk.
        var settings = output + ".settings";
        CollectionAssert.AreEquivalent(
            new[] { Path.Combine(_greeter, "go.mod"), Path.Combine(_greeter, "main.go"), settings },
            task.Inputs.Select(i => i.ItemSpec).ToList());
        Assert.IsTrue(task.Inputs.All(i => i.GetMetadata("OutputPath") == output));
        // The C library is part of the target: a musl and a glibc build of one module never share an output.
        StringAssert.Contains(File.ReadAllText(settings), "target=linux/arm64 (musl)\n");
    }

    [TestMethod]
    public void LinuxArmRidCarriesGoarm()
    {
        var engine = new FakeBuildEngine();
        var task = Task(engine, new TaskItem(_greeter));
        task.With("RuntimeIdentifier", "linux-arm");

        Assert.IsTrue(task.Execute(), engine.Transcript);

        Assert.AreEqual("7", task.Builds.Single().GetMetadata("GoArm"));
        Assert.AreEqual(Path.Combine(_obj, "linux_arm", "greeter", "libgreeter.so"), task.Builds.Single().GetMetadata("OutputPath"));
    }

    /// <summary>Issue 26: dotnet build -r win-arm64 / osx-arm64 ran go with the host's gcc (GOTB514 naming the amd64 compiler, or
    /// "apt-get install gcc"). Like dotnet pack (GOTB551), the build stops before go with the target in the message.</summary>
    [TestMethod]
    [DataRow("win-arm64", "windows/arm64", "aarch64-windows-gnu")]
    [DataRow("osx-arm64", "darwin/arm64", "aarch64-macos")]
    public void ACgoCrossBuildWithNoKnownCompilerIsGotb553BeforeGo(string rid, string target, string zig)
    {
        var engine = new FakeBuildEngine();
        var task = Task(engine, new TaskItem(_greeter));
        task.With("GoCC", "");
        task.With("RuntimeIdentifier", rid);

        Assert.IsFalse(task.Execute());

        var error = engine.Errors.Single();
        Assert.AreEqual("GOTB553", error.Code, engine.Transcript);
        Assert.AreEqual(_project, error.File);
        StringAssert.Contains(error.Message, $"needs cgo for dotnet build -r {rid} ({target}), but GoToolchain.Build knows no C cross-compiler for {target} " +
            "on this linux/amd64 machine");
        StringAssert.Contains(error.Message, $"<GoCC Condition=\"'$(RuntimeIdentifier)' == '{rid}'\">");
        StringAssert.Contains(error.Message, $"'zig cc -target {zig}'");
        Assert.DoesNotContain("apt-get", error.Message);
        Assert.DoesNotContain("x86_64-w64-mingw32-gcc", error.Message);
        Assert.IsEmpty(task.Builds);
    }

    [TestMethod]
    public void UnknownRidIsGotb510NamingIt()
    {
        var engine = new FakeBuildEngine();
        var task = Task(engine, new TaskItem(_greeter));
        task.With("RuntimeIdentifier", "linux-sparc");

        Assert.IsFalse(task.Execute());

        var error = engine.Errors.Single();
        Assert.AreEqual("GOTB510", error.Code);
        Assert.AreEqual(_project, error.File);
        StringAssert.StartsWith(error.Message, "RuntimeIdentifier 'linux-sparc' has no Go equivalent");
        Assert.IsEmpty(task.Builds);
        Assert.IsFalse(Directory.Exists(_obj), "nothing planned, nothing written");
    }

    [TestMethod]
    public void ExplicitGoOsAndGoArchWinOverTheRid()
    {
        var engine = new FakeBuildEngine();
        var task = Task(engine, new TaskItem(_greeter));
        task.With("RuntimeIdentifier", "linux-sparc");
        task.With("GoOS", "windows");
        task.With("GoArch", "amd64");

        Assert.IsTrue(task.Execute(), engine.Transcript);

        Assert.AreEqual(Path.Combine(_obj, "windows_amd64", "greeter", "greeter.dll"), task.Builds.Single().GetMetadata("OutputPath"));
    }

    [TestMethod]
    public void ACurrentOutputListsOnlyTheSettingsFileAndAnEditListsEveryInputAgain()
    {
        var output = Path.Combine(_obj, "linux_amd64", "greeter", "libgreeter.so");
        var settings = output + ".settings";
        var all = new[] { Path.Combine(_greeter, "go.mod"), Path.Combine(_greeter, "main.go"), settings };
        var first = Task(new FakeBuildEngine(), new TaskItem(_greeter));
        Assert.IsTrue(first.Execute());
        CollectionAssert.AreEquivalent(all, first.Inputs.Select(i => i.ItemSpec).ToList(), "no output yet: every input");

        // go build wrote the output after every input: MSBuild would skip, and now gets one item to see that by.
        File.WriteAllText(output, "built");
        File.SetLastWriteTimeUtc(output, DateTime.UtcNow.AddMinutes(1));
        var engine = new FakeBuildEngine();
        var noOp = Task(engine, new TaskItem(_greeter));
        Assert.IsTrue(noOp.Execute(), engine.Transcript);
        Assert.AreEqual(settings, noOp.Inputs.Single().ItemSpec);
        Assert.AreEqual(output, noOp.Inputs.Single().GetMetadata("OutputPath"));

        File.SetLastWriteTimeUtc(Path.Combine(_greeter, "main.go"), DateTime.UtcNow.AddMinutes(2));
        var edited = Task(new FakeBuildEngine(), new TaskItem(_greeter));
        Assert.IsTrue(edited.Execute());
        CollectionAssert.AreEquivalent(all, edited.Inputs.Select(i => i.ItemSpec).ToList(), "an edited module: every input");
    }

    [TestMethod]
    public void NoRidBuildsForTheHost()
    {
        var engine = new FakeBuildEngine();
        var task = Task(engine, new TaskItem(_greeter));

        Assert.IsTrue(task.Execute(), engine.Transcript);

        Assert.AreEqual("linux", task.Builds.Single().GetMetadata("GoOS"));
        Assert.AreEqual("amd64", task.Builds.Single().GetMetadata("GoArch"));
        Assert.AreEqual(Path.Combine(_obj, "linux_amd64", "greeter", "libgreeter.so"), task.Builds.Single().GetMetadata("OutputPath"));
    }

    [TestMethod]
    public void ModuleMetadataFlowsToTheBuildItem()
    {
        var engine = new FakeBuildEngine();
        var tool = BuildFixtures.WriteModule(Path.Combine(_root, "app", "go", "tool"), BuildFixtures.ExeProgram, "example.com/tool");
        var item = new TaskItem(tool, new Dictionary<string, string>
        {
            ["BuildMode"] = "exe",
            ["OutputName"] = "mytool",
            ["Tags"] = "netgo",
            ["LdFlags"] = "-s -w",
            ["CgoEnabled"] = "0",
            ["Environment"] = "A=1",
            ["Package"] = "./cmd/tool",
        });

        var task = Task(engine, item);
        Assert.IsTrue(task.Execute(), engine.Transcript);

        var result = task.Builds.Single();
        Assert.AreEqual("exe", result.GetMetadata("BuildMode"));
        Assert.AreEqual("netgo", result.GetMetadata("Tags"));
        Assert.AreEqual("-s -w", result.GetMetadata("LdFlags"));
        Assert.AreEqual("0", result.GetMetadata("CgoEnabled"));
        Assert.AreEqual("A=1", result.GetMetadata("Environment"));
        Assert.AreEqual("./cmd/tool", result.GetMetadata("Package"));
        Assert.AreEqual(Path.Combine(_obj, "linux_amd64", "mytool", "mytool"), result.GetMetadata("OutputPath"));
        Assert.AreEqual("", result.GetMetadata("HeaderPath"));
    }

    [TestMethod]
    public void MetadataSpelledInAnotherCaseStillCounts()
    {
        // MSBuild hands the task the spelling the user wrote (<GoModule Include="go/tool" buildMode="exe" />).
        var engine = new FakeBuildEngine();
        var tool = BuildFixtures.WriteModule(Path.Combine(_root, "app", "go", "tool"), BuildFixtures.ExeProgram, "example.com/tool");
        var task = Task(engine, new TaskItem(tool, new Dictionary<string, string> { ["buildMode"] = "exe", ["outputName"] = "t", ["TAGS"] = "netgo" }));

        Assert.IsTrue(task.Execute(), engine.Transcript);

        var build = task.Builds.Single();
        Assert.AreEqual("exe", build.GetMetadata("BuildMode"));
        Assert.AreEqual("netgo", build.GetMetadata("Tags"));
        Assert.AreEqual(Path.Combine(_obj, "linux_amd64", "t", "t"), build.GetMetadata("OutputPath"));
    }

    [TestMethod]
    public void MissingModuleIsGotb512()
    {
        var engine = new FakeBuildEngine();
        var missing = Path.Combine(_root, "app", "go", "gone");

        Assert.IsFalse(Task(engine, new TaskItem(missing)).Execute());

        var error = engine.Errors.Single();
        Assert.AreEqual("GOTB512", error.Code);
        Assert.AreEqual(_project, error.File);
        StringAssert.Contains(error.Message, $"GoModule '{missing}' does not exist");
    }

    [TestMethod]
    public void WithoutARidThePackagePathUsesThePortableRidOfTheTarget()
    {
        var engine = new FakeBuildEngine();
        var task = Task(engine, new TaskItem(_greeter));
        task.With("GoOS", "windows");
        task.With("GoArch", "arm64");

        Assert.IsTrue(task.Execute(), engine.Transcript);

        Assert.AreEqual("runtimes/win-arm64/native/", task.Builds.Single().GetMetadata("PackagePath"));
    }

    [TestMethod]
    public void ARidOverriddenByGoArchIsNotUsedAsThePackageFolder()
    {
        var engine = new FakeBuildEngine();
        var task = Task(engine, new TaskItem(_greeter));
        task.With("RuntimeIdentifier", "linux-x64");
        task.With("GoArch", "arm64");

        Assert.IsTrue(task.Execute(), engine.Transcript);

        Assert.AreEqual("runtimes/linux-arm64/native/", task.Builds.Single().GetMetadata("PackagePath"));
    }

    [TestMethod]
    public void ATargetWithoutARidIsBuiltButNotPacked()
    {
        var engine = new FakeBuildEngine();
        var task = Task(engine, new TaskItem(_greeter));
        task.With("GoOS", "plan9");
        task.With("GoArch", "amd64");

        Assert.IsTrue(task.Execute(), engine.Transcript);

        var build = task.Builds.Single();
        Assert.AreEqual("false", build.GetMetadata("Pack"));
        Assert.AreEqual("", build.GetMetadata("PackagePath"));
        StringAssert.Contains(engine.Transcript, "dotnet pack will not include");
    }

    [TestMethod]
    public void ACrossTargetGetsItsCrossCompilerInTheModulesEnvironment()
    {
        var bin = Path.GetDirectoryName(_fakeCompiler)!;
        File.WriteAllText(Path.Combine(bin, "x86_64-w64-mingw32-gcc"), "");
        var engine = new FakeBuildEngine();
        var task = Task(engine, new TaskItem(_greeter, new Dictionary<string, string> { ["Environment"] = "GOFLAGS=-mod=mod" }));
        task.With("GoCC", "");
        task.GoEnvironmentForBuild = new[] { "PATH=" + bin };
        task.With("GoOS", "windows");
        task.With("GoArch", "amd64");

        Assert.IsTrue(task.Execute(), engine.Transcript);

        var build = task.Builds.Single();
        Assert.AreEqual("GOFLAGS=-mod=mod;CC=x86_64-w64-mingw32-gcc", build.GetMetadata("Environment"));
        StringAssert.Contains(File.ReadAllText(build.GetMetadata("OutputPath") + ".settings"),
            GoToolchain.Build.Building.GoBuildPlanner.DigestSecrets("Environment=GOFLAGS=-mod=mod;CC=x86_64-w64-mingw32-gcc")); // values only as digests
        StringAssert.Contains(engine.Transcript, "GOTB515");
    }

    [TestMethod]
    public void AMissingCrossCompilerFailsThePlanBeforeAnyBuild()
    {
        var engine = new FakeBuildEngine();
        var task = Task(engine, new TaskItem(_greeter));
        task.With("GoCC", "");
        task.GoEnvironmentForBuild = new[] { "PATH=" + Path.GetDirectoryName(_fakeCompiler) };
        task.With("GoOS", "windows");
        task.With("GoArch", "386");

        Assert.IsFalse(task.Execute());

        Assert.IsEmpty(task.Builds);
        StringAssert.Contains(engine.Transcript, "GOTB513");
        StringAssert.Contains(engine.Transcript, "i686-w64-mingw32-gcc");
    }

    [TestMethod]
    public void AnExeWithoutCgoNeedsNoCrossCompiler()
    {
        var engine = new FakeBuildEngine();
        var task = Task(engine, new TaskItem(_greeter, new Dictionary<string, string> { ["BuildMode"] = "exe" }));
        task.With("GoCC", "");
        task.GoEnvironmentForBuild = new[] { "PATH=" + Path.GetDirectoryName(_fakeCompiler) };
        task.With("GoOS", "windows");
        task.With("GoArch", "386");

        Assert.IsTrue(task.Execute(), engine.Transcript);
        Assert.AreEqual("", task.Builds.Single().GetMetadata("Environment"));
    }

    [TestMethod]
    public void WithRuntimeIdentifiersAndNoRidTheHostBuildIsNotPacked()
    {
        // dotnet pack packs each RID's own build (runtimes/<rid>/native/); the host build would be a stray or duplicate entry.
        var engine = new FakeBuildEngine();
        var task = Task(engine, new TaskItem(_greeter));
        task.With("RuntimeIdentifiers", "win-x64;linux-arm64");

        Assert.IsTrue(task.Execute(), engine.Transcript);

        var build = task.Builds.Single();
        Assert.AreEqual("true", build.GetMetadata("CopyToOutput"), "a plain dotnet build still gets the host's library beside the app");
        Assert.AreEqual("false", build.GetMetadata("Pack"));
        Assert.AreEqual("", build.GetMetadata("PackagePath"));
        StringAssert.Contains(engine.Transcript, "each of RuntimeIdentifiers (win-x64;linux-arm64)");
    }

    [TestMethod]
    public void TheBuildForOneRidOfRuntimeIdentifiersIsPackedUnderThatRid()
    {
        var bin = Path.GetDirectoryName(_fakeCompiler)!;
        File.WriteAllText(Path.Combine(bin, "aarch64-linux-gnu-gcc"), "");
        var engine = new FakeBuildEngine();
        var task = Task(engine, new TaskItem(_greeter));
        task.With("GoCC", "");
        task.GoEnvironmentForBuild = new[] { "PATH=" + bin };
        task.With("RuntimeIdentifiers", "win-x64;linux-arm64");
        task.With("RuntimeIdentifier", "linux-arm64");

        Assert.IsTrue(task.Execute(), engine.Transcript);

        Assert.AreEqual("true", task.Builds.Single().GetMetadata("Pack"));
        Assert.AreEqual("runtimes/linux-arm64/native/", task.Builds.Single().GetMetadata("PackagePath"));
    }
}
