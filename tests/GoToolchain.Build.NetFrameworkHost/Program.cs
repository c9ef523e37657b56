using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace GoToolchain.Build.NetFrameworkHost;

/// <summary>
/// Usage: host.exe &lt;package tasks/netstandard2.0 folder&gt; &lt;GoRoot&gt; &lt;module folder&gt; &lt;work folder&gt;.
/// Loads the task assembly with Assembly.LoadFrom (what .NET Framework MSBuild does for a UsingTask AssemblyFile),
/// runs ValidateGoroot (with a GoVersionRange, so NuGet.Versioning from tasks/ must bind) and BuildGoModule (a c-shared
/// build), printing every event. Exit code 0 only when both tasks succeed and the library exists.
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        if (args.Length != 4)
        {
            Console.Error.WriteLine("usage: host.exe <tasks folder> <GoRoot> <module folder> <work folder>");
            return 2;
        }
        var (tasks, goRoot, module, work) = (args[0], args[1], args[2], args[3]);
        Console.WriteLine($"runtime: {(Type.GetType("Mono.Runtime") is null ? ".NET Framework" : "Mono")} {Environment.Version}, mscorlib {typeof(object).Assembly.GetName().Version}");
        Console.WriteLine($"Microsoft.Build.Utilities.Core: {typeof(Task).Assembly.Location} {typeof(Task).Assembly.GetName().Version}");

        // What Visual Studio has loaded already: its own NuGet.Versioning, in the one and only load context.
        // GOTB_HOST_NUGET=0 (with NuGet.Versioning.dll removed from this folder): a host without one.
        if (Environment.GetEnvironmentVariable("GOTB_HOST_NUGET") != "0") LoadHostNuGetVersioning();

        var assembly = Assembly.LoadFrom(Path.Combine(tasks, "GoToolchain.Build.dll"));
        var engine = new Engine();
        var project = Path.Combine(work, "App.csproj");

        // @(_GoSettings): the properties as metadata of one item, as the targets pass them.
        var settings = new TaskItem("GoToolchain.Build", new Dictionary<string, string>
        {
            ["GoRoot"] = goRoot, ["_GoRootFull"] = goRoot, ["GoVersionRange"] = "[1.21,)", ["GoToolchainMode"] = "local",
            ["_GoIntermediateDirectory"] = Path.Combine(work, "obj"), ["GoProcessTimeoutSeconds"] = "600",
        });
        var validate = Create(assembly, "GoToolchain.Build.Tasks.ValidateGoroot", engine);
        Set(validate, "ProjectFile", project);
        Set(validate, "Settings", settings);
        Set(validate, "Modules", new ITaskItem[] { new TaskItem(module) });
        var validated = validate.Execute();
        Console.WriteLine($"ValidateGoroot returned {validated}: go {Get(validate, "ResolvedGoVersion")} at {Get(validate, "ResolvedGoExecutable")}");
        if (!validated) return 1;

        var output = Path.Combine(work, "out", "libgreeter.so");
        var build = Create(assembly, "GoToolchain.Build.Tasks.BuildGoModule", engine);
        Set(build, "ProjectFile", project);
        Set(build, "Settings", settings);
        Set(build, "GoExecutable", Get(validate, "ResolvedGoExecutable"));
        Set(build, "GoEnvironmentForBuild", Get(validate, "GoEnvironmentForBuild"));
        Set(build, "Inputs", new ITaskItem[]
        {
            new TaskItem(Path.Combine(module, "go.mod"), new Dictionary<string, string>
            {
                ["ModuleDirectory"] = module, ["OutputPath"] = output, ["GoOS"] = (string)Get(validate, "HostGoOS"),
                ["GoArch"] = (string)Get(validate, "HostGoArch"), ["BuildMode"] = "c-shared",
            }),
        });
        var built = build.Execute();
        Console.WriteLine($"GoBuild returned {built}; {output} {(File.Exists(output) ? "exists" : "is missing")}");
        var succeeded = validated && built && File.Exists(output) && engine.Errors == 0;

        // A failing check: the coded error and its help link (the helpLink overloads) must reach the engine.
        var broken = Create(assembly, "GoToolchain.Build.Tasks.ValidateGoroot", engine);
        Set(broken, "ProjectFile", project);
        Set(broken, "Settings", new TaskItem("GoToolchain.Build", new Dictionary<string, string>
        {
            ["GoRoot"] = Path.Combine(work, "no-such-go"), ["_GoRootFull"] = Path.Combine(work, "no-such-go"),
            ["_GoIntermediateDirectory"] = Path.Combine(work, "obj"),
        }));
        Console.WriteLine($"ValidateGoroot with a missing GoRoot returned {broken.Execute()}");

        foreach (var loaded in AppDomain.CurrentDomain.GetAssemblies().Where(a => a.GetName().Name == "NuGet.Versioning"))
            Console.WriteLine($"loaded NuGet.Versioning {loaded.GetName().Version} from {loaded.Location}");
        return succeeded ? 0 : 1;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static void LoadHostNuGetVersioning()
        => Console.WriteLine($"host NuGet.Versioning: {NuGet.Versioning.VersionRange.Parse("[1.0,)").GetType().Assembly.GetName().Version}");

    private static ITask Create(Assembly assembly, string type, IBuildEngine engine)
    {
        var task = (ITask)Activator.CreateInstance(assembly.GetType(type, throwOnError: true));
        task.BuildEngine = engine;
        return task;
    }

    /// <summary>Sets a task parameter from its text the way MSBuild converts it, whatever the property's type.</summary>
    private static void Set(ITask task, string name, object value)
    {
        var property = task.GetType().GetProperty(name) ?? throw new InvalidOperationException($"{task.GetType().Name} has no parameter {name}");
        var converted = value is string text && property.PropertyType != typeof(string) && !property.PropertyType.IsArray
            ? Convert.ChangeType(text, Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType)
            : value;
        property.SetValue(task, converted);
    }

    private static object Get(ITask task, string name) => task.GetType().GetProperty(name).GetValue(task);

    /// <summary>Prints events as MSBuild's console logger would, with the help link.</summary>
    private sealed class Engine : IBuildEngine4
    {
        private readonly Dictionary<object, object> _objects = new();
        public int Errors { get; private set; }
        public bool ContinueOnError => false;
        public int LineNumberOfTaskNode => 0;
        public int ColumnNumberOfTaskNode => 0;
        public string ProjectFileOfTaskNode => "App.csproj";
        public bool IsRunningMultipleNodes => false;

        public void LogErrorEvent(BuildErrorEventArgs e) { Errors++; Console.WriteLine($"{e.File}({e.LineNumber}): error {e.Code}: {e.Message} [help: {e.HelpLink}]"); }
        public void LogWarningEvent(BuildWarningEventArgs e) => Console.WriteLine($"{e.File}({e.LineNumber}): warning {e.Code}: {e.Message} [help: {e.HelpLink}]");
        public void LogMessageEvent(BuildMessageEventArgs e)
            => Console.WriteLine(e is TaskCommandLineEventArgs c ? "command: " + c.CommandLine : "message: " + e.Message);
        public void LogCustomEvent(CustomBuildEventArgs e) => Console.WriteLine("custom: " + e.Message);
        public bool BuildProjectFile(string projectFileName, string[] targetNames, IDictionary globalProperties, IDictionary targetOutputs) => false;
        public bool BuildProjectFile(string projectFileName, string[] targetNames, IDictionary globalProperties, IDictionary targetOutputs, string toolsVersion) => false;
        public bool BuildProjectFilesInParallel(string[] projectFileNames, string[] targetNames, IDictionary[] globalProperties, IDictionary[] targetOutputsPerProject, string[] toolsVersion, bool useResultsCache, bool unloadProjectsOnCompletion) => false;
        public BuildEngineResult BuildProjectFilesInParallel(string[] projectFileNames, string[] targetNames, IDictionary[] globalProperties, IList<string>[] removeGlobalProperties, string[] toolsVersion, bool returnTargetOutputs) => new(false, null);
        public void Yield() { }
        public void Reacquire() { }
        public void RegisterTaskObject(object key, object obj, RegisteredTaskObjectLifetime lifetime, bool allowEarlyCollection) => _objects[key] = obj;
        public object GetRegisteredTaskObject(object key, RegisteredTaskObjectLifetime lifetime) => _objects.TryGetValue(key, out var o) ? o : null;
        public object UnregisterTaskObject(object key, RegisteredTaskObjectLifetime lifetime) { _objects.TryGetValue(key, out var o); _objects.Remove(key); return o; }
    }
}
