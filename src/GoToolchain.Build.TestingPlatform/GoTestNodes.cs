using System;
using System.IO;
using System.Runtime.CompilerServices;
using GoToolchain.Build.GoTests;
using Microsoft.Testing.Extensions.TrxReport.Abstractions;
using Microsoft.Testing.Platform.Extensions.Messages;

namespace GoToolchain.Build.TestingPlatform;

/// <summary>A <see cref="GoTestResult"/> as the platform's test node: what the console, TRX and IDEs read.</summary>
internal static class GoTestNodes
{
    public static TestNode From(GoTestResult result)
    {
        var properties = new PropertyBag(State(result));
        var end = DateTimeOffset.UtcNow;
        properties.Add(new TimingProperty(new TimingInfo(end - result.Duration, end, result.Duration)));
        // TRX needs a class and a method: the class is the import path, so TRX's "class.method" is the FullyQualifiedName.
        properties.Add(new TestMethodIdentifierProperty("", "", result.Package, result.TestName.Length > 0 ? result.TestName : result.DisplayName,
            0, Array.Empty<string>(), "System.Void"));
        if (result.SourceFile is { Length: > 0 } file && result.SourceLine > 0)
        {
            var at = new LinePosition(result.SourceLine, 0);
            properties.Add(new TestFileLocationProperty(file, new LinePositionSpan(at, at)));
        }
        var output = result.Output; // a cached result's output already says so (GoTestStream)
        if (output.Length > 0) properties.Add(new StandardOutputProperty(output));
        if (result.Cached) properties.Add(new TestMetadataProperty("GoTestCache", "cached"));
        try
        {
            AddTrx(properties, result, output);
        }
        catch (FileNotFoundException)
        {
            // No TRX extension in this test application, so no TRX to fill.
        }
        return new TestNode
        {
            Uid = new TestNodeUid("go:" + result.FullyQualifiedName),
            DisplayName = result.DisplayName.Length > 0 ? result.DisplayName : result.FullyQualifiedName,
            Properties = properties,
        };
    }

    // TRX takes a failure's message and a result's output from its own properties, not from the state and StandardOutputProperty.
    // Their assembly comes with Microsoft.Testing.Extensions.TrxReport; without it the JIT of this method throws, caught above.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void AddTrx(PropertyBag properties, GoTestResult result, string output)
    {
        if (result.Outcome == GoTestOutcome.Failed) properties.Add(new TrxExceptionProperty(result.Message ?? "failed", result.StackTrace));
        if (output.Length > 0) properties.Add(new TrxMessagesProperty(new TrxMessage[] { new StandardOutputTrxMessage(output) }));
    }

    /// <summary>A failure of the Go side itself (an unreadable manifest, a filter go cannot use): a failed node, never silence.</summary>
    public static TestNode Problem(string what, string code, string message) => From(new GoTestResult
    {
        Package = "GoToolchain.Build",
        DisplayName = $"GoToolchain.Build [{what}]",
        Kind = GoTestKind.Package,
        Outcome = GoTestOutcome.Failed,
        Message = $"{code}: {message}",
    });

    private static IProperty State(GoTestResult result)
    {
        var message = result.Message;
        if (result.StackTrace is { Length: > 0 } stack) message = (message is null ? "" : message + "\n") + stack;
        return result.Outcome switch
        {
            GoTestOutcome.Passed => PassedTestNodeStateProperty.CachedInstance,
            GoTestOutcome.Skipped => new SkippedTestNodeStateProperty(message ?? "skipped"),
            _ => new FailedTestNodeStateProperty(message ?? "failed"),
        };
    }
}
