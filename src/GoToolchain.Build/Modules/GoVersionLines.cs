using System;
using GoToolchain.Build.Versions;

namespace GoToolchain.Build.Modules;

/// <summary>
/// The go and toolchain lines of a go.mod or go.work as go 1.21+ reads them to choose a toolchain, before it parses the
/// file (cmd/go/internal/toolchain's modGoToolchain, gover.GoModLookup): the first line, outside or inside a block, that
/// starts with the word and a space or tab, up to a // comment. Nothing else in the file matters at that point, so a
/// file the local go cannot parse (a `tool` line on 1.23) still makes it switch to the newer toolchain that can.
/// </summary>
public sealed class GoVersionLines : IGoVersionDirectives
{
    private GoVersionLines(string filePath, bool workspace, GoModDirective? go, GoModDirective? toolchain)
    {
        FilePath = filePath;
        IsWorkspace = workspace;
        Go = go;
        Toolchain = toolchain;
    }

    public string FilePath { get; }
    public bool IsWorkspace { get; }
    public GoModDirective? Go { get; }
    public GoModDirective? Toolchain { get; }

    public static GoVersionLines Lookup(string text, string filePath, bool workspace)
    {
        GoModDirective? go = null, toolchain = null;
        var lines = (text ?? "").Split('\n');
        for (var i = 0; i < lines.Length && (go is null || toolchain is null); i++)
        {
            var line = lines[i].Trim();
            if (go is null && Value(line, "go") is { } goValue)
                go = new GoModDirective(goValue, i + 1, GoVersion.TryParse(goValue, out var version) ? version : null);
            if (toolchain is null && Value(line, "toolchain") is { } toolchainValue)
                toolchain = new GoModDirective(toolchainValue, i + 1, GoVersion.FromToolchainName(toolchainValue));
        }
        return new GoVersionLines(filePath, workspace, go, toolchain);
    }

    /// <summary>The lines of the file at <paramref name="filePath"/>; none when it cannot be read (go then fails on it itself).</summary>
    public static GoVersionLines Load(string filePath, bool workspace)
        => Lookup(GoModFiles.TryRead(filePath, out _) ?? "", filePath, workspace);

    // gover.parseKey
    private static string? Value(string line, string key)
    {
        if (!line.StartsWith(key, StringComparison.Ordinal)) return null;
        var rest = line.Substring(key.Length);
        if (rest.Length == 0 || (rest[0] != ' ' && rest[0] != '\t')) return null;
        var comment = rest.IndexOf("//", StringComparison.Ordinal);
        return (comment < 0 ? rest : rest.Substring(0, comment)).Trim();
    }
}
