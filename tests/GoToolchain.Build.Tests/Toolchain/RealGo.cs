using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using GoToolchain.Build.Testing;
using GoToolchain.Build.Versions;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.Tests.Toolchain;

/// <summary>
/// Runs the Debian Go toolchains (/usr/lib/go-1.NN) in a sealed environment: its own HOME, GOCACHE and GOPATH
/// under a temp directory, GOPROXY=off, no GOFLAGS, and a PATH the test controls.
/// </summary>
internal sealed class RealGo : IDisposable
{
    /// <summary>A PATH with no goX.Y.Z binaries on it (checked in the constructor).</summary>
    public static readonly string[] CleanPath = { "/usr/bin", "/bin" };

    public RealGo()
    {
        Root = Path.Combine(Path.GetTempPath(), "gotb-realgo-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(Root, "home"));
        foreach (var directory in CleanPath.Where(Directory.Exists))
        {
            var stray = Directory.EnumerateFiles(directory, "go1*").FirstOrDefault();
            if (stray is not null) Assert.Fail($"'{stray}' is on the test PATH and would let go switch toolchains; remove it.");
        }
    }

    public string Root { get; }

    public static string GoBinary(string version) => Toolchains.Go(version);

    /// <summary>The toolchain's version as its `go env GOVERSION` reports it (<see cref="Toolchains.Version"/>).</summary>
    public static GoVersion Version(string version)
    {
        var text = Toolchains.Version(version);
        return GoVersion.FromGoEnvVersion(text) ?? throw new InvalidOperationException($"cannot read {text}");
    }

    public string NewDirectory(string name)
    {
        var directory = Path.Combine(Root, name + "-" + Guid.NewGuid().ToString("N").Substring(0, 8));
        Directory.CreateDirectory(directory);
        return directory;
    }

    /// <summary>Writes go.mod (with the given text) and a trivial main package.</summary>
    public string WriteModule(string goModText, string? directory = null)
    {
        directory ??= NewDirectory("mod");
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "go.mod"), goModText);
        File.WriteAllText(Path.Combine(directory, "main.go"), "package main\n\nfunc main() {}\n");
        return directory;
    }

    /// <summary>go with GOTOOLCHAIN=local, the clean PATH, and extra NAME=value;... entries (GOOS, CC, ...).</summary>
    public GoRun RunWithEnvironment(string version, string workingDirectory, string environment, params string[] arguments)
        => Run(version, workingDirectory, "local", CleanPath, environment.Split(';', StringSplitOptions.RemoveEmptyEntries), arguments);

    public GoRun Run(string version, string workingDirectory, string goToolchain, IEnumerable<string> path, params string[] arguments)
        => Run(version, workingDirectory, goToolchain, path, Array.Empty<string>(), arguments);

    private GoRun Run(string version, string workingDirectory, string goToolchain, IEnumerable<string> path, string[] environment, string[] arguments)
    {
        var start = new ProcessStartInfo(GoBinary(version))
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment.Clear(); // nothing of the user's go env leaks in
        start.Environment["PATH"] = string.Join(":", path);
        start.Environment["HOME"] = Path.Combine(Root, "home");
        start.Environment["GOCACHE"] = Path.Combine(Root, "cache");
        start.Environment["GOPATH"] = Path.Combine(Root, "gopath");
        start.Environment["GOPROXY"] = "off";
        start.Environment["GOTOOLCHAIN"] = goToolchain;
        foreach (var entry in environment) start.Environment[entry.Substring(0, entry.IndexOf('='))] = entry.Substring(entry.IndexOf('=') + 1);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        // A hang guard, not a timing goal: the first build of each toolchain compiles its runtime into a cold GOCACHE,
        // which on a loaded machine takes more than a minute.
        if (!process.WaitForExit(300_000))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"go {string.Join(" ", arguments)} (Go {version}, GOTOOLCHAIN={goToolchain}) did not finish in 300 s");
        }
        process.WaitForExit();
        return new GoRun(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Finds an executable by name on <paramref name="path"/>, as go's exec.LookPath would.</summary>
    public static Func<string, string?> LookPathIn(IEnumerable<string> path)
        => name => path.Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);

    public void Dispose()
    {
        try
        {
            // go makes the module cache read-only; make it deletable first.
            if (!OperatingSystem.IsWindows())
            {
                foreach (var entry in new DirectoryInfo(Root).EnumerateDirectories("*", SearchOption.AllDirectories))
                {
                    if (entry.LinkTarget is null) entry.UnixFileMode |= UnixFileMode.UserWrite;
                }
            }
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

internal sealed record GoRun(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}; stderr: {Stderr.Trim().Replace("\n", " | ")}";
}
