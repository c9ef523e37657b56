using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using GoToolchain.Build.Diagnostics;
using GoToolchain.Build.Generate;
using GoToolchain.Build.Modules;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.Tests.Generate;

/// <summary>
/// go generate failures that GenerateOutput explains beyond go's own `running "x": exit status 2` line: a generator
/// built against an older golang.org/x/tools (GOTB413, go-facts §9.3, texts verbatim from Debian's stringer on go 1.24.4
/// and 1.27.4) and `go tool NAME` of a tool go.mod does not declare (GOTB414, go 1.24.4 and 1.27.4 print the same).
/// </summary>
[TestClass]
[TestCategory("unit")]
public sealed class GeneratorFailureTests
{
    private const string DebianStringer = "/usr/bin/stringer";

    /// <summary>Debian's stringer under go 1.27.4 (`go generate -v -x ./...` of a package importing fmt).</summary>
    private static string[] StringerPanic(string version) => new[]
    {
        "mood.go",
        "stringer -type=Mood",
        $"panic: unsupported version: {version}",
        "",
        "goroutine 21 [running]:",
        "golang.org/x/tools/internal/pkgbits.NewPkgDecoder({0xc00023cd46, 0x3}, {0xc0000e4000, 0xa808})",
        "\tgolang.org/x/tools/internal/pkgbits/decoder.go:87 +0x41b",
        "golang.org/x/tools/internal/gcimporter.UImportData(0x6c3db8?, 0xc0000107f8?, {0xc0000d8001?, 0xc000070c90?, 0xc000068bb8?}, {0xc00023cd46, 0x3})",
        "\tgolang.org/x/tools/internal/gcimporter/ureader_yes.go:67 +0xb0",
        "created by golang.org/x/tools/go/packages.(*loader).loadRecursive.func1",
        "\tgolang.org/x/tools/go/packages/packages.go:845 +0x8f",
        "mood.go:14: running \"stringer\": exit status 2",
    };

    private static string NewModule(string goMod, string goFile)
    {
        var directory = Path.Combine(Path.GetTempPath(), "gotb-genfail-" + Guid.NewGuid().ToString("N").Substring(0, 8));
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "go.mod"), goMod);
        File.WriteAllText(Path.Combine(directory, "mood.go"), goFile);
        return directory;
    }

    private const string MoodGo = "package m\n\nimport \"fmt\"\n\ntype Mood int\n\nconst (\n\tHappy Mood = iota\n\tSad\n)\n\nfunc Show(m Mood) string { return fmt.Sprint(int(m)) }\n\n//go:generate stringer -type=Mood\n";

    private static GeneratorContext Context(string module, string goVersion = "1.27", params string[] path) => new()
    {
        GoExecutable = $"/usr/lib/go-{goVersion}/bin/go",
        SearchPath = new[] { $"/usr/lib/go-{goVersion}/bin" }.Concat(path.Length > 0 ? path : new[] { "/usr/bin" }).ToList(),
        GoMod = GoModFile.Load(Path.Combine(module, "go.mod")),
    };

    [TestMethod]
    [DataRow("5", "go1.27.4", "1.27")]
    [DataRow("2", "go1.24.4", "1.24")]
    public void DebianStringerOnANewerGoIsOneErrorNamingItsBuildTheToolchainAndTheFix(string formatVersion, string goVersion, string go)
    {
        Assert.IsTrue(File.Exists(DebianStringer), "Debian's golang-golang-x-tools is a prerequisite (build/prereqs.sh)");
        var module = NewModule("module example.com/m\n\ngo 1.21\n", MoodGo);
        try
        {
            var diagnostics = GenerateOutput.Classify(module, Path.Combine(module, "go.mod"), StringerPanic(formatVersion), 1, goVersion,
                context: Context(module, go));

            var error = diagnostics.Single();
            Console.WriteLine(error.Message);
            Assert.AreEqual(Codes.GeneratorTooOld, error.Code);
            Assert.AreEqual(Path.Combine(module, "mood.go"), error.File);
            Assert.AreEqual(14, error.Line);
            foreach (var expected in new[]
                     {
                         "'stringer' (/usr/bin/stringer)", "built with go1.19.5", "from golang.org/x/tools/cmd/stringer",
                         "no module recorded", goVersion, $"\"unsupported version: {formatVersion}\"", "in golang.org/x/tools/internal/pkgbits",
                         $"`/usr/lib/go-{go}/bin/go install golang.org/x/tools/cmd/stringer@latest`",
                         $"`/usr/lib/go-{go}/bin/go get -tool golang.org/x/tools/cmd/stringer`",
                         "`//go:generate go tool stringer -type=Mood`",
                     })
            {
                StringAssert.Contains(error.Message, expected);
            }
        }
        finally { Directory.Delete(module, true); }
    }

    [TestMethod]
    public void WithoutTheExportDataTextAFailingGeneratorStaysGOTB402()
    {
        var module = NewModule("module example.com/m\n\ngo 1.21\n", MoodGo);
        try
        {
            var error = GenerateOutput.Classify(module, Path.Combine(module, "go.mod"),
                new[] { "stringer: can't handle non-integer constant type Mood", "mood.go:14: running \"stringer\": exit status 1" }, 1, "go1.27.4",
                context: Context(module)).Single();
            Assert.AreEqual(Codes.GenerateDirectiveFailed, error.Code);

            // The panic of an earlier, separately reported directive is not this one's.
            var two = GenerateOutput.Classify(module, Path.Combine(module, "go.mod"),
                StringerPanic("5").Concat(new[] { "other", "mood.go:20: running \"sh\": exit status 3" }).ToArray(), 1, "go1.27.4", context: Context(module));
            Assert.AreEqual(Codes.GeneratorTooOld, two[0].Code);
            Assert.AreEqual(Codes.GenerateDirectiveFailed, two[1].Code);
        }
        finally { Directory.Delete(module, true); }
    }

    [TestMethod]
    public void AGeneratorThatIsNotAGoBinarySaysWhatBuiltItIsUnknown()
    {
        var module = NewModule("module example.com/m\n\ngo 1.21\n", MoodGo.Replace("stringer -type", "./old-stringer -type"));
        File.WriteAllText(Path.Combine(module, "old-stringer"), "#!/bin/sh\nexit 2\n");
        try
        {
            var lines = StringerPanic("5").Select(l => l.Replace("running \"stringer\"", "running \"./old-stringer\"")).ToArray();
            var error = GenerateOutput.Classify(module, Path.Combine(module, "go.mod"), lines, 1, "go1.27.4", context: Context(module)).Single();
            Assert.AreEqual(Codes.GeneratorTooOld, error.Code);
            StringAssert.Contains(error.Message, $"({Path.Combine(module, "old-stringer")}) has no Go build information");
            StringAssert.Contains(error.Message, "go install <its package>@latest");
        }
        finally { Directory.Delete(module, true); }
    }

    /// <summary>On Windows go generate's exec.LookPath finds `stringer` as stringer.exe (PATHEXT): GOTB413 names that file
    /// and what built it, where it said "has no Go build information" for a program it could not find.</summary>
    [TestMethod]
    public void OnWindowsTheGeneratorIsFoundThroughPathExt()
    {
        var module = NewModule("module example.com/m\n\ngo 1.21\n", MoodGo);
        var tools = Path.Combine(module, "tools");
        Directory.CreateDirectory(tools);
        File.Copy(DebianStringer, Path.Combine(tools, "stringer.exe")); // any Go binary: its build information is read, never run
        try
        {
            var context = Context(module, "1.27", tools);
            context.PathExt = ".COM;.EXE;.BAT;.CMD";
            var error = GenerateOutput.Classify(module, Path.Combine(module, "go.mod"), StringerPanic("5"), 1, "go1.27.4", context: context).Single();
            Assert.AreEqual(Codes.GeneratorTooOld, error.Code);
            StringAssert.Contains(error.Message, $"'stringer' ({Path.Combine(tools, "stringer.exe")}) was built with go1.19.5");
        }
        finally { Directory.Delete(module, true); }
    }

    [TestMethod]
    public void AGoToolBuiltByTheRunningGoFromAnOldXToolsNamesTheModuleToUpgrade()
    {
        var module = NewModule(
            "module example.com/m\n\ngo 1.24\n\ntool golang.org/x/tools/cmd/stringer\n\nrequire golang.org/x/tools v0.5.0 // indirect\n",
            MoodGo.Replace("//go:generate stringer", "//go:generate go tool stringer"));
        try
        {
            var lines = StringerPanic("5").Select(l => l.Replace("running \"stringer\"", "running \"go\"")).ToArray();
            var error = GenerateOutput.Classify(module, Path.Combine(module, "go.mod"), lines, 1, "go1.27.4", context: Context(module)).Single();
            Assert.AreEqual(Codes.GeneratorTooOld, error.Code);
            StringAssert.Contains(error.Message, "'golang.org/x/tools/cmd/stringer' (tool, go.mod line 5) was built by go1.27.4 itself");
            StringAssert.Contains(error.Message, "golang.org/x/tools v0.5.0 (go.mod line 7)");
            StringAssert.Contains(error.Message, "`/usr/lib/go-1.27/bin/go get golang.org/x/tools@latest`");
            StringAssert.Contains(error.Message, "`/usr/lib/go-1.27/bin/go get -tool golang.org/x/tools/cmd/stringer@latest`");
        }
        finally { Directory.Delete(module, true); }
    }

    [TestMethod]
    public void AGoRunOfAPinnedOldVersionSaysToRunANewerOne()
    {
        var module = NewModule("module example.com/m\n\ngo 1.21\n\nrequire golang.org/x/tools v0.30.0\n",
            MoodGo.Replace("//go:generate stringer", "//go:generate go run golang.org/x/tools/cmd/stringer@v0.5.0"));
        try
        {
            var lines = StringerPanic("5").Select(l => l.Replace("running \"stringer\"", "running \"go\"")).ToArray();
            var error = GenerateOutput.Classify(module, Path.Combine(module, "go.mod"), lines, 1, "go1.27.4", context: Context(module)).Single();
            Assert.AreEqual(Codes.GeneratorTooOld, error.Code);
            StringAssert.Contains(error.Message, "from golang.org/x/tools/cmd/stringer@v0.5.0 and its own requirements");
            StringAssert.Contains(error.Message, "`//go:generate go run golang.org/x/tools/cmd/stringer@latest -type=Mood`");
            Assert.IsFalse(error.Message.Contains("v0.30.0"), "go.mod plays no part in go run pkg@version: " + error.Message);
        }
        finally { Directory.Delete(module, true); }
    }

    [TestMethod]
    [DataRow("go1.27.4", false)]
    [DataRow("go1.24.4", false)]
    [DataRow("go1.23.5", true)]
    public void GoToolOfAnUndeclaredToolIsGOTB414WithTheDeclaredToolsAndTheFix(string goVersion, bool tooOld)
    {
        var module = NewModule("module example.com/m\n\ngo 1.21\n\ntool example.com/gentool/cmd/gentool\n\nrequire example.com/gentool v1.0.0\n",
            "package m\n\n//go:generate go tool stringer -type=Mood\n");
        try
        {
            // What go 1.24.4 and 1.27.4 print (`go generate -v -x`), verbatim.
            var error = GenerateOutput.Classify(module, Path.Combine(module, "go.mod"), new[]
            {
                "mood.go", "go tool stringer -type=Mood", "go: no such tool \"stringer\"", "mood.go:3: running \"go\": exit status 2",
            }, 1, goVersion, context: Context(module)).Single();

            Console.WriteLine(error.Message);
            Assert.AreEqual(Codes.GoToolNotDeclared, error.Code);
            Assert.AreEqual(3, error.Line);
            StringAssert.Contains(error.Message, $"{goVersion} says 'go: no such tool \"stringer\"'");
            StringAssert.Contains(error.Message, "declares only example.com/gentool/cmd/gentool (`go tool gentool`, line 5)");
            StringAssert.Contains(error.Message, "`/usr/lib/go-1.27/bin/go get -tool golang.org/x/tools/cmd/stringer`");
            Assert.AreEqual(tooOld, error.Message.Contains("Tool lines in go.mod need Go 1.24 or later"), error.Message);
        }
        finally { Directory.Delete(module, true); }
    }

    [TestMethod]
    public void WithoutAContextFailuresAreReportedAsBefore()
    {
        var error = GenerateOutput.Classify("/m", "/m/go.mod", StringerPanic("5"), 1, "go1.27.4").Single();
        Assert.AreEqual(Codes.GenerateDirectiveFailed, error.Code);
    }

    [TestMethod]
    public void GoDoctorsGeneratorColumnKnowsToolsAndWhatBuiltEachGenerator()
    {
        var module = NewModule("module example.com/m\n\ngo 1.24\n\ntool example.com/gentool/cmd/gentool\n\nrequire example.com/gentool v1.0.0\n",
            "package m\n\n//go:generate go tool gentool out.go\n//go:generate go tool vet\n//go:generate go tool nope\n//go:generate stringer -type=Mood\n");
        try
        {
            var diagnostics = new List<Diagnostic>();
            var lines = GenerateDoctor.Describe(module, GenerateMode.Run, "/usr/lib/go-1.27", "/usr/bin", diagnostics, goVersion: "go1.27.4").ToList();
            CollectionAssert.Contains(lines, "    [ok] mood.go:3: go tool gentool -> example.com/gentool/cmd/gentool (tool in go.mod line 5, module " +
                "example.com/gentool v1.0.0 from the module cache or the proxy (see the module proxy section))");
            CollectionAssert.Contains(lines, "    [ok] mood.go:4: go tool vet -> go's own tool (/usr/lib/go-1.27)");
            CollectionAssert.Contains(lines, $"    [x] mood.go:5: go tool nope: not in go.mod ({Path.Combine(module, "go.mod")} has no tool line for it)");
            CollectionAssert.Contains(lines, "    [ok] mood.go:6: stringer -> /usr/bin/stringer (built with go1.19.5)");
            var error = diagnostics.Single();
            Assert.AreEqual(Codes.GoToolNotDeclared, error.Code);
            Assert.AreEqual(5, error.Line);
            StringAssert.Contains(error.Message, "go generate would stop here with 'go: no such tool \"nope\"' (GoDoctor ran nothing)");
        }
        finally { Directory.Delete(module, true); }
    }

    [TestMethod]
    public void DirectivesAreReadWithAliasesAndGoToolNamesResolveAsGoDoes()
    {
        var module = NewModule(
            "module example.com/m\n\ngo 1.24\n\ntool (\n\texample.com/gentool/cmd/gentool\n\texample.com/x/mycmd/v2\n\texample.com/a/dup\n\texample.com/b/dup\n)\n",
            "package m\n\n//go:generate -command gt go tool -n gentool\n//go:generate gt out.go\n//go:generate go tool example.com/x/mycmd/v2 a\n" +
            "//go:generate go tool vet\n//go:generate go tool dup\n//go:generate go tool nope\n//go:generate echo go tool x\n");
        try
        {
            var goMod = GoModFile.Load(Path.Combine(module, "go.mod"));
            CollectionAssert.AreEqual(new[] { 6, 7, 8, 9 }, goMod.Tools.Select(t => t.Line).ToList());
            var directives = GenerateDirectives.Read(Path.Combine(module, "mood.go"));
            CollectionAssert.AreEqual(new[] { 4, 5, 6, 7, 8, 9 }, directives.Select(d => d.Line).ToList(), "the -command line is an alias, not a directive");
            CollectionAssert.AreEqual(new[] { "go", "tool", "-n", "gentool", "out.go" }, directives[0].Words.ToList());
            CollectionAssert.AreEqual(new[] { "gentool", "example.com/x/mycmd/v2", "vet", "dup", "nope", null },
                directives.Select(d => d.GoToolName).ToList());

            Assert.AreEqual("mycmd", GenerateDirectives.DefaultExecName("example.com/x/mycmd/v2"));
            Assert.AreEqual("v1", GenerateDirectives.DefaultExecName("example.com/x/v1"), "v1 is not a major-version suffix");
            Assert.AreEqual((GoToolKind.Declared, "example.com/gentool/cmd/gentool"), Kind("gentool"));
            Assert.AreEqual((GoToolKind.Declared, "example.com/x/mycmd/v2"), Kind("mycmd"));
            Assert.AreEqual((GoToolKind.Declared, "example.com/x/mycmd/v2"), Kind("example.com/x/mycmd/v2"));
            Assert.AreEqual(GoToolKind.Builtin, Kind("vet").Item1, "go's own tools come first (the toolchain's pkg/tool)");
            Assert.AreEqual(GoToolKind.Ambiguous, Kind("dup").Item1);
            Assert.AreEqual(GoToolKind.NotDeclared, Kind("nope").Item1);

            (GoToolKind, string?) Kind(string name)
            {
                var (kind, matches) = GenerateDirectives.ResolveTool(name, goMod, "/usr/lib/go-1.27");
                return (kind, matches.Count == 1 ? matches[0].Path : null);
            }
        }
        finally { Directory.Delete(module, true); }
    }
}
