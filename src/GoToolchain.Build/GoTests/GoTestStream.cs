using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using GoToolchain.Build.Building;

namespace GoToolchain.Build.GoTests;

/// <summary>
/// Turns what `go test -json` prints into results, package by package: each test, subtest, Example and fuzz seed entry
/// that go ran is one <see cref="GoTestResult"/>, given to the callback when its package ends (go says only then whether
/// the results came from its cache). What go does not end with a test's own pass/fail/skip is reported too, never dropped:
/// a test still running when the binary died (a panic elsewhere, go test's -timeout), a package whose test binary did not
/// build (at the compiler's file and line: <see cref="GoBuildOutput"/>), a package that failed outside any test, a package
/// with no test files.
/// </summary>
public sealed class GoTestStream
{
    private static readonly Regex ErrorLine = new(@"^\s+(?<file>[^\s:][^:]*\.go):(?<line>\d+): ", RegexOptions.CultureInvariant);
    private static readonly Regex StackFrameFile = new(@"^\t(?<file>.+\.go):(?<line>\d+)(?: \+0x[0-9a-f]+)?$", RegexOptions.CultureInvariant);
    private static readonly Regex TimedOut = new(@"panic: test timed out after (?<after>\S+)", RegexOptions.CultureInvariant);
    private static readonly Regex BuildFailedText = new(@"^FAIL\s+(?<package>\S+) \[(?<what>build failed|setup failed)\]", RegexOptions.CultureInvariant);

    private readonly GoTestModule _module;
    private readonly GoTestSources _sources;
    private readonly Action<GoTestResult> _onResult;
    private readonly Dictionary<string, PackageRun> _packages = new(StringComparer.Ordinal);
    private readonly Dictionary<string, StringBuilder> _buildOutput = new(StringComparer.Ordinal);
    private readonly List<string> _buildOutputOrder = new();
    private readonly List<string> _textLines = new();
    private readonly List<GoTestResult> _results = new();

    public GoTestStream(GoTestModule module, Action<GoTestResult>? onResult = null, GoTestSources? sources = null)
    {
        _module = module;
        _sources = sources ?? new GoTestSources(module);
        _onResult = onResult ?? (_ => { });
    }

    /// <summary>Every result so far, in the order they were reported.</summary>
    public IReadOnlyList<GoTestResult> Results => _results;

    /// <summary>One line of go test's stdout.</summary>
    public void Feed(string line)
    {
        var e = GoTestEvent.Parse(line);
        if (e is null)
        {
            if (line.Trim().Length > 0) _textLines.Add(line);
            return;
        }
        if (e.IsBuildEvent)
        {
            if (e.Action == "build-output")
            {
                if (!_buildOutput.TryGetValue(e.ImportPath, out var text))
                {
                    _buildOutput[e.ImportPath] = text = new StringBuilder();
                    _buildOutputOrder.Add(e.ImportPath);
                }
                text.Append(e.Output);
            }
            return;
        }
        if (e.Package.Length == 0) return;
        if (!_packages.TryGetValue(e.Package, out var package)) _packages[e.Package] = package = new PackageRun(e.Package);
        if (package.Ended) return;
        if (e.Test.Length == 0)
        {
            switch (e.Action)
            {
                case "output": package.Output.Append(e.Output); break;
                case "pass": case "fail": case "skip":
                    package.End(e.Action, e.Elapsed, e.FailedBuild);
                    Report(package);
                    break;
            }
            return;
        }
        var test = package.Test(e.Test);
        switch (e.Action)
        {
            case "output": test.Output.Append(e.Output); break;
            case "pass": case "fail": case "skip":
                test.Action = e.Action;
                test.Elapsed = e.Elapsed;
                break;
        }
    }

    /// <summary>After go exited: what go printed as text (go 1.19-1.23 build failures: stdout's "FAIL pkg [build failed]",
    /// stderr's compiler errors), and every package that never ended (go was killed: <paramref name="killedBecause"/>).</summary>
    public IReadOnlyList<GoTestResult> Finish(IReadOnlyList<string> standardError, int exitCode, string? killedBecause = null)
    {
        var textBuild = GroupBuildOutput(standardError);
        foreach (var line in _textLines)
        {
            var match = BuildFailedText.Match(line);
            if (!match.Success) continue;
            var name = match.Groups["package"].Value;
            if (_packages.TryGetValue(name, out var existing) && existing.Ended) continue;
            var package = existing ?? (_packages[name] = new PackageRun(name));
            package.End("fail", null, "");
            package.BuildLines = BuildLinesFor(name, textBuild, null);
            package.BuildWhat = match.Groups["what"].Value;
            Report(package, exitCode);
        }
        foreach (var package in _packages.Values.Where(p => !p.Ended).ToList())
        {
            package.End("fail", null, "");
            package.KilledBecause = killedBecause ?? "go test exited before the package's test binary finished";
            Report(package, exitCode);
        }
        // go failed before testing any package (a go.mod error, an unknown flag, no such package): one result says why.
        if (_results.Count == 0 && exitCode != 0)
        {
            var output = string.Join("\n", standardError.Concat(_textLines).Where(l => l.Trim().Length > 0));
            Emit(new GoTestResult
            {
                Package = _module.ModulePath.Length > 0 ? _module.ModulePath : _module.ItemSpec,
                DisplayName = $"go test in {_module.ItemSpec}",
                Kind = GoTestKind.Package,
                Outcome = GoTestOutcome.Failed,
                Message = killedBecause ?? $"go test exited with code {exitCode}: {(output.Length == 0 ? "(no output)" : output)}",
                Output = output,
                SourceFile = _module.ProjectFile.Length > 0 ? _module.ProjectFile : null,
            });
        }
        return _results;
    }

    private void Report(PackageRun package, int exitCode = 1)
    {
        var packageOutput = package.Output.ToString();
        var cached = Regex.IsMatch(packageOutput, @"(?m)^ok\s+" + Regex.Escape(package.Name) + @"\s+\(cached\)");
        var timeout = TimedOut.Match(packageOutput + string.Concat(package.Tests.Select(t => t.Output.ToString())));
        var anyFailed = false;
        foreach (var test in package.Tests)
        {
            var result = Result(package, test, cached);
            if (test.Action is null)
            {
                result.Outcome = GoTestOutcome.Failed;
                result.Message = timeout.Success
                    ? $"Timed out: go test's -timeout of {timeout.Groups["after"].Value} ran out while {test.Name} ran ({timeout.Value}). " +
                        "Fix: find why it hangs, or give the GoTest item a longer Timeout."
                    : $"{test.Name} did not finish: " + (package.KilledBecause ?? FirstPanic(test.Output.ToString(), packageOutput)
                        ?? "the test binary exited while it ran") + ".";
                Locate(result, package.Name, test.Output + "\n" + packageOutput, test.Name);
            }
            anyFailed |= result.Outcome == GoTestOutcome.Failed;
            Emit(result);
        }

        var packageFailed = package.Action == "fail";
        var noTestFiles = packageOutput.Contains("[no test files]");
        if (packageFailed && (!anyFailed || package.FailedBuild.Length > 0 || package.BuildLines is not null))
        {
            Emit(PackageFailure(package, packageOutput, exitCode));
        }
        else if (noTestFiles && package.Tests.Count == 0)
        {
            Emit(new GoTestResult
            {
                Package = package.Name, DisplayName = package.Name + " [no test files]", Kind = GoTestKind.Package,
                Outcome = GoTestOutcome.Skipped, Message = $"{package.Name} has no test files.", Output = packageOutput,
                SourceFile = _sources.PackageDirectory(package.Name),
            });
        }
    }

    private GoTestResult Result(PackageRun package, TestRun test, bool cached)
    {
        var output = WithoutFrames(test.Output.ToString());
        var result = new GoTestResult
        {
            Package = package.Name,
            TestName = test.Name,
            DisplayName = test.Name,
            Kind = GoTestNames.KindOf(test.Name),
            Outcome = test.Action switch { "pass" => GoTestOutcome.Passed, "skip" => GoTestOutcome.Skipped, _ => GoTestOutcome.Failed },
            Duration = TimeSpan.FromSeconds(test.Elapsed ?? 0),
            Output = cached ? output + (output.Length > 0 && !output.EndsWith("\n", StringComparison.Ordinal) ? "\n" : "") +
                "(cached: go test reported this result from its test cache; the test did not run again)\n" : output,
            Cached = cached,
        };
        if (_sources.Find(package.Name, test.Name) is { } declared)
        {
            result.SourceFile = declared.File;
            result.SourceLine = declared.Line;
        }
        if (result.Outcome == GoTestOutcome.Failed)
        {
            var body = MessageLines(output);
            var panic = body.FindIndex(l => l.StartsWith("panic: ", StringComparison.Ordinal));
            if (panic >= 0)
            {
                var goroutine = body.FindIndex(panic, l => l.StartsWith("goroutine ", StringComparison.Ordinal));
                result.Message = string.Join("\n", goroutine < 0 ? body.Skip(panic) : body.Skip(panic).Take(goroutine - panic)).Trim();
                if (goroutine >= 0) result.StackTrace = string.Join("\n", body.Skip(goroutine));
                var before = string.Join("\n", body.Take(panic)).Trim();
                if (before.Length > 0) result.Message = before + "\n" + result.Message;
            }
            else
            {
                var text = string.Join("\n", body).Trim();
                result.Message = text.Length > 0 ? text
                    : test.Name.IndexOf('/') < 0 && package.Tests.Any(t => t.Name.StartsWith(test.Name + "/", StringComparison.Ordinal) && t.Action == "fail")
                        ? "A subtest failed: " + string.Join(", ", package.Tests.Where(t => t.Name.StartsWith(test.Name + "/", StringComparison.Ordinal) && t.Action == "fail").Select(t => t.Name)) + "."
                        : $"{test.Name} failed.";
            }
            Locate(result, package.Name, output, test.Name);
        }
        else if (result.Outcome == GoTestOutcome.Skipped)
        {
            var text = string.Join("\n", MessageLines(output)).Trim();
            result.Message = text.Length > 0 ? text : $"{test.Name} was skipped.";
        }
        return result;
    }

    private GoTestResult PackageFailure(PackageRun package, string packageOutput, int exitCode)
    {
        var result = new GoTestResult
        {
            Package = package.Name,
            Kind = GoTestKind.Package,
            Outcome = GoTestOutcome.Failed,
            Duration = TimeSpan.FromSeconds(package.Elapsed ?? 0),
            Output = packageOutput,
            SourceFile = _sources.PackageDirectory(package.Name),
        };
        var buildLines = package.BuildLines ?? (package.FailedBuild.Length > 0 ? BuildLinesFor(package.Name, null, package.FailedBuild) : null);
        if (buildLines is not null)
        {
            result.DisplayName = $"{package.Name} [{package.BuildWhat ?? "build failed"}]";
            var request = new GoBuildRequest
            {
                ModuleDirectory = _module.ModuleDirectory,
                Target = TargetOf(_module),
                Environment = _module.Environment,
                DiagnosticFile = _module.ProjectFile.Length > 0 ? _module.ProjectFile : null,
            };
            var diagnostics = GoBuildOutput.Classify(request, buildLines, exitCode == 0 ? 1 : exitCode);
            var positioned = diagnostics.Where(d => d.Line > 0 && d.File is not null).ToList();
            result.Message = $"The test binary of {package.Name} did not build:\n" + string.Join("\n", diagnostics.Select(d =>
                d.Line > 0 && d.File is not null ? $"{Relative(d.File)}:{d.Line}{(d.Column > 0 ? ":" + d.Column.ToString(CultureInfo.InvariantCulture) : "")}: {d.Message}" : d.Message));
            result.Output = string.Join("\n", buildLines.Select(l => l.Text)) + "\n" + packageOutput;
            if (positioned.Count > 0)
            {
                result.SourceFile = positioned[0].File;
                result.SourceLine = positioned[0].Line;
            }
            return result;
        }
        result.DisplayName = package.Name + " [failed]";
        var text = WithoutFrames(packageOutput).Trim();
        result.Message = package.KilledBecause is { } killed
            ? $"{package.Name}: {killed}."
            : $"{package.Name} failed outside its tests (TestMain, init, os.Exit, or a test binary that died):\n{text}";
        if (FirstPanic(packageOutput, "") is not null) Locate(result, package.Name, packageOutput, "");
        return result;
    }

    /// <summary>The failure's place: go's "file.go:line: " of the first t.Error/t.Fatal line, else the first frame of the package's
    /// own code in a panic's stack; relative files are the package folder's.</summary>
    private void Locate(GoTestResult result, string package, string output, string testName)
    {
        var lines = output.Split('\n');
        // go prints t.Log and t.Error lines alike ("file.go:22: text"); the failure is the first line whose source calls an
        // Error/Fatal/Fail (t.Errorf, require.Equal...), else the first line at all (a t.Log before the failure is not it).
        var folder = _sources.PackageDirectory(package);
        (string File, string Path, int Line)? first = null, failing = null;
        foreach (var line in lines)
        {
            var match = ErrorLine.Match(line);
            if (!match.Success || line.TrimStart().StartsWith("panic", StringComparison.Ordinal)) continue;
            var file = match.Groups["file"].Value;
            var place = (file, Path.IsPathRooted(file) || folder is null ? file : Path.Combine(folder, file),
                int.Parse(match.Groups["line"].Value, CultureInfo.InvariantCulture));
            first ??= place;
            if (ReportsFailure(place.Item2, place.Item3)) { failing = place; break; }
        }
        if ((failing ?? first) is { } chosen)
        {
            result.SourceFile = chosen.Path;
            result.SourceLine = chosen.Line;
            if (result.Message is { } m && !m.Contains(chosen.File + ":")) result.Message = $"{chosen.File}:{result.SourceLine}: {m}";
            return;
        }
        for (var i = 0; i + 1 < lines.Length; i++)
        {
            if (!lines[i].StartsWith(package + ".", StringComparison.Ordinal)) continue;
            var frame = StackFrameFile.Match(lines[i + 1].TrimEnd('\r'));
            if (!frame.Success) continue;
            result.SourceFile = frame.Groups["file"].Value;
            result.SourceLine = int.Parse(frame.Groups["line"].Value, CultureInfo.InvariantCulture);
            var at = $"{Path.GetFileName(result.SourceFile)}:{result.SourceLine}";
            if (result.Message is { } m && !m.Contains(at)) result.Message = m + $"\n(at {at}, in {lines[i].Trim()})";
            return;
        }
        _ = testName;
    }

    private static readonly Regex FailureCall = new(@"\.(Error|Errorf|Fatal|Fatalf|Fail|FailNow)\(|\b(assert|require)\.[A-Z]",
        RegexOptions.CultureInvariant);
    private readonly Dictionary<string, string[]?> _sourceLines = new(StringComparer.Ordinal);

    /// <summary>Whether line <paramref name="line"/> of <paramref name="file"/> calls something that fails a test.</summary>
    private bool ReportsFailure(string file, int line)
    {
        if (!_sourceLines.TryGetValue(file, out var text))
        {
            try { text = File.Exists(file) ? File.ReadAllLines(file) : null; }
            catch (IOException) { text = null; }
            catch (UnauthorizedAccessException) { text = null; }
            _sourceLines[file] = text;
        }
        return text is not null && line >= 1 && line <= text.Length && FailureCall.IsMatch(text[line - 1]);
    }

    private static string? FirstPanic(string output, string more)
        => (output + "\n" + more).Split('\n').FirstOrDefault(l => l.StartsWith("panic: ", StringComparison.Ordinal))?.Trim();

    /// <summary>go 1.19-1.23 print the build's errors as text on stderr, each package's after a "# pkg [pkg.test]" line.</summary>
    private static Dictionary<string, List<GoOutputLine>> GroupBuildOutput(IReadOnlyList<string> standardError)
    {
        var groups = new Dictionary<string, List<GoOutputLine>>(StringComparer.Ordinal);
        var current = "";
        foreach (var line in standardError)
        {
            if (line.StartsWith("# ", StringComparison.Ordinal))
            {
                current = line.Substring(2).Trim();
                continue;
            }
            if (!groups.TryGetValue(current, out var list)) groups[current] = list = new List<GoOutputLine>();
            list.Add(new GoOutputLine(line, current.Length == 0 ? null : current));
        }
        return groups;
    }

    /// <summary>The build output that belongs to a package: its own (pkg, pkg_test, "pkg [pkg.test]"), else, when a dependency
    /// failed, every group's.</summary>
    private List<GoOutputLine> BuildLinesFor(string package, Dictionary<string, List<GoOutputLine>>? textGroups, string? failedBuild)
    {
        var groups = textGroups ?? _buildOutputOrder.ToDictionary(k => k, k => _buildOutput[k].ToString().Split('\n')
            .Where(l => l.Length > 0).Select(l => new GoOutputLine(l.TrimEnd('\r'), k))
            .Where(l => !l.Text.StartsWith("# ", StringComparison.Ordinal)).ToList(), StringComparer.Ordinal);
        bool Mine(string key)
        {
            var first = key.Split(' ')[0];
            return key == failedBuild || first == package || first == package + "_test" || key.Contains("[" + package + ".test]");
        }
        var own = groups.Where(g => Mine(g.Key)).SelectMany(g => g.Value).ToList();
        return own.Count > 0 ? own : groups.SelectMany(g => g.Value).ToList();
    }

    private static GoTarget TargetOf(GoTestModule module)
    {
        var parts = module.Target.Split('/');
        return parts.Length == 2 ? new GoTarget(parts[0], parts[1]) : new GoTarget("", "");
    }

    private string Relative(string file)
    {
        var root = _module.ModuleDirectory.TrimEnd('/', '\\');
        return root.Length > 0 && file.StartsWith(root, StringComparison.Ordinal) && file.Length > root.Length + 1
            ? file.Substring(root.Length + 1).Replace('\\', '/') : file;
    }

    private void Emit(GoTestResult result)
    {
        _results.Add(result);
        _onResult(result);
    }

    /// <summary>The output without go's === RUN / PAUSE / CONT / NAME frame lines.</summary>
    private static string WithoutFrames(string output)
    {
        var kept = output.Split('\n').Where(l => !(l.StartsWith("=== ", StringComparison.Ordinal)
                                                   && (l.StartsWith("=== RUN", StringComparison.Ordinal) || l.StartsWith("=== PAUSE", StringComparison.Ordinal)
                                                       || l.StartsWith("=== CONT", StringComparison.Ordinal) || l.StartsWith("=== NAME", StringComparison.Ordinal))));
        return string.Join("\n", kept);
    }

    /// <summary>The lines that say why: without go's "--- PASS/FAIL/SKIP:" lines, each unindented.</summary>
    private static List<string> MessageLines(string output)
        => output.Split('\n').Select(l => l.TrimEnd('\r'))
            .Where(l => !l.TrimStart().StartsWith("--- ", StringComparison.Ordinal) && l.Trim() != "FAIL" && l.Trim() != "PASS")
            .Select(l => l.StartsWith("    ", StringComparison.Ordinal) ? l.Trim() : l)
            .ToList();

    private sealed class PackageRun
    {
        private readonly Dictionary<string, TestRun> _byName = new(StringComparer.Ordinal);

        public PackageRun(string name) => Name = name;
        public string Name { get; }
        public List<TestRun> Tests { get; } = new();
        public StringBuilder Output { get; } = new();
        public bool Ended { get; private set; }
        public string? Action { get; private set; }
        public double? Elapsed { get; private set; }
        public string FailedBuild { get; private set; } = "";
        public List<GoOutputLine>? BuildLines { get; set; }
        public string? BuildWhat { get; set; }
        public string? KilledBecause { get; set; }

        public TestRun Test(string name)
        {
            if (!_byName.TryGetValue(name, out var test))
            {
                _byName[name] = test = new TestRun(name);
                Tests.Add(test);
            }
            return test;
        }

        public void End(string action, double? elapsed, string failedBuild)
        {
            Ended = true;
            Action = action;
            Elapsed = elapsed;
            FailedBuild = failedBuild;
        }
    }

    private sealed class TestRun
    {
        public TestRun(string name) => Name = name;
        public string Name { get; }
        public string? Action { get; set; }
        public double? Elapsed { get; set; }
        public StringBuilder Output { get; } = new();
    }
}
