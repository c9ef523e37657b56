using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using GoToolchain.Build.Building;
using GoToolchain.Build.Diagnostics;
using GoToolchain.Build.Execution;
using GoToolchain.Build.Generate;
using GoToolchain.Build.Platform;
using GoToolchain.Build.Toolchain;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.Tests.Execution;

/// <summary>
/// go's output is not trusted to be small: a go that prints 20 MB of error lines, or one 20 MB line, must cost the
/// build a bounded amount of memory, a bounded number of diagnostics and bounded messages (issue 10).
/// </summary>
[TestClass]
[TestCategory("unit")]
public sealed class BoundedOutputTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(120);
    private string _dir = null!;

    [TestInitialize]
    public void Init()
    {
        _dir = Path.Combine(Path.GetTempPath(), "gotb-bounded-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
    }

    [TestCleanup]
    public void Cleanup() => Directory.Delete(_dir, recursive: true);

    /// <summary>A fake go: /bin/sh script named go that writes about 20 MB of compiler errors to stderr and fails.</summary>
    private string FloodingGo(string toStream = ">&2")
    {
        var path = Path.Combine(_dir, "go");
        // yes(1) repeats the line fast; head -c stops it at 20 MB (222,222 lines of 90 bytes).
        File.WriteAllText(path, $"#!/bin/sh\nyes 'main.go:1:1: error flooding the build with a line that is ninety bytes long........' | head -c 20000000 {toStream}\nexit 1\n");
        MakeExecutable(path);
        return path;
    }

    private static void MakeExecutable(string path)
    {
        if (OperatingSystem.IsWindows()) throw new AssertFailedException("the fake go is a /bin/sh script");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    [TestMethod]
    public void TwentyMegabytesOfStderrAreKeptUpToTheBoundCountedAndTranscribed()
    {
        var transcript = Path.Combine(_dir, "obj", "out.txt");
        var result = ProcessRunner.Run(new ProcessSpec(FloodingGo(), Array.Empty<string>(), Generous) { TranscriptPath = transcript }, CancellationToken.None);

        Assert.AreEqual(1, result.ExitCode, result.ToString());
        Assert.IsLessThanOrEqualTo(ProcessRunner.MaxRetainedCharsPerStream, result.StandardErrorText.Length);
        Assert.IsGreaterThan(200_000, result.StandardError.Count + result.StandardErrorOmittedLines, "every line was seen (kept or counted)");
        Assert.IsGreaterThan(0, result.StandardErrorOmittedLines);
        Assert.AreEqual(transcript, result.TranscriptPath);
        Assert.IsGreaterThan(19_000_000L, new FileInfo(transcript).Length, "the transcript has the whole output");
        StringAssert.Contains(result.OmittedNote, transcript);
    }

    [TestMethod]
    public void LineCallbacksStopAtTheBoundToo()
    {
        var calls = 0;
        var result = ProcessRunner.Run(new ProcessSpec(FloodingGo(), Array.Empty<string>(), Generous), CancellationToken.None, null, _ => calls++);
        Assert.AreEqual(result.StandardError.Count, calls, "the build log gets what is kept, not 222,000 lines");
        Assert.IsNull(result.TranscriptPath, "no transcript was asked for");
    }

    [TestMethod]
    public void OneTwentyMegabyteLineIsCut()
    {
        var path = Path.Combine(_dir, "go");
        File.WriteAllText(path, "#!/bin/sh\nhead -c 20000000 /dev/zero | tr '\\0' x >&2\nexit 1\n");
        MakeExecutable(path);

        var result = ProcessRunner.Run(new ProcessSpec(path, Array.Empty<string>(), Generous), CancellationToken.None);

        var line = result.StandardError.Single();
        Assert.IsLessThan(ProcessRunner.MaxLineLength + 100, line.Length);
        StringAssert.Contains(line, $"{20_000_000 - ProcessRunner.MaxLineLength} more characters of this line not shown");
    }

    [TestMethod]
    public void GoBuildFloodBecomesCappedDiagnosticsAndOneGotb590()
    {
        var transcript = Path.Combine(_dir, "build-output.txt");
        var result = ProcessRunner.Run(new ProcessSpec(FloodingGo(), Array.Empty<string>(), Generous) { TranscriptPath = transcript }, CancellationToken.None);
        var request = new GoBuildRequest
        {
            GoExecutable = "/usr/lib/go-1.23/bin/go", ModuleDirectory = _dir, Target = new GoTarget("linux", "amd64"),
            OutputPath = Path.Combine(_dir, "lib.so"), DiagnosticFile = Path.Combine(_dir, "go.mod"),
        };

        var diagnostics = GoBuildOutput.Classify(request, result.StandardError, result.ExitCode, result.StandardErrorOmittedLines, result.TranscriptPath);

        Assert.AreEqual(DiagnosticLimit.MaxPerProcess + 1, diagnostics.Count);
        Assert.IsTrue(diagnostics.Take(DiagnosticLimit.MaxPerProcess).All(d => d.Code == Codes.BuildFailed && d.Line == 1));
        var last = diagnostics.Last();
        Assert.AreEqual(Codes.OutputTruncated, last.Code);
        StringAssert.Contains(last.Message, transcript);
        StringAssert.Contains(last.Message, "more errors than the 50 shown");
    }

    [TestMethod]
    public void GoGenerateFloodIsCappedToo()
    {
        var lines = Enumerable.Range(1, 5000).Select(i => $"a.go:{i}: running \"false\": exit status 1").ToList();
        var diagnostics = GenerateOutput.Classify(_dir, Path.Combine(_dir, "go.mod"), lines, 1, "go1.23.5");
        Assert.AreEqual(DiagnosticLimit.MaxPerProcess + 1, diagnostics.Count);
        Assert.AreEqual(Codes.OutputTruncated, diagnostics.Last().Code);
        StringAssert.Contains(diagnostics.Last().Message, "4950 more errors");
    }

    [TestMethod]
    public void ProbeWhoseStderrIsTwentyMegabytesGivesOneShortError()
    {
        var go = FloodingGo();
        var diagnostics = new DiagnosticBag();
        var cache = Path.Combine(_dir, "probe");
        var env = new GoEnvProbe(SystemPlatform.Instance, Generous, CancellationToken.None, cache, null)
            .GetEnv(go, new BuildEnvironment(SystemPlatform.Instance, null), "/src/App.csproj", diagnostics);

        Assert.IsNull(env);
        var error = diagnostics.Items.Single();
        Assert.AreEqual(Codes.ProbeFailed, error.Code);
        Assert.IsLessThanOrEqualTo(Diagnostic.MaxMessageLength + 100, error.Message.Length);
        StringAssert.Contains(error.Message, "more lines of output were not kept");
        StringAssert.Contains(error.Message, cache);
    }

    [TestMethod]
    public void EveryMessageIsCapped()
    {
        var d = Diagnostic.Error(Codes.BuildFailed, new string('x', 50_000));
        Assert.IsLessThanOrEqualTo(Diagnostic.MaxMessageLength + 100, d.Message.Length);
        StringAssert.EndsWith(d.Message, $"(message cut: {50_000 - Diagnostic.MaxMessageLength} more characters)");
    }
}
