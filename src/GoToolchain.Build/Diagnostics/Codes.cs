namespace GoToolchain.Build.Diagnostics;

/// <summary>
/// Every diagnostic code the package emits. docs/diagnostics.md documents each one; a code, once shipped,
/// keeps its meaning. 0xx toolchain and GOROOT, 1xx versions/go.mod/go.work/GOTOOLCHAIN, 2xx module proxy and
/// checksum database, 3xx loop-variable semantics, 4xx go generate, 5xx go build, 6xx C# bindings, 7xx Go tests, 9xx internal.
/// </summary>
public static class Codes
{
    // 0xx: finding the go binary and checking its GOROOT.
    public const string GoExecutableMissing = "GOTB001";
    public const string GoRootMissing = "GOTB002";
    public const string GoRootIsFile = "GOTB003";
    public const string GoRootWithoutGo = "GOTB004";
    public const string GoNotFound = "GOTB005";
    public const string GoSelected = "GOTB006";
    public const string GoShadowedOnPath = "GOTB007";
    public const string EnvironmentEntryInvalid = "GOTB008";
    public const string ProbeFailed = "GOTB010";
    public const string ProbeTimedOut = "GOTB011";
    public const string ProbeOutputUnreadable = "GOTB012";
    public const string GoRootMismatch = "GOTB020";
    public const string GoRootVersionMismatch = "GOTB021";
    public const string GoRootToolsMissing = "GOTB022";
    public const string GoRootSourcesMissing = "GOTB023";
    public const string TargetVariablesIgnored = "GOTB024";
    public const string GoCacheFallback = "GOTB030";
    public const string GoModCacheFallback = "GOTB031";
    public const string WslWindowsGo = "GOTB040";
    public const string WslWindowsDrive = "GOTB041";

    // 06x: the package's own properties and GoModule metadata (ValidateGoSettings).
    public const string PropertyValueInvalid = "GOTB060";
    public const string MetadataValueInvalid = "GOTB061";

    // 1xx: versions, go.mod, go.work, GOTOOLCHAIN.
    public const string VersionRangeNotSatisfied = "GOTB100";
    public const string VersionRangeInvalid = "GOTB101";
    public const string VersionNotComparable = "GOTB102";
    public const string GoModMissing = "GOTB110";
    public const string GoModMalformed = "GOTB111";
    public const string GoWorkMalformed = "GOTB112";
    public const string GoLineTooNewLocal = "GOTB113";
    public const string ToolchainDownload = "GOTB114";
    public const string ToolchainFromPath = "GOTB115";
    public const string ToolchainNotOnPath = "GOTB116";
    public const string ToolchainModeInvalid = "GOTB117";
    public const string GoLineTooNewForOldGo = "GOTB118";
    public const string ToolchainDownloadFailed = "GOTB119";
    public const string ModuleNotInWorkspace = "GOTB120";
    /// <summary>A GoModule's Package names no package of the module (checked before go generate and go build).</summary>
    public const string PackageNotInModule = "GOTB121";

    // 2xx: module proxy, checksum database, module availability (CheckGoProxy).
    public const string ProxyCheckModeInvalid = "GOTB200";
    public const string ProxyTimeoutInvalid = "GOTB201";
    public const string GoProxyInvalid = "GOTB202";
    public const string ProxyCredentialsOverHttp = "GOTB203";
    public const string PrivatePatternBypassesProxy = "GOTB204";
    public const string FileProxyWithChecksumDatabase = "GOTB205";
    public const string ModModInWorkspace = "GOTB206";
    public const string ChecksumDatabaseOff = "GOTB207";
    public const string ModuleDownloadImpossible = "GOTB210";
    public const string ToolchainDownloadImpossible = "GOTB211";
    public const string ChecksumDatabaseUnreachable = "GOTB212";
    public const string DownloadMayFail = "GOTB213";
    public const string ProxyBroken = "GOTB214";
    public const string ProxyCredentialsMissing = "GOTB215";
    public const string ProxyCredentialsRefused = "GOTB216";

    // 3xx: loop-variable semantics (EnsureLoopvarExperiment).
    public const string LoopvarPolicyInvalid = "GOTB300";
    public const string LoopvarToolchainTooOld = "GOTB301";
    public const string LoopvarEnabled = "GOTB302";
    public const string LoopvarRequirementNotMet = "GOTB303";
    public const string LoopvarInForce = "GOTB304";
    public const string NoLoopvarOverridden = "GOTB305";
    public const string NoLoopvarIneffective = "GOTB306";
    public const string GoExperimentRejected = "GOTB307";
    public const string FileSemanticsDiffer = "GOTB308";
    public const string LoopSemanticsChange = "GOTB310";
    public const string LoopReportFailed = "GOTB311";
    public const string LoopvarProofFailed = "GOTB312";
    public const string CgoFileLoopsPerIteration = "GOTB313";

    // 4xx: go generate (RunGoGenerate).
    public const string GenerateModeInvalid = "GOTB400";
    public const string GenerateSkipUnsupported = "GOTB401";
    public const string GenerateDirectiveFailed = "GOTB402";
    public const string GeneratorNotFound = "GOTB403";
    public const string GenerateFailed = "GOTB404";
    public const string GenerateTimedOut = "GOTB405";
    public const string GeneratePackagesMissing = "GOTB406";
    public const string GenerateLockTimeout = "GOTB407";
    public const string GenerateTreeRecovered = "GOTB408";
    public const string GeneratedFileStale = "GOTB410";
    public const string GeneratedFileMissing = "GOTB411";
    public const string GeneratedFileObsolete = "GOTB412";
    public const string GeneratorTooOld = "GOTB413";
    public const string GoToolNotDeclared = "GOTB414";

    // 5xx: go build, cgo, native assets.
    public const string BuildFailed = "GOTB500";
    public const string HeaderMissing = "GOTB501";
    public const string CCompilerMissing = "GOTB502";
    public const string BuildTimedOut = "GOTB503";
    public const string OutputMissing = "GOTB504";
    public const string UnknownRuntimeIdentifier = "GOTB510";
    public const string InvalidBuildMode = "GOTB511";
    public const string ModuleDirectoryMissing = "GOTB512";
    public const string CrossCompilerMissing = "GOTB513";
    /// <summary>A cgo build on a Windows host and no C compiler on PATH or where installers put one (Building/WindowsCCompilers).</summary>
    public const string WindowsCCompilerMissing = "GOTB050";
    /// <summary>go is a .cmd/.bat wrapper that does not hand a `%` on to go intact, and the build would pass one (Toolchain/BatchFileArguments).</summary>
    public const string BatchWrapperLosesPercent = "GOTB051";
    /// <summary>go is a .cmd/.bat wrapper and a value the build passes to go holds a `"` or a line break (Toolchain/BatchFileArguments).</summary>
    public const string BatchFileArgumentUnsafe = "GOTB052";
    public const string CCompilerWrongTarget = "GOTB514";
    public const string CCompilerSelected = "GOTB515";
    public const string SharedBuildLockTimedOut = "GOTB516";
    public const string TargetNotSupported = "GOTB517";
    public const string PlatformMismatch = "GOTB520";
    /// <summary>Raised by the targets (publish/pack without a RuntimeIdentifier), not by a task.</summary>
    public const string HostOnlyPublish = "GOTB530";
    public const string HostAppLibraryMismatch = "GOTB531";
    public const string OutputNameNotFileName = "GOTB540";
    public const string ReservedBuildArgument = "GOTB541";
    public const string StateRootUnsafe = "GOTB542";
    public const string StateEntryOutsideRoot = "GOTB543";
    public const string PackRuntimeIdentifierSkipped = "GOTB550";
    public const string PackCCompilerUnknown = "GOTB551";
    public const string OptionalRuntimeIdentifierNotListed = "GOTB552";
    /// <summary>dotnet build -r (or GoOS/GoArch) for a cgo target with no known C compiler on this host: GOTB551's check, for a build.</summary>
    public const string BuildCCompilerUnknown = "GOTB553";
    public const string MuslNativeLibrary = "GOTB560";
    public const string OutputTruncated = "GOTB590";

    // 6xx: C# bindings generated from a c-shared module's exports (GenerateGoBindings).
    public const string ExportNotPortable = "GOTB600";
    public const string ReturnedStringWithoutFree = "GOTB601";
    public const string HandWrittenEntryPointMissing = "GOTB602";
    public const string HandWrittenSignatureDiffers = "GOTB603";
    public const string BindingsNeedHeader = "GOTB604";
    public const string BindingsTypeUnknown = "GOTB605";
    public const string BindingsWritten = "GOTB606";
    public const string BindingsMetadataInvalid = "GOTB607";

    // 9xx: internal.
    // 7xx: Go tests in dotnet test (GoTest items, the test adapter).
    public const string GoTestModuleMissing = "GOTB700";
    public const string GoTestMetadataInvalid = "GOTB701";
    public const string GoTestReservedArgument = "GOTB702";
    public const string GoTestRaceWithoutCgo = "GOTB703";
    public const string GoTestNotRunnable = "GOTB704";
    public const string GoTestManifestWritten = "GOTB705";
    public const string GoTestManifestUnreadable = "GOTB706";
    public const string GoTestFilterInvalid = "GOTB707";

    // 740-769: Go test coverage (the Microsoft.Testing.Platform extension reports 706/707 as the adapter does).
    public const string GoTestCoverageUnreadable = "GOTB742";

    public const string InternalError = "GOTB900";
}
