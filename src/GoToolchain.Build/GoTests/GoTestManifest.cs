using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using GoToolchain.Build.Toolchain;

namespace GoToolchain.Build.GoTests;

/// <summary>
/// One GoTest item as the build resolved it (build/GoToolchain.Build.Test.targets, WriteGoTestManifest): everything a test
/// adapter in the test host needs to run `go test` exactly as the build would, without MSBuild: the validated go, the module,
/// its packages, the whole environment the build gives go (GOTOOLCHAIN, GoEnvironment, the item's Environment, GOOS/GOARCH,
/// CGO_ENABLED, CC) and go test's flags.
/// </summary>
public sealed class GoTestModule
{
    /// <summary>The Include as written (../go/calc): names the item in messages.</summary>
    public string ItemSpec { get; set; } = "";

    /// <summary>The module's folder, absolute: go test runs there.</summary>
    public string ModuleDirectory { get; set; } = "";

    /// <summary>The module path of its go.mod (example.com/calc): import paths below it map to folders without a go process.</summary>
    public string ModulePath { get; set; } = "";

    /// <summary>The package patterns, relative to the module (./..., ./calc).</summary>
    public IReadOnlyList<string> Packages { get; set; } = new[] { "./..." };

    /// <summary>The validated go binary.</summary>
    public string GoExecutable { get; set; } = "";

    /// <summary>GOVERSION of that go (go1.27.4).</summary>
    public string GoVersion { get; set; } = "";

    /// <summary>Set over the test host's own environment for every go process; a null value removes the variable.</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; set; } = new Dictionary<string, string?>();

    /// <summary>go test's flags before the packages, one argv element each (-count=1, -race, -tags=a,b, -timeout=10m, -exec=…).</summary>
    public IReadOnlyList<string> Flags { get; set; } = Array.Empty<string>();

    /// <summary>GOOS/GOARCH the tests are built for.</summary>
    public string Target { get; set; } = "";

    /// <summary>false: the host cannot run test binaries for <see cref="Target"/> and no runner exists: they are built, not run.</summary>
    public bool Runnable { get; set; } = true;

    /// <summary>How the test binaries run when the host cannot run them itself (wine64, qemu-aarch64-static), or why they are not run.</summary>
    public string RunnerNote { get; set; } = "";

    /// <summary>How long one whole go test (or go test -list) may run before its process tree is killed.</summary>
    public TimeSpan ProcessTimeout { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The project file that lists the item (diagnostics without a place of their own point there).</summary>
    public string ProjectFile { get; set; } = "";
}

/// <summary>
/// The file the build writes beside the test assembly (<c>&lt;assembly&gt;.gotests.json</c>) and the test adapter reads: one
/// flat JSON object per line (JSON Lines), one line per GoTest item. Flat so that the package's one small JSON reader
/// (<see cref="GoEnvJson"/>) reads it: lists are joined with newlines, environment entries are keys "env:NAME".
/// </summary>
public static class GoTestManifest
{
    public const string Extension = ".gotests.json";

    /// <summary>The manifest of a test assembly (bin/Debug/net10.0/Calc.Tests.dll: bin/Debug/net10.0/Calc.Tests.gotests.json).</summary>
    public static string PathFor(string testAssembly)
        => Path.Combine(Path.GetDirectoryName(testAssembly) ?? "", Path.GetFileNameWithoutExtension(testAssembly) + Extension);

    public static string Write(IEnumerable<GoTestModule> modules)
    {
        var text = new StringBuilder();
        foreach (var module in modules)
        {
            var fields = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["ItemSpec"] = module.ItemSpec,
                ["ModuleDirectory"] = module.ModuleDirectory,
                ["ModulePath"] = module.ModulePath,
                ["Packages"] = string.Join("\n", module.Packages),
                ["GoExecutable"] = module.GoExecutable,
                ["GoVersion"] = module.GoVersion,
                ["Flags"] = string.Join("\n", module.Flags),
                ["Target"] = module.Target,
                ["Runnable"] = module.Runnable ? "true" : "false",
                ["RunnerNote"] = module.RunnerNote,
                ["ProcessTimeoutSeconds"] = ((long)module.ProcessTimeout.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["ProjectFile"] = module.ProjectFile,
            };
            foreach (var pair in module.Environment.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                // A removed variable is written as "unset:NAME" (a JSON null would be dropped by the reader).
                if (pair.Value is null) fields["unset:" + pair.Key] = "";
                else fields["env:" + pair.Key] = pair.Value;
            }
            text.Append(GoEnvJson.Write(fields).Replace("\n", "").Replace("\t", "")).Append('\n');
        }
        return text.ToString();
    }

    /// <summary>The modules of a manifest's text; null with <paramref name="error"/> when a line is not one.</summary>
    public static IReadOnlyList<GoTestModule>? Read(string text, out string? error)
    {
        var modules = new List<GoTestModule>();
        var number = 0;
        foreach (var line in text.Split('\n'))
        {
            number++;
            if (line.Trim().Length == 0) continue;
            var fields = GoEnvJson.Parse(line, out error);
            if (fields is null)
            {
                error = $"line {number}: {error}";
                return null;
            }
            string Get(string name) => fields.TryGetValue(name, out var value) ? value : "";
            var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var pair in fields)
            {
                if (pair.Key.StartsWith("env:", StringComparison.Ordinal)) environment[pair.Key.Substring(4)] = pair.Value;
                else if (pair.Key.StartsWith("unset:", StringComparison.Ordinal)) environment[pair.Key.Substring(6)] = null;
            }
            modules.Add(new GoTestModule
            {
                ItemSpec = Get("ItemSpec"),
                ModuleDirectory = Get("ModuleDirectory"),
                ModulePath = Get("ModulePath"),
                Packages = Lines(Get("Packages")),
                GoExecutable = Get("GoExecutable"),
                GoVersion = Get("GoVersion"),
                Flags = Lines(Get("Flags")),
                Target = Get("Target"),
                Runnable = Get("Runnable") != "false",
                RunnerNote = Get("RunnerNote"),
                ProcessTimeout = long.TryParse(Get("ProcessTimeoutSeconds"), out var seconds) && seconds > 0
                    ? TimeSpan.FromSeconds(seconds) : TimeSpan.FromHours(1),
                ProjectFile = Get("ProjectFile"),
                Environment = environment,
            });
        }
        error = null;
        return modules;
    }

    /// <summary>The manifest beside a test assembly; null (no error) when there is none: the assembly has no GoTest items.</summary>
    public static IReadOnlyList<GoTestModule>? ReadFor(string testAssembly, out string? error)
    {
        error = null;
        var path = PathFor(testAssembly);
        if (!File.Exists(path)) return null;
        string text;
        try { text = File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error = $"cannot read '{path}': {e.Message}";
            return null;
        }
        var modules = Read(text, out error);
        if (error is not null) error = $"'{path}' {error}";
        return modules;
    }

    private static IReadOnlyList<string> Lines(string text) => text.Split('\n').Where(l => l.Length > 0).ToList();
}
