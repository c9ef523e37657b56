using System;
using System.Linq;
using System.Text;
using GoToolchain.Build.Diagnostics;
using GoToolchain.Build.Modules;
using GoToolchain.Build.Versions;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.Tests.Modules;

/// <summary>Hostile input must give diagnostics, never an exception.</summary>
[TestClass]
[TestCategory("unit")]
public sealed class GoModFuzzTests
{
    private const string Sample = "// c\nmodule \"example.com/m\"\n\ngo 1.22.3\ntoolchain go1.23.5\ngodebug (\n\ta=1\n)\nrequire (\n\texample.com/a v1.0.0 // indirect\n)\nreplace example.com/a => ../a\nretract [v0.1.0, v0.2.0]\nuse (\n\t./x\n)\n";

    private static readonly GoVersion?[] Rules = { null, GoVersion.Parse("1.19.8"), GoVersion.Parse("1.21.13"), GoVersion.Parse("1.22.12"), GoVersion.Parse("1.23.5") };

    private static void AssertWellFormed(string text)
    {
        foreach (var rules in Rules)
        {
            var mod = GoModFile.Parse(text, "/f/go.mod", rules);
            var work = GoWorkFile.Parse(text, "/f/go.work", rules);
            var lines = text.Count(c => c == '\n') + 1;
            foreach (var d in mod.Diagnostics.Concat(work.Diagnostics))
            {
                Assert.IsTrue(d.Code is Codes.GoModMalformed or Codes.GoWorkMalformed, d.ToString());
                Assert.IsTrue(d.Line >= 1 && d.Line <= lines, $"line {d.Line} outside 1..{lines}: {d}");
            }
            foreach (var directive in new[] { mod.Go, mod.Toolchain, work.Go, work.Toolchain })
            {
                if (directive is not null) Assert.IsTrue(directive.Line >= 1 && directive.Line <= lines);
            }
        }
    }

    [TestMethod]
    public void RandomBytes()
    {
        var random = new Random(20250110);
        for (var i = 0; i < 400; i++)
        {
            var bytes = new byte[random.Next(0, 300)];
            random.NextBytes(bytes);
            AssertWellFormed(Encoding.UTF8.GetString(bytes)); // invalid UTF-8 becomes U+FFFD, as go reads it
        }
    }

    [TestMethod]
    public void EveryTruncation()
    {
        for (var length = 0; length <= Sample.Length; length++) AssertWellFormed(Sample.Substring(0, length));
    }

    [TestMethod]
    public void TokenSoup()
    {
        string[] vocabulary =
        {
            "module", "go", "toolchain", "godebug", "use", "require", "replace", "exclude", "retract", "tool", "ignore",
            "1.21", "1.22.0", "go1.23.5", "default", "a=1", "=>", "v1.0.0", "./x", "(", ")", "[", "]", ",", "{", "}",
            "\n", "\n", "\n", "\r\n", " ", "\t", "//c", "/*", "\"q\"", "\"q", "`r`", "`r", "\\", "é", "😀", "\u0001", "\u200b", "\uffff", "\ud800",
        };
        var random = new Random(42);
        for (var i = 0; i < 3000; i++)
        {
            var text = new StringBuilder();
            var count = random.Next(0, 40);
            for (var k = 0; k < count; k++) text.Append(vocabulary[random.Next(vocabulary.Length)]).Append(random.Next(3) == 0 ? "" : " ");
            AssertWellFormed(text.ToString());
        }
    }

    [TestMethod]
    public void LoneSurrogatesAndControlCharactersAreReportedNotThrown()
    {
        // A lone surrogate stands for undecodable bytes, which go reads as U+FFFD: part of a word.
        var file = GoModFile.Parse("module m\ngo 1.21\ud800\n", "/f/go.mod");
        Assert.AreEqual(2, file.Diagnostics.Single().Line);
        StringAssert.Contains(file.Diagnostics[0].Message, "invalid go version '1.21\ud800'");
        var control = GoModFile.Parse("module m\ngo 1.21 \u200b\n", "/f/go.mod");
        StringAssert.Contains(control.Diagnostics.Single().Message, "unexpected input character '\\u200b'");
        AssertWellFormed(new string('(', 5000)); // deep nesting is not recursion
        AssertWellFormed(string.Concat(Enumerable.Repeat("require (\n", 2000)));
    }
}
