using System;
using GoToolchain.Build.GoTests;
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
        var output = result.Cached ? "(cached: go reported this result from its test cache)\n" + result.Output : result.Output;
        if (output.Length > 0) properties.Add(new StandardOutputProperty(output));
        if (result.Cached) properties.Add(new TestMetadataProperty("GoTestCache", "cached"));
        return new TestNode
        {
            Uid = new TestNodeUid("go:" + result.FullyQualifiedName),
            DisplayName = result.DisplayName.Length > 0 ? result.DisplayName : result.FullyQualifiedName,
            Properties = properties,
        };
    }

    /// <summary>A failure of the Go side itself (an unreadable manifest, a filter go cannot use): a failed node, never silence.</summary>
    public static TestNode Problem(string what, string code, string message) => new()
    {
        Uid = new TestNodeUid("go:GoToolchain.Build." + what),
        DisplayName = $"GoToolchain.Build [{what}]",
        Properties = new PropertyBag(
            new FailedTestNodeStateProperty($"{code}: {message}"),
            new TestMethodIdentifierProperty("", "", "GoToolchain.Build", what, 0, Array.Empty<string>(), "System.Void")),
    };

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
