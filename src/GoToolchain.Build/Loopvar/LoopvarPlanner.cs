using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using GoToolchain.Build.Diagnostics;
using GoToolchain.Build.Execution;
using GoToolchain.Build.Modules;
using GoToolchain.Build.Versions;

namespace GoToolchain.Build.Loopvar;

/// <summary>One GoModule as the loopvar decision sees it.</summary>
public sealed class LoopvarModule
{
    public LoopvarModule(string directory, GoModFile? goMod, string? experimentOverride = null,
        IReadOnlyDictionary<string, string?>? environment = null, string? tags = null, bool cgoEnabled = true)
    {
        CgoEnabled = cgoEnabled;
        Directory = directory;
        GoMod = goMod;
        ExperimentOverride = experimentOverride;
        Environment = environment ?? new Dictionary<string, string?>();
        Tags = tags;
    }

    /// <summary>The module's Environment metadata (its go processes get it last) and Tags: the loop report builds with them.</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; }
    public string? Tags { get; }

    /// <summary>False when the module is built with CGO_ENABLED=0 (CgoEnabled metadata or Environment): go then leaves its
    /// files with import "C" out of the build, so their semantics are not reported.</summary>
    public bool CgoEnabled { get; }

    public string Directory { get; }

    /// <summary>The module's go.mod; null for a directory without one (go builds it outside any module).</summary>
    public GoModFile? GoMod { get; }

    /// <summary>GOEXPERIMENT from the module's Environment metadata (wins over the build's), or null.</summary>
    public string? ExperimentOverride { get; }

    public string DiagnosticFile => GoMod?.FilePath ?? Path.Combine(Directory, "go.mod");

    /// <summary>The go line; else the module line; else line 1 (where a go line belongs).</summary>
    public int DiagnosticLine => GoMod?.Go?.Line is > 0 and var line ? line : GoMod?.ModuleLine is > 0 and var moduleLine ? moduleLine : 1;

    public string GoLineText => GoMod is null ? "no go.mod" : GoMod.Go is null ? "no go line (go assumes 1.16)" : "go " + GoMod.Go.Value;
}

public sealed class LoopvarRequest
{
    /// <summary>GoLoopvar, as the settings model read it.</summary>
    public LoopvarPolicy Policy { get; set; } = LoopvarPolicy.Off;
    public GoVersion Toolchain { get; set; } = null!;
    public string GoExecutable { get; set; } = "go";

    /// <summary>The user's GOEXPERIMENT for every go process (GoEnvironment, else the build's environment, else the go env file), or null.</summary>
    public string? UserExperiment { get; set; }

    /// <summary>Where <see cref="UserExperiment"/> came from, for messages ("GoEnvironment", "the environment", "go env -w").</summary>
    public string UserExperimentSource { get; set; } = "the environment";

    public IReadOnlyList<LoopvarModule> Modules { get; set; } = Array.Empty<LoopvarModule>();
    public string? ProjectFile { get; set; }

    /// <summary>Look at each module's //go:build lines for files whose semantics differ from the module's.</summary>
    public bool ScanFiles { get; set; } = true;

    /// <summary>A folder under obj/ where each file's //go:build line is remembered between builds; null: every file is read.</summary>
    public string? SourceFactsDirectory { get; set; }
}

/// <summary>The verdict for one module.</summary>
public sealed class LoopvarModuleVerdict
{
    public LoopvarModuleVerdict(LoopvarModule module, string? experiment, LoopSemanticsDecision own, LoopSemanticsDecision final)
    {
        Module = module;
        Experiment = experiment;
        Own = own;
        Final = final;
    }

    public LoopvarModule Module { get; }

    /// <summary>The GOEXPERIMENT this module's go processes get (after the merge, if any).</summary>
    public string? Experiment { get; }

    /// <summary>Semantics with the user's GOEXPERIMENT, before GoLoopvar changes anything.</summary>
    public LoopSemanticsDecision Own { get; }

    /// <summary>Semantics the build will have.</summary>
    public LoopSemanticsDecision Final { get; }

    public bool ChangedByUs => Own.Semantics != Final.Semantics;

    /// <summary>
    /// The loops of this module would behave differently under per-iteration semantics than under its go line
    /// (the loops GoLoopvarReport lists): its go line alone does not give per-iteration semantics.
    /// </summary>
    public bool GoLineIsPerLoop { get; internal set; }

    /// <summary>The module's files whose loops go compiles otherwise than the module's (<see cref="Final"/>): a //go:build
    /// goX.Y line, or import "C" on Go 1.22–1.24. Empty when the files were not scanned.</summary>
    public IReadOnlyList<LoopvarFileVerdict> Files { get; internal set; } = Array.Empty<LoopvarFileVerdict>();

    /// <summary>Files of this module that are per-loop by their own //go:build line although the go line is not: Enable sets
    /// GOEXPERIMENT for them.</summary>
    public IReadOnlyList<LoopvarFile> PerLoopFiles { get; internal set; } = Array.Empty<LoopvarFile>();
}

/// <summary>What one .go file of a module tells the loop decision: its //go:build version and its import "C".</summary>
public sealed class LoopvarFile
{
    public LoopvarFile(string path, int constraintLine, string? constraintExpression, GoVersion? constraintVersion, int cgoImportLine)
    {
        Path = path;
        ConstraintLine = constraintLine;
        ConstraintExpression = constraintExpression;
        ConstraintVersion = constraintVersion;
        CgoImportLine = cgoImportLine;
    }

    public string Path { get; }

    /// <summary>1-based line of the //go:build line; 0 without one.</summary>
    public int ConstraintLine { get; }
    public string? ConstraintExpression { get; }

    /// <summary>The Go version the //go:build line implies (the file's language from Go 1.21), or null.</summary>
    public GoVersion? ConstraintVersion { get; }

    /// <summary>1-based line of import "C" (the file is compiled through cgo); 0 without one.</summary>
    public int CgoImportLine { get; }

    public bool ImportsC => CgoImportLine > 0;

    /// <summary>Where a diagnostic about this file's semantics points: the line that causes them.</summary>
    public int LineFor(LoopSemanticsDecision decision)
        => decision.Reason == LoopSemanticsReason.CgoFile ? CgoImportLine : ConstraintLine > 0 ? ConstraintLine : CgoImportLine;
}

/// <summary>One file whose loop semantics differ from its module's.</summary>
public sealed class LoopvarFileVerdict
{
    public LoopvarFileVerdict(LoopvarFile file, LoopSemanticsDecision semantics)
    {
        File = file;
        Semantics = semantics;
    }

    public LoopvarFile File { get; }
    public LoopSemanticsDecision Semantics { get; }

    /// <summary>Per-iteration only through Go 1.22–1.24's cgo-file bug (GOTB313).</summary>
    public bool ByCgoImport => Semantics.Reason == LoopSemanticsReason.CgoFile;
}

public sealed class LoopvarPlan
{
    public DiagnosticBag Diagnostics { get; } = new();

    /// <summary>True when GoLoopvar sets GOEXPERIMENT (loopvar merged in) for the later go processes.</summary>
    public bool SetsExperiment { get; internal set; }

    /// <summary>The GOEXPERIMENT every later go process gets when <see cref="ProvesExperiment"/>: loopvar merged in
    /// (Enable) or the user's own.</summary>
    public string? EffectiveExperiment { get; internal set; }

    /// <summary>
    /// The loopvar experiment is in force for every module's build, set by GoLoopvar=Enable or by the user's own
    /// GOEXPERIMENT on a toolchain that has it: GoBuild then proves each output carries X:loopvar.
    /// </summary>
    public bool ProvesExperiment { get; internal set; }

    public List<LoopvarModuleVerdict> Modules { get; } = new();

    /// <summary>GOEXPERIMENT values go processes will get that hold experiments only go can judge (asked once, cached).</summary>
    public IReadOnlyList<string> ValuesToAskGo { get; internal set; } = Array.Empty<string>();
}

/// <summary>
/// EnsureLoopvarExperiment's decision, pure: per module the semantics go will apply, what GoLoopvar changes, and
/// every finding as a diagnostic at the user's file.
/// </summary>
public static class LoopvarPlanner
{
    public static LoopvarPlan Plan(LoopvarRequest request)
    {
        var plan = new LoopvarPlan();
        var diagnostics = plan.Diagnostics;
        var toolchain = request.Toolchain;
        var toolchainName = "go" + toolchain.Text;

        var policy = request.Policy;
        if (request.Modules.Count == 0) return plan;

        // GOEXPERIMENT items go rejects whatever the toolchain: it does not trim spaces.
        var userValues = new[] { (request.UserExperiment, request.UserExperimentSource, request.ProjectFile) }
            .Concat(request.Modules.Where(m => m.ExperimentOverride is not null)
                .Select(m => (m.ExperimentOverride, $"GoModule '{m.Directory}' Environment", request.ProjectFile)))
            .Distinct().ToList();
        foreach (var (value, source, file) in userValues)
        {
            foreach (var item in GoExperiment.ItemsWithWhiteSpace(value))
            {
                diagnostics.Add(Diagnostic.Error(Codes.GoExperimentRejected,
                    $"GOEXPERIMENT='{value}' (from {source}) has the item '{item}' with white space; go does not trim it and fails with `go: " +
                        $"unknown GOEXPERIMENT {item}`. Fix: write the list without spaces, e.g. " +
                        $"GOEXPERIMENT={string.Join(",", GoExperiment.Items(value).Select(i => i.Trim()))}.",
                    file));
            }
        }
        if (diagnostics.HasErrors) return plan;

        if (policy == LoopvarPolicy.Enable && !LoopvarSemantics.HasExperiment(toolchain))
        {
            diagnostics.Add(Diagnostic.Error(Codes.LoopvarToolchainTooOld,
                $"GoLoopvar=Enable needs GOEXPERIMENT=loopvar, which {toolchainName} ('{request.GoExecutable}') does not have: it rejects it with " +
                    $"`go: unknown GOEXPERIMENT loopvar`. " +
                "Per-iteration loop variables need Go 1.21 or later (GOEXPERIMENT=loopvar), or Go 1.22 or later with a `go 1.22` line in go.mod. " +
                "Fix: use Go 1.21 or later (GoRoot/GoExecutable), or remove GoLoopvar=Enable (the default, GoLoopvar=Off, builds with go's own " +
                    "semantics, per-loop here).",
                request.ProjectFile));
            return plan;
        }

        // Each module's files that can differ from it (//go:build goX.Y, import "C"), read once (cached under obj/).
        var files = request.Modules.Select(m => request.ScanFiles && m.GoMod is not null && LoopvarSemantics.HasExperiment(toolchain)
            ? FileFacts(m.Directory, request.SourceFactsDirectory) : new List<LoopvarFile>()).ToList();

        // Enable sets GOEXPERIMENT only when some module's go line (or a file's //go:build line) does not give per-iteration
        // semantics by itself: on 1.22+ with go 1.22 lines go already does what Enable promises, and GOEXPERIMENT would cost a
        // std rebuild.
        var perLoopFiles = request.Modules.Select((m, i) => files[i].Where(f => !(f.ConstraintVersion > toolchain)
            && !LoopvarSemantics.DecideFile(toolchain, m.GoMod?.Go?.Version, f.ConstraintVersion, f.ImportsC && m.CgoEnabled, null).IsPerIteration)
            .ToList()).ToList();
        var needsExperiment = policy == LoopvarPolicy.Enable && request.Modules.Select((m, i) => (m, i)).Any(p =>
            !LoopvarSemantics.Decide(toolchain, p.m.GoMod?.Go?.Version, null, p.m.GoMod is not null).IsPerIteration
            || perLoopFiles[p.i].Count > 0);
        plan.SetsExperiment = needsExperiment;
        if (needsExperiment) plan.EffectiveExperiment = GoExperiment.Merge(request.UserExperiment);
        // The user's own GOEXPERIMENT=loopvar is honoured as go would, and proven like Enable's.
        plan.ProvesExperiment = needsExperiment
            || LoopvarSemantics.HasExperiment(toolchain) && GoExperiment.EnablesLoopvar(request.UserExperiment)
               && request.Modules.All(m => m.ExperimentOverride is null || GoExperiment.EnablesLoopvar(m.ExperimentOverride));
        if (plan.ProvesExperiment && !needsExperiment) plan.EffectiveExperiment = request.UserExperiment;

        var askGo = new List<string>();
        for (var index = 0; index < request.Modules.Count; index++)
        {
            var module = request.Modules[index];
            var userValue = module.ExperimentOverride ?? request.UserExperiment;
            var finalValue = needsExperiment ? GoExperiment.Merge(userValue) : userValue;
            var insideModule = module.GoMod is not null;
            var language = module.GoMod?.Go?.Version;
            var own = LoopvarSemantics.Decide(toolchain, language, userValue, insideModule);
            var final = LoopvarSemantics.Decide(toolchain, language, finalValue, insideModule);
            var verdict = new LoopvarModuleVerdict(module, finalValue, own, final)
            {
                GoLineIsPerLoop = !LoopvarSemantics.Decide(toolchain, language, null, insideModule).IsPerIteration,
                PerLoopFiles = perLoopFiles[index],
            };
            if (final.Semantics != LoopSemantics.DoesNotBuild) verdict.Files = FilesThatDiffer(toolchain, verdict, files[index]);
            plan.Modules.Add(verdict);
            if (GoExperiment.OtherItems(finalValue).Count > 0) askGo.Add(finalValue!);
            ReportModule(request, policy, toolchainName, verdict, userValue, diagnostics);
        }
        plan.ValuesToAskGo = askGo.Distinct(StringComparer.Ordinal).ToList();
        return plan;
    }

    private static void ReportModule(LoopvarRequest request, LoopvarPolicy policy, string toolchainName, LoopvarModuleVerdict verdict,
        string? userValue, DiagnosticBag diagnostics)
    {
        var module = verdict.Module;
        var file = module.DiagnosticFile;
        var line = module.DiagnosticLine;
        var where = $"Module '{module.Directory}' ({module.GoLineText}) on {toolchainName}";
        var cgoFiles = verdict.Files.Count(f => f.ByCgoImport);
        var cgoExcept = cgoFiles == 0 ? "" : $", except in {cgoFiles} file(s) with import \"C\", whose loops {toolchainName} compiles per-iteration " +
            "whatever the go line says (a Go 1.22–1.24 bug, fixed in 1.25; GOTB313 at each file)";
        var source = module.ExperimentOverride is not null ? $"GoModule '{module.Directory}' Environment" : request.UserExperimentSource;

        if (verdict.Own.Semantics == LoopSemantics.DoesNotBuild)
        {
            if (verdict.Own.Reason == LoopSemanticsReason.ToolchainLacksExperiment)
            {
                diagnostics.Add(Diagnostic.Error(Codes.GoExperimentRejected,
                    $"GOEXPERIMENT='{userValue}' (from {source}) names {GoExperiment.LastLoopvarEntry(userValue)}, which {toolchainName} does not " +
                        $"know: every go command fails with `go: unknown GOEXPERIMENT loopvar`. " +
                    "Fix: remove loopvar/noloopvar from GOEXPERIMENT for this toolchain, or use Go 1.21 or later.",
                    request.ProjectFile));
            }
            // A go line newer than the toolchain is GOTB113, reported by GoValidate.
            return;
        }

        // noloopvar asks for per-loop semantics; say where it has no effect or loses.
        if (GoExperiment.DisablesLoopvar(userValue))
        {
            if (verdict.Own.IsPerIteration && verdict.Own.Reason == LoopSemanticsReason.GoLine)
            {
                diagnostics.Add(Diagnostic.Warning(Codes.NoLoopvarIneffective,
                    $"GOEXPERIMENT='{userValue}' (from {source}) asks for per-loop semantics with noloopvar, but " +
                        $"{where.Substring(0, 1).ToLowerInvariant() + where.Substring(1)} has per-iteration loop variables anyway: from Go 1.22 a " +
                        $"go line of 1.22 or later switches them on and noloopvar cannot switch them off. " +
                    "Fix: remove noloopvar from GOEXPERIMENT; to keep per-loop semantics the go line would have to stay below 1.22.",
                    file, line));
            }
            else if (verdict.ChangedByUs)
            {
                diagnostics.Add(Diagnostic.Warning(Codes.NoLoopvarOverridden,
                    $"GOEXPERIMENT='{userValue}' (from {source}) asks for per-loop semantics with noloopvar, but GoLoopvar=Enable appends loopvar " +
                        $"last ('{verdict.Experiment}') and the last of loopvar/noloopvar wins, so module '{module.Directory}' gets per-iteration " +
                        $"loop variables. " +
                    "Fix: remove noloopvar from GOEXPERIMENT, or set GoLoopvar=Off to keep per-loop semantics.",
                    request.ProjectFile));
            }
        }

        switch (policy)
        {
            case LoopvarPolicy.Enable:
                if (verdict.ChangedByUs || (verdict.GoLineIsPerLoop && verdict.Final.IsPerIteration))
                {
                    diagnostics.Add(Diagnostic.Info(Codes.LoopvarEnabled,
                        $"{where}: loop variables are per-iteration because GoLoopvar=Enable sets GOEXPERIMENT={verdict.Experiment}; " +
                        "the go line alone gives per-loop semantics" +
                        (LoopvarSemantics.HasGoLineSemantics(request.Toolchain)
                            ? " (raise it to go 1.22 to make it so without the experiment)"
                            : " (Go 1.22 or later with a go 1.22 line makes it so without the experiment)") + ".",
                        file, line));
                }
                else if (verdict.PerLoopFiles.Count > 0 && verdict.Experiment is not null && GoExperiment.EnablesLoopvar(verdict.Experiment))
                {
                    diagnostics.Add(Diagnostic.Info(Codes.LoopvarEnabled,
                        $"{where}: loop variables are per-iteration because GoLoopvar=Enable sets GOEXPERIMENT={verdict.Experiment}: the go line " +
                            $"gives them, but {verdict.PerLoopFiles.Count} file(s) with a //go:build line below go1.22 (" +
                            $"{string.Join(", ", verdict.PerLoopFiles.Take(3).Select(f => Path.GetFileName(f.Path) + "(" + f.ConstraintLine + ")"))}) " +
                            "would be per-loop without the experiment.",
                        file, line));
                }
                else
                {
                    diagnostics.Add(Diagnostic.Info(Codes.LoopvarInForce,
                        $"{where}: loop variables are per-iteration ({Explain(verdict.Final)}); nothing to change.", file, line));
                }
                break;
            case LoopvarPolicy.Require:
                if (verdict.GoLineIsPerLoop)
                {
                    var fix = LoopvarSemantics.HasGoLineSemantics(request.Toolchain)
                        ? "Fix: raise the go line to `go 1.22` (or later) in this go.mod, or set GoLoopvar=Enable to get them through " +
                            "GOEXPERIMENT=loopvar."
                        : $"Fix: use Go 1.22 or later (GoRoot/GoExecutable) and raise the go line to `go 1.22`; with {toolchainName} only " +
                            "GoLoopvar=Enable"
                            + (LoopvarSemantics.HasExperiment(request.Toolchain) ? " (GOEXPERIMENT=loopvar)" : " on Go 1.21 or later") +
                            " gives them.";
                    diagnostics.Add(Diagnostic.Error(Codes.LoopvarRequirementNotMet,
                        $"GoLoopvar=Require: {where.Substring(0, 1).ToLowerInvariant() + where.Substring(1)} does not give per-iteration loop " +
                            $"variables by itself " +
                            $"({Explain(LoopvarSemantics.Decide(request.Toolchain, module.GoMod?.Go?.Version, null, module.GoMod is not null))})" +
                            (cgoFiles == 0 ? ". " : $"; only its {cgoFiles} file(s) with import \"C\" are per-iteration, through a Go 1.22–1.24 bug " +
                                "that Go 1.25 fixed, which Require does not count on. ") +
                            $"Its go.mod must say go 1.22 or later and the toolchain must be Go 1.22 or later. {fix}",
                        file, line));
                }
                else
                {
                    diagnostics.Add(Diagnostic.Info(Codes.LoopvarInForce, $"{where}: loop variables are per-iteration ({Explain(verdict.Final)}).",
                        file, line));
                }
                break;
            default:
                diagnostics.Add(Diagnostic.Info(Codes.LoopvarInForce,
                    $"{where}: loop variables are {(verdict.Final.IsPerIteration ? "per-iteration" : "per-loop")} ({Explain(verdict.Final)}){cgoExcept}; " +
                        $"go's own semantics, as the go command gives them (GoLoopvar=Off, the default; Enable or Require opt in to per-iteration).",
                    file, line));
                break;
        }

        foreach (var differs in verdict.Files) diagnostics.Add(FileDiagnostic(request.Toolchain, verdict, differs));
    }

    /// <summary>
    /// The files whose loops go compiles otherwise than the rest of the module: a //go:build goX.Y line sets the file's
    /// language (Go 1.21+), so go1.22 in a per-loop module or one below go1.22 in a per-iteration module gives it the other
    /// semantics; and Go 1.22–1.24 compile a file with import "C" per-iteration whatever its language says. None while
    /// GOEXPERIMENT=loopvar is in force (every file is then per-iteration).
    /// </summary>
    private static List<LoopvarFileVerdict> FilesThatDiffer(GoVersion toolchain, LoopvarModuleVerdict verdict, IReadOnlyList<LoopvarFile> files)
    {
        var differ = new List<LoopvarFileVerdict>();
        if (verdict.Module.GoMod is null || verdict.Final.Reason == LoopSemanticsReason.Experiment) return differ;
        foreach (var file in files)
        {
            if (file.ConstraintVersion > toolchain) continue; // the file is not built by this toolchain
            if (file.ImportsC && !verdict.Module.CgoEnabled) continue; // nor is a cgo file with CGO_ENABLED=0
            var semantics = LoopvarSemantics.DecideFile(toolchain, verdict.Module.GoMod.Go?.Version, file.ConstraintVersion, file.ImportsC,
                verdict.Experiment);
            if (semantics.Semantics == LoopSemantics.DoesNotBuild || semantics.Semantics == verdict.Final.Semantics) continue;
            differ.Add(new LoopvarFileVerdict(file, semantics));
        }
        return differ;
    }

    private static Diagnostic FileDiagnostic(GoVersion toolchain, LoopvarModuleVerdict verdict, LoopvarFileVerdict file)
    {
        var module = verdict.Module;
        var fileSemantics = file.Semantics.IsPerIteration ? "per-iteration" : "per-loop";
        var moduleSemantics = verdict.Final.IsPerIteration ? "per-iteration" : "per-loop";
        if (file.ByCgoImport)
        {
            return Diagnostic.Info(Codes.CgoFileLoopsPerIteration,
                $"This file has import \"C\", so go{toolchain.Text} compiles its loops with per-iteration loop variables whatever the go " +
                    $"line says, while the rest of module '{module.Directory}' ({module.GoLineText}) has per-loop ones: a Go 1.22–1.24 bug " +
                    "(GOEXPERIMENT=noloopvar does not undo it), fixed in Go 1.25. On Go 1.21 and on Go 1.25 and later this file is per-loop " +
                    "like the rest of the module, so its loops change meaning when the toolchain does. " +
                "Fix: raise the go line to `go 1.22` (every file per-iteration on every toolchain from 1.22), or set GoLoopvar=Enable; " +
                    "GoLoopvarReport=true lists the loops concerned.",
                file.File.Path, file.File.CgoImportLine);
        }
        return Diagnostic.Warning(Codes.FileSemanticsDiffer,
            $"'//go:build {file.File.ConstraintExpression}' makes this file Go {file.File.ConstraintVersion!.Text} code, so on go{toolchain.Text} " +
                $"its loop variables are {fileSemantics} while the rest of module '{module.Directory}' ({module.GoLineText}) has " +
                $"{moduleSemantics} ones. " +
            "Fix: make the go line and this constraint agree on 1.22 (or use GoLoopvar=Enable, which makes every file per-iteration).",
            file.File.Path, file.File.ConstraintLine);
    }

    private static List<LoopvarFile> FileFacts(string moduleDirectory, string? factsDirectory)
    {
        var facts = SourceFactCache.Open(factsDirectory is null ? null : FileFactsCacheFile(factsDirectory, moduleDirectory));
        var files = FileFacts(moduleDirectory, facts).ToList();
        facts.Save();
        return files;
    }

    /// <summary>
    /// The module's files that have a //go:build line implying a Go version, or import "C". The import is found by
    /// DownloadNeeds' parse of the import section (import "C" alone or in an import ( ) group, after the cgo preamble's
    /// comments; a commented-out import or one inside a string does not count), as go/build decides a file is a cgo file.
    /// </summary>
    /// <param name="facts">Remembers each file's facts by size and time (a no-op build then reads no file); null reads them all.</param>
    public static IEnumerable<LoopvarFile> FileFacts(string moduleDirectory, SourceFactCache? facts)
    {
        facts ??= SourceFactCache.Open(null);
        foreach (var path in ModuleSources.GoFiles(moduleDirectory))
        {
            // The fact is "<import "C" line> <go:build line> <expression>", 0 for none: "0 0", "6 0", "0 1 go1.22".
            var fact = facts.Get(path, source =>
            {
                var text = File.ReadAllText(source);
                var cgoLine = Proxy.DownloadNeeds.ParseImportLines(text).Where(i => i.Path == "C").Select(i => i.Line).FirstOrDefault();
                using var reader = new StringReader(text);
                var constraint = BuildConstraintVersion.ReadConstraint(reader);
                return cgoLine.ToString(CultureInfo.InvariantCulture) + " " + (constraint is { } found
                    ? found.Line.ToString(CultureInfo.InvariantCulture) + " " + found.Expression : "0");
            });
            var parts = fact?.Split(new[] { ' ' }, 3);
            if (parts is null || parts.Length < 2
                || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var cgo)
                || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var line)) continue;
            var expression = line > 0 && parts.Length == 3 ? parts[2] : null;
            var version = expression is null ? null : BuildConstraintVersion.Of(expression);
            if (version is null && cgo == 0) continue;
            yield return new LoopvarFile(path, version is null ? 0 : line, version is null ? null : expression, version, cgo);
        }
    }

    /// <summary>The module's files whose //go:build line implies a Go version, with that version.</summary>
    public static IEnumerable<(string Path, int Line, string Expression, GoVersion Version)> FileVersions(string moduleDirectory,
        SourceFactCache? facts = null)
        => FileFacts(moduleDirectory, facts).Where(f => f.ConstraintVersion is not null)
            .Select(f => (f.Path, f.ConstraintLine, f.ConstraintExpression!, f.ConstraintVersion!));

    /// <summary>Where <see cref="FileFacts(string, SourceFactCache?)"/> remembers one module's file facts under <paramref name="directory"/>.</summary>
    public static string FileFactsCacheFile(string directory, string moduleDirectory)
        => Path.Combine(directory, "loop-file-facts-" + ContentHash.ShortOfText(Path.GetFullPath(moduleDirectory)).Substring(0, 16) + ".tsv");

    public static string Explain(LoopSemanticsDecision decision) => decision.Reason switch
    {
        LoopSemanticsReason.GoLine => decision.IsPerIteration ? $"the go line {decision.Language.Text} is 1.22 or later"
            : $"language go{decision.Language.Text} is below 1.22 and no GOEXPERIMENT=loopvar",
        LoopSemanticsReason.Experiment => "GOEXPERIMENT has loopvar last",
        LoopSemanticsReason.ExperimentOff => "GOEXPERIMENT has noloopvar last",
        LoopSemanticsReason.NoExperimentBeforeGo121 => "Go before 1.21 has only per-loop loop variables",
        LoopSemanticsReason.CgoFile => "the file has import \"C\", which Go 1.22–1.24 compile per-iteration whatever the go line says",
        LoopSemanticsReason.ToolchainDefault => decision.IsPerIteration ? "outside a module the language is the toolchain's own"
            : "outside a module the language is the toolchain's own, below 1.22",
        _ => decision.Reason.ToString(),
    };
}
