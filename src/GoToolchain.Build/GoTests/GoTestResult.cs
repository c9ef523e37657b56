using System;

namespace GoToolchain.Build.GoTests;

public enum GoTestOutcome { Passed, Failed, Skipped }

/// <summary>What a result stands for: a test function and its subtests, an Example, a fuzz seed entry, or a whole package
/// (a build failure, a test binary that died outside a test, no test files).</summary>
public enum GoTestKind { Test, Subtest, Example, FuzzSeed, Package }

/// <summary>One result of go test, in test-platform terms (no TestPlatform types: the VSTest adapter and the MTP
/// extension each map it to their own).</summary>
public sealed class GoTestResult
{
    /// <summary>The package's import path (example.com/calc).</summary>
    public string Package { get; set; } = "";

    /// <summary>go's test name (TestTable/wrong); empty for a package result.</summary>
    public string TestName { get; set; } = "";

    /// <summary><c>&lt;import path&gt;.&lt;TestName&gt;</c>; the import path alone for a package result.</summary>
    public string FullyQualifiedName => GoTestNames.FullyQualifiedName(Package, TestName);

    /// <summary>The test name (TestTable/wrong); for a package result, the import path and what happened ([build failed]).</summary>
    public string DisplayName { get; set; } = "";
    public GoTestKind Kind { get; set; }
    public GoTestOutcome Outcome { get; set; }
    public TimeSpan Duration { get; set; }

    /// <summary>What the test printed (t.Log lines, go's own --- lines), without go's === RUN/PAUSE/CONT frame lines.</summary>
    public string Output { get; set; } = "";

    /// <summary>For a failure or a skip: why, with go's file.go:line (a compiler error, a panic, t.Errorf lines).</summary>
    public string? Message { get; set; }

    /// <summary>For a failure: the panic's goroutine stack, when there was one.</summary>
    public string? StackTrace { get; set; }

    /// <summary>Where an IDE opens the result: the failure's file and line, else the test function's; null when unknown.</summary>
    public string? SourceFile { get; set; }
    public int SourceLine { get; set; }

    /// <summary>go reported this package's results from its test cache ("(cached)"): the tests did not run again.</summary>
    public bool Cached { get; set; }

    public override string ToString() => $"{FullyQualifiedName}: {Outcome}{(Cached ? " (cached)" : "")}";
}

/// <summary>One test go test -list found, with where its function is (a top-level test, Example or fuzz test), or a
/// package that has none to list (no test files, a build failure).</summary>
public sealed class GoTestCase
{
    public string Package { get; set; } = "";
    public string TestName { get; set; } = "";
    public GoTestKind Kind { get; set; }
    public string FullyQualifiedName => GoTestNames.FullyQualifiedName(Package, TestName);
    public string DisplayName => TestName.Length > 0 ? TestName : Package;
    public string? SourceFile { get; set; }
    public int SourceLine { get; set; }

    /// <summary>The GoTest item's module this case belongs to (its folder).</summary>
    public string ModuleDirectory { get; set; } = "";

    public override string ToString() => FullyQualifiedName;
}

/// <summary>How go's names map to the test platform's.</summary>
public static class GoTestNames
{
    public static string FullyQualifiedName(string package, string testName) => testName.Length == 0 ? package : package + "." + testName;

    /// <summary>The top-level function of a test name (TestTable/wrong: TestTable).</summary>
    public static string TopLevel(string testName)
    {
        var slash = testName.IndexOf('/');
        return slash < 0 ? testName : testName.Substring(0, slash);
    }

    public static GoTestKind KindOf(string testName)
    {
        if (testName.Length == 0) return GoTestKind.Package;
        var top = TopLevel(testName);
        if (top.Length < testName.Length) return top.StartsWith("Fuzz", StringComparison.Ordinal) ? GoTestKind.FuzzSeed : GoTestKind.Subtest;
        return top.StartsWith("Example", StringComparison.Ordinal) ? GoTestKind.Example : GoTestKind.Test;
    }

    /// <summary>(package, test name) of a fully qualified name; the test name alone is empty for a package's own name. An import
    /// path may contain dots (gopkg.in/yaml.v3), so the test part starts at the first '.' followed by a name go runs as a test
    /// (Test, Example, Fuzz, Benchmark, then not a lower-case letter, as go's testing package requires).</summary>
    public static (string Package, string TestName) Split(string fullyQualifiedName)
    {
        for (var i = fullyQualifiedName.IndexOf('.'); i >= 0; i = fullyQualifiedName.IndexOf('.', i + 1))
        {
            if (IsTestName(fullyQualifiedName, i + 1)) return (fullyQualifiedName.Substring(0, i), fullyQualifiedName.Substring(i + 1));
        }
        return (fullyQualifiedName, "");
    }

    private static readonly string[] TestPrefixes = { "Test", "Example", "Fuzz", "Benchmark" };

    private static bool IsTestName(string text, int at)
    {
        foreach (var prefix in TestPrefixes)
        {
            if (string.CompareOrdinal(text, at, prefix, 0, prefix.Length) != 0) continue;
            var next = at + prefix.Length;
            return next >= text.Length || !char.IsLower(text[next]);
        }
        return false;
    }
}
