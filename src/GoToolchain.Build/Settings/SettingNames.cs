namespace GoToolchain.Build.Settings;

/// <summary>
/// The names of the package's properties as the tasks receive them: each is a metadata name of the one @(_GoSettings) item
/// (build/GoToolchain.Build.Settings.targets), whose value is the property of the same name. Private ones start with '_'.
/// </summary>
public static class PropertyNames
{
    public const string GoToolchainEnabled = nameof(GoToolchainEnabled);
    public const string GoReuseLastBuild = nameof(GoReuseLastBuild);
    public const string GoExecutable = nameof(GoExecutable);
    public const string GoRoot = nameof(GoRoot);
    public const string GoVersionRange = nameof(GoVersionRange);
    public const string GoToolchainMode = nameof(GoToolchainMode);
    public const string GoOS = nameof(GoOS);
    public const string GoArch = nameof(GoArch);
    public const string GoCC = nameof(GoCC);
    public const string GoTrimPath = nameof(GoTrimPath);
    public const string GoBuildArguments = nameof(GoBuildArguments);
    public const string GoEnvironment = nameof(GoEnvironment);
    public const string GoProcessTimeoutSeconds = nameof(GoProcessTimeoutSeconds);
    public const string GoLoopvar = nameof(GoLoopvar);
    public const string GoLoopvarReport = nameof(GoLoopvarReport);
    public const string GoGenerate = nameof(GoGenerate);
    public const string GoGeneratePackages = nameof(GoGeneratePackages);
    public const string GoGenerateRun = nameof(GoGenerateRun);
    public const string GoGenerateSkip = nameof(GoGenerateSkip);
    public const string GoProxyCheck = nameof(GoProxyCheck);
    public const string GoProxyTimeoutSeconds = nameof(GoProxyTimeoutSeconds);
    public const string GoCheckDeclarations = nameof(GoCheckDeclarations);
    public const string GoOptionalRuntimeIdentifiers = nameof(GoOptionalRuntimeIdentifiers);
    public const string GoShareBuilds = nameof(GoShareBuilds);
    public const string GoBuildStoreMaxAgeHours = nameof(GoBuildStoreMaxAgeHours);
    public const string GoBuildStoreMaxMegabytes = nameof(GoBuildStoreMaxMegabytes);
    public const string GoProgressNoticeSeconds = nameof(GoProgressNoticeSeconds);
    public const string RootNamespace = nameof(RootNamespace);
    public const string RuntimeIdentifier = nameof(RuntimeIdentifier);
    public const string RuntimeIdentifiers = nameof(RuntimeIdentifiers);
    public const string NETCoreSdkRuntimeIdentifier = nameof(NETCoreSdkRuntimeIdentifier);

    /// <summary>GoExecutable and GoRoot made absolute against the project's folder (_GoComputePaths).</summary>
    public const string GoExecutableFull = "_GoExecutableFull";
    public const string GoRootFull = "_GoRootFull";

    /// <summary>The package's folder under obj/ (obj/Debug/net8.0/go/).</summary>
    public const string IntermediateDirectory = "_GoIntermediateDirectory";
    public const string GenerateStateDirectory = "_GoGenerateStateDirectory";
    public const string WriteDoctorReport = "_GoWriteDoctorReport";
}

/// <summary>The GoModule metadata the package reads (defaults in the targets' ItemDefinitionGroup).</summary>
public static class ModuleMetadataNames
{
    public const string BuildMode = nameof(BuildMode);
    public const string Package = nameof(Package);
    public const string OutputName = nameof(OutputName);
    public const string Tags = nameof(Tags);
    public const string LdFlags = nameof(LdFlags);
    public const string GcFlags = nameof(GcFlags);
    public const string CgoEnabled = nameof(CgoEnabled);
    public const string Environment = nameof(Environment);
    public const string Generate = nameof(Generate);
    public const string GeneratePackages = nameof(GeneratePackages);
    public const string GenerateBindings = nameof(GenerateBindings);
    public const string BindingsNamespace = nameof(BindingsNamespace);
    public const string BindingsClassName = nameof(BindingsClassName);
    public const string BindingsFreeFunction = nameof(BindingsFreeFunction);
    public const string BindingsSignalFix = nameof(BindingsSignalFix);
    public const string BindingsVisibility = nameof(BindingsVisibility);
}
