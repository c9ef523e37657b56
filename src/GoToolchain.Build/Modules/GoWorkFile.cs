using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using GoToolchain.Build.Diagnostics;
using GoToolchain.Build.Versions;

namespace GoToolchain.Build.Modules;

/// <summary>A `use` entry of go.work: a module directory, relative to the go.work file unless rooted.</summary>
public sealed class GoWorkUse
{
    public GoWorkUse(string path, int line)
    {
        Path = path;
        Line = line;
    }

    /// <summary>The directory as written (unquoted).</summary>
    public string Path { get; }
    public int Line { get; }
}

/// <summary>
/// A go.work file, read as go reads it: go, toolchain and godebug lines and the use entries (single and
/// block form), with every problem go would report as GoWorkMalformed at the file and line. Never throws.
/// </summary>
public sealed class GoWorkFile : IGoVersionDirectives
{
    private GoWorkFile(string filePath, GoModReader reader)
    {
        FilePath = filePath;
        Go = reader.Go;
        Toolchain = reader.Toolchain;
        Godebug = reader.Godebug;
        Uses = reader.Uses;
        Diagnostics = reader.Problems;
    }

    private GoWorkFile(string filePath, Diagnostic problem)
    {
        FilePath = filePath;
        Godebug = Array.Empty<GoDebugSetting>();
        Uses = Array.Empty<GoWorkUse>();
        Diagnostics = new[] { problem };
    }

    public string FilePath { get; }
    bool IGoVersionDirectives.IsWorkspace => true;
    public GoModDirective? Go { get; }
    public GoModDirective? Toolchain { get; }
    public IReadOnlyList<GoDebugSetting> Godebug { get; }
    public IReadOnlyList<GoWorkUse> Uses { get; }
    public IReadOnlyList<Diagnostic> Diagnostics { get; }
    public bool HasErrors => Diagnostics.Any(d => d.Severity == Severity.Error);

    /// <param name="toolchain">The go release whose rules apply; null for the newest.</param>
    public static GoWorkFile Parse(string text, string filePath, GoVersion? toolchain = null)
        => new(filePath, GoModReader.Read(text, filePath, GoModRules.For(toolchain), workspace: true));

    /// <summary>Reads and parses a go.work; an unreadable file is a GoWorkMalformed error.</summary>
    public static GoWorkFile Load(string filePath, GoVersion? toolchain = null)
    {
        var text = GoModFiles.TryRead(filePath, out var error);
        if (text is not null) return Parse(text, filePath, toolchain);
        return new GoWorkFile(filePath, Diagnostic.Error(Codes.GoWorkMalformed,
            $"Cannot read the workspace file '{filePath}': {error}. Fix: make it readable, or set GOWORK=off in GoEnvironment to build without " +
                $"the workspace.",
            filePath));
    }

    /// <summary>The use entry naming <paramref name="moduleDirectory"/> (an absolute path), or null.</summary>
    public GoWorkUse? FindUse(string moduleDirectory)
    {
        var workDirectory = WorkDirectory;
        var wanted = Normalize(moduleDirectory);
        return Uses.FirstOrDefault(use => PathComparer.Equals(Normalize(Combine(workDirectory, use.Path)), wanted));
    }

    /// <summary>
    /// ModuleNotInWorkspace when the module directory is not among the use entries: go then refuses to build
    /// it ("current directory is contained in a module that is not one of the workspace modules listed in go.work").
    /// </summary>
    public Diagnostic? CheckModuleListed(string moduleDirectory)
    {
        if (HasErrors || FindUse(moduleDirectory) is not null) return null;
        var relative = RelativePath(moduleDirectory);
        return Diagnostic.Error(Codes.ModuleNotInWorkspace,
            $"The module '{moduleDirectory}' is inside the workspace '{FilePath}' but not listed in it, so go refuses to build it " +
            "(current directory is contained in a module that is not one of the workspace modules listed in go.work). " +
            $"Fix: add 'use {relative}' to go.work (go work use {relative}), or set GOWORK=off in GoEnvironment to build the module on its own.",
            FilePath);
    }

    private string RelativePath(string moduleDirectory)
    {
        var from = Normalize(WorkDirectory);
        var to = Normalize(moduleDirectory);
        return to.StartsWith(from + "/", StringComparison.Ordinal) ? "./" + to.Substring(from.Length + 1) : moduleDirectory;
    }

    private static string Combine(string directory, string path)
    {
        try
        {
            return System.IO.Path.Combine(directory, path);
        }
        catch (ArgumentException)
        {
            return directory + "/" + path;
        }
    }

    private string WorkDirectory
    {
        get
        {
            var file = Normalize(FilePath);
            var slash = file.LastIndexOf('/');
            return slash <= 0 ? "/" : file.Substring(0, slash);
        }
    }

    private static StringComparer PathComparer
        => System.Runtime.InteropServices.RuntimeInformation.IsOSPlatform(System.Runtime.InteropServices.OSPlatform.Windows)
            ? StringComparer.OrdinalIgnoreCase
            : StringComparer.Ordinal;

    private static string Normalize(string path)
    {
        try
        {
            return System.IO.Path.GetFullPath(path).Replace('\\', '/').TrimEnd('/');
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return path; // a path go itself would reject; compare it as written
        }
    }
}
