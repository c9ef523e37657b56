using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using GoToolchain.Build.Execution;

namespace GoToolchain.Build.GoTests;

/// <summary>
/// Runs go test for one GoTest module as the build resolved it (<see cref="GoTestModule"/>): discovery with
/// `go test -json -list .` (names; positions from the sources) and runs with `go test -json`, through ProcessRunner (argv,
/// timeout, the whole tree killed). Used by the VSTest adapter and the Microsoft.Testing.Platform extension alike.
/// </summary>
public static class GoTestRunner
{
    private static readonly Regex ListedName = new(@"^(?:Test|Example|Fuzz)\w*$", RegexOptions.CultureInvariant);

    /// <summary>go test's argv: test -json, the module's flags, -run, then the packages (the module's patterns when null).</summary>
    public static IReadOnlyList<string> Arguments(GoTestModule module, string? runPattern = null, IReadOnlyList<string>? packages = null,
        bool list = false)
    {
        var args = new List<string> { "test", "-json" };
        args.AddRange(module.Flags);
        if (list) args.AddRange(new[] { "-list", "." });
        else if (runPattern is not null) args.Add("-run=" + runPattern);
        args.AddRange(packages is { Count: > 0 } ? packages : module.Packages);
        return args;
    }

    public static ProcessSpec Spec(GoTestModule module, IReadOnlyList<string> arguments)
        => new(module.GoExecutable, arguments, module.ProcessTimeout, module.ModuleDirectory, module.Environment);

    /// <summary>
    /// The module's tests without running them: each top-level test, Example and fuzz test with its source position, and a
    /// package case for a package go cannot list (no test files, a test binary that does not build). A target the host cannot
    /// run lists from the sources alone (go test -list runs the test binary).
    /// </summary>
    public static IReadOnlyList<GoTestCase> Discover(GoTestModule module, Action<string> log, CancellationToken cancellation)
    {
        var sources = new GoTestSources(module);
        var cases = new List<GoTestCase>();
        var stream = new GoTestStream(module, sources: sources);
        var listed = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var spec = Spec(module, Arguments(module, list: true));
        log(spec.CommandLineForLog);
        var result = ProcessRunner.Run(spec, cancellation, line =>
        {
            stream.Feed(line);
            if (GoTestEvent.Parse(line) is { Action: "output", Test.Length: 0 } e && ListedName.IsMatch(e.Output.Trim()))
            {
                if (!listed.TryGetValue(e.Package, out var names)) listed[e.Package] = names = new List<string>();
                names.Add(e.Output.Trim());
            }
        });
        foreach (var line in result.StandardError) log(line);
        var problems = stream.Finish(result.StandardError, result.ExitCode, Killed(result));
        foreach (var pair in listed)
        {
            foreach (var name in pair.Value)
            {
                var at = sources.Find(pair.Key, name);
                cases.Add(new GoTestCase
                {
                    Package = pair.Key, TestName = name, Kind = GoTestNames.KindOf(name), SourceFile = at?.File, SourceLine = at?.Line ?? 0,
                    ModuleDirectory = module.ModuleDirectory,
                });
            }
        }
        foreach (var problem in problems.Where(p => p.Kind == GoTestKind.Package))
        {
            cases.Add(new GoTestCase
            {
                Package = problem.Package, Kind = GoTestKind.Package, SourceFile = problem.SourceFile, SourceLine = problem.SourceLine,
                ModuleDirectory = module.ModuleDirectory,
            });
        }
        return cases;
    }

    /// <summary>Runs the tests (all of the module's packages, or a selection's) and reports each result as its package ends.</summary>
    public static IReadOnlyList<GoTestResult> Run(GoTestModule module, GoTestSelection? selection, Action<GoTestResult> onResult,
        Action<string> log, CancellationToken cancellation)
    {
        if (selection is { Packages.Count: 0 }) return Array.Empty<GoTestResult>();
        var reports = selection?.Reports ?? (_ => true);
        var stream = new GoTestStream(module, r => { if (reports(r)) onResult(r); });
        var spec = Spec(module, Arguments(module, selection?.RunPattern, selection?.Packages));
        log(spec.CommandLineForLog);
        var result = ProcessRunner.Run(spec, cancellation, stream.Feed);
        foreach (var line in result.StandardError) log(line);
        return stream.Finish(result.StandardError, result.ExitCode, Killed(result)).Where(reports).ToList();
    }

    private static string? Killed(ProcessResult result)
        => result.StartError is { } start ? $"go test did not start: {start}"
            : result.TimedOut ? $"go test ran longer than {result.Elapsed.TotalSeconds:0} s and was stopped (the GoTest item's ProcessTimeoutSeconds)"
            : result.Cancelled ? "the test run was cancelled" : null;
}
