using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using GoToolchain.Build.Diagnostics;
using GoToolchain.Build.Modules;
using GoToolchain.Build.Tests.Toolchain;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using GoToolchain.Build.Testing;

namespace GoToolchain.Build.Tests.Modules;

/// <summary>
/// Our reading of go.mod and go.work, parsed with each toolchain's rules, against what that real go says about
/// the same file: the same lines, columns and words when it fails, and no complaint when it reads the file.
/// </summary>
[TestClass]
[TestCategory("toolchain")]
public sealed class GoModFileAgainstGoTests
{
    private static RealGo _go = null!;

    [ClassInitialize]
    public static void Initialize(TestContext context) => _go = new RealGo();

    [ClassCleanup]
    public static void Cleanup() => _go.Dispose();

    private static readonly Regex GoPosition = new(@"(?:^|\s)\S*go\.(?:mod|work):(?<line>\d+)(?::(?<col>\d+))?: (?<message>.*)$", RegexOptions.Multiline);

    private static readonly string[] GoModSamples =
    {
        "module m\n\ngo 1.17\n",
        "module m\ngo 1.17\nreplace (\n\texample.com/x => ./x\n)\nexclude example.com/y v1.0.0\nretract [v0.1.0, v0.2.0]\n// c\n",
        "module \"example.com/m\"\ngo 1.17\n",
        "module m\r\ngo 1.17\r\n",
        "module (\n\tm\n)\ngo 1.17\n",
        "module m\ngo 1.17.0\n",
        "module m\ngo 1.17rc1\n",
        "module m\ngo 1.17\ntoolchain go1.23.5\n",
        "module m\ngo 1.17\ngodebug panicnil=1\n",
        "module m\ngo 1.17\ngodebug (\n\tpanicnil=1\n)\n",
        "module m\ngo 1.17\ntool example.com/x\n",
        "module m\ngo 1.17\nreplace (\n\texample.com/x => ./x\n",
        "module m\ngo 1.17\n)\n",
        "module m\ngo 1.2x\n",
        "module m\ngo 1.17\ngo 1.17\n",
        "module m\ngo 1.17\nfoo bar\nbaz\n",
        "module \"m\ngo 1.17\n",
        "module m\ngo 1.17\nreplace a => \"b",
        "module m /* c */\ngo 1.17\n",
        "module m\ngo 1.17 \u0001\n",
        "module m\ngo 1.17 \u200b\n",
        "module m\ngo\v1.17\n",
        "go 1.17\n",
        "",
        "module m\ngo 1.17\nrequire (\n\texample.com/x v1.0.0\n) x\n",
        "module m\ngo 1.17 1.18\n",
        "module m\ngo 1.17\nrequire (\n\tx\n)\n",
        "module `m`\ngo 1.17\n",
        "module \"m\\q\"\ngo 1.17\n",
        "module m\ngo 1.17\nreplace a b\n",
        "module m\ngo 1.17\nreplace example.com/a => example.com/b\n",
        "module m\ngo 1.17\nreplace example.com/a => example.com/b@v1.0.0\n",
        "module m\ngo 1.17\nreplace example.com/a => ./b v1.0.0\n",
        "module m\ngo 1.17\nretract [v1.0.0\n",
        "module m\ngo 1.17\nretract v1.0.0 v1.1.0\n",
        "module m\ngo 1.17\ngodebug x\n",
        "module m\ngo (\n\t1.17\n)\n",
        "module m\ngo 1.17\nrequire x (\n)\n",
        "module m\ngo 1.17\nrequire ()\n",
        "module m\ngo 1.17\nexclude a (b\n",
        "module m\ngo 1.17\ntoolchain foo\n",
        "module m\ngo 1.17\ntoolchain\n",
        "module m\nmodule n\ngo 1.17\n",
        "module m\ngo 1.17\n// é\nfoo é\n",
        "module m\ngo 1.17\nuse ./x\n",
        "module m\ngo 1.17\ntool example.com/a example.com/b\n",
        "module m\ngo 1.17\ntool\n",
        "module m\ngo 1.17\ntool (\n\texample.com/a example.com/b\n)\n",
        "module m\ngo 1.17\ntool 'example.com/a'\n",
        "module m\ngo 1.17\ntool `example.com/a`\n",
        "module m\ngo 1.17\ntool \"example.com/a\"\n",
        "module m\ngo 1.17\ntool \"example.com/a\\q\"\n",
        "module m\ngo 1.17\nignore ./a ./b\n",
        "module m\ngo 1.17\nignore\n",
        "module m\ngo 1.17\nignore './a'\n",
        "module m\ngo 1.17\nignore \"./a\"\n",
        "module m\ngo 1.17\nignore (\n\t./a\n\tnode_modules\n)\n",
        "module 'm'\ngo 1.17\n",
        "module m\ngo 1.17\nrequire \"example.com/a\" \"v1.0.0\"\n",
        "module m\ngo 1.17\nrequire example.com/a `v1.0.0`\n",
    };

    private static readonly string[] GoWorkSamples =
    {
        "go 1.17\n\nuse ./a\n",
        "go 1.17\nuse (\n\t./a\n\t\"./b\"\n)\n",
        "go 1.17\nuse (\n\t./a\n\t\"./b\n)\n",
        "go 1.17\n\nuse (\n\t./a\n",
        "go 1.17\n)\nuse ./a\n",
        "go 1.17\nuse ./a /* x */\n",
        "go 1.17\nuse ./a\ntoolchain go1.23.5\n",
        "go 1.17\nuse ./a\ngodebug panicnil=1\n",
        "go 1.2x\nuse ./a\n",
        "go 1.17\nuse ./a\nmodule m\n",
        "go 1.17\nuse ./a b\n",
        "go 1.17\nuse ./a\ngo 1.17\n",
        "go 1.17\nuse ./a\nrequire (\n)\n",
        "go 1.17\nuse ./a\ntool example.com/a\n",
        "go 1.17\nuse ./a\nignore ./b\n",
        "go 1.17\nuse './a'\n",
        "go 1.17\nuse `./a`\n",
    };

    [TestMethod]
    [DynamicData(nameof(Toolchains.All), typeof(Toolchains))]
    public void GoModDiagnosticsMatchGo(string version)
    {
        var rules = RealGo.Version(version);
        var mismatches = new List<string>();
        foreach (var text in GoModSamples)
        {
            var directory = _go.WriteModule(text);
            var path = Path.Combine(directory, "go.mod");
            var run = _go.Run(version, directory, "local", RealGo.CleanPath, "build", "-o", Path.Combine(directory, "out"), ".");
            var ours = GoModFile.Parse(text, path, rules).Diagnostics;
            Compare(text, ours, run, mismatches);
        }
        Assert.AreEqual(0, mismatches.Count, $"Go {version}:\n" + string.Join("\n", mismatches));
    }

    [TestMethod]
    [DynamicData(nameof(Toolchains.All), typeof(Toolchains))]
    public void GoWorkDiagnosticsMatchGo(string version)
    {
        var rules = RealGo.Version(version);
        var mismatches = new List<string>();
        foreach (var text in GoWorkSamples)
        {
            var workspace = _go.NewDirectory("ws");
            var module = _go.WriteModule("module a\n\ngo 1.17\n", Path.Combine(workspace, "a"));
            _go.WriteModule("module b\n\ngo 1.17\n", Path.Combine(workspace, "b"));
            var path = Path.Combine(workspace, "go.work");
            File.WriteAllText(path, text);
            var run = _go.Run(version, module, "local", RealGo.CleanPath, "build", "-o", Path.Combine(module, "out"), ".");
            var ours = GoWorkFile.Parse(text, path, rules).Diagnostics;
            Compare(text, ours, run, mismatches);
        }
        Assert.AreEqual(0, mismatches.Count, $"Go {version}:\n" + string.Join("\n", mismatches));
    }

    private static void Compare(string text, IReadOnlyList<Diagnostic> ours, GoRun run, List<string> mismatches)
    {
        var shown = Show(text);
        var goPositions = GoPosition.Matches(run.Stderr).Select(m => m).ToList();
        var goMissingModule = run.Stderr.Contains("module declaration");
        var goParseFailure = goPositions.Count > 0 || goMissingModule;

        if (ours.Count == 0)
        {
            if (goParseFailure) mismatches.Add($"{shown}: we accept it, go says: {run}");
            return;
        }
        if (run.ExitCode == 0 || !goParseFailure)
        {
            mismatches.Add($"{shown}: we say {string.Join(" / ", ours.Select(d => d.Message))}; go: {run}");
            return;
        }
        if (goMissingModule)
        {
            if (ours.Count != 1 || !ours[0].Message.Contains("module declaration")) mismatches.Add($"{shown}: go says {run}; we say {ours[0].Message}");
            return;
        }
        if (goPositions.Count != ours.Count)
        {
            mismatches.Add($"{shown}: go reports {goPositions.Count} problems, we {ours.Count}: go: {run}; we: {string.Join(" / ", ours.Select(d => d.Message))}");
            return;
        }
        for (var i = 0; i < ours.Count; i++)
        {
            var go = goPositions[i];
            var line = int.Parse(go.Groups["line"].Value);
            var column = go.Groups["col"].Success ? int.Parse(go.Groups["col"].Value) : 0;
            var expected = $":{line}{(column > 1 ? $":{column}" : "")}: {go.Groups["message"].Value}";
            // go names the block's file as it was given to the parser (absolute in 1.19, relative later); we name it in full.
            if (ours[i].Line != line || ours[i].Column != column || !WithoutBlockPath(ours[i].Message).Contains(WithoutBlockPath(expected)))
            {
                mismatches.Add($"{shown}: go says '{expected}', we say line {ours[i].Line} column {ours[i].Column}: {ours[i].Message}");
            }
        }
    }

    private static string WithoutBlockPath(string message) => Regex.Replace(message, @"started at \S*(go\.(mod|work):)", "started at $1");

    private static string Show(string text)
    {
        var builder = new StringBuilder("[");
        foreach (var c in text) builder.Append(c switch { '\n' => "\\n", '\r' => "\\r", '\t' => "\\t", < ' ' => $"\\x{(int)c:x2}", _ => c.ToString() });
        return builder.Append(']').ToString();
    }
}
