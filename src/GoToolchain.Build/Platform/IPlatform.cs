using System;

namespace GoToolchain.Build.Platform;

/// <summary>
/// What the toolchain logic asks of the machine. Injectable so that Windows and WSL rules are unit-tested on Linux.
/// </summary>
public interface IPlatform
{
    bool IsWindows { get; }

    /// <summary>go keeps its user env file in ~/Library/Application Support there (os.UserConfigDir).</summary>
    bool IsMacOS { get; }

    /// <summary>Linux running under Windows Subsystem for Linux.</summary>
    bool IsWsl { get; }

    string? GetEnvironmentVariable(string name);

    /// <summary>The names of every variable set in the build's environment.</summary>
    System.Collections.Generic.IEnumerable<string> EnvironmentVariableNames();
    bool FileExists(string path);
    bool DirectoryExists(string path);

    /// <summary>The path with every symlink resolved (realpath); the full path itself when nothing resolves.</summary>
    string ResolveSymlinks(string path);

    /// <summary>"a symbolic link loop" or "a dangling symbolic link" when the path is a link that leads nowhere
    /// (a loop otherwise looks like a file: the link itself exists); null when it resolves or is no link.</summary>
    string? BrokenLink(string path);

    /// <summary>Null when the file cannot be read.</summary>
    string? ReadAllText(string path);

    /// <summary>Size and last write time, or null when the file does not exist.</summary>
    FileStamp? GetFileStamp(string path);

    /// <summary>Creates the directory if needed and proves a file can be written in it; the reason when not.</summary>
    string? EnsureWritableDirectory(string path);
}

public readonly struct FileStamp : IEquatable<FileStamp>
{
    public FileStamp(long length, DateTime lastWriteTimeUtc)
    {
        Length = length;
        LastWriteTimeUtc = lastWriteTimeUtc;
    }

    public long Length { get; }
    public DateTime LastWriteTimeUtc { get; }
    public bool Equals(FileStamp other) => Length == other.Length && LastWriteTimeUtc == other.LastWriteTimeUtc;
    public override bool Equals(object? obj) => obj is FileStamp s && Equals(s);
    public override int GetHashCode() => Length.GetHashCode() ^ LastWriteTimeUtc.GetHashCode();
    public override string ToString() => $"{Length}@{LastWriteTimeUtc.Ticks}";
}
