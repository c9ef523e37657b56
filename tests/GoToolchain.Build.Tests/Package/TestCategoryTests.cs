using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.Tests.Package;

/// <summary>
/// Every test carries one of the three categories the README's filters select: unit (pure, fast), toolchain (starts a real go),
/// end-to-end (packs the package and runs dotnet build). A test without one would be left out of every filtered run.
/// </summary>
[TestClass]
[TestCategory("unit")]
public sealed class TestCategoryTests
{
    private static readonly string[] Categories = { "unit", "toolchain", "end-to-end" };

    [TestMethod]
    public void EveryTestOfThisAssemblyHasExactlyOneCategory()
    {
        var methods = typeof(TestCategoryTests).Assembly.GetTypes()
            .Where(t => t.GetCustomAttribute<TestClassAttribute>() is not null)
            .SelectMany(t => t.GetMethods().Where(m => m.GetCustomAttribute<TestMethodAttribute>() is not null).Select(m => (Type: t, Method: m)))
            .ToList();
        Assert.IsGreaterThan(100, methods.Count);
        var wrong = methods
            .Select(m => (m.Type, m.Method, Found: m.Type.GetCustomAttributes<TestCategoryAttribute>().Concat(m.Method.GetCustomAttributes<TestCategoryAttribute>())
                .SelectMany(a => a.TestCategories).Where(Categories.Contains).Distinct().ToList()))
            .Where(m => m.Found.Count != 1)
            .Select(m => $"{m.Type.Name}.{m.Method.Name}: {(m.Found.Count == 0 ? "no category" : string.Join(", ", m.Found))}")
            .ToList();
        Assert.AreEqual("", string.Join("\n", wrong));
    }

    /// <summary>"unit" means no real go: a test class whose source reaches for one (RealGo, GoBinary, the fixtures built on them)
    /// is a toolchain class.</summary>
    [TestMethod]
    public void ATestClassThatStartsARealGoIsToolchain()
    {
        var realGo = new Regex(@"RealGo\.GoBinary|RealGo\.Version|new RealGo\(|\bGoBinary\(|GoVersionText\(|new GenerateFixture\(|new ProxyWorld\(|RealGoPath|\bRealGo\b|Toolchains\.Go\(");
        var files = Directory.GetFiles(Path.Combine(RepositoryRoot, "tests", "GoToolchain.Build.Tests"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar) && Path.GetFileName(f) != "TestCategoryTests.cs"
                        && File.ReadAllText(f).Contains("[TestClass]"))
            .ToList();
        var wrong = files.Where(f => realGo.IsMatch(Regex.Replace(File.ReadAllText(f), "^using .*$", "", RegexOptions.Multiline))
                                     && !File.ReadAllText(f).Contains("[TestCategory(\"toolchain\")]"))
            .Select(Path.GetFileName).ToList();
        Assert.AreEqual("", string.Join(", ", wrong));
    }

    private static string RepositoryRoot
        => typeof(TestCategoryTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;

    /// <summary>The end-to-end project is not referenced from here: its sources are read instead.</summary>
    [TestMethod]
    public void EveryEndToEndTestClassIsEndToEnd()
    {
        var separator = Path.DirectorySeparatorChar;
        var files = Directory.GetFiles(Path.Combine(RepositoryRoot, "tests", "GoToolchain.Build.EndToEnd"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains(separator + "obj" + separator) && !f.Contains(separator + "bin" + separator) && !f.Contains(separator + "Fixtures" + separator))
            .Where(f => File.ReadAllText(f).Contains("[TestClass]")).ToList();
        Assert.IsGreaterThan(20, files.Count);
        var missing = files.Where(f => Regex.Matches(File.ReadAllText(f), @"\[TestClass\]").Count
                                       != Regex.Matches(File.ReadAllText(f), @"\[TestClass\]\s*\[TestCategory\(""end-to-end""\)\]").Count)
            .Select(Path.GetFileName).ToList();
        Assert.AreEqual("", string.Join(", ", missing));
    }
}
