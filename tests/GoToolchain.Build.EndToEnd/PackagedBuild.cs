using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.EndToEnd;

/// <summary>
/// Packs GoToolchain.Build once per test run with a unique version into a local feed, and gives every test a
/// fixture folder whose builds restore that exact package into a NUGET_PACKAGES folder of this run.
/// </summary>
[TestClass]
[TestCategory("end-to-end")]
public static class PackagedBuild
{
    public static string RepositoryRoot { get; } = typeof(PackagedBuild).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;

    public static string RunDirectory { get; private set; } = "";
    public static string Feed { get; private set; } = "";
    public static string Version { get; private set; } = "";
    public static string NuGetPackages { get; private set; } = "";
    public static string Dotnet { get; } = FindDotnet();

    [AssemblyInitialize]
    public static void PackOnce(TestContext _)
    {
        RunDirectory = Path.Combine(Path.GetTempPath(), "gotb-e2e-" + DateTime.UtcNow.ToString("yyyyMMddHHmmss") + "-" + Guid.NewGuid().ToString("N").Substring(0, 6));
        Feed = Path.Combine(RunDirectory, "feed");
        NuGetPackages = Path.Combine(RunDirectory, "nuget-packages");
        Directory.CreateDirectory(Feed);
        Version = "0.1.0-e2e." + DateTime.UtcNow.ToString("yyyyMMddHHmmss");
        Pack(Version);
    }

    /// <summary>Packs GoToolchain.Build with <paramref name="version"/> into the run's feed; returns the .nupkg path.</summary>
    public static string Pack(string version, string packageId = "GoToolchain.Build")
    {
        var project = Path.Combine(RepositoryRoot, "src", packageId, packageId + ".csproj");
        var result = Run(Dotnet, new[] { "pack", project, "-c", "Release", "-nr:false", "-tl:off", $"-p:Version={version}", "-o", Feed },
            RepositoryRoot, new Dictionary<string, string?>(), TimeSpan.FromMinutes(5));
        Assert.AreEqual(0, result.ExitCode, "dotnet pack failed:\n" + result.Output);
        var package = Path.Combine(Feed, $"{packageId}.{version}.nupkg");
        Assert.IsTrue(File.Exists(package), "no package in " + Feed);
        Assert.IsFalse(result.Output.Contains("warning NU"), "dotnet pack warned:\n" + result.Output);
        return package;
    }

    [AssemblyCleanup]
    public static void CleanUp()
    {
        WineRunner.ShutDown(); // no wineserver outlives the run, kept folder or not
        if (Environment.GetEnvironmentVariable("GOTB_KEEP_E2E") == "1") return;
        try { Directory.Delete(RunDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    /// <summary>/usr/lib/go-1.NN; a missing toolchain fails the test (never skipped).</summary>
    public static string GoRoot(string version) => Testing.Toolchains.Root(version);

    public static ProcessOutput Run(string fileName, IEnumerable<string> arguments, string workingDirectory,
        IReadOnlyDictionary<string, string?> environment, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        foreach (var pair in environment)
        {
            if (pair.Value is null) start.Environment.Remove(pair.Key);
            else start.Environment[pair.Key] = pair.Value;
        }
        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        var watch = Stopwatch.StartNew();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit((int)timeout.TotalMilliseconds))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            Assert.Fail($"{fileName} {string.Join(" ", arguments)} did not finish in {timeout}:\n{output}");
        }
        process.WaitForExit();
        lock (output) return new ProcessOutput(process.ExitCode, output.ToString(), watch.Elapsed);
    }

    private static string FindDotnet()
    {
        var root = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(root) && File.Exists(root)) return root;
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
        {
            var candidate = Path.Combine(dir, "dotnet");
            if (File.Exists(candidate)) return candidate;
        }
        return "dotnet";
    }
}

public sealed record ProcessOutput(int ExitCode, string Output, TimeSpan Elapsed)
{
    private static readonly Regex DiagnosticLine = new(
        @"^\s*(?:\d+>)?(?<file>[^\s].*?)(?:\((?<line>\d+)(?:,(?<col>\d+))?\))?\s*:\s*(?<severity>error|warning)\s+(?<code>[A-Z]+\d+)\s*:\s*(?<message>.*?)(?:\s+\[[^\]]+\])?$",
        RegexOptions.Multiline);

    /// <summary>Every error and warning MSBuild printed, once each (the summary repeats them).</summary>
    public IReadOnlyList<BuildDiagnostic> Diagnostics => DiagnosticLine.Matches(Output)
        .Select(m => new BuildDiagnostic(m.Groups["severity"].Value, m.Groups["code"].Value, m.Groups["file"].Value.Trim(),
            m.Groups["line"].Success ? int.Parse(m.Groups["line"].Value) : 0, m.Groups["message"].Value))
        .Distinct()
        .ToList();

    public IReadOnlyList<BuildDiagnostic> Errors => Diagnostics.Where(d => d.Severity == "error").ToList();
    public IReadOnlyList<BuildDiagnostic> Warnings => Diagnostics.Where(d => d.Severity == "warning").ToList();

    public override string ToString() => $"exit code {ExitCode} after {Elapsed.TotalSeconds:0.0} s\n{Output}";
}

public sealed record BuildDiagnostic(string Severity, string Code, string File, int Line, string Message);
