using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using GoToolchain.Build.Testing;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.EndToEnd;

/// <summary>
/// linux-musl-x64: the Go library is built with musl-gcc (not the host's glibc gcc), and GOTB560 says that musl cannot
/// load it. A musl .NET app cannot start here (no musl libstdc++), so a small musl C program stands in for the loader.
/// </summary>
[TestClass]
[TestCategory("end-to-end")]
public sealed class MuslTests
{
    [TestMethod]
    public void AMuslRidBuildsWithMuslGccAndWarnsThatTheLibraryCannotBeLoaded()
    {
        var fixture = Fixture.Create("musl-rid")
            .WithGoModule("go/greeter", "module example.com/greeter\n\ngo 1.19\n")
            .WithProperty("GoRoot", PackagedBuild.GoRoot(Toolchains.Newest))
            .WithProperty("GoLoopvar", "Off")
            // A framework-dependent RID build without an apphost needs no linux-musl-x64 pack from a feed.
            .WithProperty("UseAppHost", "false");

        var result = fixture.Build(null, "-p:RuntimeIdentifier=linux-musl-x64");

        BuildAssert.Succeeded(result);
        var warning = BuildAssert.HasWarning(result, "GOTB560");
        Assert.AreEqual(1, result.Warnings.Count(w => w.Code == "GOTB560"), result.ToString());
        Assert.AreEqual(fixture.ProjectFile, warning.File);
        Assert.IsTrue(warning.Line > 0, "GOTB560 should point at the GoModule item's line");
        BuildAssert.Mentions(warning, "libgreeter.so", "'linux-musl-x64'", "Go " + Toolchains.Release(Toolchains.Newest), "initial-exec TLS", "golang/go#54805", "BuildMode=exe");
        StringAssert.Contains(result.Output, "uses the C compiler 'musl-gcc'");

        var library = Path.Combine(fixture.Directory, "bin", "Debug", "net10.0", "linux-musl-x64", "libgreeter.so");
        Assert.IsTrue(File.Exists(library), "libgreeter.so is not in the linux-musl-x64 output folder");
        var bytes = File.ReadAllBytes(library);
        Assert.AreEqual("ELF x86-64", NativeFormat.Describe(bytes), "not an x86-64 ELF file");
        var text = Encoding.ASCII.GetString(bytes);
        Assert.IsTrue(text.Contains("libc.so\0"), "a musl-gcc library needs libc.so");
        Assert.IsFalse(text.Contains("libc.so.6"), "linked against glibc (libc.so.6): the host's gcc was used, not musl-gcc");

        // musl's own loader gives the reason the warning names.
        fixture.WriteFile(Path.Combine("loader", "load.c"), """
            #include <dlfcn.h>
            #include <stdio.h>
            int main(int argc, char **argv) {
                void *library = dlopen(argv[1], RTLD_NOW);
                if (library == NULL) { printf("dlopen: %s\n", dlerror()); return 1; }
                printf("loaded\n");
                return 0;
            }
            """);
        var loader = Path.Combine(fixture.Directory, "loader", "load");
        var compile = PackagedBuild.Run("musl-gcc", new[] { "-o", loader, Path.Combine(fixture.Directory, "loader", "load.c") }, fixture.Directory,
            new Dictionary<string, string?>(), System.TimeSpan.FromMinutes(1));
        Assert.AreEqual(0, compile.ExitCode, compile.ToString());
        var load = PackagedBuild.Run(loader, new[] { library }, fixture.Directory, new Dictionary<string, string?>(), System.TimeSpan.FromMinutes(1));
        Assert.AreEqual(1, load.ExitCode, load.ToString());
        StringAssert.Contains(load.Output, "initial-exec TLS resolves to dynamic definition");
    }
}
