using System;
using System.IO;
using System.Runtime.InteropServices;

namespace GoToolchain.Build.Platform;

/// <summary>The real machine.</summary>
public sealed class SystemPlatform : IPlatform
{
    public static readonly SystemPlatform Instance = new();

    private readonly Lazy<bool> _isWsl;

    private SystemPlatform()
    {
        _isWsl = new Lazy<bool>(DetectWsl);
    }

    public bool IsWindows { get; } = RuntimeInformation.IsOSPlatform(OSPlatform.Windows);
    public bool IsWsl => _isWsl.Value;

    public bool IsMacOS { get; } = RuntimeInformation.IsOSPlatform(OSPlatform.OSX);

    public string? GetEnvironmentVariable(string name) => Environment.GetEnvironmentVariable(name);

    public System.Collections.Generic.IEnumerable<string> EnvironmentVariableNames()
    {
        foreach (System.Collections.DictionaryEntry entry in Environment.GetEnvironmentVariables()) yield return (string)entry.Key;
    }
    public bool FileExists(string path) => File.Exists(path);
    public bool DirectoryExists(string path) => Directory.Exists(path);

    public string? ReadAllText(string path)
    {
        // The stat first: most files asked for are optional (the go env file) and usually absent, and a thrown
        // FileNotFoundException costs more than the stat, in every project of a no-op build.
        try { return File.Exists(path) ? File.ReadAllText(path) : null; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException) { return null; }
    }

    public FileStamp? GetFileStamp(string path)
    {
        try
        {
            var info = new FileInfo(path);
            return info.Exists ? new FileStamp(info.Length, info.LastWriteTimeUtc) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException) { return null; }
    }

    /// <summary>Folders found writable by this process, and when: every project of a build asks about the same GOCACHE.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, DateTime> WritableRecently = new(StringComparer.Ordinal);

    public string? EnsureWritableDirectory(string path)
    {
        // A folder proven writable a minute ago is taken as still writable; a build that then fails to write gets go's error.
        if (WritableRecently.TryGetValue(path, out var proven) && DateTime.UtcNow - proven < TimeSpan.FromMinutes(1) && Directory.Exists(path))
            return null;
        try
        {
            Directory.CreateDirectory(path);
            var probe = Path.Combine(path, ".gotb-write-probe-" + Guid.NewGuid().ToString("N"));
            File.WriteAllText(probe, "");
            File.Delete(probe);
            WritableRecently[path] = DateTime.UtcNow;
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return e.Message;
        }
    }

    public string ResolveSymlinks(string path)
    {
        string full;
        try { full = Path.GetFullPath(path); }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException) { return path; }
        if (IsWindows) return full; // go resolves GOROOT through os.Executable, which does not chase Windows links either.
        try
        {
            var resolved = realpath(full, IntPtr.Zero);
            if (resolved == IntPtr.Zero) return full;
            // On Unix, .NET marshals "ANSI" strings as UTF-8, so non-ASCII paths survive.
            try { return Marshal.PtrToStringAnsi(resolved) is { Length: > 0 } s ? s : full; }
            finally { free(resolved); }
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return full;
        }
    }

    public string? BrokenLink(string path)
    {
        if (IsWindows) return null;
        string full;
        try { full = Path.GetFullPath(path); }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException) { return null; }
        try
        {
            if ((File.GetAttributes(full) & FileAttributes.ReparsePoint) == 0) return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
        var resolved = realpath(full, IntPtr.Zero);
        if (resolved != IntPtr.Zero) { free(resolved); return null; }
        const int ELOOP = 40; // Linux; other Unixes report a loop as ELOOP too, with another number: then "dangling".
        return Marshal.GetLastWin32Error() == ELOOP ? "a symbolic link loop" : "a dangling symbolic link";
    }

    [DllImport("libc", SetLastError = true)]
    private static extern IntPtr realpath(string path, IntPtr resolvedPath);

    [DllImport("libc")]
    private static extern void free(IntPtr ptr);

    private bool DetectWsl()
    {
        if (IsWindows) return false;
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("WSL_DISTRO_NAME"))) return true;
        var version = ReadAllText("/proc/sys/kernel/osrelease") ?? "";
        return version.IndexOf("microsoft", StringComparison.OrdinalIgnoreCase) >= 0
            || version.IndexOf("wsl", StringComparison.OrdinalIgnoreCase) >= 0;
    }
}
