using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using GoToolchain.Build.Diagnostics;
using GoToolchain.Build.Generate;
using GoToolchain.Build.Tests.Toolchain;
using GoToolchain.Build.Versions;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.Tests.Generate;

/// <summary>A module in a temp folder, a sealed go environment (offline, own HOME/GOCACHE), and a runner with a private state folder.</summary>
internal sealed class GenerateFixture : IDisposable
{
    public GenerateFixture(string goVersion, string goLine = "1.19")
    {
        GoVersionName = goVersion;
        Root = Path.Combine(Path.GetTempPath(), "gotb-generate-" + Guid.NewGuid().ToString("N").Substring(0, 10));
        ModuleDirectory = Path.Combine(Root, "mod dir ü");
        StateRoot = Path.Combine(Root, "state");
        Directory.CreateDirectory(ModuleDirectory);
        Write("go.mod", $"module example.com/gen\n\ngo {goLine}\n");
        RunLog = Path.Combine(Root, "runs.log");
    }

    public string GoVersionName { get; }
    public string Root { get; }
    public string ModuleDirectory { get; }
    public string StateRoot { get; }

    /// <summary>A file outside the module that generators append to, one line per run.</summary>
    public string RunLog { get; }

    public List<string> Log { get; } = new();
    public GenerateOutcome LastOutcome { get; private set; }

    public int Runs => File.Exists(RunLog) ? File.ReadAllLines(RunLog).Length : 0;

    public string Path_(string relative) => Path.Combine(ModuleDirectory, relative.Replace('/', Path.DirectorySeparatorChar));

    public GenerateFixture Write(string relative, string content)
    {
        var path = Path_(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return this;
    }

    /// <param name="packages">GeneratePackages: these tests exercise the whole module (./...) unless they test the default scope ("").</param>
    public GenerateRequest Request(GenerateMode mode = GenerateMode.Run, string? run = null, string? skip = null, int timeoutSeconds = 60,
        string packages = GenerateScope.WholeModule, string package = ".", string? goos = null)
    {
        var env = new Dictionary<string, string?>
        {
            ["PATH"] = "/usr/bin:/bin",
            ["HOME"] = Path.Combine(Root, "home"),
            ["GOCACHE"] = Path.Combine(Path.GetTempPath(), "gotb-generate-gocache"),
            ["GOPATH"] = Path.Combine(Root, "gopath"),
            ["GOPROXY"] = "off",
            ["GOTOOLCHAIN"] = "local",
            ["GOFLAGS"] = null,
            ["GOWORK"] = null,
            ["RUN_LOG"] = RunLog,
        };
        if (goos is not null) env["GOOS"] = goos;
        return new GenerateRequest
        {
            GoExecutable = RealGo.GoBinary(GoVersionName),
            GoVersion = RealGo.Version(GoVersionName),
            ModuleDirectory = ModuleDirectory,
            Package = package,
            Scope = GenerateScope.Parse(packages),
            Target = goos ?? "host",
            Mode = mode,
            RunPattern = run,
            SkipPattern = skip,
            Environment = env,
            Timeout = TimeSpan.FromSeconds(timeoutSeconds),
            LockTimeout = TimeSpan.FromSeconds(60),
            StateDirectory = GoGenerateRunner.StateDirectoryFor(StateRoot, ModuleDirectory),
            ProjectFile = Path.Combine(Root, "App.csproj"),
        };
    }

    public IReadOnlyList<Diagnostic> Generate(GenerateRequest? request = null, CancellationToken cancellation = default)
    {
        var runner = new GoGenerateRunner(line => { lock (Log) Log.Add(line); });
        var result = runner.Generate(request ?? Request(), cancellation);
        LastOutcome = runner.LastOutcome;
        return result;
    }

    public string LogText { get { lock (Log) return string.Join("\n", Log); } }

    /// <summary>Every file under the module with its bytes and time: equal before and after means untouched.</summary>
    public string TreeHash()
    {
        var sb = new StringBuilder();
        foreach (var file in Directory.EnumerateFiles(ModuleDirectory, "*", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal))
        {
            using var sha = SHA256.Create();
            sb.Append(Path.GetRelativePath(ModuleDirectory, file)).Append(' ')
              .Append(Convert.ToHexString(sha.ComputeHash(File.ReadAllBytes(file)))).Append(' ')
              .Append(File.GetLastWriteTimeUtc(file).Ticks).Append('\n');
        }
        foreach (var directory in Directory.EnumerateDirectories(ModuleDirectory, "*", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal))
        {
            sb.Append("dir ").Append(Path.GetRelativePath(ModuleDirectory, directory)).Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>A directive that appends one line to RunLog per run (the generator's own side effect, outside the module).</summary>
    public const string CountRun = "//go:generate sh -c \"echo ran >> \\\"$RUN_LOG\\\"\"";

    public static string Describe(IEnumerable<Diagnostic> diagnostics) => string.Join("\n", diagnostics.Select(d => d.ToString()));

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
