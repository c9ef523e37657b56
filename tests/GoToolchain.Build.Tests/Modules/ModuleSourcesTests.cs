using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using GoToolchain.Build.Modules;
using GoToolchain.Build.Tests.Building;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.Tests.Modules;

[TestClass]

[TestCategory("unit")]
public sealed class ModuleSourcesTests
{
    [TestMethod]
    public void GoFilesAreThoseOfTheDotDotDotPatternAndASymlinkCycleEnds()
    {
        var root = BuildFixtures.NewTempDirectory("gotb-sources");
        try
        {
            void Write(string relative) { var p = Path.Combine(root, relative); Directory.CreateDirectory(Path.GetDirectoryName(p)!); File.WriteAllText(p, "package x\n"); }
            Write("main.go");
            Write("main_test.go");
            Write("sub/a.go");
            Write("_hidden/b.go");
            Write(".dot/c.go");
            Write("testdata/d.go");
            Write("vendor/e.go");
            Write("nested/go.mod");
            Write("nested/f.go");
            Directory.CreateSymbolicLink(Path.Combine(root, "sub", "loop"), root); // sub/loop -> the module root

            var listing = Task.Run(() => ModuleSources.GoFiles(root).Select(f => Path.GetRelativePath(root, f)).ToList());
            Assert.IsTrue(listing.Wait(TimeSpan.FromSeconds(10)), "walking a module with a symlink cycle did not end");

            CollectionAssert.AreEquivalent(new[] { "main.go", Path.Combine("sub", "a.go") }, listing.Result);
        }
        finally
        {
            BuildFixtures.DeleteDirectory(root);
        }
    }
}
