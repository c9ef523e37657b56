using System;
using System.Collections.Generic;
using GoToolchain.Build.Versions;

namespace GoToolchain.Build.Generate;

/// <summary>One go generate of one module.</summary>
public sealed class GenerateRequest
{
    public string GoExecutable { get; set; } = "";

    /// <summary>The toolchain's version (GOVERSION): decides -skip support and the package-list guard.</summary>
    public GoVersion GoVersion { get; set; } = GoVersion.Parse("1.21");

    /// <summary>The module root (absolute): go generate's working directory.</summary>
    public string ModuleDirectory { get; set; } = "";

    /// <summary>The module's Package (as go build gets it): the root of the default scope.</summary>
    public string Package { get; set; } = ".";

    /// <summary>The module's Tags: build constraints select the same files for go list, go generate and go build.</summary>
    public string? Tags { get; set; }

    /// <summary>Which packages run their directives: by default the ones the build compiles from this module.</summary>
    public GenerateScope Scope { get; set; } = GenerateScope.BuildPackages;

    /// <summary>The build's target, for messages; its GOOS/GOARCH (and CGO_ENABLED) are in <see cref="Environment"/>.</summary>
    public string Target { get; set; } = "";

    public GenerateMode Mode { get; set; } = GenerateMode.Run;

    /// <summary>-run regexp; null or empty: none.</summary>
    public string? RunPattern { get; set; }

    /// <summary>-skip regexp (go 1.20 and later); null or empty: none.</summary>
    public string? SkipPattern { get; set; }

    /// <summary>The validated environment (GOTOOLCHAIN, effective GOEXPERIMENT, GoEnvironment) plus the module's own Environment.</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; set; } = new Dictionary<string, string?>();

    /// <summary>Values of the build's own environment that change what generators do (PATH, GOFLAGS…), for the stamp.</summary>
    public IReadOnlyDictionary<string, string?> InheritedEnvironment { get; set; } = new Dictionary<string, string?>();

    /// <summary>Per go process.</summary>
    public TimeSpan Timeout { get; set; } = Execution.ProcessSpec.DefaultTimeout;

    /// <summary>How long to wait for another build that is generating the same module.</summary>
    public TimeSpan LockTimeout { get; set; } = TimeSpan.FromSeconds(1230);

    /// <summary>Where the lock, the stamp and Verify's backup live: shared by every project using the module, outside its tree.</summary>
    public string StateDirectory { get; set; } = "";

    /// <summary>
    /// The project's own record (under its obj/, so dotnet clean and Rebuild delete it) that it has seen go generate current: an
    /// unchanged stamp skips go generate unless this very project wrote it and has no record any more (it was cleaned); another
    /// project's or TargetFramework's stamp is reused as before. Null: the stamp alone decides.
    /// </summary>
    public string? ProjectRecordDirectory { get; set; }

    /// <summary>Where errors about properties point.</summary>
    public string? ProjectFile { get; set; }

    /// <summary>Where errors that name no .go file point: the module's go.mod.</summary>
    public string GoModPath => System.IO.Path.Combine(ModuleDirectory, "go.mod");

    /// <summary>
    /// The go generate argv: -v -x so the log shows each file and generator as it runs (and a hang can be placed),
    /// the module's tags, and the packages (module-relative patterns), from the module root.
    /// </summary>
    public IReadOnlyList<string> Arguments(IReadOnlyList<string> packages)
    {
        var args = new List<string> { "generate", "-v", "-x" };
        if (!string.IsNullOrWhiteSpace(Tags)) args.Add("-tags=" + Tags!.Trim());
        if (!string.IsNullOrEmpty(RunPattern)) args.Add("-run=" + RunPattern);
        if (!string.IsNullOrEmpty(SkipPattern)) args.Add("-skip=" + SkipPattern);
        args.AddRange(packages);
        return args;
    }

    /// <summary>"go generate &lt;packages&gt;" for messages.</summary>
    public string CommandForMessages(IReadOnlyList<string>? packages = null)
        => "go generate " + string.Join(" ", packages ?? Scope.Patterns ?? new[] { $"<{Scope.Describe(Package)}>" });
}
