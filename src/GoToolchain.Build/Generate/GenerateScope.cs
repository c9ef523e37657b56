using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace GoToolchain.Build.Generate;

/// <summary>
/// Which packages of a module go generate runs in. Go never runs go generate from go build, and projects commit
/// their generated files, so by default only the packages the build compiles from this module run their directives:
/// the module's Package and the module's own packages it imports, transitively, for the build's GOOS/GOARCH, cgo
/// setting and tags (what `go list -deps` selects). The GeneratePackages setting widens it: `./...` (the whole
/// module, as `go generate ./...`) or a `;`-separated list of package patterns relative to the module root.
/// </summary>
public sealed class GenerateScope
{
    /// <summary>The GeneratePackages value that asks for the whole module.</summary>
    public const string WholeModule = "./...";

    private GenerateScope(IReadOnlyList<string>? patterns) => Patterns = patterns;

    /// <summary>The patterns the user named; null: the packages the build compiles (found with go list -deps).</summary>
    public IReadOnlyList<string>? Patterns { get; }

    public bool IsBuildPackages => Patterns is null;

    public static GenerateScope BuildPackages { get; } = new(null);

    /// <summary>Empty: the build's packages; otherwise the `;`-separated patterns, trimmed.</summary>
    public static GenerateScope Parse(string? setting)
    {
        var patterns = (setting ?? "").Split(new[] { ';' }, StringSplitOptions.RemoveEmptyEntries).Select(p => p.Trim()).Where(p =>
            p.Length > 0).ToList();
        return patterns.Count == 0 ? BuildPackages : new GenerateScope(patterns);
    }

    /// <summary>
    /// A module's scope from its GeneratePackages (else GoGeneratePackages); a BuildMode=none module (validate and
    /// generate only) has no build to scope to, so it generates as a whole (./...).
    /// </summary>
    /// <param name="buildMode">The module's BuildMode as the settings model read it (null: not allowed).</param>
    public static GenerateScope For(string? packages, Building.GoBuildMode? buildMode)
    {
        var scope = Parse(packages);
        return scope.IsBuildPackages && buildMode == Building.GoBuildMode.None ? Parse(WholeModule) : scope;
    }

    /// <summary>The scope of a module whose generate mode (metadata, else GoGenerate; empty: Run) is <paramref name="mode"/>;
    /// null when it is Off or not a mode (RunGoGenerate reports that).</summary>
    public static GenerateScope? WhenGenerating(string mode, string? packages, string? buildMode)
        => GenerateModes.TryParse(mode, out var parsed) && parsed != GenerateMode.Off
            ? For(packages, Building.GoBuildModes.TryParse(buildMode, out var build) ? build : null) : null;

    /// <summary>For messages and the stamp: "the packages the build compiles from Package '.'" or the patterns.</summary>
    public string Describe(string package) => Patterns is null
        ? $"the packages the build compiles from Package '{package}'"
        : string.Join(" ", Patterns);

    /// <summary>
    /// The go list -deps template: one line per package, tab-separated: its directory, its module's directory,
    /// whether it is only a dependency (false for the packages named on the command line), and its error, quoted. The
    /// format is a raw string (`%q`): an argument with a `"` cannot reach go through a .cmd/.bat go (ForBatchFile).
    /// </summary>
    public const string ListTemplate = "{{.Dir}}\t{{with .Module}}{{.Dir}}{{end}}\t{{.DepOnly}}\t{{with .Error}}{{printf `%q` .Err}}{{end}}";

    /// <summary>`go list -e -deps [-tags=…] -f … &lt;package&gt;`, from the module root.</summary>
    public static IReadOnlyList<string> ListArguments(string package, string? tags)
    {
        var args = new List<string> { "list", "-e", "-deps" };
        if (!string.IsNullOrWhiteSpace(tags)) args.Add("-tags=" + tags!.Trim());
        args.Add("-f");
        args.Add(ListTemplate);
        args.Add(string.IsNullOrWhiteSpace(package) ? "." : package.Trim());
        return args;
    }

    /// <summary>What go list -deps said about the build's packages in this module.</summary>
    public sealed class Listing
    {
        /// <summary>Package patterns for go generate, relative to the module root ("." or "./sub/pkg"), sorted.</summary>
        public List<string> Packages { get; } = new();

        /// <summary>Errors of the packages named on the command line (the Package itself), "dir: error".</summary>
        public List<string> RootProblems { get; } = new();
    }

    /// <summary>
    /// Reads go list's lines. The module is the one the named Package belongs to (go's own Module.Dir for it, so a
    /// symlinked path or a go.work with other modules does not confuse it); only that module's packages are kept:
    /// the standard library, dependencies and other workspace modules generate nothing here.
    /// </summary>
    public static Listing Read(string moduleDirectory, IEnumerable<string> lines)
    {
        var rows = lines.Select(l => l.Split('\t')).Where(p => p.Length >= 4).Select(p => (Dir: p[0], ModuleDir: p[1], DepOnly: p[2] == "true",
            Error: Unquote(string.Join("\t", p.Skip(3))))).ToList();
        var listing = new Listing();
        foreach (var root in rows.Where(r => !r.DepOnly && r.Error.Length > 0)) listing.RootProblems.Add((root.Dir.Length > 0 ? root.Dir + ": "
            : "") + root.Error);

        var module = Trim(moduleDirectory);
        var moduleDirs = new HashSet<string>(rows.Where(r => !r.DepOnly && r.ModuleDir.Length > 0).Select(r => Trim(r.ModuleDir)),
            StringComparer.Ordinal) { module };
        foreach (var row in rows)
        {
            if (row.Dir.Length == 0 || row.ModuleDir.Length == 0 || !moduleDirs.Contains(Trim(row.ModuleDir))) continue;
            var root = Trim(row.ModuleDir);
            var dir = Trim(row.Dir);
            if (dir != root && !dir.StartsWith(root + "/", StringComparison.Ordinal) && !dir.StartsWith(root + "\\",
                StringComparison.Ordinal)) continue;
            var relative = dir.Length == root.Length ? "." : "./" + dir.Substring(root.Length + 1).Replace('\\', '/');
            if (!listing.Packages.Contains(relative)) listing.Packages.Add(relative);
        }
        listing.Packages.Sort(StringComparer.Ordinal);
        return listing;
    }

    private static string Trim(string path) => path.Length > 1 ? path.TrimEnd('/', '\\') : path;

    /// <summary>Go's %q output, unquoted enough for a message (one line, escapes of quotes and newlines undone).</summary>
    private static string Unquote(string text)
    {
        var value = text.Trim();
        if (value.Length >= 2 && value[0] == '"' && value[value.Length - 1] == '"') value = value.Substring(1, value.Length - 2);
        return value.Replace("\\n", " ").Replace("\\t", " ").Replace("\\\"", "\"").Replace("\\\\", "\\").Trim();
    }

    /// <summary>Whether a module-relative .go file is in one of the listed package directories (for GoDoctor).</summary>
    public static bool Contains(IReadOnlyCollection<string> packages, string relativeFile)
    {
        var directory = Path.GetDirectoryName(relativeFile.Replace('\\', '/'))?.Replace('\\', '/') ?? "";
        return packages.Contains(directory.Length == 0 ? "." : "./" + directory);
    }
}
