using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using GoToolchain.Build.Diagnostics;
using GoToolchain.Build.Modules;
using GoToolchain.Build.Platform;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.Tests.Toolchain;

/// <summary>
/// go.mod read by the toolchain that builds it: ModuleChecks (toolchain choice, then the reading rules of the chosen go)
/// against what each real go does with the same module under GOTOOLCHAIN local and path, with and without a go1.24.4
/// binary on PATH. A module go accepts gets no error from us; one it refuses gets our error with go's own words.
/// </summary>
[TestClass]
[TestCategory("toolchain")]
public sealed class ModuleChecksAgainstGoTests
{
    private static readonly Regex GoPosition = new(@"go\.(?:mod|work):(?<line>\d+)(?::(?<col>\d+))?: (?<message>.*)$", RegexOptions.Multiline);

    private static readonly (string Name, string GoMod)[] Modules =
    {
        // Go 1.24 syntax with go/toolchain lines that ask for 1.24.4: the toolchain go finds as go1.24.4 on PATH.
        ("tool", "module example.com/m\n\ngo 1.24\n\ntoolchain go1.24.4\n\ntool example.com/x/cmd/gen\n"),
        ("tool-block-three-part", "module example.com/m\n\ngo 1.24.4\n\ntool (\n\texample.com/x/cmd/gen\n)\n"),
        // Two arguments: only the toolchain that knows the directive words it this way.
        ("tool-two-arguments", "module example.com/m\n\ngo 1.24\n\ntoolchain go1.24.4\n\ntool example.com/a example.com/b\n"),
        ("tool-single-quotes", "module example.com/m\n\ngo 1.24.4\n\ntool 'example.com/a'\n"),
        // Go 1.25 syntax that 1.24.4 does not know: go switches to it, and it refuses the file.
        ("ignore-on-1.24", "module example.com/m\n\ngo 1.24\n\ntoolchain go1.24.4\n\nignore ./node_modules\n"),
        // A go line newer than every toolchain here, with a line nobody knows: 1.21-1.23 print the parse error, 1.24+ the go line.
        ("too-new-and-unknown", "module example.com/m\n\ngo 1.99\n\nfrobnicate\n"),
        ("plain", "module example.com/m\n\ngo 1.21\n"),
    };

    [TestMethod]
    [DataRow("1.21")]
    [DataRow("1.22")]
    [DataRow("1.23")]
    [DataRow("1.24")]
    [DataRow("1.25")]
    [DataRow("1.26")]
    [DataRow("1.27")]
    public void TheFileIsReadByTheToolchainGoRunsAndFailsWithItsWords(string version)
    {
        using var go = new RealGo();
        var local = RealGo.Version(version);
        var toolchains = go.NewDirectory("toolchains");
        File.CreateSymbolicLink(Path.Combine(toolchains, "go1.24.4"), RealGo.GoBinary("1.24"));
        var withToolchain = new[] { toolchains }.Concat(RealGo.CleanPath).ToArray();
        var mismatches = new List<string>();
        var checkedCount = 0;
        foreach (var (name, goMod) in Modules)
        {
            foreach (var (mode, path) in new[] { ("local", withToolchain), ("path", withToolchain), ("path", RealGo.CleanPath) })
            {
                var directory = go.WriteModule(goMod);
                var run = go.Run(version, directory, mode, path, "build", "-o", Path.Combine(directory, "out"), ".");
                var diagnostics = new DiagnosticBag();
                var environment = new BuildEnvironment(SystemPlatform.Instance, new Dictionary<string, string?> { ["GOWORK"] = "off" });
                new ModuleChecks(SystemPlatform.Instance, RealGo.LookPathIn(path))
                    .Check(directory, local, "go" + local.Text, mode, true, environment, null, diagnostics);
                var errors = diagnostics.Items.Where(d => d.Severity == Severity.Error).ToList();
                var where = $"{name}, GOTOOLCHAIN={mode}{(path == withToolchain ? " with go1.24.4 on PATH" : "")}";
                checkedCount++;
                if (run.ExitCode == 0)
                {
                    if (errors.Count > 0) mismatches.Add($"{where}: go builds it, we say {errors[0].Code}: {errors[0].Message}");
                    continue;
                }
                if (errors.Count == 0)
                {
                    mismatches.Add($"{where}: go fails ({run}), we see no error");
                    continue;
                }
                var expected = GoWords(run.Stderr);
                if (!errors[0].Message.Contains(expected)) mismatches.Add($"{where}: go says '{expected}', we say {errors[0].Code}: {errors[0].Message}");
            }
        }
        Assert.AreEqual(Modules.Length * 3, checkedCount);
        Assert.IsEmpty(mismatches, $"Go {version}:\n" + string.Join("\n", mismatches));
    }

    [TestMethod]
    [DataRow("1.23")]
    [DataRow("1.24")]
    [DataRow("1.27")]
    public void AWorkspaceIsReadTheSameWay(string version)
    {
        using var go = new RealGo();
        var local = RealGo.Version(version);
        var toolchains = go.NewDirectory("toolchains");
        File.CreateSymbolicLink(Path.Combine(toolchains, "go1.24.4"), RealGo.GoBinary("1.24"));
        var path = new[] { toolchains }.Concat(RealGo.CleanPath).ToArray();
        var cases = new (string Name, string GoWork, string GoMod, string Mode)[]
        {
            // go.work's go/toolchain lines choose go1.24.4, which reads the module's tool line.
            ("switch", "go 1.24\n\ntoolchain go1.24.4\n\nuse ./a\n", "module example.com/a\n\ngo 1.24\n\ntool example.com/x/cmd/gen\n", "path"),
            // Every version prints go.work's parse errors, even with a go line newer than itself.
            ("too-new-and-unknown", "go 1.99\n\nuse ./a\n\nfoo\n", "module example.com/a\n\ngo 1.21\n", "local"),
        };
        var mismatches = new List<string>();
        foreach (var (name, goWork, goMod, mode) in cases)
        {
            var workspace = go.NewDirectory("ws");
            var module = go.WriteModule(goMod, Path.Combine(workspace, "a"));
            File.WriteAllText(Path.Combine(workspace, "go.work"), goWork);
            var run = go.Run(version, module, mode, path, "build", "-o", Path.Combine(module, "out"), ".");
            var diagnostics = new DiagnosticBag();
            var environment = new BuildEnvironment(SystemPlatform.Instance, new Dictionary<string, string?> { ["GOWORK"] = null });
            new ModuleChecks(SystemPlatform.Instance, RealGo.LookPathIn(path)).Check(module, local, "go" + local.Text, mode, true, environment, null, diagnostics);
            var errors = diagnostics.Items.Where(d => d.Severity == Severity.Error).ToList();
            if (run.ExitCode == 0 != (errors.Count == 0)) mismatches.Add($"{name}: go {run}; we {string.Join(" / ", errors.Select(e => e.Code + " " + e.Message))}");
            else if (errors.Count > 0 && !errors[0].Message.Contains(GoWords(run.Stderr))) mismatches.Add($"{name}: go says '{GoWords(run.Stderr)}', we {errors[0].Message}");
        }
        Assert.IsEmpty(mismatches, $"Go {version}:\n" + string.Join("\n", mismatches));
    }

    // The words to find in our message: ":line: message" of go's first positioned error, else go's first line.
    private static string GoWords(string stderr)
    {
        var position = GoPosition.Match(stderr);
        if (position.Success) return $":{position.Groups["line"].Value}: {position.Groups["message"].Value.Trim()}";
        return stderr.Split('\n')[0].Trim();
    }
}
