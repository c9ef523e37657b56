using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Threading;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.EndToEnd;

/// <summary>
/// Runs the package's tasks on Windows: tests/GoToolchain.Build.WindowsHost published self-contained for win-x64 once
/// per run, started under wine64 (WineRunner's prefix) with the PACKED tasks/netstandard2.0 folder of this run's
/// package. Arguments are the host's: a task name, Name=Value parameters, "--" before the next task (Windows/README.md).
/// </summary>
public static class WindowsHost
{
    private static readonly Lazy<string> LazyExe = new(Publish, LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lazy<string> LazyTasks = new(ExtractTasks, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The Windows spelling of a Linux path as Wine maps it (drive Z: is /).</summary>
    public static string Win(string linuxPath) => "Z:" + Path.GetFullPath(linuxPath).Replace('/', '\\');

    /// <summary>Runs the host under Wine; <paramref name="environment"/> adds to the launch's environment only.</summary>
    public static ProcessOutput Run(string goVersion, IReadOnlyDictionary<string, string?>? environment, TimeSpan timeout, params string[] arguments)
        => Start(Win(LazyTasks.Value), goVersion, environment, timeout, arguments);

    /// <summary>Runs real MSBuild in the host under Wine ("host.exe msbuild", MSBuildMode.cs): builds one after another in one process.</summary>
    public static ProcessOutput MSBuild(string goVersion, IReadOnlyDictionary<string, string?>? environment, TimeSpan timeout, params string[] arguments)
        => Start("msbuild", goVersion, environment, timeout, arguments);

    /// <summary>The Linux path of this run's package, extracted (build/, tasks/): what a project imports as NuGet would.</summary>
    public static string Package => Path.GetDirectoryName(Path.GetDirectoryName(LazyTasks.Value))!;

    /// <summary>The lines one build of <see cref="MSBuild"/> printed, from "=== build NAME" to its result line.</summary>
    public static string BuildOutput(ProcessOutput result, string name)
    {
        var lines = result.Output.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var start = lines.IndexOf("=== build " + name);
        Assert.IsTrue(start >= 0, $"no build {name}:\n{result}");
        var end = lines.FindIndex(start, l => l.StartsWith("=== result " + name + "=", StringComparison.Ordinal));
        Assert.IsTrue(end >= 0, $"build {name} did not finish:\n{result}");
        return string.Join("\n", lines.Skip(start).Take(end - start + 1));
    }

    private static ProcessOutput Start(string first, string goVersion, IReadOnlyDictionary<string, string?>? environment, TimeSpan timeout, string[] arguments)
    {
        var exe = LazyExe.Value;
        var env = new Dictionary<string, string?>
        {
            // The test machine's Go settings are not the Windows host's; the Windows build cache is shared by the run.
            ["GOROOT"] = null, ["GOPATH"] = null, ["GOFLAGS"] = null, ["GOOS"] = null, ["GOARCH"] = null, ["CC"] = null,
            ["GOTOOLCHAIN"] = null, ["CGO_ENABLED"] = null, ["GOENV"] = null, ["GOPROXY"] = "off",
            ["GOCACHE"] = Win(WindowsGo.BuildCache(goVersion)),
        };
        if (environment is not null) foreach (var pair in environment) env[pair.Key] = pair.Value;
        var result = WineRunner.Run(exe, new[] { first }.Concat(arguments), Path.GetDirectoryName(exe)!, timeout,
            withProcessPrngShim: true, extraEnvironment: env);
        Console.WriteLine($"WindowsHost ({result.Elapsed.TotalSeconds:F1} s): {string.Join(" ", arguments)}\n{result.Output}");
        return result;
    }

    /// <summary>The value of "output: Task.Name=value" the host printed for an [Output] of a task that ran.</summary>
    public static string Output(ProcessOutput result, string taskAndName)
    {
        var prefix = "output: " + taskAndName + "=";
        var line = result.Output.Split('\n').Select(l => l.TrimEnd('\r')).LastOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
        Assert.IsNotNull(line, $"the host printed no {taskAndName}:\n{result}");
        return line.Substring(prefix.Length);
    }

    private static string Publish()
    {
        var project = Path.Combine(PackagedBuild.RepositoryRoot, "tests", "GoToolchain.Build.WindowsHost", "GoToolchain.Build.WindowsHost.csproj");
        var output = Path.Combine(PackagedBuild.RunDirectory, "windows-host");
        var result = PackagedBuild.Run(PackagedBuild.Dotnet, new[] { "publish", project, "-c", "Release", "-nr:false", "-tl:off", "-v:q", "-o", output },
            PackagedBuild.RepositoryRoot, new Dictionary<string, string?>(), TimeSpan.FromMinutes(10));
        Assert.AreEqual(0, result.ExitCode, "could not publish the Windows host:\n" + result);
        Console.WriteLine($"WindowsHost: published in {result.Elapsed.TotalSeconds:F0} s");
        var exe = Path.Combine(output, "GoToolchain.Build.WindowsHost.exe");
        Assert.IsTrue(File.Exists(exe), "no " + exe);
        return exe;
    }

    private static string ExtractTasks()
    {
        var package = Path.Combine(PackagedBuild.RunDirectory, "windows-package");
        ZipFile.ExtractToDirectory(Path.Combine(PackagedBuild.Feed, $"GoToolchain.Build.{PackagedBuild.Version}.nupkg"), package);
        var tasks = Path.Combine(package, "tasks", "netstandard2.0");
        Assert.IsTrue(File.Exists(Path.Combine(tasks, "GoToolchain.Build.dll")), "the package has no tasks/netstandard2.0/GoToolchain.Build.dll");
        return tasks;
    }
}
