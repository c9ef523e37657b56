using System.IO;
using System.Linq;
using GoToolchain.Build.Diagnostics;
using GoToolchain.Build.Modules;
using GoToolchain.Build.Versions;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.Tests.Modules;

[TestClass]

[TestCategory("unit")]
public sealed class GoWorkFileTests
{
    private const string Path = "/src/ws/go.work";

    [TestMethod]
    public void ReadsUseEntriesInBothForms()
    {
        var file = GoWorkFile.Parse("""
            go 1.22

            toolchain go1.23.5

            use ./greeter // the library
            use (
            	./tool
            	"./with space"
            	// a comment
            	../outside
            )
            use /abs/mod

            replace example.com/a => ./a
            godebug panicnil=1
            """, Path);
        Assert.AreEqual(0, file.Diagnostics.Count, string.Join("\n", file.Diagnostics));
        Assert.AreEqual("1.22", file.Go!.Value);
        Assert.AreEqual(1, file.Go.Line);
        Assert.AreEqual("go1.23.5", file.Toolchain!.Value);
        Assert.AreEqual(3, file.Toolchain.Line);
        CollectionAssert.AreEqual(new[] { "./greeter@5", "./tool@7", "./with space@8", "../outside@10", "/abs/mod@12" },
            file.Uses.Select(u => $"{u.Path}@{u.Line}").ToArray());
        Assert.AreEqual("panicnil", file.Godebug.Single().Key);
    }

    [TestMethod]
    public void NoModuleLineIsNeeded()
        => Assert.AreEqual(0, GoWorkFile.Parse("go 1.21\n", Path).Diagnostics.Count);

    [TestMethod]
    [DataRow("go 1.22\nmodule m\n", 2, 0, "unknown directive: module")]
    [DataRow("go 1.22\nrequire a v1.0.0\n", 2, 0, "unknown directive: require")]
    [DataRow("go 1.22\nuse a b\n", 2, 0, "usage: use local/dir")]
    [DataRow("go 1.22\nuse\n", 2, 0, "usage: use local/dir")]
    [DataRow("go 1.22\nuse `a`\n", 2, 0, "invalid quoted string: unquoted string cannot contain quote")]
    [DataRow("go 1.22\n\nuse (\n  ./a\n  \"./b\n)\n", 5, 7, "unexpected newline in string")]
    [DataRow("go 1.22\n\nuse (\n  ./a\n", 5, 0, "syntax error (unterminated block started at /src/ws/go.work:3:1)")]
    [DataRow("go 1.22\n)\nuse ./a\n", 2, 0, "unknown directive: )")]
    [DataRow("go 1.22\nuse ./a /* x */\n", 2, 9, "mod files must use // comments (not /* */ comments)")]
    [DataRow("go 1.2x\n", 1, 0, "invalid go version '1.2x': must match format 1.23.0")]
    [DataRow("go 1.22\ngo 1.22\n", 2, 0, "repeated go statement")]
    [DataRow("go 1.22\nexclude (\n)\n", 2, 0, "unknown block type: exclude")]
    public void MalformedIsGoWorkMalformed(string text, int line, int column, string goMessage)
    {
        var file = GoWorkFile.Parse(text, Path);
        var error = file.Diagnostics.First();
        Assert.AreEqual(Codes.GoWorkMalformed, error.Code);
        Assert.AreEqual(Severity.Error, error.Severity);
        Assert.AreEqual(Path, error.File);
        Assert.AreEqual(line, error.Line, error.Message);
        Assert.AreEqual(column, error.Column, error.Message);
        StringAssert.Contains(error.Message, goMessage);
        StringAssert.Contains(error.Message, "Fix: ");
    }

    [TestMethod]
    [DataRow("1.19.8", "go 1.21\ntoolchain go1.22.0\n", "unknown directive: toolchain")]
    [DataRow("1.22.12", "go 1.2x\n", "invalid go version '1.2x': must match format 1.23")]   // go.work kept the old wording in 1.22
    [DataRow("1.22.12", "go 1.22\ntoolchain x\n", "invalid toolchain version 'x': must match format go1.23 or local")]
    [DataRow("1.22.12", "go 1.22\ngodebug a=1\n", "unknown directive: godebug")]
    [DataRow("1.23.5", "go 1.2x\n", "invalid go version '1.2x': must match format 1.23.0")]
    public void RulesFollowTheToolchain(string toolchain, string text, string goMessage)
    {
        var error = GoWorkFile.Parse(text, Path, GoVersion.Parse(toolchain)).Diagnostics.Single();
        StringAssert.Contains(error.Message, goMessage + ".");
    }

    [TestMethod]
    public void FindsTheUseEntryOfAModule()
    {
        var file = GoWorkFile.Parse("go 1.22\nuse ./a\nuse (\n\t./b/\n\t../c\n)\n", "/src/ws/go.work");
        Assert.AreEqual(2, file.FindUse("/src/ws/a")!.Line);
        Assert.AreEqual(4, file.FindUse("/src/ws/b")!.Line);
        Assert.AreEqual(5, file.FindUse("/src/c/")!.Line);
        Assert.IsNull(file.FindUse("/src/ws/d"));
        Assert.IsNull(file.CheckModuleListed("/src/ws/a"));

        var error = file.CheckModuleListed("/src/ws/d")!;
        Assert.AreEqual(Codes.ModuleNotInWorkspace, error.Code);
        Assert.AreEqual(Severity.Error, error.Severity);
        Assert.AreEqual("/src/ws/go.work", error.File);
        StringAssert.Contains(error.Message, "/src/ws/d");
        StringAssert.Contains(error.Message, "go work use ./d");
        StringAssert.Contains(error.Message, "GOWORK=off");
    }

    [TestMethod]
    public void LoadOfAMissingFileIsGoWorkMalformed()
    {
        var file = GoWorkFile.Load(System.IO.Path.Combine(System.IO.Path.GetTempPath(), "gotb-none-" + System.Guid.NewGuid().ToString("N"), "go.work"));
        Assert.AreEqual(Codes.GoWorkMalformed, file.Diagnostics.Single().Code);
        Assert.AreEqual(0, file.Uses.Count);
    }

    [TestMethod]
    public void LoadReadsTheFile()
    {
        var path = System.IO.Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "go 1.23\nuse ./x\n");
            var file = GoWorkFile.Load(path);
            Assert.AreEqual("./x", file.Uses.Single().Path);
            Assert.AreEqual(path, file.FilePath);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
