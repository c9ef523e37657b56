using System.Collections.Generic;
using System;
using System.IO;
using System.Linq;
using GoToolchain.Build.Bindings;
using GoToolchain.Build.Diagnostics;
using GoToolchain.Build.Tests.Toolchain;
using GoToolchain.Build.Testing;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.Tests.Bindings;

/// <summary>
/// The parser and the generator on headers real toolchains wrote: the end-to-end fixture module (every supported
/// kind, tests/GoToolchain.Build.EndToEnd/Fixtures/interop) built with every supported go, and for
/// windows/amd64 and linux/arm64 with the cross-compilers.
/// </summary>
[TestClass]
[TestCategory("toolchain")]
public sealed class BindingsAgainstGoTests
{
    internal static string InteropFixture
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "GoToolchain.Build.sln"))) directory = directory.Parent;
            Assert.IsNotNull(directory, "repository root not found above " + AppContext.BaseDirectory);
            return Path.Combine(directory!.FullName, "tests", "GoToolchain.Build.EndToEnd", "Fixtures", "interop");
        }
    }

    /// <summary>Builds the fixture as c-shared and returns the header go wrote.</summary>
    internal static string BuildHeader(RealGo go, string version, string goos = "linux", string goarch = "amd64", string? cc = null)
    {
        var module = go.NewDirectory("interop");
        foreach (var file in Directory.EnumerateFiles(InteropFixture)) File.Copy(file, Path.Combine(module, Path.GetFileName(file)));
        var output = Path.Combine(module, "out", "libinterop.so");
        var arguments = new[] { "build", "-buildmode=c-shared", "-o", output, "." };
        var env = $"GOOS={goos};GOARCH={goarch};CGO_ENABLED=1" + (cc is null ? "" : ";CC=" + cc);
        var run = go.RunWithEnvironment(version, module, env, arguments);
        Assert.AreEqual(0, run.ExitCode, run.ToString());
        return File.ReadAllText(Path.ChangeExtension(output, ".h"));
    }

    /// <summary>
    /// The native header of every toolchain; the cross-compiled ones (a full std build each) on 1.24 and the newest,
    /// where cgo's header writer last changed and what users build with.
    /// </summary>
    public static IEnumerable<object?[]> Headers()
    {
        foreach (var version in Toolchains.Supported) yield return new object?[] { version, "linux", "amd64", null };
        foreach (var version in new[] { Toolchains.NewestWithCgoLoopBug, Toolchains.Newest })
        {
            yield return new object?[] { version, "windows", "amd64", "x86_64-w64-mingw32-gcc" };
            yield return new object?[] { version, "linux", "arm64", "aarch64-linux-gnu-gcc" };
        }
    }

    [TestMethod]
    [DynamicData(nameof(Headers))]
    public void EveryExportOfTheFixtureIsReadAndMapped(string version, string goos, string goarch, string? cc)
    {
        using var go = new RealGo();
        var text = BuildHeader(go, version, goos, goarch, cc);
        var header = CgoHeaderParser.Parse(text);

        CollectionAssert.AreEquivalent(GoExportScanner.ScanDirectory(InteropFixture).Select(e => e.Name).ToList(), header.Exports.Select(e => e.Name).ToList());
        var point = header.Structs["point"];
        CollectionAssert.AreEqual(new[] { "x", "y", "weight", "visible" }, point.Fields.Select(f => f.Name).ToList());
        Assert.AreEqual("_Bool", point.Fields[3].Type.Name);
        Assert.AreEqual(2, header.FunctionPointers["int_op"].Parameters.Count);
        Assert.AreEqual("DivMod_return", header.Exports.Single(e => e.Name == "DivMod").ReturnType.Name);
        Assert.AreEqual("unsigned long", header.Exports.Single(e => e.Name == "AddCULong").ReturnType.Name);
        // cgo copies an export's doc comment into the header up to Go 1.24; 1.25 and later write none (measured on 1.25.12-1.27.4).
        var doc = header.Exports.Single(e => e.Name == "AddInt").Doc;
        if (Toolchains.AtLeast(version, "1.25")) Assert.AreEqual(0, doc.Count, string.Join("\n", doc));
        else Assert.AreEqual("AddInt adds two Go ints: 64-bit on 64-bit targets.", doc.Single());

        var diagnostics = new DiagnosticBag();
        var result = BindingsGenerator.Generate(Request(text, goos, goarch), diagnostics);
        Assert.AreEqual(0, diagnostics.Items.Count, string.Join("\n", diagnostics.Items));
        Assert.AreEqual(header.Exports.Count, result.Bound.Count);
        Assert.AreEqual("FreeString", result.FreeFunction?.Name);
        StringAssert.Contains(result.Text, "public static nint AddInt(nint a, nint b)");
        // The C# doc comes from the header up to 1.24 and from the Go source after, so it is the same on every toolchain.
        StringAssert.Contains(result.Text, "/// AddInt adds two Go ints: 64-bit on 64-bit targets.\n");
        StringAssert.Contains(result.Text, "public static CLong AddCLong(CLong a, CLong b)");
        StringAssert.Contains(result.Text, "public static bool Not(bool b)");
        StringAssert.Contains(result.Text, "public static string? Upper(string? s)");
        StringAssert.Contains(result.Text, "public static nint SumBytes(Span<byte> data)");
        StringAssert.Contains(result.Text, "public static void ScalePoint(ref point p, double factor)");
        StringAssert.Contains(result.Text, "public static int Apply(delegate* unmanaged[Cdecl]<int, int, int> op, int a, int b)");
        StringAssert.Contains(result.Text, "public static DivMod_return DivMod(nint a, nint b)");
    }

    /// <summary>
    /// A design-time build generates the bindings from the Go sources (SourceHeader) instead of go's header: on the oldest and the
    /// newest go the two files are the same but for the line that says where they came from, so IntelliSense sees the API the
    /// build compiles against.
    /// </summary>
    [TestMethod]
    [DynamicData(nameof(OldestAndNewest))]
    public void TheBindingsFromTheSourcesAreThoseFromGosHeader(string version)
    {
        using var go = new RealGo();
        var fromGo = BindingsGenerator.Generate(Request(BuildHeader(go, version)), new DiagnosticBag()).Text;

        var exports = GoExportScanner.ScanDirectory(InteropFixture);
        var request = Request(SourceHeader.Write(InteropFixture, exports));
        request.FromSources = true;
        var diagnostics = new DiagnosticBag();
        var fromSources = BindingsGenerator.Generate(request, diagnostics).Text;

        Assert.AreEqual(0, diagnostics.Items.Count, string.Join("\n", diagnostics.Items));
        static string[] WithoutOrigin(string text) => text.Split('\n').Where(l => !l.StartsWith("// Generated by", StringComparison.Ordinal)).ToArray();
        CollectionAssert.AreEqual(WithoutOrigin(fromGo), WithoutOrigin(fromSources), "from the sources:\n" + fromSources);
        StringAssert.Contains(fromSources, "from the Go sources' //export functions");
    }

    public static IEnumerable<object[]> OldestAndNewest() => new[] { new object[] { Toolchains.Oldest }, new object[] { Toolchains.Newest } };

    internal static BindingsRequest Request(string headerText, string goos = "linux", string goarch = "amd64") => new()
    {
        HeaderPath = "/obj/go/libinterop.h",
        HeaderText = headerText,
        GoExports = GoExportScanner.ScanDirectory(InteropFixture),
        Namespace = "Interop.Tests",
        ClassName = "Interop",
        LibraryName = "interop",
        GoOS = goos,
        GoArch = goarch,
        ModuleFile = "/src/go.mod",
    };
}
