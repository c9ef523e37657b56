using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using GoToolchain.Build.Diagnostics;
using GoToolchain.Build.Versions;

namespace GoToolchain.Build.Modules;

/// <summary>
/// A go.mod file, read as go reads it: the module path, the go, toolchain and godebug lines, and every
/// problem go would report, as GoModMalformed diagnostics at the file and line with go's own words.
/// require/replace/exclude/retract/tool/ignore are checked as `go mod edit` checks them. Never throws.
/// </summary>
public sealed class GoModFile : IGoVersionDirectives
{
    private GoModFile(string filePath, GoModReader reader)
    {
        FilePath = filePath;
        ModulePath = reader.ModulePath;
        ModuleLine = reader.ModuleLine;
        Go = reader.Go;
        Toolchain = reader.Toolchain;
        Godebug = reader.Godebug;
        Requires = reader.Requires;
        Replaces = reader.Replaces;
        Ignores = reader.Ignores;
        Tools = reader.Tools;
        Diagnostics = reader.Problems;
    }

    private GoModFile(string filePath, Diagnostic problem)
    {
        FilePath = filePath;
        Godebug = Array.Empty<GoDebugSetting>();
        Requires = Array.Empty<GoModRequire>();
        Replaces = Array.Empty<GoModReplace>();
        Ignores = Array.Empty<GoModIgnore>();
        Tools = Array.Empty<GoModTool>();
        Diagnostics = new[] { problem };
    }

    public string FilePath { get; }
    bool IGoVersionDirectives.IsWorkspace => false;

    /// <summary>The module path (unquoted), or null when missing or malformed.</summary>
    public string? ModulePath { get; }

    /// <summary>Line of the module directive; 0 when there is none.</summary>
    public int ModuleLine { get; }

    /// <summary>
    /// The go line as written. Kept even when the rules reject its value (then <see cref="Diagnostics"/> says
    /// why), because toolchain selection still needs it.
    /// </summary>
    public GoModDirective? Go { get; }

    /// <summary>The toolchain line as written; kept even where the rules reject it (go before 1.21).</summary>
    public GoModDirective? Toolchain { get; }

    public IReadOnlyList<GoDebugSetting> Godebug { get; }

    /// <summary>The require lines go accepts, in file order (module path and version as written).</summary>
    public IReadOnlyList<GoModRequire> Requires { get; }

    /// <summary>The replace lines go accepts, in file order.</summary>
    public IReadOnlyList<GoModReplace> Replaces { get; }

    /// <summary>The ignore lines go accepts, in file order.</summary>
    public IReadOnlyList<GoModIgnore> Ignores { get; }
    /// <summary>The tool lines (Go 1.24+), in file order.</summary>
    public IReadOnlyList<GoModTool> Tools { get; }

    /// <summary>Everything go would reject, in file order; empty for a file go reads.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; }

    public bool HasErrors => Diagnostics.Any(d => d.Severity == Severity.Error);

    /// <summary>Parses go.mod text.</summary>
    /// <param name="text">The file's content.</param>
    /// <param name="filePath">Where it came from; diagnostics point there.</param>
    /// <param name="toolchain">The go release whose rules apply (1.19 knows no toolchain line, 1.22 no godebug); null for the newest.</param>
    public static GoModFile Parse(string text, string filePath, GoVersion? toolchain = null)
        => new(filePath, GoModReader.Read(text, filePath, GoModRules.For(toolchain), workspace: false));

    /// <summary>Reads and parses a go.mod; a missing or unreadable file is a GoModMissing error.</summary>
    /// <remarks>Remembered by the file's size and time (<see cref="Execution.FileStampMemo"/>): every project and task that
    /// checks a module asks for the same file.</remarks>
    public static GoModFile Load(string filePath, GoVersion? toolchain = null)
        => Execution.FileStampMemo.Get("go.mod:" + (toolchain?.ToString() ?? "newest"), filePath, path => LoadUncached(path, toolchain));

    private static GoModFile LoadUncached(string filePath, GoVersion? toolchain)
    {
        var text = GoModFiles.TryRead(filePath, out var error);
        if (text is not null) return Parse(text, filePath, toolchain);
        return new GoModFile(filePath, Diagnostic.Error(Codes.GoModMissing,
            $"Cannot read '{filePath}': {error}. Fix: point the GoModule item at a folder that contains a go.mod (create one with 'go mod init " +
                $"example.com/name').",
            filePath));
    }
}

internal static class GoModFiles
{
    private static readonly System.Text.UTF8Encoding KeepByteOrderMark = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    public static string? TryRead(string filePath, out string error)
    {
        error = "";
        try
        {
            // Bytes decoded as they are: File.ReadAllText would drop a UTF-8 byte-order mark, and go rejects it.
            return KeepByteOrderMark.GetString(File.ReadAllBytes(filePath));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException or
            System.Security.SecurityException)
        {
            error = e is FileNotFoundException or DirectoryNotFoundException ? "the file does not exist" : e.Message;
            return null;
        }
    }
}
