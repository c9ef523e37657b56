using System;
using System.Collections.Generic;
using System.Linq;
using GoToolchain.Build.Toolchain;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.Tests.Toolchain;

[TestClass]

[TestCategory("unit")]
public sealed class GoEnvJsonTests
{
    private static IReadOnlyDictionary<string, string> ParseOk(string text)
    {
        var map = GoEnvJson.Parse(text, out var error);
        Assert.IsNull(error, error);
        Assert.IsNotNull(map);
        return map;
    }

    private static string ParseFails(string text)
    {
        var map = GoEnvJson.Parse(text, out var error);
        Assert.IsNull(map, $"'{text}' parsed");
        Assert.IsNotNull(error);
        return error;
    }

    [TestMethod]
    public void ReadsGoEnvJsonAsGo123PrintsIt()
    {
        // go 1.23 `go env -json NAME...`: sorted keys, tab indent, every value a string.
        var map = ParseOk("{\n\t\"GOROOT\": \"/usr/lib/go-1.23\",\n\t\"GOTOOLCHAIN\": \"local\",\n\t\"GOVERSION\": \"go1.23.5\",\n\t\"NOPE\": \"\"\n}\n");
        Assert.AreEqual(4, map.Count);
        Assert.AreEqual("/usr/lib/go-1.23", map["GOROOT"]);
        Assert.AreEqual("local", map["GOTOOLCHAIN"]);
        Assert.AreEqual("go1.23.5", map["GOVERSION"]);
        Assert.AreEqual("", map["NOPE"]);
    }

    [TestMethod]
    public void EmptyObjectIsAnEmptyMap()
    {
        Assert.AreEqual(0, ParseOk("{}").Count);
        Assert.AreEqual(0, ParseOk(" \r\n{\n}\n ").Count);
    }

    [TestMethod]
    public void LeadingByteOrderMarkIsSkipped()
        => Assert.AreEqual("go1.22.12", ParseOk("\uFEFF{\"GOVERSION\": \"go1.22.12\"}")["GOVERSION"]);

    [TestMethod]
    public void KeysAreCaseSensitive()
    {
        var map = ParseOk("{\"GOPATH\": \"/a\", \"gopath\": \"/b\"}");
        Assert.AreEqual("/a", map["GOPATH"]);
        Assert.AreEqual("/b", map["gopath"]);
    }

    [TestMethod]
    public void DecodesEveryJsonEscape()
    {
        var map = ParseOk(@"{""V"": ""q\"" b\\ s\/ \b\f\n\r\t""}");
        Assert.AreEqual("q\" b\\ s/ \b\f\n\r\t", map["V"]);
    }

    [TestMethod]
    public void DecodesUnicodeEscapesIncludingSurrogatePairs()
    {
        // go's encoder writes U+2028/U+2029 and '<', '>', '&' as \u escapes; non-BMP characters arrive as a pair.
        var map = ParseOk(@"{""GOROOT"": ""/home/\u00e9l\u00E8ve/\u7a7a \u683c/go"", ""E"": ""\ud83d\ude00"", ""H"": ""\u003c\u0026\u003e\u2028""}");
        Assert.AreEqual("/home/élève/空 格/go", map["GOROOT"]);
        Assert.AreEqual("😀", map["E"]);
        Assert.AreEqual(2, map["E"].Length);
        Assert.AreEqual("<&>\u2028", map["H"]);
    }

    [TestMethod]
    public void RawNonAsciiIsKept() => Assert.AreEqual("/tmp/空 格/go", ParseOk("{\"GOROOT\": \"/tmp/空 格/go\"}")["GOROOT"]);

    [TestMethod]
    [DataRow("", "character 0: expected '{' but found the end")]
    [DataRow("   ", "character 3: expected '{' but found the end")]
    [DataRow("go: cannot find GOROOT directory: /x", "character 0: expected '{' but found 'g'")]
    [DataRow("{\"A\" \"b\"}", "character 5: expected ':' but found '\"'")]
    [DataRow("{\"A\": {}}", "character 6: expected a string, number, true, false or null but found '{'")]
    [DataRow("{\"A\": 1x}", "character 6: expected a string, number, true, false or null but found '1'")]
    [DataRow("{\"A\": \"b\",}", "character 10: expected '\"' but found '}'")]
    [DataRow("{\"A\": \"b\" \"C\": \"d\"}", "character 11: expected ',' or '}' but found '\"'")]
    [DataRow("{\"A\": \"b\"", "character 9: unexpected end of output")]
    [DataRow("{\"A\": \"b", "character 8: unexpected end of output")]
    [DataRow("{\"A\": \"b\"} trailing", "character 11: unexpected text after the object: 't'")]
    [DataRow("{\"A\": \"b\"}{}", "character 10: unexpected text after the object: '{'")]
    [DataRow("{\"A\": \"\\x\"}", "character 9: bad escape 'x'")]
    [DataRow("{\"A\": \"\\u12\"}", "character 9: bad \\u escape")]
    [DataRow("{\"A\": \"\\u12G4\"}", "character 9: bad \\u escape")]
    [DataRow("{\"A\": \"a\nb\"}", "character 9: control character inside a string")]
    [DataRow("[\"A\"]", "character 0: expected '{' but found '['")]
    public void GarbageIsRejectedWithThePosition(string text, string expected)
        => Assert.AreEqual("not go env -json output at character " + expected.Substring("character ".Length), ParseFails(text));

    [TestMethod]
    public void NumbersAndBooleansOfGosOtherStreamsAreKeptAsTheirText()
    {
        // go test -json: {"Action":"pass","Elapsed":0.006}; null is left out, as go's omitempty would have it.
        var map = ParseOk("{\"Action\": \"pass\", \"Elapsed\": 0.006, \"N\": -1e3, \"Ok\": true, \"Gone\": null}");
        Assert.AreEqual("0.006", map["Elapsed"]);
        Assert.AreEqual("-1e3", map["N"]);
        Assert.AreEqual("true", map["Ok"]);
        Assert.IsFalse(map.ContainsKey("Gone"));
    }

    [TestMethod]
    public void NullTextIsAnErrorNotAnException() => StringAssert.Contains(ParseFails(null!), "expected '{'");

    [TestMethod]
    public void NeverThrowsOnRandomInput()
    {
        // Whatever a broken go binary prints, the probe gets null and a message, never an exception.
        var random = new Random(20261122);
        const string alphabet = "{}[]\":,\\u0aF \t\n\r\uFEFFGOxyz/é";
        for (var i = 0; i < 5000; i++)
        {
            var text = new string(Enumerable.Range(0, random.Next(0, 40)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
            var map = GoEnvJson.Parse(text, out var error);
            Assert.IsTrue((map is null) != (error is null), $"exactly one of map and error for '{text}'");
        }
    }

    [TestMethod]
    public void WriteProducesGosShape()
    {
        var text = GoEnvJson.Write(new Dictionary<string, string> { ["GOROOT"] = "/usr/lib/go-1.23", ["GOVERSION"] = "go1.23.5" });
        Assert.AreEqual("{\n\t\"GOROOT\": \"/usr/lib/go-1.23\",\n\t\"GOVERSION\": \"go1.23.5\"\n}\n", text);
    }

    [TestMethod]
    public void WriteEscapesQuotesBackslashesAndControlCharacters()
    {
        var text = GoEnvJson.Write(new Dictionary<string, string> { ["K"] = "a\"b\\c\nd\re\tf\u0001g\u001fh" });
        Assert.AreEqual("{\n\t\"K\": \"a\\\"b\\\\c\\nd\\re\\tf\\u0001g\\u001fh\"\n}\n", text);
    }

    [TestMethod]
    public void WriteThenParseRoundTrips()
    {
        var original = new Dictionary<string, string>
        {
            ["GOROOT"] = @"C:\Program Files\Go",
            ["GOFLAGS"] = "-ldflags=\"-s -w\" -mod=vendor",
            ["GOPROXY"] = "https://alice:p@ss@proxy.example/x|direct",
            ["UNICODE"] = "空 格 élève 😀 \u2028",
            ["CONTROL"] = "\u0000\u0001\b\f\n\r\t\u007f",
            ["EMPTY"] = "",
            [""] = "an empty key",
        };
        var back = ParseOk(GoEnvJson.Write(original));
        CollectionAssert.AreEquivalent(original.ToList(), back.ToList());
    }

    [TestMethod]
    public void EmptyMapRoundTrips() => Assert.AreEqual(0, ParseOk(GoEnvJson.Write(new Dictionary<string, string>())).Count);
}
