using GoToolchain.Build.Diagnostics;
using GoToolchain.Build.Modules;

namespace GoToolchain.Build.Modules;

/// <summary>What go does about toolchains before it runs any subcommand.</summary>
public enum ToolchainOutcome
{
    /// <summary>The local go runs the command.</summary>
    UseLocal,

    /// <summary>The go line is newer than the local go and GOTOOLCHAIN does not switch: "go.mod requires go >= …".</summary>
    LocalTooOld,

    /// <summary>go runs a goX.Y.Z binary it found on PATH.</summary>
    SwitchFromPath,

    /// <summary>go downloads a toolchain from GOPROXY (which fails offline).</summary>
    Download,

    /// <summary>GOTOOLCHAIN=path (or +path) and the wanted goX.Y.Z is not on PATH.</summary>
    NotOnPath,

    /// <summary>go rejects the GOTOOLCHAIN value.</summary>
    InvalidMode,

    /// <summary>A go before 1.21 cannot parse the file: a toolchain line, or a go line with a patch or prerelease.</summary>
    OldGoCannotParse,

    /// <summary>A go before 1.21 builds a module whose go line is newer, silently, with its older compiler.</summary>
    OldGoTooOld,

    /// <summary>
    /// A go of 1.21 or later rejects the go/toolchain lines: a value it cannot read, a toolchain name select.go
    /// refuses, or a toolchain line `go mod tidy` would drop ("updates to go.mod needed").
    /// </summary>
    FileInvalid,
}

/// <summary>The prediction of <see cref="ToolchainSelection"/>.</summary>
public sealed class ToolchainDecision
{
    internal ToolchainDecision(ToolchainOutcome outcome, string? toolchainName, string? toolchainPath, Diagnostic? diagnostic,
        string? goMessage, GoModDirective? cause)
    {
        Outcome = outcome;
        ToolchainName = toolchainName;
        ToolchainPath = toolchainPath;
        Diagnostic = diagnostic;
        GoMessage = goMessage;
        Cause = cause;
    }

    public ToolchainOutcome Outcome { get; }

    /// <summary>The toolchain go runs or wants (e.g. "go1.23.0") for SwitchFromPath, Download and NotOnPath; else the local one.</summary>
    public string? ToolchainName { get; }

    /// <summary>The binary found on PATH, for SwitchFromPath.</summary>
    public string? ToolchainPath { get; }

    /// <summary>What to tell the user; null only for a plain UseLocal.</summary>
    public Diagnostic? Diagnostic { get; }

    /// <summary>
    /// The text go prints on stderr for this outcome, where it is predictable: e.g.
    /// `go: go.mod requires go >= 1.23 (running go 1.22.12; GOTOOLCHAIN=local)`, `go: downloading go1.23.0`,
    /// `go: cannot find "go1.23.0" in PATH`. Paths are as go prints them when run in the file's directory.
    /// Null when go prints nothing (UseLocal, OldGoTooOld, SwitchFromPath).
    /// </summary>
    public string? GoMessage { get; }

    /// <summary>The go or toolchain directive that caused the outcome; null when the GOTOOLCHAIN value alone did.</summary>
    public GoModDirective? Cause { get; }

    public override string ToString() => ToolchainName is null ? Outcome.ToString() : $"{Outcome}({ToolchainName})";
}
