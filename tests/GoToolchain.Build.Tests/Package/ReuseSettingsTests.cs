using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.Tests.Package;

/// <summary>
/// The no-op build skips every target that carries the _GoReusedLastBuild condition (and what they depend on) when
/// @(_GoSettings), among the rest of the fingerprint, is unchanged. A property those targets read that is missing from
/// @(_GoSettings) would let a build reuse outputs after that property changed: this reads the targets file and fails then.
/// </summary>
[TestClass]
[TestCategory("unit")]
public sealed class ReuseSettingsTests
{
    private static readonly XNamespace None = XNamespace.None;

    /// <summary>The package's targets: the main file and every file it imports from build/, as one project.</summary>
    private static XElement Targets()
    {
        var root = typeof(ReuseSettingsTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "RepositoryRoot").Value!;
        var project = new XElement("Project");
        foreach (var file in Directory.GetFiles(Path.Combine(root, "src", "GoToolchain.Build", "build"), "*.targets").OrderBy(f => f, StringComparer.Ordinal))
            project.Add(XElement.Load(file).Elements());
        return project;
    }

    /// <summary>The elements a reused build skips: the targets with the condition, what they depend on, and task elements with it.</summary>
    private static List<XElement> Skipped(XElement project)
    {
        var targets = project.Elements("Target").ToDictionary(t => (string)t.Attribute("Name")!);
        // DependsOnTargets="$(GoBuildDependsOn)": the extension-point properties, as the targets define them.
        var properties = project.Elements("PropertyGroup").SelectMany(g => g.Elements())
            .GroupBy(p => p.Name.LocalName).ToDictionary(g => g.Key, g => g.Last().Value);
        // A property's own earlier value ($(GoBuildDependsOn) inside GoBuildDependsOn) is the user's: empty here.
        string Expand(string text, string? self = null) => Regex.Replace(text, @"\$\(([A-Za-z_][A-Za-z0-9_]*)\)",
            m => m.Groups[1].Value != self && properties.TryGetValue(m.Groups[1].Value, out var value) ? Expand(value, m.Groups[1].Value) : "");
        var skipped = new List<XElement>();
        var seen = new HashSet<string>();
        var pending = new Stack<string>(targets.Values.Where(t => ((string?)t.Attribute("Condition") ?? "").Contains("_GoReusedLastBuild"))
            .Select(t => (string)t.Attribute("Name")!));
        while (pending.Count > 0)
        {
            var name = pending.Pop();
            if (!seen.Add(name) || !targets.TryGetValue(name, out var target)) continue;
            skipped.Add(target);
            foreach (var dependency in Expand((string?)target.Attribute("DependsOnTargets") ?? "").Split(';').Select(d => d.Trim()).Where(d => d.Length > 0))
                pending.Push(dependency);
        }
        skipped.AddRange(targets.Values.SelectMany(t => t.Elements())
            .Where(e => e.Name.LocalName != "Target" && ((string?)e.Attribute("Condition") ?? "").Contains("_GoReusedLastBuild")));
        return skipped;
    }

    private static IEnumerable<string> Texts(XElement element)
        => element.DescendantsAndSelf().SelectMany(e => e.Attributes().Select(a => a.Value)
            .Concat(e.Nodes().OfType<XText>().Select(t => t.Value)));

    private static HashSet<string> Defined(IEnumerable<XElement> elements, string groupName, string outputAttribute)
    {
        var defined = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var element in elements)
        {
            foreach (var group in element.DescendantsAndSelf(groupName)) foreach (var child in group.Elements()) defined.Add(child.Name.LocalName);
            foreach (var output in element.DescendantsAndSelf("Output"))
                if ((string?)output.Attribute(outputAttribute) is { } name) defined.Add(name);
        }
        return defined;
    }

    [TestMethod]
    public void EveryPropertyTheSkippedTargetsReadIsInTheReuseSettings()
    {
        var project = Targets();
        var skipped = Skipped(project);
        Assert.IsTrue(skipped.Count >= 10, "the skipped targets are found: " + skipped.Count);
        var read = new HashSet<string>(skipped.SelectMany(Texts).SelectMany(t => Regex.Matches(t, @"\$\(([A-Za-z_][A-Za-z0-9_]*)")
            .Cast<Match>().Select(m => m.Groups[1].Value)), StringComparer.OrdinalIgnoreCase);
        read.ExceptWith(Defined(skipped, "PropertyGroup", "PropertyName"));
        read.Remove("_GoReusedLastBuild");

        var settings = project.Descendants("_GoSettings").Single(e => e.Attribute("Include") is not null);
        var keyed = new HashSet<string>(settings.Elements().Where(m => m.Value == "$(" + m.Name.LocalName + ")").Select(m => m.Name.LocalName),
            StringComparer.OrdinalIgnoreCase);
        Assert.AreEqual(settings.Elements().Count(), keyed.Count, "every metadata of @(_GoSettings) is the property of its name");
        var missing = read.Where(p => !keyed.Contains(p)).OrderBy(p => p, StringComparer.Ordinal).ToList();
        Assert.AreEqual(0, missing.Count, "read by skipped targets but not in @(_GoSettings): " + string.Join(", ", missing));
        Assert.IsTrue(keyed.Contains("GoRoot") && keyed.Contains("RootNamespace"), string.Join(", ", keyed));
    }

    [TestMethod]
    public void TheSkippedTargetsReadNoItemsButThoseTheFingerprintCovers()
    {
        var project = Targets();
        var skipped = Skipped(project);
        var read = new HashSet<string>(skipped.SelectMany(Texts).SelectMany(t => Regex.Matches(t, @"@\(([A-Za-z_][A-Za-z0-9_]*)|%\(([A-Za-z_][A-Za-z0-9_]*)\.")
            .Cast<Match>().Select(m => m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value)), StringComparer.OrdinalIgnoreCase);
        read.ExceptWith(Defined(skipped, "ItemGroup", "ItemName"));
        // GoModule and Compile are ReuseLastGoBuild's Modules and SourceFiles; _GoModuleBuild is what it hands on; _GoSettings is
        // the settings list the fingerprint covers.
        read.ExceptWith(new[] { "GoModule", "Compile", "_GoModuleBuild", "_GoSettings" });
        Assert.AreEqual("", string.Join(", ", read.OrderBy(i => i, StringComparer.Ordinal)));

        var task = project.Descendants("ReuseLastGoBuild").Single();
        Assert.AreEqual("@(GoModule)", (string?)task.Attribute("Modules"));
        Assert.AreEqual("@(Compile)", (string?)task.Attribute("SourceFiles"));
        Assert.AreEqual("@(_GoSettings)", (string?)task.Attribute("Settings"));
        // Every task of the chain reads its settings from the same list the fingerprint covers.
        foreach (var other in skipped.SelectMany(e => e.Elements()).Where(e => e.Attribute("ProjectFile") is not null && e.Attribute("Settings") is null))
            Assert.Fail(other.Name.LocalName + " gets no Settings=\"@(_GoSettings)\"");
    }

    [TestMethod]
    public void EveryTaskOfTheChainReportsItsWarnings()
    {
        var project = Targets();
        var tasks = Skipped(project).SelectMany(e => e.DescendantsAndSelf())
            .Where(e => e.Parent?.Name.LocalName == "Target" && e.Attribute("ProjectFile") is not null)
            .ToList();
        Assert.IsTrue(tasks.Count >= 8, string.Join(", ", tasks.Select(t => t.Name.LocalName)));
        foreach (var task in tasks)
        {
            Assert.IsTrue(task.Elements("Output").Any(o => (string?)o.Attribute("TaskParameter") == "LoggedWarnings"
                    && (string?)o.Attribute("ItemName") == "_GoWarned"),
                task.Name.LocalName + " does not add its LoggedWarnings to _GoWarned: a build it warned in would be recorded, and the warning lost");
        }
    }
}
