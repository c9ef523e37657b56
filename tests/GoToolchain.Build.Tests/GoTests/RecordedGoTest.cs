using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using GoToolchain.Build.GoTests;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.Tests.GoTests;

/// <summary>What go test -json printed for the fixture modules on real toolchains (tests/fixtures/gotest/record.sh writes
/// recorded/&lt;version&gt;/), fed to the parsers as go printed it.</summary>
internal static class RecordedGoTest
{
    /// <summary>The toolchains the streams were recorded with: the suite's oldest and newest.</summary>
    public static IEnumerable<object[]> Versions => new[] { new object[] { "1.19" }, new object[] { "1.27" } };

    public static string FixtureRoot => Path.Combine(typeof(RecordedGoTest).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "RepositoryRoot").Value!, "tests", "fixtures", "gotest");

    /// <summary>Where record.sh ran the modules: the paths in panics' stacks.</summary>
    public const string RecordedRoot = "/tmp/gotest-record";

    public static string[] Lines(string version, string name, string stream)
    {
        var path = Path.Combine(FixtureRoot, "recorded", version, name + "." + stream);
        var text = File.ReadAllText(path);
        return text.Length == 0 ? Array.Empty<string>() : text.TrimEnd('\n').Split('\n');
    }

    /// <summary>The fixture module in the repository (its sources give the tests' positions).</summary>
    public static GoTestModule Module(string name) => new()
    {
        ItemSpec = "../" + name,
        ModuleDirectory = Path.Combine(FixtureRoot, name),
        ModulePath = "example.com/" + name,
        Target = "linux/amd64",
        ProjectFile = "/src/Calc.Tests/Calc.Tests.csproj",
    };

    /// <summary>The results of a recorded run, as the adapter gets them (exit code 1 when anything failed, as go's).</summary>
    public static IReadOnlyList<GoTestResult> Results(string version, string module, string recording, int exitCode = 1)
    {
        var reported = new List<GoTestResult>();
        var stream = new GoTestStream(Module(module), reported.Add);
        foreach (var line in Lines(version, recording, "stdout")) stream.Feed(line);
        var all = stream.Finish(Lines(version, recording, "stderr"), exitCode);
        CollectionAssert.AreEqual(all.ToList(), reported, "every result is reported once, as it is made");
        return all;
    }

    public static GoTestResult Single(IReadOnlyList<GoTestResult> results, string fullyQualifiedName)
    {
        var found = results.Where(r => r.FullyQualifiedName == fullyQualifiedName).ToList();
        Assert.AreEqual(1, found.Count, $"{fullyQualifiedName} among: {string.Join(", ", results)}");
        return found[0];
    }
}
