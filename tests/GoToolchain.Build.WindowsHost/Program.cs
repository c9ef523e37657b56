using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using System.Threading;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace GoToolchain.Build.WindowsHost;

/// <summary>
/// Usage: host.exe &lt;tasks folder&gt; &lt;Task&gt; [Name=Value ...] [-- &lt;Task&gt; ...], or host.exe msbuild ... (MSBuildMode).
/// Runs the package's tasks on Windows (under wine64 in the suite) as MSBuild does: the packed task dll loaded into
/// its own AssemblyLoadContext (dotnet build's MSBuildLoadContext does the same), parameters set from text the way
/// MSBuild converts them (string[] and ITaskItem[] split on ';'; an item's metadata after '|': "dir|BuildMode=c-shared"), events printed as the console logger would.
/// A value may use $(Name) for an [Output] of an earlier task in the chain. "!cancel-after=N" calls
/// ICancelableTask.Cancel() N seconds after Execute starts (Ctrl+C in dotnet build). The chain stops at the first
/// task that fails, as a target does. "!cancel-when-file=path" cancels once that file exists. "!list-processes" (anywhere)
/// prints every process still running when the chain ends. Steps named "!..." are not tasks (RunStep). Every [Output] is printed as "output: Task.Name=value". Exit 0 when every task
/// returned true and no error was logged.
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        if (args.Length < 2)
        {
            Console.Error.WriteLine("usage: host.exe <tasks folder> <Task> [Name=Value ...] [-- <Task> ...]");
            return 2;
        }
        // Paths with non-ASCII letters must reach the test as they are (the console's code page would turn ü into ?).
        Console.OutputEncoding = new System.Text.UTF8Encoding(false);
        Console.WriteLine($"host: {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}, {System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier}");
        if (args[0] == "msbuild") return MSBuildMode.Run(args.Skip(1).ToList());
        var tasksFolder = Path.GetFullPath(args[0]);
        var context = new TaskLoadContext(tasksFolder);
        var assembly = context.LoadFromAssemblyPath(Path.Combine(tasksFolder, "GoToolchain.Build.dll"));
        var engine = new Engine();
        var outputs = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var items = new Dictionary<string, ITaskItem[]>(StringComparer.OrdinalIgnoreCase);

        var listProcesses = args.Contains("!list-processes");
        var exitCode = 0;
        foreach (var invocation in Split(args.Skip(1).Where(a => a != "!list-processes").ToList()))
        {
            var name = invocation[0];
            if (name.StartsWith("!", StringComparison.Ordinal))
            {
                if (!RunStep(assembly, name, invocation.Skip(1).Select(a => Expand(a, outputs)).ToList())) { exitCode = 1; break; }
                continue;
            }
            var task = (ITask)Activator.CreateInstance(assembly.GetType("GoToolchain.Build.Tasks." + name, throwOnError: true)!)!;
            task.BuildEngine = engine;
            double? cancelAfter = null;
            string? cancelWhenFile = null;
            foreach (var parameter in invocation.Skip(1))
            {
                var equals = parameter.IndexOf('=');
                if (equals <= 0) throw new ArgumentException("expected Name=Value: " + parameter);
                var (key, value) = (parameter.Substring(0, equals), Expand(parameter.Substring(equals + 1), outputs));
                if (key == "!cancel-after") { cancelAfter = double.Parse(value, System.Globalization.CultureInfo.InvariantCulture); continue; }
                if (key == "!cancel-when-file") { cancelWhenFile = value; continue; }
                // "$(Inputs)" alone, for an item parameter, passes the earlier task's items with their metadata, as
                // @(_GoBuildInput) does between PlanGoBuilds and BuildGoModule.
                var raw = parameter.Substring(equals + 1);
                if (raw.StartsWith("$(", StringComparison.Ordinal) && raw.EndsWith(")", StringComparison.Ordinal)
                    && items.TryGetValue(raw.Substring(2, raw.Length - 3), out var earlier) && task.GetType().GetProperty(key)?.PropertyType == typeof(ITaskItem[]))
                {
                    task.GetType().GetProperty(key)!.SetValue(task, earlier);
                    continue;
                }
                Set(task, key, value);
            }
            using var timer = cancelAfter is null ? null : new Timer(_ =>
            {
                Console.WriteLine($"host: cancelling {name}");
                ((ICancelableTask)task).Cancel();
            }, null, TimeSpan.FromSeconds(cancelAfter.Value), Timeout.InfiniteTimeSpan);
            using var watcher = cancelWhenFile is null ? null : new Timer(_ =>
            {
                if (!File.Exists(cancelWhenFile)) return;
                Console.WriteLine($"host: {cancelWhenFile} exists: cancelling {name}");
                ((ICancelableTask)task).Cancel();
            }, null, TimeSpan.Zero, TimeSpan.FromMilliseconds(200));
            var started = DateTime.UtcNow;
            var result = task.Execute();
            watcher?.Dispose();
            Console.WriteLine($"host: {name} returned {result} after {(DateTime.UtcNow - started).TotalSeconds:F1} s");
            foreach (var property in task.GetType().GetProperties().Where(p => p.GetCustomAttribute<OutputAttribute>() is not null))
            {
                if (property.GetValue(task) is ITaskItem[] produced) items[property.Name] = produced;
                var text = Text(property.GetValue(task));
                outputs[property.Name] = text;
                Console.WriteLine($"output: {name}.{property.Name}={text}");
            }
            if (!result || engine.Errors > 0) { exitCode = 1; break; }
        }
        if (listProcesses)
        {
            // What the tasks left running on this Windows (a build must leave nothing). TerminateJobObject and
            // TerminateProcess return before the processes are gone: a moment for them to go.
            Thread.Sleep(2000);
            foreach (var process in System.Diagnostics.Process.GetProcesses())
                Console.WriteLine($"process: {process.ProcessName} {process.Id}");
        }
        return exitCode;
    }

    /// <summary>
    /// Steps that are not tasks. "!state-root ROOT..." calls the package's PrivateStateRoot.Get(ROOT, "builds") for each
    /// root, as the build store does, and prints "state-root: ROOT -> used FOLDER" or "state-root: ROOT -> not used: why".
    /// "!call-export DLL NAME N" loads a native DLL (a Go c-shared library) as a .NET app does and prints
    /// "export: NAME(N)=result" for its int NAME(int) export.
    /// </summary>
    private static unsafe bool RunStep(Assembly assembly, string name, List<string> arguments)
    {
        switch (name)
        {
            case "!state-root":
                var get = assembly.GetType("GoToolchain.Build.Execution.PrivateStateRoot", throwOnError: true)!
                    .GetMethod("Get", new[] { typeof(string), typeof(string), typeof(string).MakeByRefType() })!;
                foreach (var root in arguments)
                {
                    var call = new object?[] { root, "builds", null };
                    var folder = (string?)get.Invoke(null, call);
                    Console.WriteLine($"state-root: {root} -> " + (folder is null ? "not used: " + call[2] : "used " + folder));
                }
                return true;
            case "!call-export":
                var library = System.Runtime.InteropServices.NativeLibrary.Load(arguments[0]);
                var export = (delegate* unmanaged<int, int>)System.Runtime.InteropServices.NativeLibrary.GetExport(library, arguments[1]);
                var argument = int.Parse(arguments[2], System.Globalization.CultureInfo.InvariantCulture);
                Console.WriteLine($"export: {arguments[1]}({argument})={export(argument)}");
                return true;
            default:
                throw new ArgumentException("unknown step " + name);
        }
    }

    /// <summary>The groups between "--": a task with its parameters, or (MSBuildMode) a build with its options.</summary>
    internal static IEnumerable<List<string>> Split(List<string> args)
    {
        var current = new List<string>();
        foreach (var arg in args)
        {
            if (arg == "--") { if (current.Count > 0) yield return current; current = new List<string>(); }
            else current.Add(arg);
        }
        if (current.Count > 0) yield return current;
    }

    private static string Expand(string value, Dictionary<string, string> outputs)
    {
        foreach (var pair in outputs) value = value.Replace("$(" + pair.Key + ")", pair.Value, StringComparison.OrdinalIgnoreCase);
        return value;
    }

    private static string Text(object? value) => value switch
    {
        null => "",
        ITaskItem[] items => string.Join(";", items.Select(i => i.ItemSpec)),
        string[] strings => string.Join(";", strings),
        ITaskItem item => item.ItemSpec,
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "",
    };

    /// <summary>Sets a task parameter from its text the way MSBuild converts it, whatever the property's type.</summary>
    private static void Set(ITask task, string name, string value)
    {
        var property = task.GetType().GetProperty(name) ?? throw new InvalidOperationException($"{task.GetType().Name} has no parameter {name}");
        var parts = value.Split(';', StringSplitOptions.RemoveEmptyEntries);
        object? converted = property.PropertyType == typeof(string) ? value
            : property.PropertyType == typeof(string[]) ? parts
            : property.PropertyType == typeof(ITaskItem[]) ? parts.Select(Item).ToArray()
            : property.PropertyType == typeof(ITaskItem) ? Item(value)
            : Convert.ChangeType(value, Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType, System.Globalization.CultureInfo.InvariantCulture);
        property.SetValue(task, converted);
    }

    /// <summary>"spec|Name=value|Name2=value2": an item with metadata (a GoModule with its BuildMode).</summary>
    private static ITaskItem Item(string text)
    {
        // TaskItem takes escaped text, as MSBuild gives it: a folder named "R&D 100%" must reach the task unchanged.
        static string Escape(string value) => string.Concat(value.Select(c => "%*?@$();'".IndexOf(c) >= 0 ? "%" + ((int)c).ToString("x2") : c.ToString()));
        var fields = text.Split('|');
        var item = new TaskItem(Escape(fields[0]));
        foreach (var field in fields.Skip(1))
        {
            var equals = field.IndexOf('=');
            item.SetMetadata(field.Substring(0, equals), Escape(field.Substring(equals + 1)));
        }
        return item;
    }

    /// <summary>The task dll and what it ships (NuGet.Versioning) from its folder; MSBuild's own API from the host.</summary>
    private sealed class TaskLoadContext(string folder) : AssemblyLoadContext("GoToolchain.Build tasks")
    {
        protected override Assembly? Load(AssemblyName name)
        {
            if (name.Name is "Microsoft.Build.Framework" or "Microsoft.Build.Utilities.Core") return null;
            var candidate = Path.Combine(folder, name.Name + ".dll");
            return File.Exists(candidate) ? LoadFromAssemblyPath(candidate) : null;
        }
    }

    /// <summary>Prints events as MSBuild's console logger would, with the code and help link.</summary>
    private sealed class Engine : IBuildEngine4
    {
        private readonly Dictionary<object, object> _objects = new();
        public int Errors { get; private set; }
        public bool ContinueOnError => false;
        public int LineNumberOfTaskNode => 0;
        public int ColumnNumberOfTaskNode => 0;
        public string ProjectFileOfTaskNode => "App.csproj";
        public bool IsRunningMultipleNodes => false;

        public void LogErrorEvent(BuildErrorEventArgs e) { Errors++; Console.WriteLine($"{e.File}({e.LineNumber}): error {e.Code}: {e.Message}"); }
        public void LogWarningEvent(BuildWarningEventArgs e) => Console.WriteLine($"{e.File}({e.LineNumber}): warning {e.Code}: {e.Message}");
        public void LogMessageEvent(BuildMessageEventArgs e)
            => Console.WriteLine(e is TaskCommandLineEventArgs c ? "command: " + c.CommandLine : "message: " + (e.Code is null ? "" : e.Code + ": ") + e.Message);
        public void LogCustomEvent(CustomBuildEventArgs e) => Console.WriteLine("custom: " + e.Message);
        public bool BuildProjectFile(string projectFileName, string[] targetNames, IDictionary globalProperties, IDictionary targetOutputs) => false;
        public bool BuildProjectFile(string projectFileName, string[] targetNames, IDictionary globalProperties, IDictionary targetOutputs, string toolsVersion) => false;
        public bool BuildProjectFilesInParallel(string[] projectFileNames, string[] targetNames, IDictionary[] globalProperties, IDictionary[] targetOutputsPerProject, string[] toolsVersion, bool useResultsCache, bool unloadProjectsOnCompletion) => false;
        public BuildEngineResult BuildProjectFilesInParallel(string[] projectFileNames, string[] targetNames, IDictionary[] globalProperties, IList<string>[] removeGlobalProperties, string[] toolsVersion, bool returnTargetOutputs) => new(false, null!);
        public void Yield() { }
        public void Reacquire() { }
        public void RegisterTaskObject(object key, object obj, RegisteredTaskObjectLifetime lifetime, bool allowEarlyCollection) { lock (_objects) _objects[key] = obj; }
        public object? GetRegisteredTaskObject(object key, RegisteredTaskObjectLifetime lifetime) { lock (_objects) return _objects.TryGetValue(key, out var o) ? o : null; }
        public object? UnregisterTaskObject(object key, RegisteredTaskObjectLifetime lifetime) { lock (_objects) { _objects.Remove(key, out var o); return o; } }
    }
}
