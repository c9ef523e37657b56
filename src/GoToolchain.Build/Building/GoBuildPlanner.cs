using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using GoToolchain.Build.Diagnostics;
using GoToolchain.Build.Execution;
using GoToolchain.Build.Modules;
using GoToolchain.Build.Platform;
using GoToolchain.Build.Toolchain;
using GoToolchain.Build.Package;

namespace GoToolchain.Build.Building;

/// <summary>A GoModule item as the planner sees it: its directory, its metadata, and the values the settings model checked.</summary>
public sealed class GoModuleSpec
{
    public GoModuleSpec(string directory, IReadOnlyDictionary<string, string> metadata)
    {
        Directory = directory;
        // MSBuild metadata names are case-insensitive: <GoModule buildMode="exe" /> is BuildMode.
        var copy = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var pair in metadata) copy[pair.Key] = pair.Value;
        Metadata = copy;
    }

    public string Directory { get; }
    public IReadOnlyDictionary<string, string> Metadata { get; }
    public string Get(string name) => Metadata.TryGetValue(name, out var v) ? v.Trim() : "";

    /// <summary>BuildMode as the settings model read it; null when it is not allowed (ValidateGoSettings reported it: not planned).</summary>
    public GoBuildMode? BuildMode { get; set; } = GoBuildMode.CShared;

    /// <summary>OutputName as the settings model checked it, trimmed: a file name, or "" for the module folder's name; null when it is
    /// not a file name (reported: not planned, so nothing is written outside obj/).</summary>
    public string? OutputName { get; set; } = "";
}

/// <summary>One planned build: where its output goes and everything that decides whether it is up to date.</summary>
public sealed class GoBuildPlan
{
    public GoModuleSpec Module { get; set; } = null!;
    public string ModuleDirectory { get; set; } = "";
    public GoBuildMode Mode { get; set; }
    public string OutputName { get; set; } = "";
    public string OutputFileName { get; set; } = "";
    public string OutputPath { get; set; } = "";
    public string? HeaderPath { get; set; }
    public string GoModPath { get; set; } = "";

    /// <summary>A file whose content is every setting of this build; rewritten only when a setting changes.</summary>
    public string SettingsPath { get; set; } = "";
    public string SettingsContent { get; set; } = "";
    public IReadOnlyList<string> InputFiles { get; set; } = Array.Empty<string>();

    /// <summary>c-shared libraries and exe tools go next to the app; c-archive is for linking only.</summary>
    public bool CopyToOutput => Mode is GoBuildMode.CShared or GoBuildMode.Exe;
}

/// <summary>
/// Plans the builds: output names and paths (obj/.../go/&lt;goos&gt;_&lt;goarch&gt;/&lt;name&gt;/), the input files
/// MSBuild compares against the output (everything in the module but VCS and build-output folders: embedded
/// files can be anything), and the settings that invalidate the output when the toolchain or flags change.
/// </summary>
public static class GoBuildPlanner
{
    /// <summary>The metadata that changes what go build produces, in the order the settings file lists them.</summary>
    private static readonly string[] SettingsMetadata = { "CgoEnabled", "Environment", "GcFlags", "LdFlags", "OutputName", "Package", "Tags" };

    /// <summary>The output's name without prefix or extension: OutputName, else the name go build gives it (<see cref="OutputNames"/>);
    /// one rule for go build and for the design-time bindings, which name the library without planning a build.</summary>
    public static string OutputNameOf(GoModuleSpec module)
    {
        if (module.Get("OutputName") is { Length: > 0 } name) return name;
        var directory = TrimSeparators(module.Directory);
        return OutputNames.Default(Modules.GoModFile.Load(Path.Combine(directory, "go.mod")).ModulePath, directory, module.Get("Package"));
    }

    private static readonly HashSet<string> SkippedDirectories = new(StringComparer.OrdinalIgnoreCase)
        { ".git", ".hg", ".svn", ".vs", ".idea", "bin", "obj", "node_modules" };

    /// <summary>The files one build compiles from its module (its packages' folders, embedded files, go.mod, go.sum), or null to use
    /// every file of the module. <paramref name="key"/> changes whenever the answer may: the module's file list and the build's settings.</summary>
    public delegate IReadOnlyList<string>? PackageInputsSource(GoModuleSpec module, string moduleDirectory, GoBuildMode mode, string cacheFile,
        string key);

    /// <param name="packageInputs">Narrows each build's inputs to its own packages (go list -deps); null: the whole module.</param>
    public static IReadOnlyList<GoBuildPlan> Plan(IReadOnlyList<GoModuleSpec> modules, GoTarget target, string intermediateDirectory,
        IReadOnlyList<string> sharedSettings, string? projectFile, DiagnosticBag diagnostics, PackageInputsSource? packageInputs = null)
    {
        var plans = new List<GoBuildPlan>();
        var byOutput = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var module in modules)
        {
            var directory = TrimSeparators(module.Directory);
            if (!Directory.Exists(directory))
            {
                diagnostics.Add(Diagnostic.Error(Codes.ModuleDirectoryMissing,
                    $"GoModule '{module.Directory}' does not exist. Fix: make the GoModule Include point at the folder that holds the module's " +
                        $"go.mod (relative to the project file).",
                    projectFile));
                continue;
            }
            // A BuildMode or OutputName that is not allowed was reported by ValidateGoSettings at its line; such a module is not planned.
            if (module.BuildMode is not { } mode || mode == GoBuildMode.None || module.OutputName is not { } outputName) continue;
            var name = outputName.Length > 0 ? outputName : OutputNameOf(module);
            var fileName = GoBuildModes.OutputFileName(mode, target.GoOS, name);
            var outputDirectory = Path.Combine(intermediateDirectory, $"{target.GoOS}_{target.GoArch}", name);
            var outputPath = Path.Combine(outputDirectory, fileName);
            if (byOutput.TryGetValue(outputPath, out var other))
            {
                diagnostics.Add(Diagnostic.Error(Codes.InvalidBuildMode,
                    $"GoModules '{other}' and '{module.Directory}' would both build '{fileName}'. Fix: give one of them another OutputName metadata.",
                    projectFile));
                continue;
            }
            byOutput[outputPath] = module.Directory;
            var header = GoBuildModes.HeaderFileName(mode, fileName);

            var settings = new List<string>(sharedSettings)
            {
                "target=" + target,
                "mode=" + GoBuildModes.ToGoFlag(mode),
                "package=" + PackageInfo.Version,
            };
            settings.AddRange(SettingsMetadata
                .Where(name => module.Metadata.ContainsKey(name))
                .Select(name => name + "=" + module.Metadata[name]));

            // What MSBuild's Inputs/Outputs cannot see: a deleted or renamed file, a file restored with an old time (cp -p, tar,
            // unzip), a go.work above the module. Each changes these lines, so the settings file, and the build.
            var moduleFiles = EnumerateInputs(directory).ToList();
            var workspace = NearestWorkspace(directory);
            // A change in one package rebuilds only the outputs that compile it: each build's inputs are its own packages' files
            // when go list can say which (the answer is kept until a file of the module, the go.work or a setting changes).
            var key = ContentHash.ShortOfText(FileListDigest(directory, moduleFiles) + "\n" + workspace + "\n" + string.Join("\n", settings));
            var inputFiles = packageInputs?.Invoke(module, directory, mode, Path.Combine(outputDirectory, fileName + ".inputs"), key)?.ToList()
                ?? moduleFiles;
            settings.Add("files=" + FileListDigest(directory, inputFiles));
            settings.Add("go.work=" + workspace);

            var settingsPath = Path.Combine(outputDirectory, fileName + ".settings");
            plans.Add(new GoBuildPlan
            {
                Module = module,
                ModuleDirectory = directory,
                Mode = mode,
                OutputName = name,
                OutputFileName = fileName,
                OutputPath = outputPath,
                HeaderPath = header is null ? null : Path.Combine(outputDirectory, header),
                GoModPath = Path.Combine(directory, "go.mod"),
                SettingsPath = settingsPath,
                SettingsContent = string.Join("\n", settings.Select(DigestSecrets)) + "\n",
                InputFiles = inputFiles.Append(settingsPath).ToList(),
            });
        }
        return plans;
    }

    /// <summary>Each input's path in the module, size and write time, as one digest.</summary>
    public static string FileListDigest(string moduleDirectory, IEnumerable<string> files)
    {
        var text = new System.Text.StringBuilder();
        foreach (var file in files.OrderBy(f => f, StringComparer.Ordinal))
        {
            var info = new FileInfo(file);
            text.Append(file.Length > moduleDirectory.Length ? file.Substring(moduleDirectory.Length) : file).Append('\t')
                .Append(info.Exists ? info.Length + "@" + info.LastWriteTimeUtc.Ticks : "absent").Append('\n');
        }
        return Execution.ContentHash.ShortOfText(text.ToString());
    }

    /// <summary>The go.work go would use from this folder (the nearest above it; GOWORK is an environment setting) with
    /// its size and time, or "none".</summary>
    public static string NearestWorkspace(string directory)
    {
        for (var current = directory; !string.IsNullOrEmpty(current); current = Path.GetDirectoryName(current))
        {
            var candidate = new FileInfo(Path.Combine(current, "go.work"));
            if (candidate.Exists) return candidate.FullName + "@" + candidate.Length + "@" + candidate.LastWriteTimeUtc.Ticks;
        }
        return "none";
    }

    /// <summary>
    /// The variables of the build's own environment that change what go builds (every GO* and CGO_* one, CC, CXX, AR,
    /// PKG_CONFIG) and the user's go env file, as settings lines ("env:shell:NAME=value", digested when written like
    /// every env: line): a GOFLAGS=-tags=x or CGO_ENABLED=0 in the shell, or a `go env -w`, must rebuild, and must not
    /// be served a build from the shared store made without it.
    /// </summary>
    public static IEnumerable<string> ShellEnvironmentSettings(IPlatform platform, BuildEnvironment environment)
    {
        var names = platform.EnvironmentVariableNames()
            .Where(n => n.StartsWith("GO", StringComparison.Ordinal) || n.StartsWith("CGO_", StringComparison.Ordinal) || ShellCompilerVariables.Contains(n))
            .Distinct(StringComparer.Ordinal).OrderBy(n => n, StringComparer.Ordinal);
        foreach (var name in names) yield return "env:shell:" + name + "=" + (platform.GetEnvironmentVariable(name) ?? "");
        if (GoEnvProbe.UserGoEnvFile(platform, environment) is { } goEnvFile && platform.ReadAllText(goEnvFile) is { } text)
            yield return "env:goenv-file:" + goEnvFile + "=" + text;
    }

    private static readonly HashSet<string> ShellCompilerVariables = new(StringComparer.Ordinal) { "CC", "CXX", "AR", "PKG_CONFIG" };

    /// <summary>
    /// Environment values (GOPROXY with a password, GOFLAGS, any GoEnvironment or Environment entry) count for change
    /// detection but must not be written to obj/ in clear: the settings file holds their digest.
    /// </summary>
    public static string DigestSecrets(string setting)
    {
        var isEnvironment = setting.StartsWith("env:", StringComparison.Ordinal) || setting.StartsWith("Environment=",
            StringComparison.OrdinalIgnoreCase);
        var eq = setting.IndexOf('=', setting.StartsWith("env:", StringComparison.Ordinal) ? 4 : 0);
        if (!isEnvironment || eq < 0) return setting;
        return setting.Substring(0, eq + 1) + "sha256:" + Execution.ContentHash.ShortOfText(setting.Substring(eq + 1));
    }

    /// <summary>Writes the settings file only when its content changed, so its timestamp means "settings changed".</summary>
    public static void WriteSettings(GoBuildPlan plan)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(plan.SettingsPath)!);
        if (File.Exists(plan.SettingsPath) && File.ReadAllText(plan.SettingsPath) == plan.SettingsContent) return;
        File.WriteAllText(plan.SettingsPath, plan.SettingsContent);
    }

    /// <summary>Every file of the module's tree but version-control, IDE and build-output folders; nested modules included.</summary>
    public static IEnumerable<string> EnumerateInputs(string directory)
        => ModuleTree.Walk(directory, InputOptions).Where(e => !e.IsFolder).Select(e => e.Path);

    // go.mod `ignore` lines are deliberately not honoured here: they only take folders out of package patterns (./..., all);
    // go build still compiles a package imported from an ignored folder and embeds files from one (//go:embed), checked on
    // go 1.25 and 1.27, so a change there must still rebuild.
    private static readonly ModuleTreeOptions InputOptions = new()
    {
        SkipsFolder = SkippedDirectories.Contains,
        // Files reached through a link to another folder still count; ResolveSymlinks does not resolve Windows
        // links and junctions, so there they are not followed.
        FollowsSymlinkedFolders = true,
    };

    private static string TrimSeparators(string path)
    {
        var trimmed = path.TrimEnd('/', '\\');
        return trimmed.Length == 0 ? path : trimmed;
    }
}
