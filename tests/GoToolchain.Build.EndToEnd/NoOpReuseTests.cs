using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using GoToolchain.Build.Testing;

namespace GoToolchain.Build.EndToEnd;

/// <summary>
/// The no-op build (docs/design.md, "The no-op build"): after a successful, warning-free build, a build in which nothing
/// GoBuild depends on changed runs one task of the package (ReuseLastGoBuild) and hands on the last build's outputs; any
/// change makes it build in full again, and says what changed.
/// </summary>
[TestClass]
[TestCategory("end-to-end")]
public sealed class NoOpReuseTests
{
    internal const string Reused = "Nothing GoBuild depends on changed since the last build of this project";
    private const string Recorded = "Recorded this build for reuse by the next one";

    /// <summary>The package's tasks that the reused build must not run (MSBuild logs "Task \"X\"" at -v:d for each it runs).</summary>
    private static readonly string[] ChainTasks =
        { "ValidateGoSettings", "ValidateGoroot", "EnsureLoopvarExperiment", "CheckGoProxy", "RunGoGenerate", "PlanGoBuilds", "BuildGoModule", "GenerateGoBindings" };

    private static void AssertNoChainTaskRan(ProcessOutput build)
    {
        foreach (var task in ChainTasks)
            Assert.IsFalse(build.Output.Contains($"Task \"{task}\""), $"the reused build ran {task}:\n" + build);
        StringAssert.Contains(build.Output, "Task \"ReuseLastGoBuild\"");
    }

    /// <summary>Files copied a moment ago are within the settle time, so a fixture's first build is never recorded; this one is.</summary>
    internal static void Settle(Fixture fixture)
    {
        foreach (var file in Directory.GetFiles(fixture.Directory, "*", SearchOption.AllDirectories)
                     .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}")
                                 && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}")))
        {
            File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddMinutes(-10));
        }
    }

    /// <summary>Builds until a build is recorded (the first may not be: go generate rewrites files in it), then returns.</summary>
    internal static void BuildUntilRecorded(Fixture fixture, params string[] arguments)
        => BuildUntilRecorded(fixture, null, arguments);

    internal static void BuildUntilRecorded(Fixture fixture, IReadOnlyDictionary<string, string?>? environment, params string[] arguments)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var build = fixture.Build(environment, arguments.Append("-v:d").ToArray());
            BuildAssert.Succeeded(build);
            if (build.Output.Contains(Recorded)) return;
            Settle(fixture);
        }
        Assert.Fail("three builds in a row were not recorded for reuse");
    }

    // Reuse compares the toolchain's files and go env: the end-to-end set (1.19 has no go.env, 1.24 and the newest
    // have more go env keys); the other reuse tests run on the newest.
    [TestMethod]
    [DynamicData(nameof(Toolchains.EndToEnd), typeof(Toolchains))]
    public void AnUnchangedBuildRunsOneTaskAndTheAppStillCallsGo(string version)
    {
        var fixture = Fixture.FromSample("noop-reuse-" + version);
        var goRoot = PackagedBuild.GoRoot(version);
        string[] Arguments() => new[] { $"-p:GoRoot={goRoot}", "-v:d" };
        // As on a developer's machine: telemetry on, so the dotnet CLI gives each build a new DOTNET_CLI_TELEMETRY_SESSIONID.
        var telemetryOn = new Dictionary<string, string?> { ["DOTNET_CLI_TELEMETRY_OPTOUT"] = null };
        Settle(fixture);
        BuildUntilRecorded(fixture, telemetryOn, Arguments());
        var library = Path.Combine(fixture.OutputDirectory, "libgreeter.so");
        var written = File.GetLastWriteTimeUtc(library);

        var noOp = fixture.Build(telemetryOn, Arguments());
        BuildAssert.Succeeded(noOp);
        StringAssert.Contains(noOp.Output, Reused);
        AssertNoChainTaskRan(noOp);
        Assert.AreEqual(written, File.GetLastWriteTimeUtc(library));

        // What is handed on still does its job. The library deleted from bin/ is copied back by the SDK from the None item,
        // and with the app's assembly deleted from obj/, C# compiles again, against the generated bindings (Program.cs
        // calls them): neither file is an input of GoBuild, so this build is reused too.
        File.Delete(library);
        File.Delete(Path.Combine(fixture.Directory, "obj", "Debug", "net10.0", "GreeterApp.dll"));
        var reused = fixture.Build(telemetryOn, Arguments());
        BuildAssert.Succeeded(reused);
        StringAssert.Contains(reused.Output, Reused);
        AssertNoChainTaskRan(reused);
        StringAssert.Contains(reused.Output, "Target \"CoreCompile\"");
        Assert.IsFalse(reused.Output.Contains("Skipping target \"CoreCompile\""), "C# was not compiled again:\n" + reused);
        Assert.IsTrue(File.Exists(library), "the library was not copied to bin/ again");

        var run = fixture.RunApp();
        Assert.AreEqual(0, run.ExitCode, run.ToString());
        StringAssert.Contains(run.Output, "(from Go)");
        StringAssert.Contains(run.Output, "Go runtime: go" + version);
    }

    /// <summary>After a reused build, each kind of change builds in full, names itself in the log, and has its effect;
    /// the build after that is reused again.</summary>
    [TestMethod]
    public void EachChangeBuildsInFullAndSaysWhatChanged()
    {
        var fixture = Fixture.FromSample("noop-changes");
        var go123 = $"-p:GoRoot={PackagedBuild.GoRoot(Toolchains.Newest)}";
        var other = Toolchains.NewestWithCgoLoopBug;
        var go122 = $"-p:GoRoot={PackagedBuild.GoRoot(other)}";
        Settle(fixture);
        BuildUntilRecorded(fixture, go123);
        ProcessOutput Build(string goRoot, IReadOnlyDictionary<string, string?>? environment = null)
        {
            var result = fixture.Build(environment, goRoot, "-v:d");
            BuildAssert.Succeeded(result);
            return result;
        }
        void AssertFull(ProcessOutput build, string reason)
        {
            StringAssert.Contains(build.Output, "Building in full: " + reason);
            StringAssert.Contains(build.Output, "Task \"ValidateGoroot\"");
        }
        void AssertReusedNext(string goRoot, IReadOnlyDictionary<string, string?>? environment = null)
        {
            Settle(fixture);
            var settled = Build(goRoot, environment);
            if (!settled.Output.Contains(Reused)) settled = Build(goRoot, environment); // the full build may have been too recent to record
            StringAssert.Contains(settled.Output, Reused);
        }
        StringAssert.Contains(Build(go123).Output, Reused);

        // A variable go reads, set in the shell: go build runs again (the shell's Go variables are build settings too).
        var flags = new Dictionary<string, string?> { ["GOFLAGS"] = "-ldflags=-s" };
        var withFlags = Build(go123, flags);
        AssertFull(withFlags, "the environment variable GOFLAGS is new");
        StringAssert.Contains(withFlags.Output, "-buildmode=c-shared", "GOFLAGS in the shell did not rebuild");
        AssertReusedNext(go123, flags);
        AssertFull(Build(go123), "the environment variable GOFLAGS is gone");
        AssertReusedNext(go123);

        // A deleted file: MSBuild's times cannot show it, the library must lose its export.
        var module = Path.Combine(fixture.Directory, "go", "greeter");
        var extra = Path.Combine(module, "extra.go");
        File.WriteAllText(extra, "package main\n\nimport \"C\"\n\n//export GreeterExtra\nfunc GreeterExtra() C.int { return 7 }\n");
        File.SetLastWriteTimeUtc(extra, DateTime.UtcNow.AddMinutes(-5));
        var header = Path.Combine(fixture.Directory, "obj", "Debug", "net10.0", "go", "linux_amd64", "greeter", "libgreeter.h");
        AssertFull(Build(go123), $"a file of module '{module}' changed");
        StringAssert.Contains(File.ReadAllText(header), "GreeterExtra");
        AssertReusedNext(go123);
        File.Delete(extra);
        var deleted = Build(go123);
        AssertFull(deleted, $"a file of module '{module}' changed");
        StringAssert.Contains(deleted.Output, "-buildmode=c-shared", "deleting a file did not rebuild");
        Assert.IsFalse(File.ReadAllText(header).Contains("GreeterExtra"), "the deleted export is still in the library's header");
        AssertReusedNext(go123);

        // The code: a different library, and the app says so.
        var greeter = Directory.GetFiles(Path.Combine(fixture.Directory, "go", "greeter"), "*.go").Single(f => File.ReadAllText(f).Contains("(from Go)\""));
        File.WriteAllText(greeter, File.ReadAllText(greeter).Replace("(from Go)\"", "(from edited Go)\""));
        var edited = Build(go123);
        StringAssert.Contains(edited.Output, "Building in full: a file of module '" + Path.Combine(fixture.Directory, "go", "greeter") + "' changed");
        StringAssert.Contains(edited.Output, "-buildmode=c-shared");
        StringAssert.Contains(fixture.RunApp().Output, "(from edited Go)");
        AssertReusedNext(go123);

        // Another toolchain, chosen by a property.
        AssertFull(Build(go122), "a property the package reads changed");
        StringAssert.Contains(fixture.RunApp().Output, "Go runtime: " + Toolchains.Version(other));
        AssertReusedNext(go122);

        // The output under obj/ deleted: built again.
        var output = Path.Combine(fixture.Directory, "obj", "Debug", "net10.0", "go", "linux_amd64", "greeter", "libgreeter.so");
        File.Delete(output);
        AssertFull(Build(go122), $"the output '{output}' changed since the last build");
        Assert.IsTrue(File.Exists(output));
        AssertReusedNext(go122);

        // GoReuseLastBuild=false: every build runs the whole chain, and a build with it on again starts from no record.
        var off = fixture.Build(null, go122, "-v:d", "-p:GoReuseLastBuild=false");
        BuildAssert.Succeeded(off);
        Assert.IsFalse(off.Output.Contains("Task \"ReuseLastGoBuild\""), off.ToString());
        StringAssert.Contains(off.Output, "Task \"ValidateGoroot\"");
    }

    /// <summary>A warning must be said by every build, so a build that warned is never the one reused.</summary>
    [TestMethod]
    public void ABuildThatWarnedIsNotReusedAndWarnsAgain()
    {
        var fixture = Fixture.FromSample("noop-warning");
        var goRoot = $"-p:GoRoot={PackagedBuild.GoRoot(Toolchains.Newest)}";
        Settle(fixture);
        var goosLeftInTheShell = new Dictionary<string, string?> { ["GOOS"] = "windows" };
        for (var i = 0; i < 3; i++)
        {
            var build = fixture.Build(goosLeftInTheShell, goRoot, "-v:d");
            BuildAssert.Succeeded(build);
            BuildAssert.HasWarning(build, "GOTB024");
            Assert.IsFalse(build.Output.Contains(Recorded), "a build that warned was recorded:\n" + build);
            Assert.IsFalse(build.Output.Contains(Reused), build.ToString());
            Settle(fixture);
        }
    }

    /// <summary>A solution gives its projects global properties of its own (CurrentSolutionConfigurationContents lists its
    /// projects): a project built from a solution and then on its own, or from another solution, is still reused.</summary>
    [TestMethod]
    public void AProjectBuiltFromASolutionAndOnItsOwnIsReusedEitherWay()
    {
        var fixture = Fixture.FromSample("noop-solutions");
        var goRoot = $"-p:GoRoot={PackagedBuild.GoRoot(Toolchains.Newest)}";
        fixture.WriteFile("One.slnx", "<Solution>\n  <Project Path=\"GreeterApp.csproj\" />\n</Solution>\n");
        Settle(fixture);
        BuildUntilRecorded(fixture, goRoot);
        foreach (var target in new[] { "One.slnx", "GreeterApp.csproj" })
        {
            var build = PackagedBuild.Run(PackagedBuild.Dotnet,
                new[] { "build", Path.Combine(fixture.Directory, target), "-nr:false", "-tl:off", "-v:d", goRoot }, fixture.Directory,
                new Dictionary<string, string?> { ["NUGET_PACKAGES"] = PackagedBuild.NuGetPackages }, TimeSpan.FromMinutes(10));
            BuildAssert.Succeeded(build);
            StringAssert.Contains(build.Output, Reused, target + " was not reused");
        }
    }
}
