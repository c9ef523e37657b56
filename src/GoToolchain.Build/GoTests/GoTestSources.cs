using System;
using System.Collections.Generic;
using System.IO;
using System.Text.RegularExpressions;

namespace GoToolchain.Build.GoTests;

/// <summary>
/// Where each top-level test, Example and fuzz test of a package is declared: `func TestX(` at the start of a line of one
/// of the package folder's _test.go files (gofmt's form; go test -list gives names only). Read once per folder.
/// </summary>
public sealed class GoTestSources
{
    private static readonly Regex Declaration = new(@"^func\s+(?<name>(?:Test|Example|Fuzz|Benchmark)\w*)\s*\(", RegexOptions.CultureInvariant);
    private readonly Dictionary<string, Dictionary<string, (string File, int Line)>> _byFolder = new(StringComparer.Ordinal);
    private readonly GoTestModule _module;

    public GoTestSources(GoTestModule module) => _module = module;

    /// <summary>The folder of a package of the module (example.com/calc/sub: &lt;module&gt;/sub); null for one outside it.</summary>
    public string? PackageDirectory(string importPath)
    {
        var modulePath = _module.ModulePath;
        if (modulePath.Length == 0) return null;
        if (importPath == modulePath) return _module.ModuleDirectory;
        if (!importPath.StartsWith(modulePath + "/", StringComparison.Ordinal)) return null;
        return Path.Combine(_module.ModuleDirectory, importPath.Substring(modulePath.Length + 1).Replace('/', Path.DirectorySeparatorChar));
    }

    /// <summary>The declaration of a test's top-level function (TestTable for TestTable/wrong), or null.</summary>
    public (string File, int Line)? Find(string importPath, string testName)
    {
        if (PackageDirectory(importPath) is not { } folder) return null;
        if (!_byFolder.TryGetValue(folder, out var declarations)) _byFolder[folder] = declarations = Scan(folder);
        return declarations.TryGetValue(GoTestNames.TopLevel(testName), out var found) ? found : null;
    }

    private static Dictionary<string, (string File, int Line)> Scan(string folder)
    {
        var found = new Dictionary<string, (string File, int Line)>(StringComparer.Ordinal);
        string[] files;
        try { files = Directory.GetFiles(folder, "*_test.go"); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return found; }
        Array.Sort(files, StringComparer.Ordinal);
        foreach (var file in files)
        {
            string[] lines;
            try { lines = File.ReadAllLines(file); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { continue; }
            for (var i = 0; i < lines.Length; i++)
            {
                var match = Declaration.Match(lines[i]);
                if (match.Success && !found.ContainsKey(match.Groups["name"].Value)) found[match.Groups["name"].Value] = (file, i + 1);
            }
        }
        return found;
    }

    /// <summary>Every declaration of the package's folder in file order (the names go test -list would print, by the source).</summary>
    public IEnumerable<(string Name, string File, int Line)> Declarations(string importPath)
    {
        if (PackageDirectory(importPath) is not { } folder) yield break;
        if (!_byFolder.TryGetValue(folder, out var declarations)) _byFolder[folder] = declarations = Scan(folder);
        foreach (var pair in declarations) yield return (pair.Key, pair.Value.File, pair.Value.Line);
    }
}
