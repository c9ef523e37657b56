using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using GoToolchain.Build.Building;
using GoToolchain.Build.Testing;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.Tests.Building;

/// <summary>
/// GoBuildInfo reads what `go version` and `go version -m` read, from the file itself. The reference is go: every
/// toolchain, every file format the package produces (ELF 64/32, PE exe and mingw-linked DLL, Mach-O), exe and
/// c-shared, with and without experiments, on every installed toolchain (1.19, 1.21-1.27). Any difference in the version string or
/// any build line fails; and the X:loopvar proof (Loopvar/LoopvarProof) reads each file, both version-string forms included.
/// </summary>
[TestClass]
[TestCategory("toolchain")]
public class GoBuildInfoAgainstGoTests
{
    // (GOOS, GOARCH, buildmode, CGO_ENABLED, CC): every format the package writes. Experiments are added below.
    private static readonly (string Os, string Arch, string Mode, string Cgo, string? Cc)[] Targets =
    {
        ("linux", "amd64", "exe", "0", null),
        ("linux", "amd64", "c-shared", "1", null),
        ("linux", "386", "exe", "0", null),
        ("linux", "arm64", "exe", "0", null),
        ("windows", "amd64", "exe", "0", null),
        ("windows", "amd64", "c-shared", "1", "x86_64-w64-mingw32-gcc"),
        ("darwin", "arm64", "exe", "0", null),
    };

    public static IEnumerable<object[]> Cases()
    {
        foreach (var version in Toolchains.Supported)
        {
            foreach (var t in Targets) yield return new object[] { version, t.Os, t.Arch, t.Mode, t.Cgo, t.Cc ?? "", "" };
            if (version == "1.19") continue; // 1.19 has no loopvar experiment
            yield return new object[] { version, "linux", "amd64", "c-shared", "1", "", "loopvar" };
            yield return new object[] { version, "windows", "amd64", "exe", "0", "", "loopvar" };
            yield return new object[] { version, "windows", "amd64", "c-shared", "1", "x86_64-w64-mingw32-gcc", "loopvar" };
            yield return new object[] { version, "darwin", "arm64", "exe", "0", "", "loopvar" };
            yield return new object[] { version, "linux", "amd64", "exe", "0", "", "loopvar,fieldtrack" };
            // The raw string differs from the effective set: go version shows no X:.
            yield return new object[] { version, "linux", "amd64", "exe", "0", "", "loopvar,noloopvar" };
        }
    }

    [TestMethod]
    [DynamicData(nameof(Cases))]
    public void ReadsWhatGoVersionReads(string version, string goos, string goarch, string mode, string cgo, string cc, string experiment)
    {
        var go = BuildFixtures.GoBinary(version);
        var work = BuildFixtures.NewTempDirectory("buildinfo");
        try
        {
            var module = BuildFixtures.WriteModule(Path.Combine(work, "m"), mode == "c-shared" ? BuildFixtures.CgoLibrary : BuildFixtures.ExeProgram);
            var output = Path.Combine(work, mode == "c-shared" ? (goos == "windows" ? "lib.dll" : "lib.so") : (goos == "windows" ? "tool.exe" : "tool"));
            var env = new Dictionary<string, string?>
            {
                ["GOOS"] = goos, ["GOARCH"] = goarch, ["CGO_ENABLED"] = cgo, ["GOTOOLCHAIN"] = "local", ["GOFLAGS"] = "",
                ["GOEXPERIMENT"] = experiment.Length == 0 ? null : experiment,
            };
            if (cc.Length > 0) env["CC"] = cc;
            Run(go, module, env, "build", "-buildmode=" + mode, "-o", output, ".");

            var info = GoBuildInfo.Read(output);
            Assert.IsNotNull(info, $"no build info read from {goos}/{goarch} {mode} built by go {version}");

            // go 1.19's `go version` prints nothing for a c-shared library; the newest reads every older toolchain's output.
            var reference = Run(BuildFixtures.GoBinary(Toolchains.Newest), work, new Dictionary<string, string?> { ["GOTOOLCHAIN"] = "local", ["GOEXPERIMENT"] = null }, "version", "-m", output);
            var lines = reference.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToList();
            Assert.AreEqual(output + ": " + info!.GoVersion, lines[0], "the version line");
            CollectionAssert.AreEqual(lines.Skip(1).Select(l => l.TrimStart('\t')).ToList(),
                info.ModuleInfo.Split('\n').Where(l => l.Length > 0).ToList(), "the -m lines");

            if (experiment == "loopvar") CollectionAssert.Contains(info.Experiments.ToList(), "loopvar");
            // Go 1.26+ writes "go1.26.11-X:loopvar" (a '-', not a space): the proof must read both forms, from the file itself.
            if (experiment.Length > 0 || version != "1.19")
            {
                var log = new List<string>();
                var proof = GoToolchain.Build.Loopvar.LoopvarProof.Check(go, output, "loopvar", env, TimeSpan.FromSeconds(60), default, log.Add, module, null);
                Assert.AreEqual(experiment is "loopvar" or "loopvar,fieldtrack", proof is null, $"{info.GoVersion}: {proof}");
                Assert.IsTrue(log.Any(l => l.Contains("(read from the file)")), string.Join("\n", log));
            }
            if (experiment.Length > 0) Assert.AreEqual(experiment, info.BuildSetting("GOEXPERIMENT"));
            Assert.AreEqual(goos, info.BuildSetting("GOOS"));
        }
        finally
        {
            BuildFixtures.DeleteDirectory(work);
        }
    }

    [TestMethod]
    public void NotAGoFileHasNoBuildInfo()
    {
        var work = BuildFixtures.NewTempDirectory("buildinfo");
        try
        {
            var file = Path.Combine(work, "x");
            File.WriteAllBytes(file, new byte[] { 0x7f, (byte)'E', (byte)'L', (byte)'F', 2, 1, 1, 0 }.Concat(new byte[4096]).ToArray());
            Assert.IsNull(GoBuildInfo.Read(file));
            File.WriteAllText(file, "not a binary at all");
            Assert.IsNull(GoBuildInfo.Read(file));
            Assert.IsNull(GoBuildInfo.Read(Path.Combine(work, "missing")));
        }
        finally
        {
            BuildFixtures.DeleteDirectory(work);
        }
    }

    [TestMethod]
    public void MagicWithoutAValidBlobIsSkipped()
    {
        // The magic can appear as data (a program importing debug/buildinfo carries it as a constant); only a blob whose
        // header and strings parse counts, so a decoy before the real blob is passed over.
        var magic = new byte[] { 0xff, (byte)' ', (byte)'G', (byte)'o', (byte)' ', (byte)'b', (byte)'u', (byte)'i', (byte)'l', (byte)'d', (byte)'i', (byte)'n', (byte)'f', (byte)':' };
        var decoy = magic.Concat(new byte[] { 3, 0 }).Concat(new byte[16]).ToArray();
        var version = System.Text.Encoding.UTF8.GetBytes("go1.22.12 X:loopvar");
        var real = magic.Concat(new byte[] { 8, 2 }).Concat(new byte[16]).Concat(new[] { (byte)version.Length }).Concat(version).Concat(new byte[] { 0 }).ToArray();
        var file = new byte[7].Concat(decoy).Concat(new byte[40]).Concat(real).Concat(new byte[64]).ToArray();
        var info = GoBuildInfo.Parse(file);
        Assert.IsNotNull(info);
        Assert.AreEqual("go1.22.12 X:loopvar", info!.GoVersion);
        CollectionAssert.AreEqual(new[] { "loopvar" }, info.Experiments.ToList());
    }

    private static string Run(string go, string directory, Dictionary<string, string?> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo(go) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        foreach (var (name, value) in environment)
        {
            if (value is null) start.Environment.Remove(name);
            else start.Environment[name] = value;
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        if (!process.WaitForExit(300_000)) { process.Kill(true); Assert.Fail($"go {string.Join(" ", arguments)} hung"); }
        Assert.AreEqual(0, process.ExitCode, $"go {string.Join(" ", arguments)} in {directory}: {stderr}");
        return stdout.Result;
    }
}
