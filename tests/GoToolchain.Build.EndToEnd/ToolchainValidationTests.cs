using System.Collections.Generic;
using System.IO;
using System.Linq;
using GoToolchain.Build.Testing;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.EndToEnd;

/// <summary>
/// A misconfigured toolchain fails the build with the right code, at the right file, naming the cause.
/// The matrix: a mismatch pairs the oldest and the newest toolchain; the go-line checks run on 1.24 and the newest
/// (1.19 has no GOTOOLCHAIN: ToolchainSelectionAgainstGoTests covers what it does on every toolchain); checks that do
/// not depend on the toolchain run on the newest, the Go users have. Versions are read from the installed go.
/// </summary>
[TestClass]
[TestCategory("end-to-end")]
public class ToolchainValidationTests
{
    private const string GoMod119 = "module example.com/greeter\n\ngo 1.19\n";

    /// <summary>A go line newer than every toolchain under test.</summary>
    private static readonly string FutureGo = $"1.{Toolchains.Minor(Toolchains.Newest) + 1}";

    /// <summary>1.24 (the first with tool directives, and the cgo-file loop bug) and the newest.</summary>
    public static IEnumerable<object[]> Switching => Toolchains.Rows(new[] { Toolchains.NewestWithCgoLoopBug, Toolchains.Newest });

    private static Fixture Greeter(string name, string goMod = GoMod119)
        => Fixture.Create(name).WithGoModule("go/greeter", goMod);

    [TestMethod]
    public void GorootEnvironmentPointingAtAnotherVersionFails()
    {
        var fixture = Greeter("stale-goroot");
        var (stale, used) = (Toolchains.Oldest, Toolchains.Newest);
        var result = fixture.Build(new Dictionary<string, string?> { ["GOROOT"] = PackagedBuild.GoRoot(stale) },
            $"-p:GoRoot={PackagedBuild.GoRoot(used)}");
        var error = BuildAssert.FailedWith(result, "GOTB020");
        BuildAssert.Mentions(error, Toolchains.Root(stale), Toolchains.Version(stale), Toolchains.Root(used), Toolchains.Version(used), "does not match go tool version");
        Assert.AreEqual(fixture.ProjectFile, error.File);
    }

    [TestMethod]
    public void GoRootThatDoesNotExistFails()
    {
        var fixture = Greeter("goroot-missing");
        var error = BuildAssert.FailedWith(fixture.Build(null, "-p:GoRoot=/nonexistent/go-9.99"), "GOTB002");
        BuildAssert.Mentions(error, "/nonexistent/go-9.99");
        Assert.AreEqual(fixture.ProjectFile, error.File);
    }

    [TestMethod]
    public void GoRootThatIsAFileFails()
    {
        var fixture = Greeter("goroot-file");
        var file = Path.Combine(fixture.Directory, "not-a-goroot.txt");
        File.WriteAllText(file, "x");
        var error = BuildAssert.FailedWith(fixture.Build(null, $"-p:GoRoot={file}"), "GOTB003");
        BuildAssert.Mentions(error, file, "is a file");
    }

    [TestMethod]
    public void GoNotFoundAnywhereFails()
    {
        var fixture = Greeter("go-not-found");
        // dotnet is started by full path, so PATH can be a folder with nothing in it: no go can hide anywhere.
        var emptyPath = Path.Combine(fixture.Directory, "empty-path");
        Directory.CreateDirectory(emptyPath);
        var error = BuildAssert.FailedWith(fixture.Build(new Dictionary<string, string?> { ["PATH"] = emptyPath, ["GOROOT"] = null }), "GOTB005");
        BuildAssert.Mentions(error, "GoRoot", "PATH");
        Assert.AreEqual(fixture.ProjectFile, error.File);
    }

    [TestMethod]
    public void GoVersionRangeNotSatisfiedFails()
    {
        var range = $"[{Toolchains.Newest},{FutureGo})";
        var fixture = Greeter("range").WithProperty("GoVersionRange", range);
        var used = Toolchains.NewestWithCgoLoopBug;
        var error = BuildAssert.FailedWith(fixture.Build(null, $"-p:GoRoot={PackagedBuild.GoRoot(used)}"), "GOTB100");
        BuildAssert.Mentions(error, Toolchains.Version(used), range);
    }

    [TestMethod]
    [DynamicData(nameof(Switching))]
    public void GoLineNewerThanToolchainFailsUnderLocal(string toolchain)
    {
        var fixture = Greeter("goline-local-" + toolchain, $"module example.com/greeter\n\ngo {FutureGo}\n");
        var error = BuildAssert.FailedWith(fixture.Build(null, $"-p:GoRoot={PackagedBuild.GoRoot(toolchain)}"), "GOTB113");
        Assert.AreEqual(Path.Combine(fixture.Directory, "go", "greeter", "go.mod"), error.File);
        Assert.AreEqual(3, error.Line);
        BuildAssert.Mentions(error, $"go.mod requires go >= {FutureGo} (running go {Toolchains.Release(toolchain)}; GOTOOLCHAIN=local)");
    }

    [TestMethod]
    [DynamicData(nameof(Switching))]
    public void GoLineNewerThanToolchainUnderAutoNamesTheDownloadAndFails(string toolchain)
    {
        var fixture = Greeter("goline-auto-" + toolchain, $"module example.com/greeter\n\ngo {FutureGo}\n").WithProperty("GoToolchainMode", "auto");
        var result = fixture.Build(null, $"-p:GoRoot={PackagedBuild.GoRoot(toolchain)}");
        var warning = BuildAssert.HasWarning(result, "GOTB114");
        BuildAssert.Mentions(warning, $"go{FutureGo}.0");
        Assert.AreEqual(Path.Combine(fixture.Directory, "go", "greeter", "go.mod"), warning.File);
        // CheckGoProxy sees the download cannot succeed (proxy.golang.org does not resolve here) before go build runs.
        var verdict = BuildAssert.FailedWith(result, "GOTB211");
        BuildAssert.Mentions(verdict, $"golang.org/toolchain@v0.0.1-go{FutureGo}.0", "https://proxy.golang.org");

        // Without the proxy check, go build itself tries the download and its failure is classified.
        var withoutCheck = fixture.Build(null, $"-p:GoRoot={PackagedBuild.GoRoot(toolchain)}", "-p:GoProxyCheck=Off");
        var error = BuildAssert.FailedWith(withoutCheck, "GOTB119");
        BuildAssert.Mentions(error, $"go{FutureGo}.0");
    }

    [TestMethod]
    public void MalformedGoModFailsAtItsLine()
    {
        var fixture = Greeter("malformed", "module example.com/greeter\n\ngo 1.21\n\nrequire (\n\texample.com/x v1.0.0\n");
        var error = BuildAssert.FailedWith(fixture.Build(null, $"-p:GoRoot={PackagedBuild.GoRoot(Toolchains.Newest)}"), "GOTB111");
        Assert.AreEqual(Path.Combine(fixture.Directory, "go", "greeter", "go.mod"), error.File);
        Assert.IsTrue(error.Line > 0, "the error should carry a line: " + error);
    }

    [TestMethod]
    public void HomeUnsetSucceedsThroughTheFallbackCache()
    {
        var fixture = Greeter("no-home");
        var result = fixture.Build(new Dictionary<string, string?> { ["HOME"] = null, ["XDG_CACHE_HOME"] = null, ["GOCACHE"] = null, ["DOTNET_CLI_HOME"] = fixture.Directory },
            $"-p:GoRoot={PackagedBuild.GoRoot(Toolchains.Newest)}");
        BuildAssert.Succeeded(result);
        StringAssert.Contains(result.Output, "GOTB030: GOCACHE is 'off'");
        Assert.IsTrue(Directory.Exists(Path.Combine(fixture.Directory, "obj", "Debug", "net10.0", "go", "fallback", "cache")));
        Assert.IsTrue(File.Exists(Path.Combine(fixture.OutputDirectory, "libgreeter.so")));
    }

    [TestMethod]
    public void TwoGoBinariesOnPathWarnNamingBoth()
    {
        var fixture = Greeter("two-go");
        var first = Path.Combine(fixture.Directory, "first-bin");
        var second = Path.Combine(fixture.Directory, "second-bin");
        Directory.CreateDirectory(first);
        Directory.CreateDirectory(second);
        File.CreateSymbolicLink(Path.Combine(first, "go"), PackagedBuild.GoRoot(Toolchains.Newest) + "/bin/go");
        File.CreateSymbolicLink(Path.Combine(second, "go"), PackagedBuild.GoRoot(Toolchains.Oldest) + "/bin/go");
        var result = fixture.Build(new Dictionary<string, string?> { ["PATH"] = $"{first}:{second}:/usr/local/bin:/usr/bin:/bin" });
        BuildAssert.Succeeded(result);
        var warning = BuildAssert.HasWarning(result, "GOTB007");
        BuildAssert.Mentions(warning, Path.Combine(first, "go"), Toolchains.Version(Toolchains.Newest), Path.Combine(second, "go"), Toolchains.Version(Toolchains.Oldest));
    }

    [TestMethod]
    public void DoctorListsEveryProblemAtOnce()
    {
        var fixture = Fixture.Create("doctor")
            .WithGoModule("go/a", $"module example.com/a\n\ngo {FutureGo}\n")
            .WithGoModule("go/b", "module example.com/b\n\ngo 1.21\nrequire (\n")
            .WithProperty("GoVersionRange", Toolchains.Newest);
        var used = Toolchains.NewestWithCgoLoopBug;
        var result = fixture.Build(null, $"-p:GoRoot={PackagedBuild.GoRoot(used)}", "-t:GoDoctor");
        Assert.AreNotEqual(0, result.ExitCode);
        var codes = result.Errors.Select(e => e.Code).ToList();
        CollectionAssert.IsSubsetOf(new[] { "GOTB100", "GOTB113", "GOTB111" }, codes, string.Join(",", codes) + "\n" + result);
        StringAssert.Contains(result.Output, "GoToolchain.Build doctor");
        StringAssert.Contains(result.Output, "GOVERSION=" + Toolchains.Version(used));
        StringAssert.Contains(result.Output, "Problems (3)");
    }

    [TestMethod]
    public void DoctorStillReportsLoopProxyAndGenerateSectionsAfterAToolchainError()
    {
        var fixture = Fixture.FromSample("doctor-after-error");
        // A GOROOT left over from another Go: GOTB020 is an error, but go is found, so every later section can run.
        var environment = new Dictionary<string, string?> { ["GOROOT"] = PackagedBuild.GoRoot(Toolchains.Oldest) };

        var result = fixture.Build(environment, $"-p:GoRoot={PackagedBuild.GoRoot(Toolchains.Newest)}", "-t:GoDoctor");

        BuildAssert.FailedWith(result, "GOTB020");
        StringAssert.Contains(result.Output, "Loop variables (GoLoopvar)");
        StringAssert.Contains(result.Output, "Module proxy (GoProxyCheck=");
        StringAssert.Contains(result.Output, "go generate (GoGenerate=");
        StringAssert.Contains(result.Output, "mood/mood.go:"); // the sample's generate directive, in the generate section
    }

    [TestMethod]
    public void DoctorWithoutAGoSkipsTheSectionsThatNeedOneWithoutCrashing()
    {
        var fixture = Fixture.FromSample("doctor-no-go");

        var result = fixture.Build(null, "-p:GoRoot=/nonexistent/go", "-t:GoDoctor");

        BuildAssert.FailedWith(result, "GOTB002");
        Assert.IsFalse(result.Errors.Any(e => e.Code == "GOTB900"), result.ToString());
        Assert.IsFalse(result.Output.Contains("MSB4018"), result.ToString());
        Assert.IsFalse(result.Output.Contains("Loop variables (GoLoopvar)"), "a section that needs go ran without one");
    }
}
