using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using GoToolchain.Build.Building;
using GoToolchain.Build.Tests.Proxy;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.Tests.Building;

/// <summary>
/// What GOTB413 reads from a generator's build information: the Go that built it, its `path` and `mod` lines and a
/// dependency's version (after a replacement), each equal to what `go version -m` prints for the same file.
/// </summary>
[TestClass]
[TestCategory("toolchain")]
public class GoBuildInfoModuleLinesTests
{
    /// <summary>Debian's stringer (go1.19.5, GOPATH mode): a path line and no mod line, as go 1.27 prints it.</summary>
    [TestMethod]
    public void DebianStringerHasAPathLineAndNoModule()
    {
        const string stringer = "/usr/bin/stringer";
        Assert.IsTrue(File.Exists(stringer), "Debian's golang-golang-x-tools is a prerequisite (build/prereqs.sh)");
        using var world = new ProxyWorld();
        var reference = GoVersionM(world, "1.27", stringer);

        var info = GoBuildInfo.Read(stringer)!;

        Assert.AreEqual(reference[0].Substring(stringer.Length + 2), info.GoVersion);
        Assert.AreEqual("go1.19.5", info.GoVersion);
        Assert.AreEqual(Field(reference, "path"), info.ModuleLine("path"));
        Assert.AreEqual("golang.org/x/tools/cmd/stringer", info.ModuleLine("path"));
        Assert.IsNull(info.ModuleLine("mod"));
        Assert.IsNull(info.Dependency("golang.org/x/tools"));
    }

    /// <summary>A generator built in module mode with a dependency from a file:// proxy, one of them replaced by another version.</summary>
    [TestMethod]
    [DataRow("1.24")]
    [DataRow("1.27")]
    public void ModuleModeBinaryNamesItsModuleAndDependencies(string version)
    {
        using var world = new ProxyWorld();
        var work = world.Root;
        {
            var proxy = Path.Combine(work, "proxy");
            FileProxy.AddModule(proxy, "example.com/dep", "v1.2.0");
            FileProxy.AddModule(proxy, "example.com/dep", "v1.2.1");
            FileProxy.AddModule(proxy, "example.com/other", "v1.0.0");
            var module = Path.Combine(work, "gen");
            Directory.CreateDirectory(module);
            File.WriteAllText(Path.Combine(module, "go.mod"),
                "module example.com/gen\n\ngo 1.22\n\nrequire (\n\texample.com/dep v1.2.0\n\texample.com/other v1.0.0\n)\n\n" +
                "replace example.com/dep v1.2.0 => example.com/dep v1.2.1\n");
            File.WriteAllText(Path.Combine(module, "main.go"),
                "package main\n\nimport (\n\t\"fmt\"\n\n\t\"example.com/dep\"\n\t\"example.com/other\"\n)\n\nfunc main() { fmt.Println(dep.Hello(), other.Hello()) }\n");
            var environment = new Dictionary<string, string>
            {
                ["GOPROXY"] = FileProxy.Url(proxy), ["GOSUMDB"] = "off", ["GOFLAGS"] = "-mod=mod -modcacherw", ["GOMODCACHE"] = Path.Combine(work, "modcache"),
            };
            var output = Path.Combine(work, "gen-bin");
            var build = world.GoWith(version, module, environment, "build", "-o", output, ".");
            Assert.AreEqual(0, build.ExitCode, build.ToString());
            var reference = GoVersionM(world, version, output);

            var info = GoBuildInfo.Read(output)!;

            Assert.AreEqual(reference[0].Substring(output.Length + 2), info.GoVersion);
            Assert.AreEqual(Field(reference, "path"), info.ModuleLine("path"));
            Assert.AreEqual("example.com/gen", info.ModuleLine("path"));
            Assert.AreEqual(Field(reference, "mod"), info.ModuleLine("mod"));
            StringAssert.StartsWith(info.ModuleLine("mod"), "example.com/gen (devel)");
            Assert.AreEqual("v1.2.0 => example.com/dep v1.2.1", info.Dependency("example.com/dep"));
            Assert.AreEqual("v1.0.0", info.Dependency("example.com/other"));
            Assert.IsNull(info.Dependency("example.com/absent"));
        }
    }

    /// <summary>The first two fields of a `go version -m` line of this kind, joined by a space.</summary>
    private static string? Field(IReadOnlyList<string> lines, string kind)
        => lines.Select(l => l.TrimStart('\t').Split('\t')).Where(f => f[0] == kind).Select(f => string.Join(" ", f.Skip(1).Take(2))).FirstOrDefault();

    private static IReadOnlyList<string> GoVersionM(ProxyWorld world, string version, string file)
    {
        var run = world.GoWith(version, Path.GetDirectoryName(file)!, new Dictionary<string, string>(), "version", "-m", file);
        Assert.AreEqual(0, run.ExitCode, run.ToString());
        return run.Stdout.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToList();
    }
}
