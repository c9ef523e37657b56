using System;
using System.Collections.Generic;
using System.Linq;
using GoToolchain.Build.Diagnostics;
using GoToolchain.Build.Modules;
using GoToolchain.Build.Versions;

namespace GoToolchain.Build.Modules;

/// <summary>
/// Predicts what go does with GOTOOLCHAIN and the go/toolchain lines before it runs any command, modelled on
/// cmd/go/internal/toolchain/select.go (1.21–1.23) and on how go before 1.21 reads the same files.
/// Pure: the only outside input is <c>lookPath</c>, which finds an executable such as "go1.23.0" on the PATH
/// the go process will get.
/// </summary>
public sealed class ToolchainSelection
{
    private static readonly GoVersion StrictVersion = GoVersion.Parse("1.21"); // gover.GoStrictVersion
    private static readonly GoVersion PerIterationLoopsVersion = GoVersion.Parse("1.22");
    private readonly Func<string, string?> _lookPath;

    public ToolchainSelection(Func<string, string?> lookPath) => _lookPath = lookPath;

    /// <param name="local">The local toolchain's version (GoVersion.FromGoEnvVersion of its GOVERSION).</param>
    /// <param name="goToolchain">The GOTOOLCHAIN value go will see (the GoToolchainMode property).</param>
    /// <param name="governingFile">go.work when the module is in a workspace, else its go.mod; null when there is neither.</param>
    /// <param name="projectFile">Where diagnostics about the GoToolchainMode property point.</param>
    /// <param name="workingDirectory">Where go will run; go prints the file relative to it when that is shorter. Null:
    /// the file's own directory.</param>
    /// <param name="localToolchainName">GOVERSION when it is not plain "go" + version (e.g. "go1.23.5-bigcorp").</param>
    public ToolchainDecision Decide(GoVersion local, string? goToolchain, IGoVersionDirectives? governingFile,
        string? projectFile = null, string? workingDirectory = null, string? localToolchainName = null)
    {
        var context = new Context(local, localToolchainName ?? "go" + local.Text, goToolchain ?? "", governingFile, projectFile, workingDirectory);
        return local.SupportsToolchainSwitching ? DecideWithSwitching(context) : DecideForOldGo(context);
    }

    // Before 1.21 go knows no GOTOOLCHAIN and no toolchain line, and never compares the go line with itself.
    private static ToolchainDecision DecideForOldGo(Context c)
    {
        var file = c.File;
        if (file is null) return UseLocal(c);

        var rules = GoModRules.For(c.Local);
        var problems = new List<(GoModDirective Line, string Message)>();
        if (file.Go is not null && rules.GoVersionError(file.Go.Value, file.IsWorkspace) is { } goError) problems.Add((file.Go, goError));
        if (file.Toolchain is not null) problems.Add((file.Toolchain, "unknown directive: toolchain"));
        if (problems.Count > 0)
        {
            problems.Sort((a, b) => a.Line.Line.CompareTo(b.Line.Line));
            var first = problems[0];
            var goLines = string.Join("\n", problems.Select(p => $"{file.FilePath}:{p.Line.Line}: {p.Message}"));
            var fix = first.Message.StartsWith("unknown directive", StringComparison.Ordinal)
                ? $"set GoRoot to Go 1.21 or newer, which understands toolchain lines, or remove the line 'toolchain {file.Toolchain!.Value}'"
                : $"set GoRoot to Go 1.21 or newer, or write the go line with two parts (e.g. 'go " +
                    $"{file.Go!.Version?.LanguageVersion.ToString() ?? "1.19"}')";
            return new ToolchainDecision(ToolchainOutcome.OldGoCannotParse, c.LocalName, null,
                Diagnostic.Error(MalformedCode(file),
                    $"Go {c.Local} cannot read {file.FilePath}: {goLines.Replace("\n", "; ")}. It predates Go 1.21 and fails before building. " +
                        $"Fix: {fix}.",
                    file.FilePath, first.Line.Line),
                goLines, first.Line);
        }

        if (file.Go?.Version is { } wanted && wanted > c.Local)
        {
            // Only a go line of 1.22 or later changes what an older compiler silently gets wrong (per-iteration loop
            // variables): an error. Below that, code that needs the newer Go fails to compile, which go says itself: a
            // warning, which NoWarn / MSBuildWarningsAsErrors / MSBuildWarningsAsMessages can silence or promote.
            var silentlyDifferent = wanted.LanguageVersion >= PerIterationLoopsVersion && c.Local < PerIterationLoopsVersion;
            var message = silentlyDifferent
                ? $"{file.FilePath} says 'go {file.Go.Value}', but the toolchain is Go {c.Local}, which predates GOTOOLCHAIN (Go 1.21) and builds " +
                    $"the module anyway " +
                  $"with its older compiler and language rules: from Go 1.22 on, each loop iteration has its own loop variable, and Go {c.Local} " +
                      $"would silently build a program " +
                  $"that shares one variable across iterations. Fix: set GoRoot to Go {file.Go.Value} or newer, or lower the go line to 'go " +
                      $"{c.Local.LanguageVersion}'."
                : $"{file.FilePath} says 'go {file.Go.Value}', but the toolchain is Go {c.Local}, which predates GOTOOLCHAIN (Go 1.21) and builds " +
                    $"the module anyway " +
                  $"with its older compiler: code that uses features of Go {file.Go.Value} fails to compile there (go names the line). " +
                  $"Fix: set GoRoot to Go {file.Go.Value} or newer, or lower the go line to 'go {c.Local.LanguageVersion}'; to accept this, add " +
                      $"GOTB118 to NoWarn.";
            var diagnostic = silentlyDifferent
                ? Diagnostic.Error(Codes.GoLineTooNewForOldGo, message, file.FilePath, file.Go.Line)
                : Diagnostic.Warning(Codes.GoLineTooNewForOldGo, message, file.FilePath, file.Go.Line);
            return new ToolchainDecision(ToolchainOutcome.OldGoTooOld, c.LocalName, null, diagnostic, null, file.Go);
        }
        return UseLocal(c);
    }

    private ToolchainDecision DecideWithSwitching(Context c)
    {
        var mode = GoToolchainMode.TryParse(c.GoToolchain, out var modeError);
        if (mode is null) return InvalidMode(c, modeError!);

        var file = c.File;
        var chosen = mode.MinimumToolchain ?? c.LocalName;
        var minimum = mode.MinimumVersion ?? c.Local;
        GoModDirective? cause = null;
        string? autoGo = null, autoToolchain = null; // gover.Startup.AutoGoVersion / AutoToolchain, for go's message

        if (mode.Switching != ToolchainSwitching.None && file is not null)
        {
            var toolchainLine = file.Toolchain;
            if (toolchainLine?.Value == "default")
            {
                autoToolchain = "default"; // keep the minimum, do not look at the go line
            }
            else
            {
                if (toolchainLine is not null)
                {
                    var named = toolchainLine.Version;
                    var value = toolchainLine.Value;
                    if (named is null || (!value.StartsWith("go", StringComparison.Ordinal) && !value.Contains("-go")))
                    {
                        return FileInvalid(c, toolchainLine, $"go: invalid toolchain \"{value}\" in {c.FileName}",
                            "write the toolchain line as 'toolchain go1.N.P' (e.g. go1.23.5), or remove it");
                    }
                    var order = named.CompareTo(minimum);
                    if (order > 0 || (order == 0 && c.Local.AcceptsEqualToolchainLine))
                    {
                        chosen = value;
                        minimum = named;
                        autoToolchain = value;
                        cause = toolchainLine;
                    }
                }
                if (file.Go?.Version is { } goVersion && goVersion > minimum)
                {
                    chosen = goVersion.ToolchainNameForGoLine();
                    autoGo = file.Go.Value;
                    autoToolchain = null;
                    cause = file.Go;
                }
            }
        }

        if (chosen == c.LocalName) return DecideLocalRun(c, mode, autoGo, autoToolchain);

        // select.go's last check, against names like "bash" that would be found on PATH.
        if (!GoToolchainMode.IsPlausibleToolchainName(chosen)) return InvalidMode(c, $"invalid GOTOOLCHAIN \"{chosen}\"");
        return Switch(c, mode, chosen, cause);
    }

    // The local go runs: it reads the file with its own rules, then compares the go line with itself.
    private static ToolchainDecision DecideLocalRun(Context c, GoToolchainMode mode, string? autoGo, string? autoToolchain)
    {
        var file = c.File;
        if (file is null) return UseLocal(c);

        var rules = GoModRules.For(c.Local);
        var parseProblems = new List<(GoModDirective Line, string Message)>();
        if (file.Go is not null && rules.GoVersionError(file.Go.Value, file.IsWorkspace) is { } goError) parseProblems.Add((file.Go, goError));
        if (file.Toolchain is not null && rules.ToolchainError(file.Toolchain.Value,
            file.IsWorkspace) is { } toolchainError) parseProblems.Add((file.Toolchain, toolchainError));
        if (parseProblems.Count > 0)
        {
            var first = parseProblems.OrderBy(p => p.Line.Line).First();
            return FileInvalid(c, first.Line, $"{c.FileName}:{first.Line.Line}: {first.Message}",
                "write the go line as 'go 1.N' or 'go 1.N.P' and the toolchain line as 'toolchain go1.N.P'");
        }

        if (file.Go?.Version is { } wanted && wanted > c.Local)
        {
            var explain = mode.IsUnset || mode.Text == "auto" ? "" : "; GOTOOLCHAIN=" + mode.Text;
            if (mode.Switching != ToolchainSwitching.None && (autoGo is not null || autoToolchain is not null))
            {
                explain += $"; {c.FileName} sets " + (autoToolchain is not null ? "toolchain " + autoToolchain : "go " + autoGo);
            }
            var goMessage = $"go: {c.FileName} requires go >= {file.Go.Value} (running go {c.Local.Text}{explain})";
            var why = autoToolchain == "default"
                ? $"its 'toolchain default' line keeps go on the local toolchain"
                : $"GOTOOLCHAIN={Show(mode)} does not let go switch to a newer toolchain";
            return new ToolchainDecision(ToolchainOutcome.LocalTooOld, c.LocalName, null,
                Diagnostic.Error(Codes.GoLineTooNewLocal,
                    $"{file.FilePath} says 'go {file.Go.Value}', but the toolchain is Go {c.Local} and {why}, so go fails with: {goMessage}. " +
                    $"Fix: install Go {file.Go.Value} or newer and set GoRoot to it, lower the go line to 'go {c.Local.LanguageVersion}', " +
                    $"or set GoToolchainMode=path with a '{wanted.ToolchainNameForGoLine()}' binary on PATH.",
                    file.FilePath, file.Go.Line),
                goMessage, file.Go);
        }

        if (!file.IsWorkspace && NeedsTidy(file) is { } stale)
        {
            return FileInvalid(c, stale, "go: updates to go.mod needed; to update it:\n\tgo mod tidy",
                $"run 'go mod tidy', or remove the line 'toolchain {stale.Value}' (it must name a release of Go 1.21 or later, newer than the go " +
                    $"line)");
        }
        return UseLocal(c);
    }

    // modload.UpdateGoModFromReqs drops a toolchain line that names no release of 1.21+, or nothing newer than
    // the go line; in a build (-mod=readonly) that pending change is the error "updates to go.mod needed".
    private static GoModDirective? NeedsTidy(IGoVersionDirectives file)
    {
        if (file.Go is not null && file.Go.Version is null) return file.Go; // passes the syntax check, but gover cannot read it
        var toolchain = file.Toolchain;
        if (toolchain is null) return null;
        var named = toolchain.Version;
        var goValue = file.Go?.Value ?? "1.16"; // gover.DefaultGoModVersion
        var goVersion = file.Go?.Version ?? GoVersion.Parse("1.16");
        var dropped = named is null || named < StrictVersion || named < goVersion || toolchain.Value == "go" + goValue;
        return dropped ? toolchain : null;
    }

    private ToolchainDecision Switch(Context c, GoToolchainMode mode, string chosen, GoModDirective? cause)
    {
        var file = c.File;
        var because = cause is null
            ? $"GOTOOLCHAIN={Show(mode)} names it"
            : $"{file!.FilePath} line {cause.Line} says '{(cause == file.Go ? "go" : "toolchain")} {cause.Value}' and GOTOOLCHAIN={Show(mode)} " +
                $"lets go switch";
        var where = cause is null ? c.ProjectFile : file!.FilePath;
        var line = cause?.Line ?? 0;

        // A switched-to toolchain reads the go line itself: a bare goX.Y.Z older than the go line still fails.
        var target = GoVersion.FromToolchainName(chosen);
        string? tooOld = null, tooOldFix = "";
        if (file?.Go?.Version is { } wanted && target is not null && wanted > target)
        {
            tooOld = $" Then {chosen} fails too: {file.FilePath} requires go >= {file.Go.Value}.";
            tooOldFix = $" set GoToolchainMode to {wanted.ToolchainNameForGoLine()} or newer,";
        }

        var path = _lookPath(chosen);
        if (path is not null)
        {
            var message = $"go {c.Local} will run '{path}' ({chosen} from PATH) because {because}.{tooOld}";
            return new ToolchainDecision(ToolchainOutcome.SwitchFromPath, chosen, path,
                tooOld is null
                    ? Diagnostic.Info(Codes.ToolchainFromPath, message, where, line)
                    : Diagnostic.Error(Codes.GoLineTooNewLocal,
                        $"{message} Fix:{tooOldFix} or install Go {file!.Go!.Value} or newer and set GoRoot to it.", where, line),
                null, cause);
        }

        var install =
            $"install Go {chosen.Substring(2)} and set GoRoot to it, put a '{chosen}' binary on PATH (e.g. a link to that release's " +
            $"bin/go),{tooOldFix}";
        if (mode.PathOnly)
        {
            var goMessage = $"go: cannot find \"{chosen}\" in PATH";
            return new ToolchainDecision(ToolchainOutcome.NotOnPath, chosen, null,
                Diagnostic.Error(Codes.ToolchainNotOnPath,
                    $"go {c.Local} must switch to {chosen} because {because}, but GOTOOLCHAIN={Show(mode)} only looks on PATH and there is none, " +
                        $"so go fails with: {goMessage}. " +
                    $"Fix: {install} or set GoToolchainMode=local.",
                    where, line),
                goMessage, cause);
        }

        var download = $"go: downloading {chosen}";
        var downloadMessage = $"go {c.Local} will download toolchain {chosen} from GOPROXY because {because} and no '{chosen}' is on PATH; " +
                              $"this fails offline or behind a firewall ('{download} …').{tooOld} Fix: {install} or set GoToolchainMode=local.";
        return new ToolchainDecision(ToolchainOutcome.Download, chosen, null,
            tooOld is null
                ? Diagnostic.Warning(Codes.ToolchainDownload, downloadMessage, where, line)
                : Diagnostic.Error(Codes.GoLineTooNewLocal, downloadMessage, where, line),
            download, cause);
    }

    private static ToolchainDecision InvalidMode(Context c, string goError)
    {
        var goMessage = "go: " + goError;
        return new ToolchainDecision(ToolchainOutcome.InvalidMode, null, null,
            Diagnostic.Error(Codes.ToolchainModeInvalid,
                $"GoToolchainMode '{c.GoToolchain}' is not a GOTOOLCHAIN value go {c.Local} accepts, so every go command fails with: {goMessage}. " +
                "Fix: use local, auto, path, goX.Y.Z (e.g. go1.23.5), goX.Y.Z+auto or goX.Y.Z+path.",
                c.ProjectFile),
            goMessage, null);
    }

    private static ToolchainDecision FileInvalid(Context c, GoModDirective line, string goMessage, string fix)
    {
        var file = c.File!;
        return new ToolchainDecision(ToolchainOutcome.FileInvalid, c.LocalName, null,
            Diagnostic.Error(MalformedCode(file),
                $"go {c.Local} rejects {file.FilePath} (line {line.Line}): {goMessage.Replace("\n\t", " ")}. Fix: {fix}.",
                file.FilePath, line.Line),
            goMessage, line);
    }

    private static ToolchainDecision UseLocal(Context c) => new(ToolchainOutcome.UseLocal, c.LocalName, null, null, null, null);

    private static string MalformedCode(IGoVersionDirectives file) => file.IsWorkspace ? Codes.GoWorkMalformed : Codes.GoModMalformed;

    private static string Show(GoToolchainMode mode) => mode.IsUnset ? "(unset)" : mode.Text;

    private sealed class Context
    {
        public Context(GoVersion local, string localName, string goToolchain, IGoVersionDirectives? file, string? projectFile,
            string? workingDirectory)
        {
            Local = local;
            LocalName = localName;
            GoToolchain = goToolchain;
            File = file;
            ProjectFile = projectFile;
            FileName = file is null ? "" : workingDirectory is null ? System.IO.Path.GetFileName(file.FilePath) : ShortPath(file.FilePath,
                workingDirectory);
        }

        public GoVersion Local { get; }
        public string LocalName { get; }
        public string GoToolchain { get; }
        public IGoVersionDirectives? File { get; }
        public string? ProjectFile { get; }

        /// <summary>The file as go names it in messages (base.ShortPath).</summary>
        public string FileName { get; }

        // base.ShortPath: relative to the working directory when that is shorter than the path itself.
        private static string ShortPath(string path, string workingDirectory)
        {
            var separators = new[] { '/', System.IO.Path.DirectorySeparatorChar };
            var target = path.Split(separators, StringSplitOptions.RemoveEmptyEntries);
            var from = workingDirectory.Split(separators, StringSplitOptions.RemoveEmptyEntries);
            if (!System.IO.Path.IsPathRooted(path) || !System.IO.Path.IsPathRooted(workingDirectory)) return path;
            var common = 0;
            while (common < target.Length && common < from.Length && target[common] == from[common]) common++;
            var parts = Enumerable.Repeat("..", from.Length - common).Concat(target.Skip(common));
            var relative = string.Join(System.IO.Path.DirectorySeparatorChar.ToString(), parts);
            return relative.Length > 0 && relative.Length < path.Length ? relative : path;
        }
    }
}
