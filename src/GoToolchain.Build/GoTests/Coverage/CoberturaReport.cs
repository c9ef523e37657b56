using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Xml.Linq;

namespace GoToolchain.Build.GoTests.Coverage;

/// <summary>
/// Turns go's coverage profile into Cobertura XML, the format ReportGenerator, Azure DevOps' PublishCodeCoverageResults
/// and GitHub's coverage summaries read (coverlet writes the same for C#). Go measures statements in blocks; Cobertura
/// counts lines: a line's hits are the highest count of the blocks with statements that span it, so an <c>if</c> line that
/// ran is covered even when the block that starts at its brace did not. One package per Go package, one class per file
/// (go has no classes; a file is what the reports open). Go reports no branches: branch counts are 0 and the branch rate 1,
/// as coverlet writes for code without branches.
/// </summary>
public static class CoberturaReport
{
    public static XDocument Create(CoverProfile profile, SourceMap sources, DateTimeOffset timestamp, string version)
    {
        var files = profile.Blocks
            .GroupBy(b => b.File, StringComparer.Ordinal)
            .Select(g => new FileLines(g.Key, sources.Resolve(g.Key), LineHits(g)))
            .ToList();
        var sourceRoot = CommonDirectory(sources.ModuleDirectories);

        var packages = new XElement("packages");
        foreach (var package in files.GroupBy(f => PackageOf(f.ProfileFile), StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var classes = new XElement("classes");
            foreach (var file in package.OrderBy(f => f.ProfileFile, StringComparer.Ordinal))
            {
                classes.Add(new XElement("class",
                    new XAttribute("name", file.ProfileFile),
                    new XAttribute("filename", FileName(file, sourceRoot)),
                    new XAttribute("line-rate", Rate(file.Covered, file.Valid)),
                    new XAttribute("branch-rate", "1"),
                    new XAttribute("complexity", "0"),
                    new XElement("methods"),
                    new XElement("lines", file.Hits.OrderBy(h => h.Key).Select(h =>
                        new XElement("line",
                            new XAttribute("number", h.Key.ToString(CultureInfo.InvariantCulture)),
                            new XAttribute("hits", h.Value.ToString(CultureInfo.InvariantCulture)),
                            new XAttribute("branch", "false"))))));
            }
            packages.Add(new XElement("package",
                new XAttribute("name", package.Key),
                new XAttribute("line-rate", Rate(package.Sum(f => f.Covered), package.Sum(f => f.Valid))),
                new XAttribute("branch-rate", "1"),
                new XAttribute("complexity", "0"),
                classes));
        }

        var covered = files.Sum(f => f.Covered);
        var valid = files.Sum(f => f.Valid);
        var sourcesElement = new XElement("sources");
        if (sourceRoot is not null) sourcesElement.Add(new XElement("source", sourceRoot));
        return new XDocument(new XDeclaration("1.0", "utf-8", null),
            new XElement("coverage",
                new XAttribute("line-rate", Rate(covered, valid)),
                new XAttribute("branch-rate", "1"),
                new XAttribute("lines-covered", covered.ToString(CultureInfo.InvariantCulture)),
                new XAttribute("lines-valid", valid.ToString(CultureInfo.InvariantCulture)),
                new XAttribute("branches-covered", "0"),
                new XAttribute("branches-valid", "0"),
                new XAttribute("complexity", "0"),
                new XAttribute("version", version),
                new XAttribute("timestamp", timestamp.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)),
                sourcesElement,
                packages));
    }

    /// <summary>Reads the profile, writes the report; the profile's problems come out as <see cref="CoverProfileException"/>.</summary>
    public static void Convert(string profilePath, SourceMap sources, string reportPath, string version)
    {
        var profile = CoverProfile.Parse(File.ReadAllText(profilePath));
        var directory = Path.GetDirectoryName(Path.GetFullPath(reportPath));
        if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
        Create(profile, sources, DateTimeOffset.UtcNow, version).Save(reportPath);
    }

    private static SortedDictionary<int, long> LineHits(IEnumerable<CoverBlock> blocks)
    {
        var hits = new SortedDictionary<int, long>();
        foreach (var block in blocks.Where(b => b.Statements > 0))
        {
            for (var line = block.StartLine; line <= block.LastLine; line++)
                hits[line] = hits.TryGetValue(line, out var seen) ? Math.Max(seen, block.Count) : block.Count;
        }
        return hits;
    }

    // "example.com/calc/sub/add.go" is in package "example.com/calc/sub".
    private static string PackageOf(string profileFile)
    {
        var slash = profileFile.LastIndexOf('/');
        return slash > 0 ? profileFile.Substring(0, slash) : profileFile;
    }

    // Relative to the one <source> with '/' (what ReportGenerator joins on every OS); a file no module holds keeps its import path.
    private static string FileName(FileLines file, string? sourceRoot)
    {
        if (file.Path is null) return file.ProfileFile;
        if (sourceRoot is null) return file.Path.Replace('\\', '/');
        var root = sourceRoot.TrimEnd('/', '\\') + Path.DirectorySeparatorChar;
        return file.Path.StartsWith(root, StringComparison.Ordinal)
            ? file.Path.Substring(root.Length).Replace('\\', '/')
            : file.Path.Replace('\\', '/');
    }

    // The deepest folder that holds every module (one module: its own folder).
    private static string? CommonDirectory(IReadOnlyList<string> directories)
    {
        if (directories.Count == 0) return null;
        var common = directories[0].TrimEnd('/', '\\');
        foreach (var directory in directories.Skip(1))
        {
            var candidate = directory.TrimEnd('/', '\\');
            while (common.Length > 0 && !(candidate == common || candidate.StartsWith(common + Path.DirectorySeparatorChar, StringComparison.Ordinal)))
                common = Path.GetDirectoryName(common) ?? "";
        }
        return common.Length == 0 ? null : common;
    }

    private static string Rate(long covered, long valid)
        => valid == 0 ? "1" : Math.Round((double)covered / valid, 4).ToString("0.####", CultureInfo.InvariantCulture);

    private sealed class FileLines
    {
        public FileLines(string profileFile, string? path, SortedDictionary<int, long> hits)
        {
            ProfileFile = profileFile;
            Path = path;
            Hits = hits;
        }

        public string ProfileFile { get; }
        public string? Path { get; }
        public SortedDictionary<int, long> Hits { get; }
        public int Valid => Hits.Count;
        public int Covered => Hits.Count(h => h.Value > 0);
    }
}
