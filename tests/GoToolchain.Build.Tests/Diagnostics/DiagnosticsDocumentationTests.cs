using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using GoToolchain.Build.Diagnostics;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.Tests.Diagnostics;

/// <summary>Codes.cs and docs/diagnostics.md list the same codes, and every help link lands on the section that documents its code.</summary>
[TestClass]
[TestCategory("unit")]
public sealed class DiagnosticsDocumentationTests
{
    private static readonly string Document = Path.Combine(typeof(DiagnosticsDocumentationTests).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!, "docs", "diagnostics.md");

    private static IReadOnlyList<string> CodesInSource() => typeof(Codes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(string))
        .Select(f => (string)f.GetRawConstantValue()!)
        .ToList();

    /// <summary>One documented code: its table row's anchor (null when the row has none), severity and fix (the last column).</summary>
    private sealed record Row(string? Anchor, string Severity, string Fix);

    /// <summary>Each documented code: a table row that starts with it, after the anchor named after it.</summary>
    private static IReadOnlyDictionary<string, Row> DocumentedCodes()
    {
        var result = new Dictionary<string, Row>();
        foreach (var line in File.ReadAllLines(Document))
        {
            var row = Regex.Match(line, @"^\|\s*(?:<a id=""(?<anchor>[^""]*)""></a>)?(?<code>GOTB\d{3})\s*\|");
            if (!row.Success) continue;
            var code = row.Groups["code"].Value;
            Assert.IsFalse(result.ContainsKey(code), $"{code} is documented twice");
            // GitHub ends a cell at every '|' not escaped as '\|', inside `code` too.
            var cells = Regex.Split(line.Trim().Trim('|'), @"(?<!\\)\|");
            Assert.HasCount(4, cells, $"{code}'s row needs 4 cells (code, severity, cause, fix); write a '|' inside them as '\\|': {line}");
            result[code] = new Row(row.Groups["anchor"].Success ? row.Groups["anchor"].Value : null, cells[1].Trim(), cells[^1].Trim());
        }
        return result;
    }

    [TestMethod]
    public void EveryCodeIsDocumented()
    {
        var documented = DocumentedCodes();
        var missing = CodesInSource().Where(c => !documented.ContainsKey(c)).ToList();
        Assert.IsEmpty(missing, "in Codes.cs but not in docs/diagnostics.md: " + string.Join(", ", missing));
    }

    [TestMethod]
    public void TheDocumentListsNoCodeThatDoesNotExist()
    {
        var source = new HashSet<string>(CodesInSource());
        var extra = DocumentedCodes().Keys.Where(c => !source.Contains(c)).ToList();
        Assert.IsEmpty(extra, "in docs/diagnostics.md but not in Codes.cs: " + string.Join(", ", extra));
    }

    /// <summary>Issue 26: links went to a section of a hundred codes. Each code's link names the anchor of its own row.</summary>
    [TestMethod]
    public void EveryCodesHelpLinkIsTheAnchorOfItsOwnRow()
    {
        var documented = DocumentedCodes();
        Assert.IsNotEmpty(documented);
        var wrong = new List<string>();
        foreach (var code in CodesInSource())
        {
            var link = HelpLinks.For(code);
            var expected = "https://github.com/gotoolchain-build/GoToolchain.Build/blob/main/docs/diagnostics.md#" + code.ToLowerInvariant();
            if (link != expected) wrong.Add($"{code}: link {link}");
            if (documented.TryGetValue(code, out var row) && row.Anchor != code.ToLowerInvariant())
                wrong.Add($"{code}: its row needs the anchor <a id=\"{code.ToLowerInvariant()}\"></a> before the code (it has {row.Anchor ?? "none"})");
        }
        Assert.IsEmpty(wrong, string.Join(Environment.NewLine, wrong));
    }

    /// <summary>Issue 26: GOTB500 had no fix, messages had "—". Every code's row says what to do, messages included.</summary>
    [TestMethod]
    public void EveryCodeHasAFix()
    {
        var documented = DocumentedCodes();
        var missing = CodesInSource().Where(c => documented.TryGetValue(c, out var row) && (row.Fix.Length < 10 || row.Fix == "—"))
            .Select(c => $"{c} ({documented[c].Severity}): fix '{documented[c].Fix}'").ToList();
        Assert.IsEmpty(missing, "codes whose row in docs/diagnostics.md has no fix: " + string.Join("; ", missing));
    }

    /// <summary>The targets' own warnings (GOTB530 had no link) link with $(_GoDiagnosticsHelpLink), the document of the tasks' links, and
    /// carry their code as the help keyword.</summary>
    [TestMethod]
    public void TheTargetsOwnDiagnosticsHaveTheirLinkAndKeyword()
    {
        var targets = Directory.GetFiles(Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(Document))!, "src", "GoToolchain.Build", "build"),
            "*.targets").ToDictionary(f => f, File.ReadAllText);
        Assert.IsTrue(targets.Values.Any(t => t.Contains($"<_GoDiagnosticsHelpLink>{HelpLinks.Document}#</_GoDiagnosticsHelpLink>")));
        var checkedCount = 0;
        foreach (var (file, text) in targets)
        {
            foreach (Match element in Regex.Matches(text, @"<(Warning|Error)\s[^>]*>"))
            {
                var code = Regex.Match(element.Value, @"Code=""(GOTB\d{3})""").Groups[1].Value;
                StringAssert.Contains(element.Value, $"HelpLink=\"$(_GoDiagnosticsHelpLink){code.ToLowerInvariant()}\"", file);
                StringAssert.Contains(element.Value, $"HelpKeyword=\"{code}\"", file);
                checkedCount++;
            }
        }
        Assert.IsGreaterThanOrEqualTo(2, checkedCount);
    }

    [TestMethod]
    public void OtherCodesHaveNoHelpLink()
    {
        Assert.IsNull(HelpLinks.For("MSB4018"));
        Assert.IsNull(HelpLinks.For("GOTB"));
        Assert.IsNull(HelpLinks.For("GOTB800"));
        Assert.IsNull(HelpLinks.For("GOTB999"));
        Assert.IsNull(HelpLinks.For(null));
    }
}
