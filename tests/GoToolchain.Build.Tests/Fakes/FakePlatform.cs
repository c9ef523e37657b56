using System;
using System.Collections.Generic;
using System.Linq;
using GoToolchain.Build.Platform;

namespace GoToolchain.Build.Tests.Fakes;

/// <summary>
/// An in-memory machine for the toolchain logic: files (with content and a stamp), directories, symlinks,
/// environment variables, unwritable directories, and a Windows mode (backslashes, case-insensitive names and
/// variables, no symlink chasing: the real <see cref="SystemPlatform"/> does not chase Windows links either).
/// Paths are normalised on the way in, so '/' and '\' and a trailing separator do not matter in Windows mode.
/// </summary>
public sealed class FakePlatform : IPlatform
{
    private static readonly DateTime Epoch = new(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private readonly Dictionary<string, string?> _environment;
    private readonly Dictionary<string, FakeFile> _files;
    private readonly HashSet<string> _directories;
    private readonly Dictionary<string, string> _symlinks;
    private readonly Dictionary<string, string> _unwritable;
    private int _clock;

    public FakePlatform(bool isWindows = false, bool isWsl = false)
    {
        IsWindows = isWindows;
        IsWsl = isWsl;
        var comparer = isWindows ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;
        _environment = new Dictionary<string, string?>(comparer);
        _files = new Dictionary<string, FakeFile>(comparer);
        _directories = new HashSet<string>(comparer);
        _symlinks = new Dictionary<string, string>(comparer);
        _unwritable = new Dictionary<string, string>(comparer);
    }

    public bool IsWindows { get; }
    public bool IsMacOS { get; set; }
    public bool IsWsl { get; set; }

    /// <summary>Every directory EnsureWritableDirectory was asked about, in order.</summary>
    public List<string> WritabilityChecks { get; } = new();

    private char Separator => IsWindows ? '\\' : '/';

    // ---- set-up ----

    public FakePlatform SetEnv(string name, string? value)
    {
        if (value is null) _environment.Remove(name);
        else _environment[name] = value;
        return this;
    }

    public FakePlatform AddFile(string path, string content = "")
    {
        var key = Normalize(path);
        _files[key] = new FakeFile(content, Epoch.AddSeconds(++_clock));
        AddParents(key);
        return this;
    }

    /// <summary>Gives the file a new last-write time (its content and length stay).</summary>
    public FakePlatform Touch(string path)
    {
        var key = Normalize(path);
        var file = _files[key];
        _files[key] = new FakeFile(file.Content, Epoch.AddSeconds(++_clock));
        return this;
    }

    public FakePlatform AddDirectory(string path)
    {
        var key = Normalize(path);
        _directories.Add(key);
        AddParents(key);
        return this;
    }

    /// <summary>A symlink at <paramref name="link"/>; a relative target is relative to the link's directory (as on Unix).</summary>
    public FakePlatform AddSymlink(string link, string target)
    {
        var key = Normalize(link);
        _symlinks[key] = target;
        AddParents(key);
        return this;
    }

    /// <summary>EnsureWritableDirectory fails for this directory and everything below it.</summary>
    public FakePlatform MakeUnwritable(string directory, string reason = "Permission denied")
    {
        _unwritable[Normalize(directory)] = reason;
        return this;
    }

    /// <summary>
    /// A complete Go installation as Debian lays it out: bin/go (go.exe on Windows), VERSION, go.env (1.21+),
    /// pkg/tool/&lt;os&gt;_&lt;arch&gt; and src/runtime. Returns the go binary's path.
    /// </summary>
    /// <param name="goVersion">GOVERSION, e.g. "go1.23.5"; 1.19 gets its single-token VERSION without a newline.</param>
    public string AddGoRoot(string root, string goVersion, string hostOsArch = "linux_amd64")
    {
        var go = Join(root, "bin", IsWindows ? "go.exe" : "go");
        AddFile(go, "binary of " + goVersion);
        var old = goVersion.StartsWith("go1.19", StringComparison.Ordinal) || goVersion.StartsWith("go1.20", StringComparison.Ordinal);
        AddFile(Join(root, "VERSION"), old ? goVersion : goVersion + "\ntime 2025-01-10T16:44:59Z\n");
        if (!old) AddFile(Join(root, "go.env"), "GOPROXY=https://proxy.golang.org,direct\nGOSUMDB=sum.golang.org\nGOTOOLCHAIN=auto\n");
        AddDirectory(Join(root, "pkg", "tool", hostOsArch));
        AddDirectory(Join(root, "src", "runtime"));
        return go;
    }

    /// <summary>What `go env -json` of the installation at <paramref name="root"/> reports (the part the checks read).</summary>
    public Dictionary<string, string> GoEnvFor(string root, string goVersion, string hostOs = "linux", string hostArch = "amd64")
        => new(StringComparer.Ordinal)
        {
            ["GOVERSION"] = goVersion,
            ["GOROOT"] = root,
            ["GOTOOLDIR"] = Join(root, "pkg", "tool", hostOs + "_" + hostArch),
            ["GOOS"] = hostOs,
            ["GOARCH"] = hostArch,
            ["GOHOSTOS"] = hostOs,
            ["GOHOSTARCH"] = hostArch,
            ["GOCACHE"] = IsWindows ? @"C:\Users\dev\AppData\Local\go-build" : "/home/dev/.cache/go-build",
            ["GOMODCACHE"] = IsWindows ? @"C:\Users\dev\go\pkg\mod" : "/home/dev/go/pkg/mod",
            ["GOPROXY"] = "https://proxy.golang.org,direct",
            ["GOSUMDB"] = "sum.golang.org",
            ["GOTOOLCHAIN"] = "local",
        };

    public string Join(string first, params string[] rest)
        => rest.Aggregate(first, (a, b) => a.TrimEnd('/', '\\') + Separator + b);

    // ---- IPlatform ----

    public string? GetEnvironmentVariable(string name) => _environment.TryGetValue(name, out var value) ? value : null;

    public IEnumerable<string> EnvironmentVariableNames() => _environment.Where(p => p.Value is not null).Select(p => p.Key).ToList();

    public bool FileExists(string path) => _files.ContainsKey(ResolveSymlinks(path));

    public bool DirectoryExists(string path) => _directories.Contains(ResolveSymlinks(path));

    public string? ReadAllText(string path) => _files.TryGetValue(ResolveSymlinks(path), out var file) ? file.Content : null;

    public FileStamp? GetFileStamp(string path)
        => _files.TryGetValue(ResolveSymlinks(path), out var file) ? new FileStamp(file.Content.Length, file.LastWriteTimeUtc) : null;

    public string? EnsureWritableDirectory(string path)
    {
        WritabilityChecks.Add(path);
        var key = ResolveSymlinks(path);
        for (var current = key; current is not null; current = Parent(current))
        {
            if (_unwritable.TryGetValue(current, out var reason)) return $"Access to the path '{path}' is denied: {reason}";
        }
        if (_files.ContainsKey(key)) return $"'{path}' is a file";
        AddDirectory(key);
        return null;
    }

    public string? BrokenLink(string path) => null;

    public string ResolveSymlinks(string path)
    {
        var current = Normalize(path);
        if (IsWindows) return current;
        for (var hops = 0; hops < 40; hops++)
        {
            var next = ResolveFirstLink(current);
            if (next is null) return current;
            current = next;
        }
        return current; // a loop: realpath fails, and SystemPlatform then returns the path as given
    }

    // ---- internals ----

    private string? ResolveFirstLink(string path)
    {
        // Left to right, as realpath does: the first prefix that is a link is replaced by its target.
        var parts = path.Split('/');
        var prefix = "";
        for (var i = 1; i < parts.Length; i++)
        {
            prefix += "/" + parts[i];
            if (!_symlinks.TryGetValue(prefix, out var target)) continue;
            var rest = string.Join("/", parts.Skip(i + 1));
            var resolved = target.StartsWith("/", StringComparison.Ordinal) ? target : (Parent(prefix) ?? "") + "/" + target;
            return Normalize(rest.Length == 0 ? resolved : resolved + "/" + rest);
        }
        return null;
    }

    private void AddParents(string key)
    {
        for (var parent = Parent(key); parent is not null; parent = Parent(parent)) _directories.Add(parent);
    }

    private string? Parent(string key)
    {
        var slash = key.LastIndexOf(Separator);
        if (slash < 0) return null;
        if (IsWindows)
        {
            if (slash == 2 && key.Length > 3) return key.Substring(0, 3); // C:\x -> C:\
            return slash == 2 ? null : key.Substring(0, slash);
        }
        if (slash == 0) return key.Length > 1 ? "/" : null;
        return key.Substring(0, slash);
    }

    private string Normalize(string path)
    {
        if (IsWindows)
        {
            var p = path.Replace('/', '\\');
            while (p.Length > 3 && p.EndsWith("\\", StringComparison.Ordinal)) p = p.Substring(0, p.Length - 1);
            return p;
        }
        var segments = new List<string>();
        foreach (var segment in path.Split('/'))
        {
            if (segment.Length == 0 || segment == ".") continue;
            if (segment == "..") { if (segments.Count > 0) segments.RemoveAt(segments.Count - 1); continue; }
            segments.Add(segment);
        }
        return "/" + string.Join("/", segments);
    }

    private readonly record struct FakeFile(string Content, DateTime LastWriteTimeUtc);
}
