using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.Build.Evaluation;
using Microsoft.Build.Execution;
using Microsoft.Build.Framework;

namespace GoToolchain.Build.WindowsHost;

/// <summary>
/// "host.exe msbuild &lt;build&gt; [-- &lt;build&gt; ...]": real MSBuild (Microsoft.Build from NuGet, in this process, one
/// in-proc node, as `dotnet build -m:1 -nr:false` runs) builds a project on Windows, one build after another in ONE
/// process (a Wine start costs seconds). A build is a name, then:
///   project:PATH          the project file
///   target:T1;T2          the targets (default: Build)
///   p:Name=Value          a global property
///   env:NAME=VALUE        an environment variable for this build only (empty VALUE: unset; {NAME} in VALUE is its value
///                         before: env:PATH=C:\go\bin;{PATH}), as a shell would set it
///   move:FROM|TO          renames a file or folder before this build (`scoop update go` re-pointing `current`)
///   copy:FROM|TO          copies a file before this build (keeps what the previous build made)
///   write:PATH|TEXT       writes TEXT to PATH before this build
/// Printed: "=== build NAME", every error and warning as MSBuild's console logger spells them, messages that carry
/// a code or high importance, command lines ("command: ..."), each task started ("task: Name"), then
/// "=== result NAME=Success|Failure". Exit 0 when every build succeeded, else 1 (as msbuild's exit code).
/// MSBuild's intermediate state (the results cache, Build-lifetime task objects) ends with each build; what lives for
/// the process (AppDomain-lifetime task objects) is kept, as a reused MSBuild node keeps it.
/// </summary>
internal static class MSBuildMode
{
    public static int Run(IReadOnlyList<string> args)
    {
        var failed = 0;
        foreach (var build in Program.Split(args.ToList()))
        {
            var name = build[0];
            string? project = null;
            var targets = new[] { "Build" };
            var properties = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            var restore = new Dictionary<string, string?>();
            Console.WriteLine("=== build " + name);
            foreach (var option in build.Skip(1))
            {
                var colon = option.IndexOf(':');
                var (kind, value) = (option.Substring(0, colon), option.Substring(colon + 1));
                switch (kind)
                {
                    case "project": project = value; break;
                    case "target": targets = value.Split(';', StringSplitOptions.RemoveEmptyEntries); break;
                    case "p": properties[value.Substring(0, value.IndexOf('='))] = value.Substring(value.IndexOf('=') + 1); break;
                    case "env":
                        var variable = value.Substring(0, value.IndexOf('='));
                        if (!restore.ContainsKey(variable)) restore[variable] = Environment.GetEnvironmentVariable(variable);
                        var text = value.Substring(value.IndexOf('=') + 1).Replace("{" + variable + "}", Environment.GetEnvironmentVariable(variable) ?? "");
                        Environment.SetEnvironmentVariable(variable, text.Length == 0 ? null : text);
                        break;
                    case "move":
                        var (from, to) = Pair(value);
                        if (Directory.Exists(from)) Directory.Move(from, to); else File.Move(from, to);
                        Console.WriteLine($"host: moved {from} to {to}");
                        break;
                    case "copy":
                        var (source, destination) = Pair(value);
                        File.Copy(source, destination, overwrite: true);
                        break;
                    case "write":
                        var (path, content) = Pair(value);
                        File.WriteAllText(path, content);
                        Console.WriteLine($"host: wrote {path}");
                        break;
                    default: throw new ArgumentException("unknown option " + option);
                }
            }
            var success = Build(project ?? throw new ArgumentException("no project: for " + name), targets, properties);
            foreach (var pair in restore) Environment.SetEnvironmentVariable(pair.Key, pair.Value);
            Console.WriteLine($"=== result {name}={(success ? "Success" : "Failure")}");
            if (!success) failed++;
        }
        return failed == 0 ? 0 : 1;
    }

    private static bool Build(string project, string[] targets, Dictionary<string, string?> properties)
    {
        // A collection per build, made after this build's environment is set: MSBuild snapshots the environment
        // into BuildParameters and gives it to the in-proc node, where the tasks (and the go they start) see it.
        using var collection = new ProjectCollection();
        var parameters = new BuildParameters(collection)
        {
            Loggers = new ILogger[] { new Logger() },
            MaxNodeCount = 1,
            EnableNodeReuse = false,
            DisableInProcNode = false,
        };
        // A build manager per build, as each `dotnet build` has (the default one hung in its second build under Wine).
        using var manager = new BuildManager("build");
        var result = manager.Build(parameters, new BuildRequestData(project, properties, null, targets, null));
        if (result.Exception is not null) Console.WriteLine("host: MSBuild threw " + result.Exception);
        return result.OverallResult == BuildResultCode.Success;
    }

    private static (string, string) Pair(string value)
    {
        var bar = value.IndexOf('|');
        return (value.Substring(0, bar), value.Substring(bar + 1));
    }

    /// <summary>The console logger's spelling of what the tests assert: "file(line): error CODE: message".</summary>
    private sealed class Logger : ILogger
    {
        public LoggerVerbosity Verbosity { get; set; } = LoggerVerbosity.Normal;
        public string? Parameters { get; set; }

        public void Initialize(IEventSource eventSource)
        {
            eventSource.ErrorRaised += (_, e) => Console.WriteLine($"{e.File}({e.LineNumber}): error {e.Code}: {e.Message}");
            eventSource.WarningRaised += (_, e) => Console.WriteLine($"{e.File}({e.LineNumber}): warning {e.Code}: {e.Message}");
            eventSource.TaskStarted += (_, e) => Console.WriteLine("task: " + e.TaskName);
            eventSource.MessageRaised += (_, e) =>
            {
                if (e is TaskCommandLineEventArgs command) Console.WriteLine("command: " + command.CommandLine);
                else if (e.Code is not null || e.Importance == MessageImportance.High) Console.WriteLine("message: " + (e.Code is null ? "" : e.Code + ": ") + e.Message);
            };
        }

        public void Shutdown() { }
    }
}
