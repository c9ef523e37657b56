using System;
using System.Collections.Generic;
using GoToolchain.Build.Toolchain;

namespace GoToolchain.Build.Generate;

/// <summary>One go generate of one module.</summary>
public sealed class GenerateRequest
{
    public string GoExecutable { get; set; } = "";

    /// <summary>The toolchain's version (GOVERSION): decides -skip support and the package-list guard.</summary>
    public GoVersion GoVersion { get; set; } = GoVersion.Parse("1.21");

    /// <summary>The module root (absolute): go generate's working directory, pattern ./... .</summary>
    public string ModuleDirectory { get; set; } = "";

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
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(600);

    /// <summary>How long to wait for another build that is generating the same module.</summary>
    public TimeSpan LockTimeout { get; set; } = TimeSpan.FromSeconds(1230);

    /// <summary>Where the lock, the stamp and Verify's backup live: shared by every project using the module, outside its tree.</summary>
    public string StateDirectory { get; set; } = "";

    /// <summary>Where errors about properties point.</summary>
    public string? ProjectFile { get; set; }

    /// <summary>Where errors that name no .go file point: the module's go.mod.</summary>
    public string GoModPath => System.IO.Path.Combine(ModuleDirectory, "go.mod");

    /// <summary>The go generate argv: -v -x so the log shows each file and generator as it runs (and a hang can be placed); ./... from the module root.</summary>
    public IReadOnlyList<string> Arguments()
    {
        var args = new List<string> { "generate", "-v", "-x" };
        if (!string.IsNullOrEmpty(RunPattern)) args.Add("-run=" + RunPattern);
        if (!string.IsNullOrEmpty(SkipPattern)) args.Add("-skip=" + SkipPattern);
        args.Add("./...");
        return args;
    }
}
