using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.Build.Evaluation;
using Microsoft.Build.Execution;
using Microsoft.Build.Framework;

namespace GoToolchain.Build.NetFrameworkHost;

/// <summary>
/// Usage: host.exe &lt;project&gt; &lt;build&gt;... where each build is "Targets|Name=Value|Name=Value" (a value may hold ';'); a build
/// written "!Targets|..." is expected to fail.
/// MSBuild's own engine (Microsoft.Build 17.7.2, the .NET Framework build) in this process: each build evaluates the project (and
/// so the package's .props/.targets it imports) in a new ProjectCollection and runs the targets in the in-proc node, which loads
/// every GoToolchain.Build task from the UsingTask's AssemblyFile as MSBuild does on .NET Framework. One process for every build,
/// as a Visual Studio MSBuild node lives on between builds. Prints errors, warnings, high-importance messages and each task
/// started; then which GoToolchain.Build and NuGet.Versioning assemblies were loaded, and which NuGet.Versioning the task
/// assembly's reference was bound to. Exit code 0 only when every build succeeded.
/// </summary>
internal static class MSBuildHost
{
    private static int Main(string[] args)
    {
        if (args.Length < 2)
        {
            Console.Error.WriteLine("usage: host.exe <project> <Targets|Name=Value|...>...");
            return 2;
        }
        return Run(args[0], args.Skip(1));
    }

    public static int Run(string project, IEnumerable<string> builds)
    {
        // Only logs: a dependency the runtime could not bind itself (MSBuild's own resolver, registered later, then loads it).
        AppDomain.CurrentDomain.AssemblyResolve += (_, e) =>
        {
            Console.WriteLine($"AssemblyResolve: {e.Name} (for {e.RequestingAssembly?.GetName().Name})");
            return null;
        };
        Console.WriteLine($"runtime: {(Type.GetType("Mono.Runtime") is null ? ".NET Framework" : "Mono")} {Environment.Version}");
        Console.WriteLine($"Microsoft.Build: {typeof(ProjectCollection).Assembly.Location} {typeof(ProjectCollection).Assembly.GetName().Version}");
        // MSBuild's bin folder holds its own NuGet.Versioning (the restore tasks use it), loaded before any of our tasks runs.
        LoadHostNuGetVersioning();
        var succeeded = true;
        var number = 0;
        foreach (var build in builds)
        {
            number++;
            var expectFailure = build.StartsWith("!", StringComparison.Ordinal);
            var parts = build.TrimStart('!').Split('|');
            var targets = parts[0].Split(new[] { ';' }, StringSplitOptions.RemoveEmptyEntries);
            var properties = parts.Skip(1).Where(p => p.Length > 0).Select(p => p.Split(new[] { '=' }, 2)).ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : "");
            Console.WriteLine($"=== build {number}: {string.Join(";", targets)} {string.Join(" ", properties.Select(p => p.Key + "=" + p.Value))}");
            using var collection = new ProjectCollection(properties);
            var instance = collection.LoadProject(project).CreateProjectInstance();
            var logger = new ConsoleEvents();
            var parameters = new BuildParameters(collection) { Loggers = new ILogger[] { logger }, MaxNodeCount = 1, EnableNodeReuse = false };
            var result = BuildManager.DefaultBuildManager.Build(parameters, new BuildRequestData(instance, targets));
            Console.WriteLine($"--- build {number}: {result.OverallResult}, {logger.Errors} error(s), {logger.Warnings} warning(s)");
            succeeded &= result.OverallResult == (expectFailure ? BuildResultCode.Failure : BuildResultCode.Success);
        }

        foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies().Where(a => a.GetName().Name is "GoToolchain.Build" or "NuGet.Versioning"))
            Console.WriteLine($"loaded {assembly.GetName().Name} {assembly.GetName().Version} from {assembly.Location}");
        var tasks = AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => a.GetName().Name == "GoToolchain.Build");
        if (tasks is not null)
        {
            var reference = tasks.GetReferencedAssemblies().Single(a => a.Name == "NuGet.Versioning");
            var bound = tasks.GetType("GoToolchain.Build.Versions.GoVersionRange", throwOnError: true).GetProperty("Range").PropertyType.Assembly;
            Console.WriteLine($"GoToolchain.Build references NuGet.Versioning {reference.Version}; bound to {bound.GetName().Version} from {bound.Location}");
        }
        return succeeded ? 0 : 1;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static void LoadHostNuGetVersioning()
        => Console.WriteLine($"host NuGet.Versioning: {NuGet.Versioning.VersionRange.Parse("[1.0,)").GetType().Assembly.GetName().Version}");

    /// <summary>What a console logger at minimal verbosity shows, and every task started (the proof that it ran).</summary>
    private sealed class ConsoleEvents : ILogger
    {
        public int Errors { get; private set; }
        public int Warnings { get; private set; }
        public LoggerVerbosity Verbosity { get; set; } = LoggerVerbosity.Minimal;
        public string Parameters { get; set; } = "";

        public void Initialize(IEventSource source)
        {
            source.ErrorRaised += (_, e) => { Errors++; Console.WriteLine($"{e.File}({e.LineNumber}): error {e.Code}: {e.Message} [help: {e.HelpLink}]"); };
            source.WarningRaised += (_, e) => { Warnings++; Console.WriteLine($"{e.File}({e.LineNumber}): warning {e.Code}: {e.Message}"); };
            source.MessageRaised += (_, e) =>
            {
                if (e is TaskCommandLineEventArgs command) Console.WriteLine("command: " + command.CommandLine);
                else if (e.Importance == MessageImportance.High || e.SenderName == "ReuseLastGoBuild") Console.WriteLine("message: " + e.Message);
            };
            source.TaskStarted += (_, e) => Console.WriteLine($"task: {e.TaskName} ({Path.GetFileName(e.TaskFile)})");
        }

        public void Shutdown() { }
    }
}
