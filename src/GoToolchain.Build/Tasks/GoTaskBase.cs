using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using GoToolchain.Build.Diagnostics;
using GoToolchain.Build.Execution;
using GoToolchain.Build.Platform;
using GoToolchain.Build.Settings;
using GoToolchain.Build.Steps;
using GoToolchain.Build.Toolchain;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace GoToolchain.Build.Tasks;

/// <summary>
/// What every task of this package shares: cancellation (Ctrl+C kills the running go process tree), diagnostics
/// logged with their code, file, line and help link, every go command line through LogCommandLine, and no MSB4018:
/// an unexpected exception becomes GOTB900.
/// </summary>
public abstract class GoTaskBase : Task, ICancelableTask
{
    private readonly CancellationTokenSource _cancellation = new();

    /// <summary>The project being built; diagnostics about properties point at it.</summary>
    public string? ProjectFile { get; set; }

    /// <summary>@(_GoSettings): one item whose metadata are the package's properties, by name (build/GoToolchain.Build.Settings.targets).</summary>
    public ITaskItem? Settings { get; set; }

    /// <summary>@(GoModule).</summary>
    public ITaskItem[] Modules { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>"true" once this task has logged a warning, else empty: the targets collect it, and a build that warned is
    /// not recorded for reuse (LastBuildRecord), so the next build runs the checks again and says it again.</summary>
    [Output] public string LoggedWarnings { get; private set; } = "";

    protected CancellationToken CancellationToken => _cancellation.Token;

    public void Cancel() => _cancellation.Cancel();

    public sealed override bool Execute()
    {
        try
        {
            using (CommandLineLog.Use(commandLine => Log.LogCommandLine(MessageImportance.Low, commandLine)))
            {
                // The build session begins with the first task of the package in this node, before any go generate or go build of
                // the build: what those publish is then reusable by every project of it (BuildSession).
                BuildSession.Get(BuildEngine4);
                ExecuteCore();
            }
        }
        catch (Exception e) when (_cancellation.IsCancellationRequested || e.GetType().FullName == "Microsoft.Build.Exceptions.BuildAbortedException")
        {
            // Cancelled (Ctrl+C): MSBuild reports that itself, and logging after it throws BuildAbortedException,
            // which is no bug of ours to report as GOTB900.
        }
        catch (Exception e)
        {
            Report(Diagnostic.Error(Codes.InternalError,
                $"{GetType().Name} failed unexpectedly: {e.GetType().FullName}: {e.Message}. This is a bug in GoToolchain.Build; please report it " +
                    $"with this message and the build log (the stack trace is logged with -v:d).",
                ProjectFile));
            Log.LogMessage(MessageImportance.Low, e.ToString());
        }
        return !Log.HasLoggedErrors;
    }

    protected abstract void ExecuteCore();

    /// <summary>For a step that starts go processes of its own: the resolved go, cancellation, the build-wide cache, the log.</summary>
    protected GoProcessContext GoProcesses(string? goExecutable, string? goVersion) => new()
    {
        GoExecutable = NullIfEmpty(goExecutable) ?? "", GoVersionText = NullIfEmpty(goVersion) ?? "", Cancellation = CancellationToken,
        BuildCache = BuildScopedCache.Get(BuildEngine4), Log = LogLine,
    };

    /// <summary>The logic's log lines, at their importance.</summary>
    protected void LogLine(LogImportance importance, string text)
        => Log.LogMessage(importance switch { LogImportance.High => MessageImportance.High, LogImportance.Normal => MessageImportance.Normal,
            _ => MessageImportance.Low }, "{0}", text);

    protected void Report(IEnumerable<Diagnostic> diagnostics)
    {
        foreach (var diagnostic in diagnostics) Report(diagnostic);
    }

    protected void Report(Diagnostic d)
    {
        switch (d.Severity)
        {
            case Severity.Error:
                Log.LogError(null, d.Code, d.Code, HelpLinks.For(d.Code), d.File, d.Line, d.Column, 0, 0, "{0}", d.Message);
                break;
            case Severity.Warning:
                LoggedWarnings = "true";
                Log.LogWarning(null, d.Code, d.Code, HelpLinks.For(d.Code), d.File, d.Line, d.Column, 0, 0, "{0}", d.Message);
                break;
            default:
                // Informational: Normal importance, so a healthy build at the default (minimal) verbosity prints nothing
                // of ours; -v:n shows them. With a file, the console logger prints "file : message GOTBnnn: text";
                // without one it shows only the text, so the code goes into the text there.
                if (d.File is null) Log.LogMessage(MessageImportance.Normal, "{0}: {1}", d.Code, d.Message);
                else Log.LogMessage(null, d.Code, d.Code, d.File, d.Line, d.Column, 0, 0, MessageImportance.Normal, "{0}", d.Message);
                break;
        }
    }

    private ProjectSettings? _settings;

    /// <summary>Every setting and GoModule, parsed and checked once (ValidateGoSettings reports what is not allowed; the
    /// others use the defaults then).</summary>
    protected ProjectSettings ReadSettings() => _settings ??= SettingsReader.Read(new SettingsSource
    {
        ProjectFile = ProjectFile,
        Property = name => Settings?.GetMetadata(name) ?? "",
        Modules = Modules.Select(ModuleItemOf).ToList(),
        Origin = (name, value) => name == PropertyNames.GoRoot ? OriginOf(name, value, FullPathForComparison) : OriginOf(name, value),
        EnvironmentVariable = SystemPlatform.Instance.GetEnvironmentVariable,
    });

    /// <summary>A GoModule for the settings: its own metadata (item definitions included), the empty ones left out as MSBuild's
    /// conditions see them; MSBuild's derived ones (ModifiedTime… cost a stat each) are not needed by the logic.</summary>
    private static ModuleItem ModuleItemOf(ITaskItem item)
    {
        var own = TaskItems.OwnMetadata(item);
        return new ModuleItem(item.ItemSpec, item.GetMetadata("FullPath"), own.Where(p => p.Value.Length > 0).ToDictionary(p => p.Key, p => p.Value), own);
    }

    /// <summary>@(_GoEnvironmentForBuild) parsed: what ValidateGoroot (and the loop-variable check) resolved for every go process.</summary>
    protected static Dictionary<string, string?> ParseBuildEnvironment(IEnumerable<string> entries)
        => BuildEnvironment.ParseEntries(entries, "GoEnvironment", null, new DiagnosticBag()); // made by ValidateGoroot: well-formed

    /// <summary>
    /// The build's go env probe: every task that asks it shares one memory cache per build and node, one disk cache under
    /// obj/.../go/probe/ and, for a cold probe, the per-user private state root's probe/ folder under a cross-process lock,
    /// so only the first ask of a toolchain and environment on the machine starts a go process. A version-manager
    /// shim is probed from the first module's folder, where go build runs, so it picks the toolchain the build gets.
    /// The probe obeys GoProcessTimeoutSeconds like every other go process.
    /// </summary>
    protected GoEnvProbe SharedGoEnvProbe(ProjectSettings settings)
        => new(SystemPlatform.Instance, settings.ProcessTimeout, CancellationToken,
            System.IO.Path.Combine(settings.IntermediateDirectory, "probe"), BuildScopedCache.Get(BuildEngine4),
            settings.Modules.Count > 0 ? settings.Modules[0].Directory : ProjectFile is null ? null : System.IO.Path.GetDirectoryName(ProjectFile),
            SharedProbeDirectory);

    /// <summary>The per-user folder where MSBuild nodes share go env answers; asked only on a cold probe.</summary>
    private string? SharedProbeDirectory()
    {
        var folder = PrivateStateRoot.Get("probe", out var problem);
        if (folder is null)
        {
            Log.LogMessage(MessageImportance.Low, "Not sharing the go env probe with other MSBuild nodes: {0}.", problem);
        }
        return folder;
    }

    /// <summary>Where a property's value came from (docs/design.md, "Environment variables are not properties"): MSBuild makes
    /// every environment variable a property, so GOROOT/GOOS/GOARCH arrive as GoRoot/GoOS/GoArch.</summary>
    private ValueOrigin OriginOf(string propertyName, string? value, Func<string, string>? normalize = null)
    {
        var variable = PropertyOrigins.VariableFor(propertyName);
        var isGlobal = GlobalPropertyNames().Contains(propertyName);
        return PropertyOrigins.Classify(value, variable is null ? null : SystemPlatform.Instance.GetEnvironmentVariable(variable), isGlobal,
            normalize);
    }

    private string FullPathForComparison(string path)
    {
        try
        {
            var directory = ProjectFile is null ? System.IO.Directory.GetCurrentDirectory() : System.IO.Path.GetDirectoryName(ProjectFile)!;
            return System.IO.Path.GetFullPath(System.IO.Path.Combine(directory, path.Trim()))
                .TrimEnd(System.IO.Path.DirectorySeparatorChar, System.IO.Path.AltDirectorySeparatorChar);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or System.IO.PathTooLongException)
        {
            return path.Trim();
        }
    }

    private HashSet<string>? _globalPropertyNames;

    /// <summary>The names of the project's global properties (-p:, the MSBuild task's Properties), asked of MSBuild once per task:
    /// the engine copies the whole dictionary on every call.</summary>
    private HashSet<string> GlobalPropertyNames()
        => _globalPropertyNames ??= new HashSet<string>(GlobalProperties().Keys, StringComparer.OrdinalIgnoreCase);

    /// <summary>The project's global properties: whether GoRoot/GoOS/GoArch came from -p: or from the environment changes what
    /// the tasks make of them, so the no-op check keys those in.</summary>
    protected IReadOnlyDictionary<string, string> GlobalProperties()
        => BuildEngine is IBuildEngine6 engine ? engine.GetGlobalProperties() : new Dictionary<string, string>();

    protected static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value!.Trim();
}
