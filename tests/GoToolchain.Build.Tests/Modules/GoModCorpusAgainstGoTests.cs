using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using GoToolchain.Build.Diagnostics;
using GoToolchain.Build.Modules;
using GoToolchain.Build.Tests.Toolchain;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using GoToolchain.Build.Testing;

namespace GoToolchain.Build.Tests.Modules;

/// <summary>
/// Every real go.mod and go.work of ../shared/gomod-corpus (330 files from 168 repositories), as written and
/// damaged in the ways real files get damaged, read by us with each toolchain's rules and by that toolchain itself
/// (`go mod edit -json` / `go work edit -json`, GOTOOLCHAIN=local, GOFLAGS cleared, in a temporary copy): both
/// must accept the same files, and for the ones go accepts we must see the same go line, requirements (canonical
/// versions) and replacements; for the ones it rejects, the same first line and go's words. Nothing is cached.
/// </summary>
[TestClass]
[TestCategory("toolchain")]
public sealed class GoModCorpusAgainstGoTests
{
    private static readonly Regex GoPosition = new(@"\S*go\.(?:mod|work):(?<line>\d+)(?::(?<col>\d+))?: (?<message>.*)$", RegexOptions.Multiline);

    private static string Corpus
    {
        get
        {
            var root = typeof(GoModCorpusAgainstGoTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;
            var corpus = Path.GetFullPath(Path.Combine(root, "..", "shared", "gomod-corpus", "files"));
            if (!Directory.Exists(corpus)) Assert.Fail($"The go.mod corpus is not at {corpus} (../shared beside the repository).");
            return corpus;
        }
    }

    /// <summary>The file as written, and the ways it gets damaged (each changes something go checks).</summary>
    public static IEnumerable<(string Name, string Text)> Variants(string text)
    {
        yield return ("original", text);
        yield return ("byte-order-mark", "\uFEFF" + text);
        yield return ("truncated", text.Substring(0, text.Length / 2));
        var require = Regex.Match(text, @"^(\s*(?:require\s+)?)([a-z0-9.\-]+\.[a-z]{2,}/\S+) (v\d+\.\d+\.\d+)((?:\s*//.*)?)$", RegexOptions.Multiline);
        if (require.Success)
        {
            string With(string path, string version) => text.Substring(0, require.Index) + require.Groups[1].Value + path + " " + version + require.Groups[4].Value + text.Substring(require.Index + require.Length);
            var path = require.Groups[2].Value;
            var version = require.Groups[3].Value;
            yield return ("version-latest", With(path, "latest"));
            yield return ("version-short", With(path, string.Join(".", version.Split('.').Take(2))));
            yield return ("major-mismatch", With(Regex.IsMatch(path, @"/v\d+$") ? Regex.Replace(path, @"/v\d+$", "") : path + "/v3", version));
        }
        // `=> ./dir` becomes `=> .`: a directory for go 1.22 and later, a module path without version before.
        var replace = Regex.Match(text, @"=> \./\S*", RegexOptions.Multiline);
        if (replace.Success) yield return ("replace-bare-dot", text.Substring(0, replace.Index) + "=> ." + text.Substring(replace.Index + replace.Length));
    }

    [TestMethod]
    [DynamicData(nameof(Toolchains.All), typeof(Toolchains))]
    public void EveryCorpusFileAndItsDamagedVariantsReadAsGoReadsThem(string version)
    {
        var rules = RealGo.Version(version);
        using var go = new RealGo();
        var files = Directory.EnumerateFiles(Corpus).OrderBy(f => f, StringComparer.Ordinal).ToList();
        Assert.IsGreaterThanOrEqualTo(300, files.Count, "the corpus has 330 files");
        var work = files.SelectMany(f => Variants(File.ReadAllText(f, new UTF8Encoding(false))).Select(v => (File: f, v.Name, v.Text))).ToList();
        var mismatches = new List<string>();
        var clock = Stopwatch.StartNew();
        Parallel.ForEach(work, new ParallelOptions { MaxDegreeOfParallelism = 4 }, item =>
        {
            var isWork = item.File.EndsWith("go.work", StringComparison.Ordinal);
            var directory = go.NewDirectory("corpus");
            var path = Path.Combine(directory, isWork ? "go.work" : "go.mod");
            File.WriteAllText(path, item.Text, new UTF8Encoding(false));
            var run = go.Run(version, directory, "local", RealGo.CleanPath, isWork ? "work" : "mod", "edit", "-json");
            var problem = isWork
                ? Compare(GoWorkFile.Parse(item.Text, path, rules).Diagnostics, null, run)
                : Compare(GoModFile.Parse(item.Text, path, rules).Diagnostics, GoModFile.Parse(item.Text, path, rules), run);
            Directory.Delete(directory, recursive: true);
            if (problem is not null) lock (mismatches) mismatches.Add($"{Path.GetFileName(item.File)} ({item.Name}): {problem}");
        });
        Console.WriteLine($"go {version}: {work.Count} files and variants against go in {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.IsEmpty(mismatches, $"Go {version}: {mismatches.Count} of {work.Count} differ:\n" + string.Join("\n", mismatches.OrderBy(m => m, StringComparer.Ordinal).Take(60)));
    }

    private static string? Compare(IReadOnlyList<Diagnostic> ours, GoModFile? mod, GoRun run)
    {
        var errors = ours.Where(d => d.Severity == Severity.Error).ToList();
        if (run.ExitCode == 0)
        {
            // go mod edit reads syntax only; a file without a module line is refused later, by every go command that loads it.
            if (mod is not null && errors.Count == 1 && errors[0].Message.Contains("module declaration") && ModulePathOf(run.Stdout) is null or "") return null;
            if (errors.Count > 0) return $"we reject it ({errors[0].Message}), go accepts it";
            return mod is null ? null : CompareContent(mod, run.Stdout);
        }
        var first = GoPosition.Match(run.Stderr);
        if (errors.Count == 0) return $"we accept it, go says: {run}";
        if (!first.Success) return null; // go failed without a position (e.g. a file it could not read at all); we failed too
        var line = int.Parse(first.Groups["line"].Value);
        var message = first.Groups["message"].Value.Trim();
        if (errors[0].Line != line) return $"go says line {line}: {message}; we say line {errors[0].Line}: {errors[0].Message}";
        if (!Regex.Replace(errors[0].Message, @"started at \S*(go\.(mod|work):)", "started at $1").Contains(Regex.Replace(message, @"started at \S*(go\.(mod|work):)", "started at $1")))
            return $"go says '{message}'; we say {errors[0].Message}";
        return null;
    }

    private static string? ModulePathOf(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.TryGetProperty("Module", out var module) && module.ValueKind == JsonValueKind.Object
               && module.TryGetProperty("Path", out var path) ? path.GetString() : null;
    }

    private static string? CompareContent(GoModFile mod, string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        string? Text(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        var goLine = Text(root, "Go");
        if (goLine != mod.Go?.Value && !(goLine is null && mod.Go is null)) return $"go line: go says {goLine}, we {mod.Go?.Value}";
        var goRequires = root.TryGetProperty("Require", out var r) && r.ValueKind == JsonValueKind.Array
            ? r.EnumerateArray().Select(e => $"{Text(e, "Path")} {Text(e, "Version")}").ToList() : new List<string>();
        var ourRequires = mod.Requires.Select(q => $"{q.Path} {q.Version}").ToList();
        if (!goRequires.SequenceEqual(ourRequires))
            return $"requirements differ: go [{string.Join(", ", goRequires.Except(ourRequires).Take(3))}] we [{string.Join(", ", ourRequires.Except(goRequires).Take(3))}]";
        var goReplaces = root.TryGetProperty("Replace", out var p) && p.ValueKind == JsonValueKind.Array
            ? p.EnumerateArray().Select(e => $"{Text(e.GetProperty("Old"), "Path")}@{Text(e.GetProperty("Old"), "Version")} => {Text(e.GetProperty("New"), "Path")}@{Text(e.GetProperty("New"), "Version")}").ToList() : new List<string>();
        var ourReplaces = mod.Replaces.Select(q => $"{q.OldPath}@{q.OldVersion} => {q.NewPath}@{q.NewVersion}").ToList();
        if (!goReplaces.SequenceEqual(ourReplaces))
            return $"replacements differ: go [{string.Join(", ", goReplaces.Except(ourReplaces).Take(3))}] we [{string.Join(", ", ourReplaces.Except(goReplaces).Take(3))}]";
        return null;
    }
}
