using GoToolchain.Build.Versions;

namespace GoToolchain.Build.Loopvar;

/// <summary>What go does with loop variables in one module (or file) for one toolchain and GOEXPERIMENT.</summary>
public enum LoopSemantics
{
    /// <summary>One variable per loop (Go before 1.22): closures and &amp;i see the last value.</summary>
    PerLoop,

    /// <summary>A fresh variable per iteration (Go 1.22 semantics).</summary>
    PerIteration,

    /// <summary>go refuses to build: a loopvar/noloopvar experiment on a toolchain without it (1.19), or a go line
    /// newer than a 1.21+ toolchain.</summary>
    DoesNotBuild,
}

/// <summary>Why <see cref="LoopvarSemantics.Decide"/> answered what it did; the messages name it.</summary>
public enum LoopSemanticsReason
{
    GoLine,
    Experiment,
    ExperimentOff,
    NoExperimentBeforeGo121,
    ToolchainLacksExperiment,
    GoLineTooNew,
    ToolchainDefault,

    /// <summary>A file with import "C" on Go 1.22–1.24: per-iteration whatever its language (go-facts §9.2).</summary>
    CgoFile,
}

public readonly struct LoopSemanticsDecision
{
    public LoopSemanticsDecision(LoopSemantics semantics, LoopSemanticsReason reason, GoVersion language)
    {
        Semantics = semantics;
        Reason = reason;
        Language = language;
    }

    public LoopSemantics Semantics { get; }
    public LoopSemanticsReason Reason { get; }

    /// <summary>The language version the code is compiled at (the go line; 1.16 without one; the toolchain's own outside a module).</summary>
    public GoVersion Language { get; }

    public bool IsPerIteration => Semantics == LoopSemantics.PerIteration;
}

/// <summary>
/// Which loop semantics go gives a package (toolchain × go line × GOEXPERIMENT), exactly as go applies it: per-iteration iff
/// (toolchain >= 1.22 and language >= 1.22) or (toolchain >= 1.21 and loopvar is the last loopvar/noloopvar item).
/// </summary>
public static class LoopvarSemantics
{
    public static readonly GoVersion Go121 = GoVersion.Parse("1.21");
    public static readonly GoVersion Go122 = GoVersion.Parse("1.22");
    public static readonly GoVersion Go125 = GoVersion.Parse("1.25");

    /// <summary>The language of a go.mod without a go line: go assumes 1.16.</summary>
    public static readonly GoVersion MissingGoLineLanguage = GoVersion.Parse("1.16");

    /// <summary>True for toolchains that know GOEXPERIMENT=loopvar (1.21 and later; 1.19 rejects it).</summary>
    public static bool HasExperiment(GoVersion toolchain) => toolchain.LanguageVersion >= Go121;

    /// <summary>True when the toolchain gives per-iteration semantics to code whose language is 1.22 or later.</summary>
    public static bool HasGoLineSemantics(GoVersion toolchain) => toolchain.LanguageVersion >= Go122;

    /// <summary>
    /// True for the toolchains (1.22, 1.23, 1.24) that compile every loop of a file with import "C" per-iteration, whatever
    /// the file's language and GOEXPERIMENT say. The compiler looks a loop's file version up by the position base of the
    /// loop, which the //line directives of cgo's rewritten file replace; it finds none and treats the loop as Go 1.22
    /// code. Go 1.25 looks it up by the file's base (checked on 1.21.13 … 1.27.3: go-facts §9.2).
    /// </summary>
    public static bool HasCgoFileBug(GoVersion toolchain)
        => toolchain.LanguageVersion >= Go122 && toolchain.LanguageVersion < Go125;

    /// <summary>
    /// The semantics of one file of a module: its //go:build goX.Y version (if any) is its language (Go 1.21+), and on
    /// Go 1.22–1.24 a file with import "C" is per-iteration whatever that language (and GOEXPERIMENT=noloopvar) says.
    /// </summary>
    /// <param name="moduleLanguage">The module's go line (null: none, 1.16).</param>
    /// <param name="constraintVersion">The version the file's //go:build line implies, or null.</param>
    /// <param name="importsC">The file has import "C" (go compiles it through cgo when cgo is enabled).</param>
    public static LoopSemanticsDecision DecideFile(GoVersion toolchain, GoVersion? moduleLanguage, GoVersion? constraintVersion, bool importsC,
        string? goExperiment, bool insideModule = true)
    {
        var language = insideModule && constraintVersion is not null && HasExperiment(toolchain) ? constraintVersion : moduleLanguage;
        var decision = Decide(toolchain, language, goExperiment, insideModule);
        if (importsC && HasCgoFileBug(toolchain) && decision.Semantics == LoopSemantics.PerLoop)
        {
            return new LoopSemanticsDecision(LoopSemantics.PerIteration, LoopSemanticsReason.CgoFile, decision.Language);
        }
        return decision;
    }

    /// <param name="toolchain">The toolchain's version (GOVERSION), e.g. 1.21.13.</param>
    /// <param name="language">
    /// The code's language version: the go.mod go line (or a file's //go:build goX.Y version);
    /// null for a go.mod without a go line (1.16).
    /// </param>
    /// <param name="goExperiment">GOEXPERIMENT as the go process gets it.</param>
    /// <param name="insideModule">False for a build outside any module: the language is then the toolchain's own.</param>
    public static LoopSemanticsDecision Decide(GoVersion toolchain, GoVersion? language, string? goExperiment, bool insideModule = true)
    {
        var toolchainLanguage = toolchain.LanguageVersion;
        var lang = !insideModule ? toolchainLanguage : language ?? MissingGoLineLanguage;
        var last = GoExperiment.LastLoopvarEntry(goExperiment);

        if (!HasExperiment(toolchain))
        {
            // 1.19 refuses loopvar and noloopvar alike; it builds newer go lines with old semantics.
            return last is null
                ? new LoopSemanticsDecision(LoopSemantics.PerLoop, LoopSemanticsReason.NoExperimentBeforeGo121, lang)
                : new LoopSemanticsDecision(LoopSemantics.DoesNotBuild, LoopSemanticsReason.ToolchainLacksExperiment, lang);
        }
        // 1.21+ refuses a go line newer than itself (GOTOOLCHAIN=local; validation reports it as GOTB113).
        if (lang > toolchain) return new LoopSemanticsDecision(LoopSemantics.DoesNotBuild, LoopSemanticsReason.GoLineTooNew, lang);

        if (HasGoLineSemantics(toolchain) && lang >= Go122)
        {
            return new LoopSemanticsDecision(LoopSemantics.PerIteration,
                insideModule ? LoopSemanticsReason.GoLine : LoopSemanticsReason.ToolchainDefault, lang);
        }
        return last == GoExperiment.Loopvar
            ? new LoopSemanticsDecision(LoopSemantics.PerIteration, LoopSemanticsReason.Experiment, lang)
            : new LoopSemanticsDecision(LoopSemantics.PerLoop,
                last == GoExperiment.NoLoopvar ? LoopSemanticsReason.ExperimentOff : insideModule ? LoopSemanticsReason.GoLine
                    : LoopSemanticsReason.ToolchainDefault, lang);
    }
}
