using System.Collections.Generic;
using System.IO;
using System.Linq;
using GoToolchain.Build.Testing;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.EndToEnd;

/// <summary>
/// Generated C# bindings (GoModule GenerateBindings="true"): the interop fixture exports every supported kind and its
/// program calls each through the generated class and checks the result; cross targets compile the generated file.
/// </summary>
[TestClass]
[TestCategory("end-to-end")]
public sealed class BindingsTests
{
    private static readonly string FixtureRoot = Path.Combine(PackagedBuild.RepositoryRoot, "tests", "GoToolchain.Build.EndToEnd", "Fixtures");

    /// <summary>Every "PASS name" line the fixture program prints when all is well.</summary>
    private static readonly string[] Checks =
    {
        "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64", "GoInt", "GoUint", "C.int", "C.long", "C.ulong",
        "float32", "float64", "C.double", "bool", "C.bool", "uintptr", "unsafe.Pointer", "*C.char", "*C.char nil", "GoString",
        "[]byte", "[]byte written", "struct by value", "struct by pointer", "callback", "two results",
    };

    internal static Fixture InteropFixture(string name)
    {
        var files = Directory.EnumerateFiles(Path.Combine(FixtureRoot, "interop"))
            .Where(f => !f.EndsWith("go.mod"))
            .ToDictionary(f => Path.GetFileName(f), File.ReadAllText);
        var fixture = Fixture.Create(name)
            .WithGoModule("go/interop", File.ReadAllText(Path.Combine(FixtureRoot, "interop", "go.mod")), files,
                "GenerateBindings=\"true\" BindingsNamespace=\"InteropApp\"");
        fixture.WriteProgram(File.ReadAllText(Path.Combine(FixtureRoot, "interop-app", "Program.cs")));
        return fixture;
    }

    private static string GeneratedFile(Fixture fixture)
        => Path.Combine(fixture.Directory, "obj", "Debug", "net10.0", "go", "bindings", "Interop.g.cs");

    // The bindings area's matrix: this test on the end-to-end set (cgo's header and calling convention per toolchain),
    // the others on one toolchain each (what they test is the generator, not go).
    [TestMethod]
    [DynamicData(nameof(Toolchains.EndToEnd), typeof(Toolchains))]
    public void EveryKindCrossesThroughTheGeneratedBindings(string goVersion)
    {
        var fixture = InteropFixture("bindings-linux-x64-" + goVersion);
        var build = fixture.Build(null, $"-p:GoRoot={PackagedBuild.GoRoot(goVersion)}");
        BuildAssert.Succeeded(build);
        Assert.AreEqual(0, build.Warnings.Count(w => w.Code.StartsWith("GOTB6")), "no bindings warning expected:\n" + build);
        var generated = File.ReadAllText(GeneratedFile(fixture));
        StringAssert.Contains(generated, "[LibraryImport(LibraryName, EntryPoint = \"AddInt\")]");

        var run = fixture.RunApp();
        Assert.AreEqual(0, run.ExitCode, run.ToString());
        foreach (var check in Checks.Append("GoString span")) StringAssert.Contains(run.Output, $"PASS {check}\n", run.Output);
        StringAssert.Contains(run.Output, "ALL PASSED");
    }

    [TestMethod]
    public void TheDllImportHalfWorksWhereLibraryImportDoesNotExist()
    {
        // Without the NETx_OR_GREATER symbols the generated file compiles as for netstandard2.0/net4x: [DllImport],
        // its own CLong, no Span wrappers. This runs that half on the real runtime.
        var fixture = InteropFixture("bindings-dllimport");
        var build = fixture.Build(null, $"-p:GoRoot={PackagedBuild.GoRoot("1.21")}", "-p:DisableImplicitFrameworkDefines=true");
        BuildAssert.Succeeded(build);
        var run = fixture.RunApp();
        Assert.AreEqual(0, run.ExitCode, run.ToString());
        foreach (var check in Checks) StringAssert.Contains(run.Output, $"PASS {check}\n", run.Output);
        Assert.IsFalse(run.Output.Contains("GoString span"), "the span overload should not exist without the framework defines");
    }

    [TestMethod]
    [DataRow("windows", "amd64", "interop.dll")]
    [DataRow("linux", "arm64", "libinterop.so")]
    public void TheGeneratedFileCompilesForCrossTargets(string goos, string goarch, string library)
    {
        var fixture = InteropFixture($"bindings-{goos}-{goarch}").WithProperty("GoOS", goos).WithProperty("GoArch", goarch);
        var build = fixture.Build(null, $"-p:GoRoot={PackagedBuild.GoRoot(Toolchains.Newest)}");
        BuildAssert.Succeeded(build);
        Assert.IsTrue(File.Exists(Path.Combine(fixture.OutputDirectory, library)), library + " not in the output");
        var generated = File.ReadAllText(GeneratedFile(fixture));
        StringAssert.Contains(generated, $"wrote for {goos}/{goarch}.");
        StringAssert.Contains(generated, "public static CLong AddCLong(CLong a, CLong b)");
        StringAssert.Contains(generated, "public static nint AddInt(nint a, nint b)");
    }

    [TestMethod]
    public void AHandWrittenDeclarationOfAMissingExportWarnsAtItsLine()
    {
        var fixture = Fixture.Create("bindings-mismatch")
            .WithGoModule("go/greeter", "module example.com/greeter\n\ngo 1.21\n");
        fixture.WriteProgram("""
            using System.Runtime.InteropServices;

            System.Console.WriteLine(Native.Add(2, 3));

            static class Native
            {
                private const string Library = "greeter";

                [DllImport(Library)]
                public static extern int Add(int a, int b);

                [DllImport("libgreeter.so", EntryPoint = "GetVersion")]
                public static extern System.IntPtr GoVersion();

                [DllImport("greeter")]
                public static extern int Add3(int a, int b, int c);

                [DllImport("greeter", EntryPoint = "Add")]
                public static extern long AddLong(long a, int b);
            }
            """);
        var build = fixture.Build(null, $"-p:GoRoot={PackagedBuild.GoRoot(Toolchains.Newest)}");
        BuildAssert.Succeeded(build);
        var warnings = build.Warnings.Where(w => w.Code == "GOTB602").ToList();
        Assert.AreEqual(2, warnings.Count, string.Join("\n", build.Warnings.Select(w => w.Code + " " + w.Message)));
        Assert.AreEqual(Path.Combine(fixture.Directory, "Program.cs"), warnings[0].File);
        Assert.AreEqual(12, warnings[0].Line);
        BuildAssert.Mentions(warnings[0], "'GetVersion'", "does not export", "Add, GoVersion");
        Assert.AreEqual(15, warnings[1].Line);
        BuildAssert.Mentions(warnings[1], "'Add3'");
        var size = BuildAssert.HasWarning(build, "GOTB603");
        Assert.AreEqual(18, size.Line, "Add(int, int) matches the export; AddLong(long, int) does not");
        BuildAssert.Mentions(size, "parameter 1", "'long' (8 bytes)", "int 'a' (4 bytes on linux/amd64)");
        Assert.AreEqual("5", fixture.RunApp().Output.Trim());
    }

    [TestMethod]
    public void ExportsThatCannotCrossAreLeftOutWithAWarningAtTheirExportLine()
    {
        var fixture = Fixture.Create("bindings-unsupported")
            .WithGoModule("go/risky", "module example.com/risky\n\ngo 1.21\n", new Dictionary<string, string>
            {
                ["risky.go"] = "package main\n\nimport \"C\"\n\n//export Count\nfunc Count(m map[string]int) int { return len(m) }\n\n" +
                    "//export Leak\nfunc Leak() *int { x := 1; return &x }\n\n//export Name\nfunc Name() *C.char { return C.CString(\"x\") }\n\n" +
                    "//export Fine\nfunc Fine(a int32) int32 { return a }\n\nfunc main() {}\n",
            }, "GenerateBindings=\"true\"");
        fixture.WriteProgram("System.Console.WriteLine(App.Risky.Fine(4));");
        var build = fixture.Build(null, $"-p:GoRoot={PackagedBuild.GoRoot(Toolchains.NewestWithCgoLoopBug)}");
        BuildAssert.Succeeded(build);
        var goFile = Path.Combine(fixture.Directory, "go", "risky", "risky.go");
        var notPortable = build.Warnings.Where(w => w.Code == "GOTB600").ToList();
        Assert.AreEqual(2, notPortable.Count, build.Output);
        Assert.AreEqual(goFile, notPortable[0].File);
        Assert.AreEqual(5, notPortable[0].Line);
        BuildAssert.Mentions(notPortable[0], "Count", "map", "cgo.Handle");
        Assert.AreEqual(8, notPortable[1].Line);
        BuildAssert.Mentions(notPortable[1], "Leak", "Go pointer");
        var noFree = BuildAssert.HasWarning(build, "GOTB601");
        Assert.AreEqual(11, noFree.Line);
        BuildAssert.Mentions(noFree, "FreeString", "Marshal.FreeHGlobal");
        Assert.AreEqual("4", fixture.RunApp().Output.Trim());
    }

    /// <summary>
    /// The design-time build of a fresh clone (issue 26: CS0103 'Greeter' does not exist until a first full build): the bindings come
    /// from the Go sources, with no go process. Imitated as Roslyn's MSBuild host (C# Dev Kit, OmniSharp) runs one: target Compile
    /// with DesignTimeBuild, BuildingInsideVisualStudio, BuildingProject=false, BuildProjectReferences=false, SkipCompilerExecution
    /// and ProvideCommandLineArgs (the compiler's command line is what IntelliSense gets); once more with the compiler running, which
    /// proves Program.cs compiles against them. Then the real build, its no-op, and a design-time build after it.
    /// </summary>
    [TestMethod]
    public void ADesignTimeBuildOfAFreshCloneCompilesAgainstTheBindingsWithoutGo()
    {
        // The sample: its project sets no AllowUnsafeBlocks, so this also proves the package turns it on.
        var fixture = Fixture.FromSample("bindings-incremental");
        var goRoot = PackagedBuild.GoRoot(Toolchains.Newest);
        string[] DesignTime(bool compile) => new[]
        {
            $"-p:GoRoot={goRoot}", "-t:Compile", "-p:DesignTimeBuild=true", "-p:BuildingInsideVisualStudio=true", "-p:BuildingProject=false",
            "-p:BuildProjectReferences=false", $"-p:SkipCompilerExecution={(compile ? "false" : "true")}", "-p:ProvideCommandLineArgs=true", "-v:d",
        };
        var designTimeFile = Path.Combine(fixture.Directory, "obj", "Debug", "net10.0", "go", "bindings-designtime", "Greeter.g.cs");
        foreach (var compile in new[] { false, true })
        {
            var ide = fixture.Build(null, DesignTime(compile));
            BuildAssert.Succeeded(ide);
            Assert.IsFalse(ide.Output.Contains($"{goRoot}/bin/go"), "a design-time build started go:\n" + ide);
            StringAssert.Contains(ide.Output, designTimeFile);
            StringAssert.Contains(ide.Output, "/unsafe+");
        }
        Assert.IsFalse(File.Exists(Path.Combine(fixture.Directory, "bin", "Debug", "net10.0", "libgreeter.so")), "go built");
        var fromSources = File.ReadAllText(designTimeFile);
        StringAssert.Contains(fromSources, "internal static unsafe partial class Greeter");
        StringAssert.Contains(fromSources, "public static string? Greet(string? name)");

        BuildAssert.Succeeded(fixture.Build(null, $"-p:GoRoot={goRoot}"));
        var generated = Path.Combine(fixture.Directory, "obj", "Debug", "net10.0", "go", "bindings", "Greeter.g.cs");
        var written = File.GetLastWriteTimeUtc(generated);
        static string Body(string text) => string.Join("\n", text.Split('\n').Where(l => !l.StartsWith("// Generated by")));
        Assert.AreEqual(Body(File.ReadAllText(generated)), Body(fromSources), "IntelliSense saw another API than the build compiles");

        var noOp = fixture.Build(null, $"-p:GoRoot={goRoot}", "-v:d");
        BuildAssert.Succeeded(noOp);
        Assert.AreEqual(written, File.GetLastWriteTimeUtc(generated), "a no-op build rewrote the bindings");

        var designTime = fixture.Build(null, DesignTime(false));
        BuildAssert.Succeeded(designTime);
        Assert.IsFalse(designTime.Output.Contains($"{goRoot}/bin/go"), "a design-time build started go:\n" + designTime);
        Assert.AreEqual(written, File.GetLastWriteTimeUtc(generated), "a design-time build rewrote the real build's bindings");
    }
}
