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
        if (!module.Runnable) return DiscoverFromSources(module);
        var spec = Spec(module, Arguments(module, list: true));
        log(spec.CommandLineForLog);
        var lister = new GoTestLister(module);
        var result = ProcessRunner.Run(spec, cancellation, lister.Feed);
        foreach (var line in result.StandardError) log(line);
        return lister.Finish(result.StandardError, result.ExitCode, Killed(result));
    }

    /// <summary>The top-level tests of the module's packages as its sources declare them, without go: for a target the host
    /// cannot run (go test -list runs the test binary). Every package folder below the module that has _test.go files.</summary>
    public static IReadOnlyList<GoTestCase> DiscoverFromSources(GoTestModule module)
    {
        var sources = new GoTestSources(module);
        var cases = new List<GoTestCase>();
        IEnumerable<string> folders;
        try
        {
            folders = new[] { module.ModuleDirectory }.Concat(System.IO.Directory.EnumerateDirectories(module.ModuleDirectory, "*", System.IO.SearchOption.AllDirectories))
                .Where(d => !d.Split(System.IO.Path.DirectorySeparatorChar).Any(part => part.StartsWith(".", StringComparison.Ordinal) || part.StartsWith("_", StringComparison.Ordinal) || part == "testdata"));
        }
        catch (Exception e) when (e is System.IO.IOException or UnauthorizedAccessException) { return cases; }
        foreach (var folder in folders.OrderBy(f => f, StringComparer.Ordinal))
        {
            var relative = folder.Length > module.ModuleDirectory.Length ? folder.Substring(module.ModuleDirectory.Length + 1).Replace('\\', '/') : "";
            var package = relative.Length == 0 ? module.ModulePath : module.ModulePath + "/" + relative;
            foreach (var (name, file, line) in sources.Declarations(package).Where(d => !d.Name.StartsWith("Benchmark", StringComparison.Ordinal)))
            {
                cases.Add(new GoTestCase { Package = package, TestName = name, Kind = GoTestNames.KindOf(name), SourceFile = file, SourceLine = line,
                    ModuleDirectory = module.ModuleDirectory });
            }
        }
        return cases;
    }

    /// <summary>Runs the tests (all of the module's packages, or a selection's) and reports each result as its package ends.</summary>
    /// <param name="transcriptPath">A file that gets what go test printed on stdout, line by line (appended): go's own record of
    /// what ran, for CI logs and for a look after the run; null for none.</param>
    public static IReadOnlyList<GoTestResult> Run(GoTestModule module, GoTestSelection? selection, Action<GoTestResult> onResult,
        Action<string> log, CancellationToken cancellation, string? transcriptPath = null)
    {
        if (selection is { Packages.Count: 0 }) return Array.Empty<GoTestResult>();
        var reports = selection?.Reports ?? (_ => true);
        var stream = new GoTestStream(module, r => { if (reports(r)) onResult(r); });
        var spec = Spec(module, Arguments(module, selection?.RunPattern, selection?.Packages));
        log(spec.CommandLineForLog);
        using var transcript = transcriptPath is null ? null : new System.IO.StreamWriter(transcriptPath, append: true);
        var result = ProcessRunner.Run(spec, cancellation, line =>
        {
            transcript?.WriteLine(line);
            stream.Feed(line);
        });
        foreach (var line in result.StandardError) log(line);
        return stream.Finish(result.StandardError, result.ExitCode, Killed(result)).Where(reports).ToList();
    }

    private static string? Killed(ProcessResult result)
        => result.StartError is { } start ? $"go test did not start: {start}"
            : result.TimedOut ? $"go test ran longer than {result.Elapsed.TotalSeconds:0} s and was stopped (the GoTest item's ProcessTimeoutSeconds)"
            : result.Cancelled ? "the test run was cancelled" : null;
}

/// <summary>What `go test -json -list .` printed, as test cases: each listed name (a line of a package's output) with the
/// position of its function, and a package case for each package go could not list (no test files, a build failure).</summary>
public sealed class GoTestLister
{
    private static readonly Regex ListedName = new(@"^(?:Test|Example|Fuzz)\w*$", RegexOptions.CultureInvariant);
    private readonly GoTestModule _module;
    private readonly GoTestSources _sources;
    private readonly GoTestStream _stream;
    private readonly List<(string Package, string Name)> _listed = new();

    public GoTestLister(GoTestModule module)
    {
        _module = module;
        _sources = new GoTestSources(module);
        _stream = new GoTestStream(module, sources: _sources);
    }

    public void Feed(string line)
    {
        _stream.Feed(line);
        if (GoTestEvent.Parse(line) is { Action: "output", Test.Length: 0 } e && ListedName.IsMatch(e.Output.Trim()))
            _listed.Add((e.Package, e.Output.Trim()));
    }

    public IReadOnlyList<GoTestCase> Finish(IReadOnlyList<string> standardError, int exitCode, string? killedBecause = null)
    {
        var problems = _stream.Finish(standardError, exitCode, killedBecause);
        var cases = new List<GoTestCase>();
        foreach (var (package, name) in _listed)
        {
            var at = _sources.Find(package, name);
            cases.Add(new GoTestCase
            {
                Package = package, TestName = name, Kind = GoTestNames.KindOf(name), SourceFile = at?.File, SourceLine = at?.Line ?? 0,
                ModuleDirectory = _module.ModuleDirectory,
            });
        }
        foreach (var problem in problems.Where(p => p.Kind == GoTestKind.Package))
        {
            cases.Add(new GoTestCase
            {
                Package = problem.Package, Kind = GoTestKind.Package, SourceFile = problem.SourceFile, SourceLine = problem.SourceLine,
                ModuleDirectory = _module.ModuleDirectory,
            });
        }
        return cases;
    }
}
