using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.EndToEnd;

/// <summary>
/// A Windows Go toolchain (windows/amd64 go.exe and the tools a build needs) cross-built from Debian's Go sources,
/// made once per Go version and kept in a cache folder the suite reuses (Windows/README.md). The GOROOT is a folder
/// with bin/go.exe, pkg/tool/windows_amd64/*.exe, VERSION and go.env, whose src/ and pkg/include/ are symbolic links
/// to Debian's (Wine follows them), so it costs two `go build`s and about 90 MB, never a copy of the sources.
/// </summary>
public static class WindowsGo
{
    /// <summary>The recipe's version: bump it when what is built changes, so a cached toolchain is rebuilt.</summary>
    private const string Recipe = "r2";

    /// <summary>Only what go build, go generate and a cgo build run: no vet, cover, pprof...</summary>
    private static readonly string[] Tools = { "cmd/compile", "cmd/link", "cmd/asm", "cmd/cgo" };

    private static readonly ConcurrentDictionary<string, Lazy<string>> Roots = new();

    /// <summary>Where toolchains are kept between runs: GOTB_WINDOWS_GO_CACHE, else ~/.cache/gotoolchain-build-tests/windows-go.</summary>
    public static string CacheRoot { get; } = Environment.GetEnvironmentVariable("GOTB_WINDOWS_GO_CACHE") is { Length: > 0 } configured
        ? configured
        : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "gotoolchain-build-tests", "windows-go");

    /// <summary>The Linux path of the Windows GOROOT for Debian's Go <paramref name="version"/> ("1.27"), built on first use.</summary>
    public static string Root(string version) => Roots.GetOrAdd(version, v => new Lazy<string>(() => Make(v))).Value;

    /// <summary>The Windows build cache the launches share (GOCACHE), beside the toolchains: std is compiled under Wine once.</summary>
    public static string BuildCache(string version) => Path.Combine(CacheRoot, "gocache-windows-" + version);

    private static string Make(string version)
    {
        var linuxRoot = PackagedBuild.GoRoot(version);
        var goVersion = File.ReadLines(Path.Combine(linuxRoot, "VERSION")).First().Trim();
        var final = Path.Combine(CacheRoot, $"{goVersion}-windows-amd64-{Recipe}");
        if (File.Exists(Path.Combine(final, "bin", "go.exe"))) return final;

        Directory.CreateDirectory(CacheRoot);
        var building = Path.Combine(CacheRoot, ".building-" + Guid.NewGuid().ToString("N").Substring(0, 8));
        var root = Path.Combine(building, "go");
        var tools = Path.Combine(root, "pkg", "tool", "windows_amd64");
        Directory.CreateDirectory(Path.Combine(root, "bin"));
        Directory.CreateDirectory(tools);
        foreach (var file in new[] { "VERSION", "go.env" })
            if (File.Exists(Path.Combine(linuxRoot, file))) File.Copy(Path.Combine(linuxRoot, file), Path.Combine(root, file));
        File.CreateSymbolicLink(Path.Combine(root, "src"), Path.GetFullPath(Path.Combine(linuxRoot, "src")));
        File.CreateSymbolicLink(Path.Combine(root, "pkg", "include"), Path.GetFullPath(Path.Combine(linuxRoot, "pkg", "include")));

        var arguments = new List<string> { "build", "-trimpath" };
        var overlay = WineDeleteOverlay(linuxRoot, building);
        if (overlay is not null) arguments.AddRange(new[] { "-overlay", overlay });
        var environment = new Dictionary<string, string?>
        {
            ["GOOS"] = "windows", ["GOARCH"] = "amd64", ["CGO_ENABLED"] = "0", ["GOTOOLCHAIN"] = "local", ["GOFLAGS"] = null,
            ["GOROOT"] = null, ["GOENV"] = "off", ["GOCACHE"] = Path.Combine(CacheRoot, "gocache-linux"),
        };
        var go = Path.Combine(linuxRoot, "bin", "go");
        var src = Path.Combine(linuxRoot, "src");
        var command = PackagedBuild.Run(go, arguments.Concat(new[] { "-o", Path.Combine(root, "bin", "go.exe"), "cmd/go" }), src, environment, TimeSpan.FromMinutes(15));
        Assert.AreEqual(0, command.ExitCode, "could not cross-build go.exe:\n" + command);
        var toolBuild = PackagedBuild.Run(go, arguments.Concat(new[] { "-o", tools + "/" }).Concat(Tools), src, environment, TimeSpan.FromMinutes(20));
        Assert.AreEqual(0, toolBuild.ExitCode, "could not cross-build the Windows go tools:\n" + toolBuild);
        Console.WriteLine($"WindowsGo: built {goVersion} for windows/amd64 in {command.Elapsed.TotalSeconds + toolBuild.Elapsed.TotalSeconds:F0} s");

        try { Directory.Move(root, final); }
        catch (IOException) when (File.Exists(Path.Combine(final, "bin", "go.exe"))) { } // another test run made it first
        try { Directory.Delete(building, recursive: true); } catch (IOException) { }
        return final;
    }

    /// <summary>
    /// Go 1.25+ on Windows deletes files with NtSetInformationFile(FileDispositionInformationEx, POSIX semantics) and
    /// falls back to the old way only on three status codes. Wine 8 answers another (STATUS_NOT_IMPLEMENTED, seen as
    /// "go: unlinkat ...\a.out.exe: Invalid function."), so every go build ends with exit code 1 when it cleans its
    /// work folder. An -overlay makes the Windows go.exe and tools take the fallback on any status: a test-host
    /// workaround for Wine only (Windows 10 1607+ has the call), never a change to what the package does.
    /// </summary>
    private static string? WineDeleteOverlay(string linuxRoot, string building)
    {
        var original = Path.Combine(linuxRoot, "src", "internal", "syscall", "windows", "at_windows.go");
        const string strict = "\tdefault:\n\t\treturn err.(NTStatus).Errno()\n\t}\n}\n\n// TestDeleteatFallback";
        if (!File.Exists(original)) return null;
        var text = File.ReadAllText(original);
        if (!text.Contains(strict)) return null; // Go before 1.25: DeleteFile, which Wine has
        var patched = Path.Combine(building, "at_windows.go");
        File.WriteAllText(patched, text.Replace(strict, "\tdefault:\n\t\treturn deleteatFallback(h)\n\t}\n}\n\n// TestDeleteatFallback"));
        var overlay = Path.Combine(building, "overlay.json");
        // Keyed by both spellings: Debian's GOROOT/src is a symbolic link, and go started by .NET (whose PWD is not the
        // working folder) names std files by the link's target, so the GOROOT spelling alone matched nothing.
        var real = Path.Combine(new DirectoryInfo(Path.Combine(linuxRoot, "src")).ResolveLinkTarget(returnFinalTarget: true)?.FullName
            ?? Path.Combine(linuxRoot, "src"), "internal", "syscall", "windows", "at_windows.go");
        var replace = new Dictionary<string, string> { [original] = patched, [real] = patched };
        File.WriteAllText(overlay, System.Text.Json.JsonSerializer.Serialize(new { Replace = replace }));
        return overlay;
    }
}
