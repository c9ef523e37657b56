using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using GoToolchain.Build.Diagnostics;
using GoToolchain.Build.GoTests;
using GoToolchain.Build.GoTests.Coverage;
using Microsoft.Testing.Platform.CommandLine;
using Microsoft.Testing.Platform.Configurations;
using Microsoft.Testing.Platform.Extensions;
using Microsoft.Testing.Platform.Extensions.Messages;
using Microsoft.Testing.Platform.Extensions.OutputDevice;
using Microsoft.Testing.Platform.Extensions.TestHost;
using Microsoft.Testing.Platform.Messages;
using Microsoft.Testing.Platform.OutputDevice;
using Microsoft.Testing.Platform.Services;
using Microsoft.Testing.Platform.TestHost;

namespace GoToolchain.Build.TestingPlatform;

/// <summary>
/// Runs the GoTest modules of the test application's manifest when the session ends (after the framework's own tests, before
/// the reporters: TRX, the console summary and the exit code see every Go result), and publishes each result as a test node.
/// Not a test framework: a test application has exactly one (MSTest, xunit.v3...), so the Go tests join it as an extension
/// that produces <see cref="TestNodeUpdateMessage"/>s.
/// </summary>
internal sealed class GoTestSession : ITestSessionLifetimeHandler, IDataProducer, IOutputDeviceDataProducer
{
    private readonly IMessageBus _bus;
    private readonly ICommandLineOptions _options;
    private readonly IConfiguration _configuration;
    private readonly IOutputDevice _output;

    public GoTestSession(IMessageBus bus, ICommandLineOptions options, IConfiguration configuration, IOutputDevice output)
    {
        _bus = bus;
        _options = options;
        _configuration = configuration;
        _output = output;
    }

    public string Uid => nameof(GoTestSession);
    public string Version => typeof(GoTestSession).Assembly.GetName().Version?.ToString() ?? "";
    public string DisplayName => "Go tests (GoToolchain.Build)";
    public string Description => "Runs the GoTest modules of the test project with go test -json and reports every Go test.";
    public Type[] DataTypesProduced { get; } = { typeof(TestNodeUpdateMessage), typeof(SessionFileArtifact) };

    public Task<bool> IsEnabledAsync() => Task.FromResult(true);

    public Task OnTestSessionStartingAsync(ITestSessionContext testSessionContext) => Task.CompletedTask;

    public async Task OnTestSessionFinishingAsync(ITestSessionContext testSessionContext)
    {
        var sessionUid = testSessionContext.SessionUid;
        var cancellationToken = testSessionContext.CancellationToken;
        var modules = GoTestHost.ReadManifest(out var manifestError);
        if (manifestError is not null)
        {
            await PublishAsync(sessionUid, GoTestNodes.Problem("manifest", Codes.GoTestManifestUnreadable, manifestError), cancellationToken);
            return;
        }
        if (modules is null || modules.Count == 0) return;

        GoTestFilter? filter = null;
        if (_options.TryGetOptionArgumentList("filter", out var filterArguments) && filterArguments.Length > 0)
        {
            filter = GoTestFilter.Parse(string.Join(" & ", filterArguments.Select(f => "(" + f + ")")), out var filterError);
            if (filter is null)
            {
                await PublishAsync(sessionUid, GoTestNodes.Problem("filter", Codes.GoTestFilterInvalid,
                    $"--filter '{string.Join(" ", filterArguments)}' cannot select Go tests: {filterError}. Fix: filter on FullyQualifiedName or Name " +
                    "with =, !=, ~ or !~, joined by & and |, as on VSTest."), cancellationToken);
                return;
            }
        }

        var coverage = GoTestCoverage.FromAppContext();
        var resultsDirectory = ResultsDirectory();
        var profiles = new List<string>();
        foreach (var module in modules)
        {
            cancellationToken.ThrowIfCancellationRequested();
            GoTestSelection? selection = null;
            if (filter is not null)
            {
                var discovered = GoTestRunner.Discover(module, _ => { }, cancellationToken);
                selection = GoTestSelection.Of(discovered, filter.Matches, filter.SubtestsNamedUnder);
                if (selection.Packages.Count == 0) continue;
            }
            var run = module;
            string? profile = null;
            if (coverage.Enabled)
            {
                profile = Path.Combine(resultsDirectory, "go-coverage", GoTestCoverage.ProfileName(module));
                Directory.CreateDirectory(Path.GetDirectoryName(profile)!);
                run = GoTestCoverage.WithCoverage(module, coverage, profile);
            }
            var results = new List<GoTestResult>();
            GoTestRunner.Run(run, selection, results.Add, _ => { }, cancellationToken);
            foreach (var result in results) await PublishAsync(sessionUid, GoTestNodes.From(result), cancellationToken);
            if (profile is not null && File.Exists(profile)) profiles.Add(profile);
        }

        if (profiles.Count > 0)
        {
            var report = Path.Combine(resultsDirectory, GoTestCoverage.ReportFileName);
            var problem = GoTestCoverage.WriteReport(profiles, modules, report);
            if (problem is not null)
                await PublishAsync(sessionUid, GoTestNodes.Problem("coverage", problem.Code, problem.Message), cancellationToken);
            else
                await _bus.PublishAsync(this, new SessionFileArtifact(sessionUid, new FileInfo(report), "Go coverage (Cobertura)",
                    "go test -coverprofile converted to Cobertura XML"));
        }
    }

    private Task PublishAsync(SessionUid sessionUid, TestNode node, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return _bus.PublishAsync(this, new TestNodeUpdateMessage(sessionUid, node));
    }

    // --results-directory, else the platform's default (TestResults beside the test application).
    private string ResultsDirectory()
    {
        var configured = _configuration["platformOptions:resultDirectory"];
        if (!string.IsNullOrEmpty(configured)) return configured!;
        return Path.Combine(AppContext.BaseDirectory, "TestResults");
    }
}

/// <summary>What the test application knows about itself: its manifest (written by the build beside the assembly).</summary>
internal static class GoTestHost
{
    public static IReadOnlyList<GoTestModule>? ReadManifest(out string? error)
    {
        var assembly = Assembly.GetEntryAssembly()?.Location;
        if (string.IsNullOrEmpty(assembly))
        {
            error = null;
            return null;
        }
        return GoTestManifest.ReadFor(assembly!, out error);
    }
}

/// <summary>
/// Lists the Go tests on <c>--list-tests</c>. The platform runs no session handler and no data consumer when it only discovers,
/// so the list comes from the application's lifecycle (after the framework's own list), printed through the output device.
/// </summary>
internal sealed class GoTestListing : ITestHostApplicationLifetime, IOutputDeviceDataProducer
{
    private readonly ICommandLineOptions _options;
    private readonly IOutputDevice _output;

    public GoTestListing(ICommandLineOptions options, IOutputDevice output)
    {
        _options = options;
        _output = output;
    }

    public string Uid => nameof(GoTestListing);
    public string Version => typeof(GoTestListing).Assembly.GetName().Version?.ToString() ?? "";
    public string DisplayName => "Go tests (GoToolchain.Build)";
    public string Description => "Lists the Go tests of the test project on --list-tests.";

    public Task<bool> IsEnabledAsync() => Task.FromResult(_options.IsOptionSet("list-tests"));

    public Task BeforeRunAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task AfterRunAsync(int exitCode, CancellationToken cancellation)
    {
        var modules = GoTestHost.ReadManifest(out var error);
        if (error is not null)
        {
            await _output.DisplayAsync(this, new ErrorMessageOutputDeviceData($"{Codes.GoTestManifestUnreadable}: {error}"), cancellation);
            return;
        }
        if (modules is null || modules.Count == 0) return;
        var cases = modules.SelectMany(m => GoTestRunner.Discover(m, _ => { }, cancellation)).ToList();
        var lines = new List<string> { $"Go tests ({cases.Count}, listed by GoToolchain.Build):" };
        lines.AddRange(cases.Select(c => "  " + c.FullyQualifiedName));
        await _output.DisplayAsync(this, new TextOutputDeviceData(string.Join(Environment.NewLine, lines)), cancellation);
    }
}
