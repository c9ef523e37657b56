using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using GoToolchain.Build.Building;
using GoToolchain.Build.Diagnostics;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using GoToolchain.Build.Testing;

namespace GoToolchain.Build.Tests.Building;

/// <summary>
/// GoModuleBuilder against the real toolchains 1.19/1.21/1.22/1.23 (GOTOOLCHAIN=local, offline, a GOCACHE shared by
/// the class so only the first build per version is cold), and against a fake go for timeout and cancellation.
/// </summary>
[TestClass]
[TestCategory("toolchain")]
public sealed class GoModuleBuilderTests
{
    private static string _root = null!;
    private static GoTarget _host = null!;

    private readonly List<string> _log = new();
    private string _dir = null!;

    [ClassInitialize]
    public static void ClassInit(TestContext context)
    {
        _root = BuildFixtures.NewTempDirectory("gotb-builder");
        _host = BuildFixtures.HostTarget();
    }

    [ClassCleanup]
    public static void ClassCleanup() => BuildFixtures.DeleteDirectory(_root);

    [TestInitialize]
    public void Init()
    {
        _dir = Path.Combine(_root, Guid.NewGuid().ToString("N").Substring(0, 8));
        Directory.CreateDirectory(_dir);
    }

    [TestCleanup]
    public void Cleanup()
    {
        // Never leave a fake go's sleep behind, whatever the outcome.
        foreach (var pidFile in Directory.EnumerateFiles(_dir, "*.pid", SearchOption.AllDirectories)) BuildFixtures.KillQuietly(pidFile);
    }

    /// <summary>A sealed environment: nothing from the user's go env, caches under the class folder, no network.</summary>
    private static Dictionary<string, string?> SealedEnvironment() => new()
    {
        ["GOTOOLCHAIN"] = "local",
        ["GOCACHE"] = Path.Combine(_root, "gocache"),
        ["GOPATH"] = Path.Combine(_root, "gopath"),
        ["GOMODCACHE"] = Path.Combine(_root, "gopath", "pkg", "mod"),
        ["GOPROXY"] = "off",
        ["GOENV"] = "off",
        ["GOFLAGS"] = null,
        ["GOEXPERIMENT"] = null,
        ["GOROOT"] = null,
        ["CGO_ENABLED"] = null,
        ["CC"] = null,
    };

    private GoBuildRequest Request(string go, string moduleDirectory, GoBuildMode mode, string outputFileName, string? outputDirectory = null) => new()
    {
        GoExecutable = go,
        ModuleDirectory = moduleDirectory,
        Mode = mode,
        Target = _host,
        OutputPath = Path.Combine(outputDirectory ?? Path.Combine(_dir, "obj", "go", "linux_" + _host.GoArch, "m"), outputFileName),
        Environment = SealedEnvironment(),
        Timeout = TimeSpan.FromSeconds(120),
        DiagnosticFile = Path.Combine(moduleDirectory, "go.mod"),
    };

    private IReadOnlyList<Diagnostic> Build(GoBuildRequest request, CancellationToken cancellation = default)
        => new GoModuleBuilder(line => { lock (_log) _log.Add(line); }).Build(request, cancellation);

    private string Log => string.Join("\n", _log);

    private static string Describe(IEnumerable<Diagnostic> diagnostics) => string.Join("\n", diagnostics);

    private static void AssertElf(string path)
    {
        var magic = File.ReadAllBytes(path).Take(4).ToArray();
        CollectionAssert.AreEqual(new byte[] { 0x7F, (byte)'E', (byte)'L', (byte)'F' }, magic, path);
    }

    // ---- real toolchains ----

    [TestMethod]
    [DynamicData(nameof(Toolchains.All), typeof(Toolchains))]
    public void CSharedBuildPublishesLibraryAndHeader(string version)
    {
        var module = BuildFixtures.WriteModule(Path.Combine(_dir, "cs"), BuildFixtures.CgoLibrary);
        var request = Request(BuildFixtures.GoBinary(version), module, GoBuildMode.CShared, "libcs.so");

        var diagnostics = Build(request);

        Assert.IsEmpty(diagnostics, Describe(diagnostics) + "\n" + Log);
        var folder = Path.GetDirectoryName(request.OutputPath)!;
        CollectionAssert.AreEqual(new[] { "libcs.h", "libcs.so" }, BuildFixtures.Listing(folder), "library and header, no .staging-* folder");
        AssertElf(request.OutputPath);
        StringAssert.Contains(File.ReadAllText(Path.Combine(folder, "libcs.h")), "extern int Add(int a, int b);");
        // First the progress line (module, package, mode, platform), then go's command line.
        StringAssert.StartsWith(_log[0], $"Building Go '{module}' (package ., c-shared) for ");
        Assert.IsTrue(_log.Any(line => line.StartsWith($"{module}> {request.GoExecutable} build -buildmode=c-shared -o ", StringComparison.Ordinal)), Log);
    }

    /// <summary>go skips the link when the file it writes already carries these inputs' build ID: the staging folder holds a
    /// copy of the current output so that a touched file with the same content costs no link. Bytes appended to the output
    /// (behind the ELF sections, where go's build ID reader never looks) survive only a build that did not link.</summary>
    [TestMethod]
    [DynamicData(nameof(Toolchains.All), typeof(Toolchains))]
    public void ATouchedFileWithTheSameContentKeepsTheLinkedLibrary(string version)
    {
        var module = BuildFixtures.WriteModule(Path.Combine(_dir, "cs"), BuildFixtures.CgoLibrary);
        var request = Request(BuildFixtures.GoBinary(version), module, GoBuildMode.CShared, "libcs.so");
        Assert.IsEmpty(Build(request), Log);
        var marker = Encoding.ASCII.GetBytes("not linked again");
        using (var output = new FileStream(request.OutputPath, FileMode.Append)) output.Write(marker, 0, marker.Length);
        var source = Path.Combine(module, "main.go");
        File.SetLastWriteTimeUtc(source, DateTime.UtcNow);

        Assert.IsEmpty(Build(request), Log);

        var kept = File.ReadAllBytes(request.OutputPath);
        CollectionAssert.AreEqual(marker, kept.Skip(kept.Length - marker.Length).ToArray(), "go found the copied output up to date");
        Assert.IsGreaterThan(File.GetLastWriteTimeUtc(source), File.GetLastWriteTimeUtc(request.OutputPath),
            "stamped now, so MSBuild sees it newer than its inputs");
        var folder = Path.GetDirectoryName(request.OutputPath)!;
        CollectionAssert.AreEqual(new[] { "libcs.h", "libcs.so" }, BuildFixtures.Listing(folder));
        StringAssert.Contains(File.ReadAllText(Path.Combine(folder, "libcs.h")), "extern int Add(int a, int b);");

        File.WriteAllText(source, BuildFixtures.CgoLibrary.Replace("a + b", "b + a"));
        Assert.IsEmpty(Build(request), Log);
        var relinked = File.ReadAllBytes(request.OutputPath);
        CollectionAssert.AreNotEqual(marker, relinked.Skip(relinked.Length - marker.Length).ToArray(), "changed content is linked again");
        AssertElf(request.OutputPath);
    }

    [TestMethod]
    [DynamicData(nameof(Toolchains.All), typeof(Toolchains))]
    public void ExeBuildPublishesARunnableTool(string version)
    {
        var module = BuildFixtures.WriteModule(Path.Combine(_dir, "tool"), BuildFixtures.ExeProgram);
        var request = Request(BuildFixtures.GoBinary(version), module, GoBuildMode.Exe, "tool");

        var diagnostics = Build(request);

        Assert.IsEmpty(diagnostics, Describe(diagnostics) + "\n" + Log);
        CollectionAssert.AreEqual(new[] { "tool" }, BuildFixtures.Listing(Path.GetDirectoryName(request.OutputPath)!));
        using var tool = Process.Start(new ProcessStartInfo(request.OutputPath) { RedirectStandardError = true, UseShellExecute = false })!;
        var stderr = tool.StandardError.ReadToEnd();
        tool.WaitForExit();
        Assert.AreEqual("hello from go\n", stderr);
    }

    [TestMethod]
    [DynamicData(nameof(Toolchains.All), typeof(Toolchains))]
    public void CompileErrorIsReportedAtTheGoFileAndLeavesNoOutput(string version)
    {
        var module = BuildFixtures.WriteModule(Path.Combine(_dir, "broken"), BuildFixtures.CompileError);
        var request = Request(BuildFixtures.GoBinary(version), module, GoBuildMode.CShared, "libbroken.so");

        var diagnostics = Build(request);

        var d = diagnostics.Single();
        Assert.AreEqual("GOTB500", d.Code);
        Assert.AreEqual(Path.Combine(module, "main.go"), d.File);
        Assert.AreEqual(3, d.Line);
        Assert.AreEqual(13, d.Column);
        Assert.AreEqual("undefined: undefinedThing" + GoBuildOutput.CodeFix, d.Message);
        Assert.IsEmpty(BuildFixtures.Listing(Path.GetDirectoryName(request.OutputPath)!), "neither output nor staging folder");
    }

    [TestMethod]
    [DataRow("1.19", "GOTB501")] // go "succeeds" and writes a library without a header
    [DataRow("1.21", "GOTB501")]
    [DataRow("1.22", "GOTB500")] // go refuses: -buildmode=c-shared requires external (cgo) linking
    [DataRow("1.23", "GOTB500")]
    public void CSharedWithoutCgoNeverPublishesAHeaderlessLibrary(string version, string code)
    {
        var module = BuildFixtures.WriteModule(Path.Combine(_dir, "pure"), BuildFixtures.PureGoMain);
        var request = Request(BuildFixtures.GoBinary(version), module, GoBuildMode.CShared, "libpure.so");
        request.CgoEnabled = "0";

        var diagnostics = Build(request);

        var d = diagnostics.Single();
        Assert.AreEqual(code, d.Code, Describe(diagnostics));
        Assert.AreEqual(Path.Combine(module, "go.mod"), d.File);
        if (code == "GOTB501")
        {
            StringAssert.Contains(d.Message, "wrote 'libpure.so' but no 'libpure.h'");
        }
        else
        {
            StringAssert.Contains(d.Message, "failed with exit code 1: -buildmode=c-shared requires external (cgo) linking, but cgo is not enabled");
        }
        Assert.IsEmpty(BuildFixtures.Listing(Path.GetDirectoryName(request.OutputPath)!), "no library without its header, no staging folder");
    }

    [TestMethod]
    [DynamicData(nameof(Toolchains.All), typeof(Toolchains))]
    public void MissingCCompilerIsGotb502(string version)
    {
        var module = BuildFixtures.WriteModule(Path.Combine(_dir, "cs"), BuildFixtures.CgoLibrary);
        var request = Request(BuildFixtures.GoBinary(version), module, GoBuildMode.CShared, "libcs.so");
        request.Environment = new Dictionary<string, string?>(SealedEnvironment()) { ["CC"] = "/nonexistent-cc" };

        var diagnostics = Build(request);

        var d = diagnostics.Single();
        Assert.AreEqual("GOTB502", d.Code, Describe(diagnostics));
        Assert.AreEqual(Path.Combine(module, "go.mod"), d.File);
        StringAssert.Contains(d.Message, "the C compiler '/nonexistent-cc' was not found on PATH");
        Assert.IsEmpty(BuildFixtures.Listing(Path.GetDirectoryName(request.OutputPath)!));
    }

    [TestMethod]
    [DynamicData(nameof(Toolchains.All), typeof(Toolchains))]
    public void PathsWithSpacesQuotesShellCharactersAndNonAsciiBuild(string version)
    {
        const string hostile = "空 格 \"q\" $x;y";
        var module = BuildFixtures.WriteModule(Path.Combine(_dir, hostile, "cs"), BuildFixtures.CgoLibrary);
        var output = Path.Combine(_dir, "obj " + hostile, "linux_" + _host.GoArch);
        var request = Request(BuildFixtures.GoBinary(version), module, GoBuildMode.CShared, "libcs.so", output);

        var diagnostics = Build(request);

        Assert.IsEmpty(diagnostics, Describe(diagnostics) + "\n" + Log);
        CollectionAssert.AreEqual(new[] { "libcs.h", "libcs.so" }, BuildFixtures.Listing(output));
        AssertElf(Path.Combine(output, "libcs.so"));
    }

    [TestMethod]
    [DataRow("1.19", "GOTB501")]
    [DataRow("1.21", "GOTB501")]
    [DataRow("1.22", "GOTB500")]
    [DataRow("1.23", "GOTB500")]
    public void FailedBuildLeavesThePreviousOutputUntouched(string version, string code)
    {
        // The previous output is what MSBuild compares timestamps with. 1.19/1.21 write a header-less library here
        // and exit 0: had go written to the final path, that newer, unusable file would look up to date.
        var module = BuildFixtures.WriteModule(Path.Combine(_dir, "pure"), BuildFixtures.PureGoMain);
        var request = Request(BuildFixtures.GoBinary(version), module, GoBuildMode.CShared, "libpure.so");
        request.CgoEnabled = "0";
        var folder = Path.GetDirectoryName(request.OutputPath)!;
        var header = Path.Combine(folder, "libpure.h");
        var stamp = WritePreviousOutput(request.OutputPath, header);

        var diagnostics = Build(request);

        Assert.AreEqual(code, diagnostics.Single().Code, Describe(diagnostics));
        AssertPreviousOutput(request.OutputPath, header, stamp);
    }

    private static DateTime WritePreviousOutput(string output, string header)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        File.WriteAllText(output, "previous library");
        File.WriteAllText(header, "previous header");
        var stamp = new DateTime(2020, 1, 2, 3, 4, 5, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(output, stamp);
        File.SetLastWriteTimeUtc(header, stamp);
        return stamp;
    }

    private static void AssertPreviousOutput(string output, string header, DateTime stamp)
    {
        Assert.AreEqual("previous library", File.ReadAllText(output));
        Assert.AreEqual("previous header", File.ReadAllText(header));
        Assert.AreEqual(stamp, File.GetLastWriteTimeUtc(output));
        Assert.AreEqual(stamp, File.GetLastWriteTimeUtc(header));
        CollectionAssert.AreEqual(
            new[] { Path.GetFileName(header), Path.GetFileName(output) }.OrderBy(n => n, StringComparer.Ordinal).ToList(),
            BuildFixtures.Listing(Path.GetDirectoryName(output)!),
            "nothing else: no staging folder");
    }

    // ---- fake go: what the builder hands to go, and what it does when go hangs ----

    [TestMethod]
    public void ArgumentsAndEnvironmentReachGoVerbatimAndTheResultMovesIntoPlace()
    {
        var fake = Path.Combine(_dir, "fakego");
        var go = BuildFixtures.WriteFakeGo(fake, "printf 'lib' > \"$out\"\nprintf 'hdr' > \"${out%.so}.h\"");
        var module = BuildFixtures.WriteModule(Path.Combine(_dir, "m"), BuildFixtures.CgoLibrary);
        var request = Request(go, module, GoBuildMode.CShared, "libm.so");
        WritePreviousOutput(request.OutputPath, Path.Combine(Path.GetDirectoryName(request.OutputPath)!, "libm.h"));
        request.Target = new GoTarget("linux", "arm", "7");
        request.Tags = "a b";
        request.LdFlags = "-X 'main.v=1 2' -X main.s=$HOME;x";
        request.ExtraArguments = new[] { "-v", "two words" };
        request.Environment = new Dictionary<string, string?>(SealedEnvironment()) { ["MY_SETTING"] = "x y;$z" };

        var diagnostics = Build(request);

        Assert.IsEmpty(diagnostics, Describe(diagnostics));
        var argv = BuildFixtures.ReadFakeGoArguments(fake);
        var staged = argv[3];
        Assert.AreEqual(Path.GetDirectoryName(request.OutputPath), Path.GetDirectoryName(Path.GetDirectoryName(staged)), "go writes into a folder next to the output");
        StringAssert.StartsWith(Path.GetFileName(Path.GetDirectoryName(staged))!, ".staging-");
        Assert.AreEqual("libm.so", Path.GetFileName(staged));
        CollectionAssert.AreEqual(request.Arguments(staged).ToList(), argv.ToList());

        var env = BuildFixtures.ReadFakeGoEnvironment(fake);
        Assert.AreEqual("linux", env["GOOS"]);
        Assert.AreEqual("arm", env["GOARCH"]);
        Assert.AreEqual("7", env["GOARM"]);
        Assert.AreEqual("1", env["CGO_ENABLED"]);
        Assert.AreEqual("local", env["GOTOOLCHAIN"]);
        Assert.AreEqual("x y;$z", env["MY_SETTING"]);
        Assert.IsFalse(env.ContainsKey("GOEXPERIMENT"), "a null value removes the variable");

        var folder = Path.GetDirectoryName(request.OutputPath)!;
        CollectionAssert.AreEqual(new[] { "libm.h", "libm.so" }, BuildFixtures.Listing(folder));
        Assert.AreEqual("lib", File.ReadAllText(request.OutputPath));
        Assert.AreEqual("hdr", File.ReadAllText(Path.Combine(folder, "libm.h")));
    }

    [TestMethod]
    public void SuccessWithoutAnOutputFileIsGotb504()
    {
        var go = BuildFixtures.WriteFakeGo(Path.Combine(_dir, "fakego"), "exit 0");
        var module = BuildFixtures.WriteModule(Path.Combine(_dir, "m"), BuildFixtures.ExeProgram);
        var request = Request(go, module, GoBuildMode.Exe, "m");

        var d = Build(request).Single();

        Assert.AreEqual("GOTB504", d.Code);
        Assert.AreEqual(Path.Combine(module, "go.mod"), d.File);
        StringAssert.Contains(d.Message, "exited 0 but wrote no 'm'");
        Assert.IsEmpty(BuildFixtures.Listing(Path.GetDirectoryName(request.OutputPath)!));
    }

    [TestMethod]
    public void GoThatCannotStartIsAnError()
    {
        var module = BuildFixtures.WriteModule(Path.Combine(_dir, "m"), BuildFixtures.ExeProgram);
        var request = Request(Path.Combine(_dir, "no-such-go"), module, GoBuildMode.Exe, "m");

        var d = Build(request).Single();

        Assert.AreEqual("GOTB500", d.Code);
        StringAssert.Contains(d.Message, $"could not start '{request.GoExecutable}'");
        Assert.IsEmpty(BuildFixtures.Listing(Path.GetDirectoryName(request.OutputPath)!));
    }

    [TestMethod]
    public void HangingGoTimesOutWithItsTreeKilledAndNothingPublished()
    {
        var fake = Path.Combine(_dir, "fakego");
        var go = BuildFixtures.WriteFakeGo(fake, BuildFixtures.HangAfterWritingPartialOutput);
        var module = BuildFixtures.WriteModule(Path.Combine(_dir, "m"), BuildFixtures.CgoLibrary);
        var request = Request(go, module, GoBuildMode.CShared, "libm.so");
        var header = Path.Combine(Path.GetDirectoryName(request.OutputPath)!, "libm.h");
        var stamp = WritePreviousOutput(request.OutputPath, header);
        request.Timeout = TimeSpan.FromSeconds(1);
        var stopwatch = Stopwatch.StartNew();

        var diagnostics = Build(request);

        Assert.IsLessThan(10.0, stopwatch.Elapsed.TotalSeconds, "killed soon after the 1 s timeout");
        var d = diagnostics.Single();
        Assert.AreEqual("GOTB503", d.Code);
        Assert.AreEqual(Path.Combine(module, "go.mod"), d.File);
        StringAssert.Contains(d.Message, $"go build of '{module}' ({_host}) did not finish within 1 s and was killed with its child processes");
        BuildFixtures.AssertDead(BuildFixtures.WaitForPid(Path.Combine(fake, "go.pid")), "fake go");
        BuildFixtures.AssertDead(BuildFixtures.WaitForPid(Path.Combine(fake, "child.pid")), "go's child");
        AssertPreviousOutput(request.OutputPath, header, stamp); // the half-written file went with the staging folder
    }

    [TestMethod]
    public void CancellationKillsGoAndLeavesNothingBehind()
    {
        var fake = Path.Combine(_dir, "fakego");
        var go = BuildFixtures.WriteFakeGo(fake, BuildFixtures.HangAfterWritingPartialOutput);
        var module = BuildFixtures.WriteModule(Path.Combine(_dir, "m"), BuildFixtures.CgoLibrary);
        var request = Request(go, module, GoBuildMode.CShared, "libm.so");
        using var cancellation = new CancellationTokenSource();
        var canceller = Task.Run(() =>
        {
            // Ctrl+C once go is running and has started writing.
            BuildFixtures.WaitForPid(Path.Combine(fake, "child.pid"));
            cancellation.Cancel();
        });
        var stopwatch = Stopwatch.StartNew();

        var diagnostics = Build(request, cancellation.Token);

        canceller.Wait();
        Assert.IsLessThan(10.0, stopwatch.Elapsed.TotalSeconds);
        Assert.IsEmpty(diagnostics, "MSBuild reports the cancellation itself");
        BuildFixtures.AssertDead(BuildFixtures.WaitForPid(Path.Combine(fake, "go.pid")), "fake go");
        BuildFixtures.AssertDead(BuildFixtures.WaitForPid(Path.Combine(fake, "child.pid")), "go's child");
        Assert.IsEmpty(BuildFixtures.Listing(Path.GetDirectoryName(request.OutputPath)!), "no output, no staging folder");
    }
}
