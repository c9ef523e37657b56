using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using GoToolchain.Build.Building;
using GoToolchain.Build.Diagnostics;
using GoToolchain.Build.Generate;
using GoToolchain.Build.Loopvar;
using GoToolchain.Build.Platform;
using GoToolchain.Build.Proxy;

namespace GoToolchain.Build.Settings;

/// <summary>One GoModule item as MSBuild gives it, without MSBuild's types.</summary>
public sealed class ModuleItem
{
    public ModuleItem(string itemSpec, string fullPath, IReadOnlyDictionary<string, string> metadata, IReadOnlyDictionary<string, string>? ownMetadata = null)
    {
        ItemSpec = itemSpec;
        FullPath = fullPath;
        Metadata = metadata;
        OwnMetadata = ownMetadata ?? metadata;
    }

    public string ItemSpec { get; }
    public string FullPath { get; }
    public IReadOnlyDictionary<string, string> Metadata { get; }
    public IReadOnlyDictionary<string, string> OwnMetadata { get; }
}

/// <summary>What <see cref="SettingsReader"/> reads: the property values (by <see cref="PropertyNames"/>) and the GoModule items.</summary>
public sealed class SettingsSource
{
    public string? ProjectFile { get; set; }

    /// <summary>A property's value as MSBuild expanded it; "" when not given.</summary>
    public Func<string, string> Property { get; set; } = _ => "";
    public IReadOnlyList<ModuleItem> Modules { get; set; } = Array.Empty<ModuleItem>();

    /// <summary>Where a property's value came from (GoOS/GoArch/GoRoot may be MSBuild's copy of an environment variable).</summary>
    public Func<string, string?, ValueOrigin> Origin { get; set; } = (_, value) => string.IsNullOrEmpty(value) ? ValueOrigin.Unset : ValueOrigin.Property;

    public Func<string, string?> EnvironmentVariable { get; set; } = _ => null;
}

/// <summary>
/// Parses and checks every setting once (the rules were ValidateGoSettings' and each task's own before): the one place that
/// knows defaults, allowed values and the codes of values that are not allowed. Reads no file; a problem's place in the
/// user's files is looked up only when it is reported (<see cref="ProjectFileLines"/>).
/// </summary>
public static class SettingsReader
{
    public static ProjectSettings Read(SettingsSource source)
    {
        var problems = new List<Func<ProjectFileLines, Diagnostic>>();
        string Text(string name) => source.Property(name) ?? "";
        string? Value(string name) => NullIfEmpty(Text(name));
        var project = source.ProjectFile;

        // A check is run without a place first: only a value that fails it makes the project files be read for its line.
        bool Boolean(string name, bool fallback)
        {
            var text = Text(name);
            if (SettingChecks.Boolean(name, text, (null, 0)) is not null) problems.Add(lines => SettingChecks.Boolean(name, text, lines.Property(name))!);
            return SettingChecks.BooleanOr(text, fallback);
        }
        void Invalid(string code, string name, string allowed)
        {
            var text = Text(name);
            problems.Add(lines => SettingChecks.Invalid(code, name, text, allowed, lines.Property(name)));
        }

        var settings = new ProjectSettings
        {
            ProjectFile = project,
            Enabled = Boolean(PropertyNames.GoToolchainEnabled, true),
            TrimPath = Boolean(PropertyNames.GoTrimPath, true),
            LoopvarReport = Boolean(PropertyNames.GoLoopvarReport, false),
            ReuseLastBuild = Boolean(PropertyNames.GoReuseLastBuild, true),
            GoExecutable = Value(PropertyNames.GoExecutableFull),
            VersionRange = VersionRangeSetting.Read(Text(PropertyNames.GoVersionRange), project),
            ToolchainMode = ToolchainModeSetting.Read(Text(PropertyNames.GoToolchainMode)),
            GoCC = Value(PropertyNames.GoCC),
            GeneratePackages = Value(PropertyNames.GoGeneratePackages),
            GenerateRun = Value(PropertyNames.GoGenerateRun),
            GenerateSkip = Value(PropertyNames.GoGenerateSkip),
            GenerateStateDirectory = Value(PropertyNames.GenerateStateDirectory),
            CheckDeclarations = SettingChecks.BooleanOr(Text(PropertyNames.GoCheckDeclarations), true),
            OptionalRuntimeIdentifiers = Value(PropertyNames.GoOptionalRuntimeIdentifiers),
            RootNamespace = Value(PropertyNames.RootNamespace),
            RuntimeIdentifier = Value(PropertyNames.RuntimeIdentifier),
            RuntimeIdentifiers = Value(PropertyNames.RuntimeIdentifiers),
            HostRuntimeIdentifier = Value(PropertyNames.NETCoreSdkRuntimeIdentifier),
            IntermediateDirectory = Text(PropertyNames.IntermediateDirectory),
            WriteDoctorReport = SettingChecks.BooleanOr(Text(PropertyNames.WriteDoctorReport), false),
        };

        var timeout = Text(PropertyNames.GoProcessTimeoutSeconds);
        if (SettingChecks.Seconds(PropertyNames.GoProcessTimeoutSeconds, timeout, (null, 0)) is not null)
            problems.Add(lines => SettingChecks.Seconds(PropertyNames.GoProcessTimeoutSeconds, timeout, lines.Property(PropertyNames.GoProcessTimeoutSeconds))!);
        settings.ProcessTimeout = SettingChecks.SecondsOr(timeout, ProjectSettings.DefaultProcessTimeoutSeconds);
        int WholeNumber(string name, int min, int max, int fallback)
        {
            var text = Text(name);
            if (SettingChecks.WholeNumber(name, text, min, max, (null, 0)) is not null)
                problems.Add(lines => SettingChecks.WholeNumber(name, text, min, max, lines.Property(name))!);
            return SettingChecks.ParseWholeNumber(text, min, max) ?? fallback;
        }
        settings.ShareBuilds = Boolean(PropertyNames.GoShareBuilds, true);
        settings.BuildStoreMaxAge = TimeSpan.FromHours(WholeNumber(PropertyNames.GoBuildStoreMaxAgeHours, 0, 8760, StoreLimits.DefaultMaxAgeHours));
        settings.BuildStoreMaxBytes = WholeNumber(PropertyNames.GoBuildStoreMaxMegabytes, 0, 1048576, StoreLimits.DefaultMaxMegabytes) * 1024L * 1024L;
        settings.ProgressNotice = TimeSpan.FromSeconds(WholeNumber(PropertyNames.GoProgressNoticeSeconds, 0, SettingChecks.MaxProcessTimeoutSeconds,
            ProjectSettings.DefaultProgressNoticeSeconds));

        // These have had their own codes since they were added.
        settings.Loopvar = LoopvarPolicies.TryParse(Text(PropertyNames.GoLoopvar), out var loopvar) ? loopvar : null;
        if (settings.Loopvar is null)
            Invalid(Codes.LoopvarPolicyInvalid, PropertyNames.GoLoopvar, LoopvarPolicies.ValidValues);
        settings.Generate = GenerateModes.TryParse(Value(PropertyNames.GoGenerate) ?? "Run", out var generate) ? generate : null;
        if (settings.Generate is null) Invalid(Codes.GenerateModeInvalid, PropertyNames.GoGenerate, "Run (the default), Verify or Off");
        settings.ProxyCheck = ProxyCheck.ParseMode(Text(PropertyNames.GoProxyCheck));
        if (settings.ProxyCheck is null) Invalid(Codes.ProxyCheckModeInvalid, PropertyNames.GoProxyCheck, "Off, Config, Auto (the default) or Network");
        settings.ProxyTimeoutSeconds = ProxySeconds(Value(PropertyNames.GoProxyTimeoutSeconds));
        if (settings.ProxyTimeoutSeconds is null)
            Invalid(Codes.ProxyTimeoutInvalid, PropertyNames.GoProxyTimeoutSeconds, "a number of seconds above 0 and at most 3600, e.g. 5 (the default)");

        var arguments = Entries(Text(PropertyNames.GoBuildArguments));
        settings.BuildArguments = arguments;
        // One error per argument the package owns, each placed at the line that sets GoBuildArguments.
        AddEach(problems, SettingChecks.BuildArguments(arguments, (null, 0)).Count(),
            (lines, i) => SettingChecks.BuildArguments(arguments, lines.Property(PropertyNames.GoBuildArguments)).ElementAt(i));

        settings.Environment = ParseEnvironment(Entries(Text(PropertyNames.GoEnvironment)), "GoEnvironment", project, problems);

        // GOOS/GOARCH/GOROOT in the environment arrive as $(GoOS)/$(GoArch)/$(GoRoot): a .NET build is retargeted only by the RID or
        // GoOS/GoArch the user set (project, Directory.Build.props, -p:), never by a variable left in a shell.
        settings.GoOS = FromUser(source, PropertyNames.GoOS, Value(PropertyNames.GoOS));
        settings.GoArch = FromUser(source, PropertyNames.GoArch, Value(PropertyNames.GoArch));
        settings.IgnoredEnvironmentGoOS = Ignored(source, "GOOS", PropertyNames.GoOS);
        settings.IgnoredEnvironmentGoArch = Ignored(source, "GOARCH", PropertyNames.GoArch);
        var goRoot = Value(PropertyNames.GoRootFull);
        var goRootOrigin = source.Origin(PropertyNames.GoRoot, goRoot);
        settings.GoRoot = goRootOrigin == ValueOrigin.Property ? goRoot : null;
        settings.GoRootFromEnvironment = goRootOrigin == ValueOrigin.Environment ? goRoot : null;

        settings.Modules = source.Modules.Select(m => ReadModule(m, project, problems)).ToList();
        settings.Problems = problems;
        return settings;
    }

    private static ModuleSettings ReadModule(ModuleItem item, string? projectFile, List<Func<ProjectFileLines, Diagnostic>> problems)
    {
        var module = new ModuleSettings(item.ItemSpec, ModuleFolder(item.FullPath), item.Metadata, item.OwnMetadata);
        string Get(string name) => module.Spec.Metadata.TryGetValue(name, out var value) ? value : "";
        (string?, int) Where(ProjectFileLines lines, string name) => lines.Metadata(item.ItemSpec, name);

        var buildMode = Get(ModuleMetadataNames.BuildMode);
        module.BuildMode = GoBuildModes.TryParse(buildMode, out var mode) ? mode : null;
        if (module.BuildMode is null)
            problems.Add(lines => Diagnostic.Error(Codes.InvalidBuildMode,
                $"GoModule '{item.ItemSpec}' has BuildMode='{buildMode}'. Fix: use c-shared (the default), exe, c-archive or none.",
                Where(lines, ModuleMetadataNames.BuildMode).Item1, Where(lines, ModuleMetadataNames.BuildMode).Item2));
        if (NullIfEmpty(Get(ModuleMetadataNames.Generate)) is { } generate)
        {
            module.Generate = GenerateModes.TryParse(generate, out var generateMode) ? generateMode : null;
            if (module.Generate is null)
                problems.Add(lines => Diagnostic.Error(Codes.GenerateModeInvalid,
                    $"GoModule '{item.ItemSpec}' has Generate='{generate}'. Fix: use Run, Verify or Off, or remove the metadata to use GoGenerate.",
                    Where(lines, ModuleMetadataNames.Generate).Item1, Where(lines, ModuleMetadataNames.Generate).Item2));
        }
        var outputName = Get(ModuleMetadataNames.OutputName);
        module.OutputName = SettingChecks.OutputName(item.ItemSpec, outputName, (null, 0)) is null ? outputName.Trim() : null;
        AddEach(problems, SettingChecks.Metadata(item.ItemSpec, Get, _ => (null, 0)).Count(),
            (lines, i) => SettingChecks.Metadata(item.ItemSpec, Get, name => Where(lines, name)).ElementAt(i));
        module.Environment = ParseEnvironment(Get(ModuleMetadataNames.Environment).Split(';'), $"GoModule '{item.ItemSpec}' Environment", projectFile,
            problems);
        module.GenerateBindings = string.Equals(Get(ModuleMetadataNames.GenerateBindings).Trim(), "true", StringComparison.OrdinalIgnoreCase);
        module.BindingsSignalFix = SettingChecks.BooleanOr(Get(ModuleMetadataNames.BindingsSignalFix), true);
        var visibility = Get(ModuleMetadataNames.BindingsVisibility).Trim();
        module.BindingsPublic = string.Equals(visibility, "public", StringComparison.OrdinalIgnoreCase);
        if (visibility.Length > 0 && !module.BindingsPublic && !string.Equals(visibility, "internal", StringComparison.OrdinalIgnoreCase))
            problems.Add(lines => Diagnostic.Error(Codes.BindingsMetadataInvalid,
                $"GoModule '{item.ItemSpec}' has BindingsVisibility='{visibility}'. Fix: use internal (the default: the generated class stays " +
                    $"inside the assembly) or public (other assemblies call it).",
                Where(lines, ModuleMetadataNames.BindingsVisibility).Item1, Where(lines, ModuleMetadataNames.BindingsVisibility).Item2));
        return module;
    }

    /// <summary>
    /// The module's folder: the Include, or the folder of the go.mod it names (`&lt;GoModule Include="go/x/go.mod" /&gt;`, what an IDE's
    /// build action writes; issue 26).
    /// </summary>
    public static string ModuleFolder(string fullPath)
    {
        var trimmed = fullPath.TrimEnd('/', '\\');
        return string.Equals(System.IO.Path.GetFileName(trimmed), "go.mod", StringComparison.OrdinalIgnoreCase) && !System.IO.Directory.Exists(trimmed)
            ? System.IO.Path.GetDirectoryName(trimmed) ?? fullPath
            : fullPath;
    }

    /// <summary>The <paramref name="count"/> diagnostics a check found without places, to be made again with them when reported.</summary>
    private static void AddEach(List<Func<ProjectFileLines, Diagnostic>> problems, int count, Func<ProjectFileLines, int, Diagnostic> make)
    {
        for (var i = 0; i < count; i++)
        {
            var index = i;
            problems.Add(lines => make(lines, index));
        }
    }

    /// <summary>NAME=value entries; a malformed one is a problem (GOTB008) and left out.</summary>
    private static IReadOnlyDictionary<string, string?> ParseEnvironment(IEnumerable<string> entries, string what, string? projectFile,
        List<Func<ProjectFileLines, Diagnostic>> problems)
    {
        var found = new DiagnosticBag();
        var parsed = BuildEnvironment.ParseEntries(entries, what, projectFile, found);
        foreach (var diagnostic in found.Items) problems.Add(_ => diagnostic);
        return parsed;
    }

    /// <summary>A ';'-separated list as MSBuild gives a string[] parameter: each element trimmed, empty ones dropped.</summary>
    public static IReadOnlyList<string> Entries(string text)
        => text.Split(';').Select(e => e.Trim()).Where(e => e.Length > 0).ToList();

    /// <summary>GoProxyTimeoutSeconds: a number of seconds (fractions allowed) above 0 and at most 3600; empty gives the default.</summary>
    private static double? ProxySeconds(string? text)
    {
        if (text is null) return ProjectSettings.DefaultProxyTimeoutSeconds;
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
                                                                                                      && seconds <= ProjectSettings.MaxProxyTimeoutSeconds
            ? seconds : null;
    }

    private static string? FromUser(SettingsSource source, string property, string? value)
        => source.Origin(property, value) == ValueOrigin.Environment ? null : value;

    /// <summary>The variable's value when it is set and not also the user's (-p:GoOS=windows with GOOS=windows is the user's).</summary>
    private static string? Ignored(SettingsSource source, string variable, string property)
        => source.EnvironmentVariable(variable) is { Length: > 0 } value && source.Origin(property, value) == ValueOrigin.Environment ? value : null;

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value!.Trim();
}
