using System.IO;
using System.Linq;
using GoToolchain.Build.Building;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.Tests.Building;

/// <summary>Each output's Inputs are its own packages' files (go list -deps), so an edit in one package leaves the other outputs alone.</summary>
[TestClass]
[TestCategory("unit")]
public sealed class PackageInputsTests
{
    [TestMethod]
    public void InputsAreTheModulesPackageFoldersTheirEmbedsAndGoModButNotOtherPackages()
    {
        var root = BuildFixtures.NewTempDirectory("gotb-pkginputs");
        try
        {
            var module = Path.Combine(root, "go");
            BuildFixtures.WriteModule(module, "package main\n");
            foreach (var file in new[] { "liba/a.go", "liba/static/page.html", "libb/b.go", "shared/s.go", "shared/s.h" })
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(module, file))!);
                File.WriteAllText(Path.Combine(module, file), "x");
            }
            // go list's view: liba imports shared and fmt, embeds static/page.html; go spells the module's folder its own way.
            var goDir = "/real" + module;
            var lines = new[]
            {
                "/usr/lib/go/src/fmt\t\ttrue\t",
                $"{goDir}/shared\t{goDir}\ttrue\t",
                $"{goDir}/liba\t{goDir}\tfalse\t\tstatic/page.html",
            };

            var inputs = PackageInputs.Read(module, lines)!.Select(f => Path.GetRelativePath(module, f).Replace('\\', '/')).ToList();

            CollectionAssert.AreEquivalent(new[] { "go.mod", "liba/a.go", "liba/static/page.html", "shared/s.go", "shared/s.h" }, inputs);
            Assert.IsNull(PackageInputs.Read(module, new[] { $"{goDir}/liba\t{goDir}\tfalse\tE" }), "a Package with an error: the whole module");
        }
        finally
        {
            BuildFixtures.DeleteDirectory(root);
        }
    }
}
