using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using GoToolchain.Build.Testing;

namespace GoToolchain.Build.EndToEnd;

/// <summary>
/// The package's main job: the sample builds from the packed package and calls into Go. The sample is what a new user
/// runs first, so it runs on every supported toolchain (tests/Shared/Toolchains.cs); the other tests here exercise one
/// build feature each and run on the newest Go (what users have) unless they compare two toolchains.
/// </summary>
[TestClass]
[TestCategory("end-to-end")]
public class SampleTests
{
    [TestMethod]
    [DynamicData(nameof(Toolchains.All), typeof(Toolchains))]
    public void SampleBuildsAndCallsIntoGo(string goVersion)
    {
        // Its generator is inside the module and runs with `go run`, so it is built by this toolchain: it works on
        // every Go, where Debian's stringer (built by go1.19) panics on 1.24 and later.
        var fixture = Fixture.FromSample("sample-" + goVersion);
        // The sample opts in to GoLoopvar=Enable where the toolchain has it; Go 1.19 has no loopvar experiment (GOTB301, LoopvarTests).
        var loopvar = Toolchains.WithLoopvarExperiment.Contains(goVersion) ? "-p:GoLoopvar=Enable" : "-p:GoLoopvar=Off";
        var build = fixture.Build(null, $"-p:GoRoot={PackagedBuild.GoRoot(goVersion)}", loopvar);
        BuildAssert.Succeeded(build);
        StringAssert.Contains(build.Output, $"GOTB006: Using go '{PackagedBuild.GoRoot(goVersion)}/bin/go' because the GoRoot property is");
        Assert.IsTrue(File.Exists(Path.Combine(fixture.OutputDirectory, "libgreeter.so")), "libgreeter.so not copied next to the app");
        Assert.IsFalse(File.Exists(Path.Combine(fixture.OutputDirectory, "libgreeter.h")), "the C header is a build artefact, not an app file");

        var run = fixture.RunApp();
        Assert.AreEqual(0, run.ExitCode, run.ToString());
        StringAssert.Contains(run.Output, "Add(2, 3) = 5");
        StringAssert.Contains(run.Output, "Greet: Hello, Grüße 世界! (from Go)");
        StringAssert.Contains(run.Output, $"Go runtime: {Toolchains.Version(goVersion)}");
        StringAssert.Contains(run.Output, "Mood: Cheerful"); // from the String method go generate (the module's generator) wrote
        StringAssert.Contains(build.Output, "go run example.com/greeter/internal/enumstring -type=Mood"); // go generate -x echoes the generator it ran
    }

    [TestMethod]
    public void NativeAotPublishOfTheSampleCallsIntoGo()
    {
        // The generated bindings use [LibraryImport] (no runtime marshalling): the sample publishes with Native AOT
        // (ILCompiler from the machine's NuGet sources; linking with gcc) and the native app still calls into Go.
        var fixture = Fixture.FromSample("sample-aot").WithMachineNuGetSources();
        var published = Path.Combine(fixture.Directory, "aot");

        var publish = fixture.Dotnet(null, "publish", fixture.ProjectFile, "-r", "linux-x64", "-p:PublishAot=true",
            $"-p:GoRoot={PackagedBuild.GoRoot(Toolchains.Newest)}", "-o", published);

        Assert.AreEqual(0, publish.ExitCode, publish.ToString());
        Assert.IsTrue(File.Exists(Path.Combine(published, "libgreeter.so")), "libgreeter.so is not beside the native app");
        Assert.IsFalse(File.Exists(Path.Combine(published, "GreeterApp.dll")), "not a Native AOT publish: the IL assembly is there");
        var run = PackagedBuild.Run(Path.Combine(published, "GreeterApp"), new string[0], published, new Dictionary<string, string?>(),
            System.TimeSpan.FromMinutes(1));
        Assert.AreEqual(0, run.ExitCode, run.ToString());
        StringAssert.Contains(run.Output, "Add(2, 3) = 5");
        StringAssert.Contains(run.Output, "Greet: Hello, Grüße 世界! (from Go)");
    }

    [TestMethod]
    public void NoOpRebuildStartsNoGoProcessAndTouchingAGoFileRebuilds()
    {
        var fixture = Fixture.FromSample("incremental");
        var goRoot = PackagedBuild.GoRoot(Toolchains.Newest);
        BuildAssert.Succeeded(fixture.Build(null, $"-p:GoRoot={goRoot}"));
        var library = Path.Combine(fixture.OutputDirectory, "libgreeter.so");
        var firstWrite = File.GetLastWriteTimeUtc(library);

        // The whole chain, as in a build after any change (NoOpReuseTests has the build that reuses the last one).
        var noOp = fixture.Build(null, $"-p:GoRoot={goRoot}", "-v:d", "-p:GoReuseLastBuild=false");
        BuildAssert.Succeeded(noOp);
        StringAssert.Contains(noOp.Output, "Skipping target \"GoBuildModules\" because all output files are up-to-date");
        StringAssert.Contains(noOp.Output, "go env probe answered from disk");
        Assert.IsFalse(noOp.Output.Contains($"{goRoot}/bin/go build"), "a no-op build ran go build:\n" + noOp);
        Assert.IsFalse(noOp.Output.Contains("env -json"), "a no-op build ran go env:\n" + noOp);
        Assert.IsFalse(noOp.Output.Contains($"{goRoot}/bin/go generate"), "a no-op build ran go generate:\n" + noOp);
        StringAssert.Contains(noOp.Output, "input file(s), toolchain and settings are unchanged since the last successful run");
        Assert.AreEqual(firstWrite, File.GetLastWriteTimeUtc(library));

        var goFile = Path.Combine(fixture.Directory, "go", "greeter", "greeter.go");
        File.SetLastWriteTimeUtc(goFile, System.DateTime.UtcNow.AddSeconds(5));
        var rebuild = fixture.Build(null, $"-p:GoRoot={goRoot}");
        BuildAssert.Succeeded(rebuild);
        StringAssert.Contains(rebuild.Output, "-buildmode=c-shared");

        // Another toolchain is another setting: the output must be rebuilt even though no file changed.
        var other = Toolchains.NewestWithCgoLoopBug;
        var otherToolchain = fixture.Build(null, $"-p:GoRoot={PackagedBuild.GoRoot(other)}");
        BuildAssert.Succeeded(otherToolchain);
        StringAssert.Contains(otherToolchain.Output, "-buildmode=c-shared");
        var run = fixture.RunApp();
        StringAssert.Contains(run.Output, "Go runtime: " + Toolchains.Version(other));
    }

    [TestMethod]
    public void ExeModuleIsBuiltAndCopiedBesideTheApp()
    {
        var fixture = Fixture.Create("exe-module")
            .WithGoModule("tools/hello", "module example.com/hello\n\ngo 1.21\n", new Dictionary<string, string>
            {
                ["main.go"] = "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"hello from the go tool\") }\n",
            }, "BuildMode=\"exe\"");
        BuildAssert.Succeeded(fixture.Build(null, $"-p:GoRoot={PackagedBuild.GoRoot(Toolchains.Newest)}"));
        var tool = Path.Combine(fixture.OutputDirectory, "hello");
        Assert.IsTrue(File.Exists(tool), "the exe was not copied next to the app");
        var run = PackagedBuild.Run(tool, new string[0], fixture.Directory, new Dictionary<string, string?>(), System.TimeSpan.FromSeconds(30));
        Assert.AreEqual("hello from the go tool", run.Output.Trim());
    }

    [TestMethod]
    public void CompileErrorPointsAtTheGoFileAndLine()
    {
        var fixture = Fixture.Create("compile-error")
            .WithGoModule("go/broken", "module example.com/broken\n\ngo 1.21\n", new Dictionary<string, string>
            {
                ["lib.go"] = "package main\n\nimport \"C\"\n\nfunc main() {\n\tundefinedThing()\n}\n",
            });
        var error = BuildAssert.FailedWith(fixture.Build(null, $"-p:GoRoot={PackagedBuild.GoRoot(Toolchains.Newest)}"), "GOTB500");
        Assert.AreEqual(Path.Combine(fixture.Directory, "go", "broken", "lib.go"), error.File);
        Assert.AreEqual(6, error.Line);
        BuildAssert.Mentions(error, "undefined: undefinedThing");
    }
}
