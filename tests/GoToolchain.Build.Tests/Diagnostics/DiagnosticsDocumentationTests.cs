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

    /// <summary>Each documented code (a table row starting with it) and the GitHub anchor of the heading above it.</summary>
    private static IReadOnlyDictionary<string, string> DocumentedCodes()
    {
        var result = new Dictionary<string, string>();
        var anchor = "";
        foreach (var line in File.ReadAllLines(Document))
        {
            if (line.StartsWith("## ", StringComparison.Ordinal)) anchor = GitHubAnchor(line.Substring(3));
            var row = Regex.Match(line, @"^\|\s*(GOTB\d{3})\s*\|");
            if (row.Success)
            {
                Assert.IsFalse(result.ContainsKey(row.Groups[1].Value), $"{row.Groups[1].Value} is documented twice");
                result[row.Groups[1].Value] = anchor;
            }
        }
        return result;
    }

    /// <summary>How GitHub turns a heading into its anchor: lower case, punctuation dropped, spaces to hyphens.</summary>
    private static string GitHubAnchor(string heading)
        => Regex.Replace(heading.Trim().ToLowerInvariant(), @"[^\p{L}\p{N}\s_-]", "").Replace(' ', '-');

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

    [TestMethod]
    public void EveryCodesHelpLinkIsTheSectionThatDocumentsIt()
    {
        var documented = DocumentedCodes();
        Assert.IsNotEmpty(documented);
        foreach (var code in CodesInSource())
        {
            var link = HelpLinks.For(code);
            Assert.IsNotNull(link, code);
            Assert.AreEqual("https://github.com/gotoolchain-build/GoToolchain.Build/blob/main/docs/diagnostics.md#" + documented[code], link, code);
        }
    }

    [TestMethod]
    public void OtherCodesHaveNoHelpLink()
    {
        Assert.IsNull(HelpLinks.For("MSB4018"));
        Assert.IsNull(HelpLinks.For("GOTB"));
        Assert.IsNull(HelpLinks.For("GOTB800"));
        Assert.IsNull(HelpLinks.For(null));
    }
}
