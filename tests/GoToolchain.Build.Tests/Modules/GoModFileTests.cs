using System.IO;
using System.Linq;
using GoToolchain.Build.Diagnostics;
using GoToolchain.Build.Modules;
using GoToolchain.Build.Versions;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.Tests.Modules;

[TestClass]

[TestCategory("unit")]
public sealed class GoModFileTests
{
    private const string Path = "/src/greeter/go.mod";

    private const string Full = """
        // A module with every directive go 1.25 knows.
        module example.com/greeter // trailing comment

        go 1.22.3

        toolchain go1.23.5

        godebug httpmuxgo121=1
        godebug (
        	panicnil=1 // comment
        )

        require (
        	example.com/a v1.0.0
        	example.com/b v1.2.3 // indirect
        )

        require example.com/c v0.1.0

        replace example.com/a => ../a
        replace (
        	example.com/b v1.2.3 => example.com/b2 v1.2.4
        	"example.com/q" => "./q dir"
        )

        exclude example.com/b v1.2.2
        exclude (
        	example.com/b v1.2.1
        )

        retract v0.9.0
        retract [v0.1.0, v0.2.0] // broken
        retract (
        	v0.0.1
        )

        tool example.com/a/cmd/gen
        tool (
        	example.com/b/cmd/x
        )

        ignore ./node_modules
        ignore (
        	./testdata/big
        )

        require ()
        """;

    [TestMethod]
    public void LoadKeepsAByteOrderMarkThatGoRejects()
    {
        // File.ReadAllText would drop the mark; go reports it (GoModCorpusAgainstGoTests compares the words).
        var directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "gotb-bom-" + System.Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            var path = System.IO.Path.Combine(directory, "go.mod");
            File.WriteAllBytes(path, new byte[] { 0xEF, 0xBB, 0xBF }.Concat(System.Text.Encoding.ASCII.GetBytes("module m\n\ngo 1.22\n")).ToArray());
            var error = GoModFile.Load(path, GoVersion.Parse("1.23")).Diagnostics.Single();
            Assert.AreEqual(Codes.GoModMalformed, error.Code);
            StringAssert.Contains(error.Message, "unexpected input character");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [TestMethod]
    public void ReadsEveryDirective()
    {
        var file = GoModFile.Parse(Full, Path);
        Assert.AreEqual(0, file.Diagnostics.Count, string.Join("\n", file.Diagnostics));
        Assert.IsFalse(file.HasErrors);
        Assert.AreEqual("example.com/greeter", file.ModulePath);
        Assert.AreEqual(2, file.ModuleLine);
        Assert.AreEqual("1.22.3", file.Go!.Value);
        Assert.AreEqual(4, file.Go.Line);
        Assert.AreEqual(GoVersion.Parse("1.22.3"), file.Go.Version);
        Assert.AreEqual("go1.23.5", file.Toolchain!.Value);
        Assert.AreEqual(6, file.Toolchain.Line);
        Assert.AreEqual(GoVersion.Parse("1.23.5"), file.Toolchain.Version);
        CollectionAssert.AreEqual(new[] { "httpmuxgo121=1@8", "panicnil=1@10" },
            file.Godebug.Select(g => $"{g.Key}={g.Value}@{g.Line}").ToArray());
        Assert.AreEqual(Path, file.FilePath);
    }

    [TestMethod]
    public void QuotedModulePathIsUnquoted()
    {
        var file = GoModFile.Parse("module \"example.com/m\\u00e9\"\ngo 1.21\n", Path);
        Assert.AreEqual(0, file.Diagnostics.Count);
        Assert.AreEqual("example.com/mé", file.ModulePath);
    }

    [TestMethod]
    public void ModuleMayBeABlock()
    {
        var file = GoModFile.Parse("module (\n\texample.com/m\n)\n", Path);
        Assert.AreEqual(0, file.Diagnostics.Count);
        Assert.AreEqual("example.com/m", file.ModulePath);
        Assert.AreEqual(2, file.ModuleLine);
        Assert.IsNull(file.Go);
    }

    [TestMethod]
    public void CrLfAndTabsAndCommentsAreFine()
    {
        var file = GoModFile.Parse("// c\r\nmodule m\r\n\r\n\tgo\t1.21 // c\r\ntoolchain go1.22.0\r\n", Path);
        Assert.AreEqual(0, file.Diagnostics.Count, string.Join("\n", file.Diagnostics));
        Assert.AreEqual("1.21", file.Go!.Value);
        Assert.AreEqual(4, file.Go.Line);
        Assert.AreEqual(5, file.Toolchain!.Line);
    }

    [TestMethod]
    public void ToolchainDefaultHasNoVersion()
    {
        var file = GoModFile.Parse("module m\ngo 1.21\ntoolchain default\n", Path);
        Assert.AreEqual(0, file.Diagnostics.Count);
        Assert.AreEqual("default", file.Toolchain!.Value);
        Assert.IsNull(file.Toolchain.Version);
    }

    // text, line, column (0 = go prints none), go's own words
    [TestMethod]
    [DataRow("module m\ngo 1.2x\n", 2, 0, "invalid go version '1.2x': must match format 1.23.0")]
    [DataRow("module m\ngo 1.21.0rc1x\n", 2, 0, "invalid go version '1.21.0rc1x': must match format 1.23.0")]
    [DataRow("module m\ngo \"1.21\"\n", 2, 0, "invalid go version '\"1.21\"': must match format 1.23.0")]
    [DataRow("module m\ngo\n", 2, 0, "go directive expects exactly one argument")]
    [DataRow("module m\ngo 1.21 1.22\n", 2, 0, "go directive expects exactly one argument")]
    [DataRow("module m\ngo 1.21\ngo 1.22\n", 3, 0, "repeated go statement")]
    [DataRow("module m\nmodule n\n", 2, 0, "repeated module statement")]
    [DataRow("module m\ngo 1.21\ntoolchain go1.21\ntoolchain go1.22.0\n", 4, 0, "repeated toolchain statement")]
    [DataRow("module m\ntoolchain 1.21.0\n", 2, 0, "invalid toolchain version '1.21.0': must match format go1.23.0 or default")]
    [DataRow("module m\ntoolchain\n", 2, 0, "toolchain directive expects exactly one argument")]
    [DataRow("module m\nfoo bar\n", 2, 0, "unknown directive: foo")]
    [DataRow("module m\nuse ./x\n", 2, 0, "unknown directive: use")]
    [DataRow("module m\n)\n", 2, 0, "unknown directive: )")]
    [DataRow("module m\ngo (\n\t1.21\n)\n", 2, 0, "unknown block type: go")]
    [DataRow("module m\nrequire x (\n)\n", 2, 0, "unknown block type: require x")]
    [DataRow("module m\nrequire (\n\texample.com/a v1.0.0\n", 4, 0, "syntax error (unterminated block started at /src/greeter/go.mod:2:1)")]
    [DataRow("module m\nrequire (\n\texample.com/a v1.0.0\n) x\n", 4, 4, "syntax error (expected newline after closing paren)")]
    [DataRow("module \"m\n", 1, 10, "unexpected newline in string")]
    [DataRow("module m\nreplace a => \"b", 2, 14, "unexpected EOF in string")]
    [DataRow("module m /* c */\n", 1, 10, "mod files must use // comments (not /* */ comments)")]
    [DataRow("module m\ngo 1.21 \u0001\n", 2, 9, "unexpected input character '\\x01'")]
    [DataRow("module m\ngo\v1.21\n", 2, 3, "unexpected input character '\\v'")]
    [DataRow("module `m`\n", 1, 0, "invalid quoted string: unquoted string cannot contain quote")]
    [DataRow("module \"m\\q\"\n", 1, 0, "invalid quoted string: invalid syntax")]
    [DataRow("module\n", 1, 0, "usage: module module/path")]
    [DataRow("module m\nrequire (\n\tx\n)\n", 3, 2, "usage: require module/path v1.2.3")]
    [DataRow("module m\nexclude x\n", 2, 0, "usage: exclude module/path v1.2.3")]
    [DataRow("module m\nreplace a b\n", 2, 0, "usage: replace module/path [v1.2.3] => other/module v1.4\n\t or replace module/path [v1.2.3] => ../local/directory")]
    [DataRow("module m\nreplace a => b\n", 2, 0, "replacement module without version must be directory path (rooted or starting with . or ..)")]
    [DataRow("module m\nreplace a => b@v1.0.0\n", 2, 0, "replacement module must match format 'path version', not 'path@version'")]
    [DataRow("module m\nreplace a => ./b v1.0.0\n", 2, 0, "replacement module directory path \"./b\" cannot have version")]
    [DataRow("module m\nretract\n", 2, 0, "expected '[' or version")]
    [DataRow("module m\nretract [v1.0.0\n", 2, 0, "expected ',' after version")]
    [DataRow("module m\nretract [v1.0.0, v1.1.0\n", 2, 0, "expected ']' after version")]
    [DataRow("module m\nretract v1.0.0 v1.1.0\n", 2, 0, "unexpected token after version: \"v1.1.0\"")]
    [DataRow("module m\ngodebug x\n", 2, 0, "usage: godebug key=value")]
    [DataRow("module m\ngodebug a=\"b\"\n", 2, 0, "usage: godebug key=value")]
    [DataRow("go 1.21\n", 1, 0, "error reading /src/greeter/go.mod: missing module declaration. To specify the module path:\n\tgo mod edit -module=example.com/mod")]
    [DataRow("", 1, 0, "missing module declaration")]
    public void MalformedIsGoModMalformedAtTheLineWithGosWords(string text, int line, int column, string goMessage)
    {
        var file = GoModFile.Parse(text, Path);
        Assert.IsTrue(file.HasErrors);
        var error = file.Diagnostics.First();
        goMessage = goMessage.Replace("\n\t", " ");
        Assert.AreEqual(Codes.GoModMalformed, error.Code);
        Assert.AreEqual(Severity.Error, error.Severity);
        Assert.AreEqual(Path, error.File);
        Assert.AreEqual(line, error.Line, error.Message);
        Assert.AreEqual(column, error.Column, error.Message);
        StringAssert.Contains(error.Message, goMessage);
        StringAssert.Contains(error.Message, "Fix: ");
        if (!goMessage.Contains("missing module")) StringAssert.Contains(error.Message, $"{Path}:{line}{(column > 1 ? $":{column}" : "")}: {goMessage}");
    }

    [TestMethod]
    public void AllRuleErrorsAreReportedButOnlyTheFirstSyntaxError()
    {
        var rules = GoModFile.Parse("module m\nfoo\ngo 1.2x\nbar baz\n", Path);
        CollectionAssert.AreEqual(new[] { 2, 3, 4 }, rules.Diagnostics.Select(d => d.Line).ToArray());

        var syntax = GoModFile.Parse("module m\nfoo\nbar \"x\ngo 1.2x\n", Path);
        Assert.AreEqual(1, syntax.Diagnostics.Count);
        StringAssert.Contains(syntax.Diagnostics[0].Message, "unexpected newline in string");
    }

    [TestMethod]
    public void MissingModuleIsOnlyReportedForAnOtherwiseReadableFile()
    {
        var file = GoModFile.Parse("go 1.2x\n", Path);
        Assert.AreEqual(1, file.Diagnostics.Count);
        StringAssert.Contains(file.Diagnostics[0].Message, "invalid go version");
    }

    [TestMethod]
    public void RejectedGoAndToolchainLinesAreStillRecordedAsWritten()
    {
        var file = GoModFile.Parse("module m\ngo 1.2x\ntoolchain foo\n", Path);
        Assert.AreEqual(2, file.Diagnostics.Count);
        Assert.AreEqual("1.2x", file.Go!.Value);
        Assert.AreEqual(2, file.Go.Line);
        Assert.AreEqual("foo", file.Toolchain!.Value);
        Assert.IsNull(file.Toolchain.Version);

        var accepted = GoModFile.Parse("module m\ngo 1.2x\ngo 1.21\n", Path);
        Assert.AreEqual("1.21", accepted.Go!.Value); // go takes the valid one
        Assert.AreEqual(1, accepted.Diagnostics.Count);
    }

    [TestMethod]
    [DataRow("1.19.8", "module m\ngo 1.21\ntoolchain go1.23.5\n", 3, "unknown directive: toolchain")]
    [DataRow("1.19.8", "module m\ngo 1.22.0\n", 2, "invalid go version '1.22.0': must match format 1.23")]
    [DataRow("1.19.8", "module m\ngo 1.21rc1\n", 2, "invalid go version '1.21rc1': must match format 1.23")]
    [DataRow("1.21.13", "module m\ngo 1.2x\n", 2, "invalid go version '1.2x': must match format 1.23")]
    [DataRow("1.21.13", "module m\ntoolchain foo\n", 2, "invalid toolchain version 'foo': must match format go1.23 or local")]
    [DataRow("1.22.12", "module m\ntoolchain foo\n", 2, "invalid toolchain version 'foo': must match format go1.23.0 or local")]
    [DataRow("1.22.12", "module m\ngo 1.21\ngodebug x=1\n", 3, "unknown directive: godebug")]
    [DataRow("1.22.12", "module m\ngodebug (\n x=1\n)\n", 2, "unknown block type: godebug")]
    [DataRow("1.23.5", "module m\ntool example.com/x\n", 2, "unknown directive: tool")]
    [DataRow("1.23.5", "module m\nignore ./x\n", 2, "unknown directive: ignore")]
    public void OlderGoRejectsWhatItDoesNotKnow(string toolchain, string text, int line, string goMessage)
    {
        var file = GoModFile.Parse(text, Path, GoVersion.Parse(toolchain));
        var error = file.Diagnostics.Single();
        Assert.AreEqual(line, error.Line);
        StringAssert.Contains(error.Message, $"{Path}:{line}: {goMessage}.");
        StringAssert.Contains(error.Message, $"go {GoVersion.Parse(toolchain)}");
        Assert.AreEqual(0, GoModFile.Parse(text.Replace("go 1.2x", "go 1.21").Replace("toolchain foo", "toolchain go1.21.0"), Path).Diagnostics.Count,
            "the newest rules accept it");
    }

    [TestMethod]
    [DataRow("1.21.13", "module m\nreplace a => b\n", "replacement module without version must be directory path (rooted or starting with ./ or ../)")]
    [DataRow("1.22.12", "module m\nreplace a => b\n", "replacement module without version must be directory path (rooted or starting with . or ..)")]
    [DataRow("1.19.8", "module m\nreplace a => b@v1\n", "replacement module without version must be directory path (rooted or starting with ./ or ../)")]
    [DataRow("1.21.13", "module m\nreplace a => b@v1\n", "replacement module must match format 'path version', not 'path@version'")]
    [DataRow("1.19.8", "go 1.17\n", "no module declaration in go.mod. To specify the module path: go mod edit -module=example.com/mod")]
    [DataRow("1.21.13", "go 1.17\n", "error reading /src/greeter/go.mod: missing module declaration. To specify the module path: go mod edit -module=example.com/mod")]
    public void WordingFollowsTheToolchain(string toolchain, string text, string goMessage)
        => StringAssert.Contains(GoModFile.Parse(text, Path, GoVersion.Parse(toolchain)).Diagnostics.Single().Message, goMessage);

    [TestMethod]
    [DataRow("1.24.4", "module m\ntool a b\n", 2, 0, "tool directive expects exactly one argument")]
    [DataRow("1.27.4", "module m\ntool\n", 2, 0, "tool directive expects exactly one argument")]
    [DataRow("1.24.4", "module m\ntool (\n\ta b\n)\n", 3, 2, "tool directive expects exactly one argument")]
    [DataRow("1.24.4", "module m\nignore ./x\n", 2, 0, "unknown directive: ignore")]
    [DataRow("1.25.12", "module m\nignore a b\n", 2, 0, "ignore directive expects exactly one argument")]
    [DataRow("1.24.4", "module m\ntool 'x'\n", 2, 0, "invalid quoted string: unquoted string cannot contain quote")]
    [DataRow("1.24.4", "module m\ntool `x`\n", 2, 0, "invalid quoted string: unquoted string cannot contain quote")]
    [DataRow("1.26.11", "module m\nignore './x'\n", 2, 0, "invalid quoted string: unquoted string cannot contain quote")]
    [DataRow("1.24.4", "module m\ntool \"x\\q\"\n", 2, 0, "invalid quoted string: invalid syntax")]
    public void ToolAndIgnoreLinesAreCheckedWithGosWords(string toolchain, string text, int line, int column, string goMessage)
    {
        var error = GoModFile.Parse(text, Path, GoVersion.Parse(toolchain)).Diagnostics.Single();
        Assert.AreEqual(Codes.GoModMalformed, error.Code);
        Assert.AreEqual(line, error.Line);
        Assert.AreEqual(column, error.Column);
        StringAssert.Contains(error.Message, $": {goMessage}.");
    }

    [TestMethod]
    public void IgnoreLinesAreKeptUnquotedInFileOrder()
    {
        var file = GoModFile.Parse("module m\ngo 1.25\nignore ./node_modules\nignore (\n\t\"web/dist\"\n\tx\\u0041\n)\n", Path, GoVersion.Parse("1.25.12"));
        Assert.AreEqual(0, file.Diagnostics.Count, string.Join("\n", file.Diagnostics));
        CollectionAssert.AreEqual(new[] { "./node_modules:3", "web/dist:5", "x\\u0041:6" }, file.Ignores.Select(i => $"{i.Path}:{i.Line}").ToList());
        Assert.AreEqual(0, GoModFile.Parse("module m\ntool \"example.com/x\"\n", Path, GoVersion.Parse("1.24.4")).Diagnostics.Count,
            "a double-quoted tool path is a path");
    }

    [TestMethod]
    public void OldRulesAcceptWhatOldGoAccepts()
    {
        var go119 = GoVersion.Parse("1.19.8");
        Assert.AreEqual(0, GoModFile.Parse("module m\ngo 1.23\nrequire example.com/a v1.0.0\n", Path, go119).Diagnostics.Count);
        Assert.AreEqual(0, GoModFile.Parse("module m\ngo 1.21.0\ntoolchain go1.22.0\n", Path, GoVersion.Parse("1.21.13")).Diagnostics.Count);
        Assert.AreEqual(0, GoModFile.Parse("module m\ngodebug x=1\n", Path, GoVersion.Parse("1.23.5")).Diagnostics.Count);
    }

    [TestMethod]
    public void UnknownNewerDirectiveSaysWhichGoKnowsIt()
    {
        var error = GoModFile.Parse("module m\ntoolchain go1.23.5\n", Path, GoVersion.Parse("1.19.8")).Diagnostics.Single();
        StringAssert.Contains(error.Message, "needs Go 1.21 or newer");
        var unknown = GoModFile.Parse("module m\nfoo\n", Path).Diagnostics.Single();
        StringAssert.Contains(unknown.Message, "module, go, toolchain, godebug, require, exclude, replace, retract, tool, ignore");
    }

    [TestMethod]
    public void LoadReadsTheFile()
    {
        var directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "gotb-gomod-" + System.Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            var path = System.IO.Path.Combine(directory, "go.mod");
            File.WriteAllText(path, "module example.com/x\n\ngo 1.22\n");
            var file = GoModFile.Load(path);
            Assert.AreEqual("example.com/x", file.ModulePath);
            Assert.AreEqual(3, file.Go!.Line);

            var missing = GoModFile.Load(System.IO.Path.Combine(directory, "nope", "go.mod"));
            var error = missing.Diagnostics.Single();
            Assert.AreEqual(Codes.GoModMissing, error.Code);
            StringAssert.Contains(error.Message, "does not exist");
            StringAssert.Contains(error.Message, "go mod init");
            Assert.IsNull(missing.Go);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
