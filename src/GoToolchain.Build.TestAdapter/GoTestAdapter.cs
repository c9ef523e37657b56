using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using GoToolchain.Build.Diagnostics;
using GoToolchain.Build.GoTests;
using Microsoft.VisualStudio.TestPlatform.ObjectModel;
using Microsoft.VisualStudio.TestPlatform.ObjectModel.Adapter;
using Microsoft.VisualStudio.TestPlatform.ObjectModel.Logging;

namespace GoToolchain.Build.TestAdapter;

/// <summary>
/// Discovers and runs the Go tests a test assembly's GoTest items name: the build wrote them, resolved, to the manifest
/// beside the assembly (GoTestManifest); an assembly without one has no Go tests and is left to the other adapters.
/// Each go test, subtest, Example and fuzz seed is one VSTest result (GoTestStream), reported as its package ends.
/// </summary>
[FileExtension(".dll")]
[FileExtension(".exe")]
[DefaultExecutorUri(ExecutorUri)]
[ExtensionUri(ExecutorUri)]
public sealed class GoTestAdapter : ITestDiscoverer, ITestExecutor
{
    public const string ExecutorUri = "executor://gotoolchain.build/gotest";

    /// <summary>The GoTest module a case belongs to (its folder): a run of chosen cases runs go test there.</summary>
    public static readonly TestProperty ModuleProperty = TestProperty.Register("GoToolchain.Build.GoModule", "Go module", typeof(string),
        TestPropertyAttributes.Hidden, typeof(TestCase));

    private CancellationTokenSource _cancellation = new();

    public void DiscoverTests(IEnumerable<string> sources, IDiscoveryContext discoveryContext, IMessageLogger logger, ITestCaseDiscoverySink discoverySink)
    {
        foreach (var (source, module) in Modules(sources, logger))
        {
            foreach (var found in GoTestRunner.Discover(module, Log(logger), CancellationToken.None))
            {
                discoverySink.SendTestCase(TestCaseOf(found.FullyQualifiedName, found.DisplayName, found.SourceFile, found.SourceLine, source, module));
            }
        }
    }

    public void RunTests(IEnumerable<string>? sources, IRunContext? runContext, IFrameworkHandle? frameworkHandle)
    {
        if (sources is null || frameworkHandle is null) return;
        _cancellation = new CancellationTokenSource();
        _transcripts.Clear();
        var filter = FilterOf(runContext, frameworkHandle);
        if (filter.Failed) return;
        foreach (var (source, module) in Modules(sources, frameworkHandle))
        {
            GoTestSelection? selection = null;
            if (filter.Filter is { } f)
            {
                selection = GoTestSelection.Of(GoTestRunner.Discover(module, Log(frameworkHandle), _cancellation.Token), f.Matches, f.SubtestsNamedUnder);
            }
            Run(source, module, selection, frameworkHandle);
        }
    }

    public void RunTests(IEnumerable<TestCase>? tests, IRunContext? runContext, IFrameworkHandle? frameworkHandle)
    {
        if (tests is null || frameworkHandle is null) return;
        _cancellation = new CancellationTokenSource();
        _transcripts.Clear();
        foreach (var bySource in tests.GroupBy(t => t.Source))
        {
            foreach (var (source, module) in Modules(new[] { bySource.Key }, frameworkHandle))
            {
                var chosen = bySource.Where(t => (t.GetPropertyValue(ModuleProperty) as string ?? module.ModuleDirectory) == module.ModuleDirectory)
                    .Select(t => GoTestNames.Split(t.FullyQualifiedName))
                    .Select(n => new GoTestCase { Package = n.Package, TestName = n.TestName, Kind = GoTestNames.KindOf(n.TestName) })
                    .ToList();
                if (chosen.Count == 0) continue;
                var names = new HashSet<string>(chosen.Select(c => c.FullyQualifiedName), StringComparer.Ordinal);
                Run(source, module, GoTestSelection.Of(chosen, (fqn, _) => names.Contains(fqn)), frameworkHandle);
            }
        }
    }

    public void Cancel() => _cancellation.Cancel();

    private void Run(string source, GoTestModule module, GoTestSelection? selection, IFrameworkHandle handle)
    {
        if (!module.Runnable)
        {
            // Built for a platform this host cannot run, with no runner: every test is reported as not run, and why.
            foreach (var found in GoTestRunner.DiscoverFromSources(module))
            {
                if (selection is not null && !selection.Reports(new GoTestResult { Package = found.Package, TestName = found.TestName, DisplayName = found.DisplayName }))
                    continue;
                handle.RecordResult(new TestResult(TestCaseOf(found.FullyQualifiedName, found.DisplayName, found.SourceFile, found.SourceLine, source, module))
                {
                    Outcome = TestOutcome.Skipped,
                    ErrorMessage = $"Not run: {module.RunnerNote}",
                });
            }
            return;
        }
        GoTestRunner.Run(module, selection, result => handle.RecordResult(ResultOf(result, source, module)), Log(handle), _cancellation.Token,
            Transcript(source));
    }

    private readonly HashSet<string> _transcripts = new(StringComparer.Ordinal);

    /// <summary>&lt;assembly&gt;.gotest.json beside the test assembly: what go test -json printed in this run, every module's.</summary>
    private string? Transcript(string source)
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(source) ?? "", System.IO.Path.GetFileNameWithoutExtension(source) + ".gotest.json");
        try
        {
            if (_transcripts.Add(path) && System.IO.File.Exists(path)) System.IO.File.Delete(path);
            return path;
        }
        catch (Exception e) when (e is System.IO.IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static TestResult ResultOf(GoTestResult result, string source, GoTestModule module)
    {
        var testCase = TestCaseOf(result.FullyQualifiedName, result.DisplayName, result.SourceFile, result.SourceLine, source, module);
        var vs = new TestResult(testCase)
        {
            DisplayName = result.DisplayName,
            Outcome = result.Outcome switch
            {
                GoTestOutcome.Passed => TestOutcome.Passed,
                GoTestOutcome.Skipped => TestOutcome.Skipped,
                _ => TestOutcome.Failed,
            },
            Duration = result.Duration,
            ErrorMessage = result.Message,
            // "at X in file:line N" is the form Visual Studio turns into a link to the failure.
            ErrorStackTrace = result.Outcome == GoTestOutcome.Failed && result.SourceFile is { } file
                ? $"at {result.FullyQualifiedName} in {file}:line {result.SourceLine}" + (result.StackTrace is null ? "" : "\n" + result.StackTrace)
                : result.StackTrace,
        };
        if (result.Output.Trim().Length > 0) vs.Messages.Add(new TestResultMessage(TestResultMessage.StandardOutCategory, result.Output));
        return vs;
    }

    private static TestCase TestCaseOf(string fullyQualifiedName, string displayName, string? file, int line, string source, GoTestModule module)
    {
        var testCase = new TestCase(fullyQualifiedName, new Uri(ExecutorUri), source)
        {
            DisplayName = displayName,
            CodeFilePath = file,
            LineNumber = line,
        };
        testCase.SetPropertyValue(ModuleProperty, module.ModuleDirectory);
        return testCase;
    }

    /// <summary>The GoTest modules of each source that has a manifest beside it; a manifest that cannot be read is an error.</summary>
    private static IEnumerable<(string Source, GoTestModule Module)> Modules(IEnumerable<string> sources, IMessageLogger logger)
    {
        foreach (var source in sources)
        {
            var modules = GoTestManifest.ReadFor(source, out var error);
            if (error is not null)
            {
                logger.SendMessage(TestMessageLevel.Error, $"{Codes.GoTestManifestUnreadable}: the Go tests of '{source}' cannot run: {error}. Fix: build the test project " +
                    "again (dotnet build writes the manifest from its GoTest items).");
            }
            foreach (var module in modules ?? Array.Empty<GoTestModule>()) yield return (source, module);
        }
    }

    /// <summary>dotnet test --filter, as text for the Go tests' own reading of it (the same syntax on VSTest and MTP).</summary>
    private static (GoTestFilter? Filter, bool Failed) FilterOf(IRunContext? runContext, IMessageLogger logger)
    {
        string? text;
        try
        {
            // No property list: VSTest would reject a filter that also names the C# tests' properties (TestCategory).
            text = runContext?.GetTestCaseFilter(null, _ => null)?.TestCaseFilterValue;
        }
        catch (Exception e) when (e.GetType().Name == "TestPlatformFormatException")
        {
            logger.SendMessage(TestMessageLevel.Error, $"{Codes.GoTestFilterInvalid}: {e.Message}");
            return (null, true);
        }
        if (string.IsNullOrWhiteSpace(text)) return (null, false);
        var filter = GoTestFilter.Parse(text!, out var error);
        if (filter is null) logger.SendMessage(TestMessageLevel.Error, $"{Codes.GoTestFilterInvalid}: {error}. Fix: write it as dotnet test documents, e.g. " +
            "--filter \"FullyQualifiedName~TestAdd\" or --filter \"Name=TestDiv\".");
        return (filter, filter is null);
    }

    private static Action<string> Log(IMessageLogger logger) => line => logger.SendMessage(TestMessageLevel.Informational, line);
}
