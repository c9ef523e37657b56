using System.Collections.Generic;
using GoToolchain.Build.Versions;

namespace GoToolchain.Build.Modules;

/// <summary>A one-value directive (`go 1.22`, `toolchain go1.23.5`) and where it is.</summary>
public sealed class GoModDirective
{
    public GoModDirective(string value, int line, GoVersion? version)
    {
        Value = value;
        Line = line;
        Version = version;
    }

    /// <summary>The value as written (quotes kept, as go keeps them).</summary>
    public string Value { get; }

    /// <summary>1-based line number in the file.</summary>
    public int Line { get; }

    /// <summary>
    /// For a go line its version; for a toolchain line the version the name stands for (go1.23.5 → 1.23.5);
    /// null when go could not read it as one ("toolchain default", a malformed value).
    /// </summary>
    public GoVersion? Version { get; }

    public override string ToString() => $"{Value} (line {Line})";
}

/// <summary>A `godebug key=value` setting.</summary>
public sealed class GoDebugSetting
{
    public GoDebugSetting(string key, string value, int line)
    {
        Key = key;
        Value = value;
        Line = line;
    }

    public string Key { get; }
    public string Value { get; }
    public int Line { get; }
}

/// <summary>
/// The file whose go and toolchain lines govern toolchain selection: go.work when the module is in a
/// workspace, else its go.mod.
/// </summary>
public interface IGoVersionDirectives
{
    string FilePath { get; }

    /// <summary>True for go.work (its problems are GoWorkMalformed, not GoModMalformed).</summary>
    bool IsWorkspace { get; }

    GoModDirective? Go { get; }
    GoModDirective? Toolchain { get; }
}

/// <summary>A `require path version` line of go.mod.</summary>
public sealed class GoModRequire
{
    public GoModRequire(string path, string version, int line)
    {
        Path = path;
        Version = version;
        Line = line;
    }

    public string Path { get; }
    public string Version { get; }
    public int Line { get; }
}

/// <summary>A `tool package/path` line of go.mod (Go 1.24+): `go tool NAME` builds and runs that package.</summary>
public sealed class GoModTool
{
    public GoModTool(string path, int line)
    {
        Path = path;
        Line = line;
    }

    /// <summary>The tool's package import path.</summary>
    public string Path { get; }
    public int Line { get; }
}

/// <summary>A `replace old [v] => new [v]` line of go.mod; a directory replacement has no new version.</summary>
public sealed class GoModReplace
{
    public GoModReplace(string oldPath, string? oldVersion, string newPath, string? newVersion, bool isDirectory, int line)
    {
        OldPath = oldPath;
        OldVersion = oldVersion;
        NewPath = newPath;
        NewVersion = newVersion;
        IsDirectory = isDirectory;
        Line = line;
    }

    public string OldPath { get; }

    /// <summary>Null: the replacement applies to every version of OldPath.</summary>
    public string? OldVersion { get; }

    public string NewPath { get; }
    public string? NewVersion { get; }

    /// <summary>A local directory (./, ../ or absolute): nothing to download.</summary>
    public bool IsDirectory { get; }

    public int Line { get; }
}

/// <summary>An `ignore path` line of go.mod (Go 1.25+): a folder that go's package patterns (./..., all) leave out.</summary>
public sealed class GoModIgnore
{
    public GoModIgnore(string path, int line)
    {
        Path = path;
        Line = line;
    }

    /// <summary>The path as written (unquoted): `./x` is the folder x at the module's root, `x` or `a/b` any folder of that
    /// name (path) at any depth.</summary>
    public string Path { get; }

    public int Line { get; }
}
