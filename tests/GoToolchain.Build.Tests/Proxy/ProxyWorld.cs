using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using GoToolchain.Build.Modules;
using GoToolchain.Build.Proxy;
using GoToolchain.Build.Tests.Toolchain;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.Tests.Proxy;

/// <summary>
/// A temp world for proxy tests: a file:// proxy serving example.com/m and example.com/unused, a consumer module
/// importing example.com/m, its go.sum computed by a real `go mod download`, and a warm module cache filled by go.
/// </summary>
internal sealed class ProxyWorld : IDisposable
{
    public ProxyWorld(string goLine = "1.21")
    {
        Root = Path.Combine(Path.GetTempPath(), "gotb-proxy-" + Guid.NewGuid().ToString("N").Substring(0, 10));
        FileProxyDirectory = Path.Combine(Root, "fileproxy");
        FileProxy.AddModule(FileProxyDirectory, "example.com/m", "v1.0.0");
        FileProxy.AddModule(FileProxyDirectory, "example.com/unused", "v1.0.0");
        ModuleDirectory = Path.Combine(Root, "use");
        Directory.CreateDirectory(ModuleDirectory);
        File.WriteAllText(GoModPath,
            $"module example.com/use\n\ngo {goLine}\n\nrequire (\n\texample.com/m v1.0.0\n\texample.com/unused v1.0.0 // indirect\n)\n");
        File.WriteAllText(Path.Combine(ModuleDirectory, "main.go"),
            "package main\n\nimport (\n\t\"fmt\"\n\n\t\"example.com/m\"\n)\n\nfunc main() { fmt.Println(m.Hello()) }\n");
        WarmCache = Path.Combine(Root, "warm");
        var download = Go("1.23", ModuleDirectory, WarmCache, FileProxy.Url(FileProxyDirectory), "mod", "download", "all");
        Assert.AreEqual(0, download.ExitCode, download.ToString());
        Assert.IsTrue(File.Exists(Path.Combine(ModuleDirectory, "go.sum")), "go mod download wrote go.sum");
    }

    public string Root { get; }

    private static readonly string SharedGoCache = Path.Combine(Path.GetTempPath(), "gotb-proxy-tests-gocache");
    public string FileProxyDirectory { get; }
    public string ModuleDirectory { get; }
    public string GoModPath => Path.Combine(ModuleDirectory, "go.mod");
    public string WarmCache { get; }

    /// <summary>The line of `example.com/m v1.0.0` in go.mod.</summary>
    public int RequireLineOfM => File.ReadAllLines(GoModPath).ToList().FindIndex(l => l.Contains("example.com/m v1.0.0")) + 1;

    public string NewEmptyCache() => Directory.CreateDirectory(Path.Combine(Root, "cold-" + Guid.NewGuid().ToString("N").Substring(0, 6))).FullName;

    /// <summary>A copy of the warm cache, for tests that delete parts of it.</summary>
    public string CopyOfWarmCache()
    {
        var target = Path.Combine(Root, "copy-" + Guid.NewGuid().ToString("N").Substring(0, 6));
        foreach (var file in Directory.EnumerateFiles(WarmCache, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(WarmCache, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
        return target;
    }

    public GoModFile GoMod => GoModFile.Load(GoModPath);

    public ProxyCheckModule Module(string goProxy, string cache, IReadOnlyDictionary<string, string?>? extra = null, string? toolchainDownload = null)
    {
        var probed = new Dictionary<string, string>
        {
            ["GOPROXY"] = goProxy, ["GOSUMDB"] = "sum.golang.org", ["GOMODCACHE"] = cache, ["GOFLAGS"] = "", ["GOHOSTOS"] = "linux", ["GOHOSTARCH"] = "amd64",
        };
        var environment = new Dictionary<string, string?>(extra ?? new Dictionary<string, string?>());
        return new ProxyCheckModule
        {
            Directory = ModuleDirectory,
            GoMod = GoMod,
            Settings = new ProxySettings(probed, environment),
            ToolchainDownload = toolchainDownload,
            GetEnvironmentVariable = name => environment.TryGetValue(name, out var v) ? v : null,
        };
    }

    /// <summary>Runs a real go with a sealed environment (own HOME, GOCACHE, GOMODCACHE; -modcacherw so the test can delete it).</summary>
    public GoRun Go(string version, string directory, string modCache, string goProxy, params string[] arguments)
        => GoWith(version, directory, new Dictionary<string, string> { ["GOMODCACHE"] = modCache, ["GOPROXY"] = goProxy, ["GOSUMDB"] = "off" }, arguments);

    public GoRun GoWith(string version, string directory, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo(RealGo.GoBinary(version))
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        start.Environment.Clear();
        start.Environment["PATH"] = "/usr/bin:/bin";
        start.Environment["HOME"] = Path.Combine(Root, "home");
        start.Environment["GOCACHE"] = SharedGoCache; // shared: the std build is cached once for all tests
        start.Environment["GOTOOLCHAIN"] = "local";
        start.Environment["GOFLAGS"] = "-modcacherw";
        foreach (var pair in environment) start.Environment[pair.Key] = pair.Value;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(120_000))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"go {string.Join(" ", arguments)} did not finish in 120 s");
        }
        process.WaitForExit();
        return new GoRun(process.ExitCode, stdout.Result, stderr.Result);
    }

    public void Dispose()
    {
        try
        {
            if (!OperatingSystem.IsWindows())
                foreach (var d in new DirectoryInfo(Root).EnumerateDirectories("*", SearchOption.AllDirectories)) d.UnixFileMode |= UnixFileMode.UserWrite;
            Directory.Delete(Root, true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
