using System;
using System.Collections.Generic;
using System.Globalization;
using GoToolchain.Build.Toolchain;

namespace GoToolchain.Build.GoTests;

/// <summary>
/// One line of `go test -json` (`go doc test2json`): a TestEvent {Time, Action, Package, Test, Elapsed, Output,
/// FailedBuild (1.24+)}, or, from Go 1.24 on, a BuildEvent {ImportPath, Action build-output|build-fail, Output} of the
/// test binary's build. Actions: start (1.20+), run, pause, cont, pass, bench, fail, output, skip.
/// </summary>
public sealed class GoTestEvent
{
    public string Action { get; private set; } = "";
    public string Package { get; private set; } = "";
    public string Test { get; private set; } = "";
    public string Output { get; private set; } = "";
    public double? Elapsed { get; private set; }

    /// <summary>1.24+: a failed package's build (its ImportPath in the BuildEvents), "example.com/x [example.com/x.test]".</summary>
    public string FailedBuild { get; private set; } = "";

    /// <summary>A BuildEvent's package (1.24+), "example.com/x [example.com/x.test]".</summary>
    public string ImportPath { get; private set; } = "";

    public bool IsBuildEvent => Action.StartsWith("build-", StringComparison.Ordinal);

    /// <summary>The event on a line, or null for a line that is not one (go 1.19-1.23 print a build failure's
    /// "FAIL\tpkg [build failed]" as text on stdout).</summary>
    public static GoTestEvent? Parse(string line)
    {
        if (!line.TrimStart().StartsWith("{", StringComparison.Ordinal)) return null;
        var fields = GoEnvJson.Parse(line, out _);
        if (fields is null || !fields.TryGetValue("Action", out var action)) return null;
        string Get(string name) => fields.TryGetValue(name, out var value) ? value : "";
        return new GoTestEvent
        {
            Action = action,
            Package = Get("Package"),
            Test = Get("Test"),
            Output = Get("Output"),
            Elapsed = double.TryParse(Get("Elapsed"), NumberStyles.Float, CultureInfo.InvariantCulture, out var elapsed) ? elapsed : null,
            FailedBuild = Get("FailedBuild"),
            ImportPath = Get("ImportPath"),
        };
    }
}
