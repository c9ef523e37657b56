using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using GoToolchain.Build.Execution;

namespace GoToolchain.Build.Building;

/// <summary>
/// The files one build compiles from its module: every file in the folders of the module's packages that `go list -deps` of the
/// build's Package selects (for the build's GOOS/GOARCH, cgo and Tags), their embedded files, and go.mod and go.sum. Two items of
/// one module (./liba and ./libb) then have their own Inputs: an edit in one package leaves the other's output alone. The answer
/// is kept in a file beside the output and asked again only when the key (each module file's name, size and time, and the settings)
/// changes: an edit can change a package's imports or build constraints, a no-op build asks nothing. Null (the whole module is the
/// input, as before) when go list cannot answer.
/// Not seen: a file a cgo preamble #includes from a folder that is not one of these packages'.
/// </summary>
public static class PackageInputs
{
    /// <summary>One line per package: its folder, its module's folder, DepOnly, "E" when it has an error, then its embedded files.</summary>
    public const string ListTemplate = "{{.Dir}}\t{{with .Module}}{{.Dir}}{{end}}\t{{.DepOnly}}\t{{if .Error}}E{{end}}{{range .EmbedFiles}}\t{{.}}{{end}}";

    public static IReadOnlyList<string> ListArguments(string? package, string? tags)
    {
        var args = new List<string> { "list", "-e", "-deps" };
        if (!string.IsNullOrWhiteSpace(tags)) args.Add("-tags=" + tags!.Trim());
        args.Add("-f");
        args.Add(ListTemplate);
        args.Add(string.IsNullOrWhiteSpace(package) ? "." : package!.Trim());
        return args;
    }

    /// <summary>The input files from go list's lines, under <paramref name="moduleDirectory"/> as the project spells it; null when the
    /// Package itself has an error or no package of the module is listed.</summary>
    public static IReadOnlyList<string>? Read(string moduleDirectory, IEnumerable<string> lines)
    {
        var rows = lines.Select(l => l.Split('\t')).Where(p => p.Length >= 4)
            .Select(p => (Dir: Trim(p[0]), ModuleDir: Trim(p[1]), DepOnly: p[2] == "true", Error: p[3] == "E", Embeds: p.Skip(4).ToList())).ToList();
        var roots = rows.Where(r => !r.DepOnly).ToList();
        if (roots.Count == 0 || roots.Any(r => r.Error || r.ModuleDir.Length == 0)) return null;
        // go's own spelling of the module's folder (a symlink or go.work does not confuse it), mapped back to the project's.
        var goRoot = roots[0].ModuleDir;
        var root = Trim(moduleDirectory);
        var files = new SortedSet<string>(StringComparer.Ordinal) { Path.Combine(root, "go.mod"), Path.Combine(root, "go.sum") };
        foreach (var row in rows)
        {
            if (row.ModuleDir != goRoot || row.Dir.Length == 0) continue;
            if (row.Dir != goRoot && !row.Dir.StartsWith(goRoot + "/", StringComparison.Ordinal) && !row.Dir.StartsWith(goRoot + "\\",
                StringComparison.Ordinal)) continue;
            var dir = row.Dir.Length == goRoot.Length ? root : Path.Combine(root, row.Dir.Substring(goRoot.Length + 1));
            if (!Directory.Exists(dir)) return null;
            foreach (var file in Directory.EnumerateFiles(dir)) files.Add(file);
            foreach (var embed in row.Embeds.Where(e => e.Length > 0)) files.Add(Path.Combine(dir, embed.Replace('/', Path.DirectorySeparatorChar)));
        }
        return files.Where(File.Exists).ToList();
    }

    /// <summary>The cached answer when its key matches, else go list's (cached when it has one).</summary>
    public static IReadOnlyList<string>? Get(string cacheFile, string key, Func<IReadOnlyList<string>?> list)
    {
        try
        {
            if (File.Exists(cacheFile))
            {
                var lines = File.ReadAllLines(cacheFile);
                if (lines.Length > 0 && lines[0] == "key\t" + key) return lines.Skip(1).ToList();
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { /* asked again below */ }
        var files = list();
        if (files is null) return null;
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(cacheFile)!);
            File.WriteAllLines(cacheFile, new[] { "key\t" + key }.Concat(files));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { /* asked again next build */ }
        return files;
    }

    /// <summary>Runs go list -deps from the module's folder with the build's environment; null when it fails.</summary>
    public static IReadOnlyList<string>? List(string goExecutable, string moduleDirectory, string? package, string? tags,
        IReadOnlyDictionary<string, string?> environment, TimeSpan timeout, CancellationToken cancellation, Action<string> log)
    {
        var spec = new ProcessSpec(goExecutable, ListArguments(package, tags), timeout, moduleDirectory, environment);
        log($"{moduleDirectory}> {spec.CommandLineForLog} (which files each output's Inputs are)");
        var result = ProcessRunner.Run(spec, cancellation, onStandardErrorLine: log);
        if (!result.Succeeded)
        {
            log($"go list exited {result.ExitCode}: every file of '{moduleDirectory}' counts as an input of its outputs.");
            return null;
        }
        return Read(moduleDirectory, result.StandardOutput);
    }

    private static string Trim(string path) => path.Length > 1 ? path.TrimEnd('/', '\\') : path;
}
