using System.IO;
using System.Linq;
using GoToolchain.Build.Diagnostics;
using GoToolchain.Build.Platform;
using GoToolchain.Build.Tests.Building;
using GoToolchain.Build.Toolchain;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.Tests.Toolchain;

/// <summary>A GoRoot that is a symlink loop or a dangling link used to be reported as "is a file" (the link itself exists).</summary>
[TestClass]
[TestCategory("unit")]
public class BrokenGoRootLinkTests
{
    [TestMethod]
    [DataRow("loop", "a symbolic link loop")]
    [DataRow("dangling", "a dangling symbolic link")]
    public void ABrokenLinkIsNamedAsSuch(string kind, string said)
    {
        var work = BuildFixtures.NewTempDirectory("goroot-link");
        try
        {
            var root = Path.Combine(work, "go");
            if (kind == "loop")
            {
                File.CreateSymbolicLink(root, Path.Combine(work, "other"));
                File.CreateSymbolicLink(Path.Combine(work, "other"), root);
            }
            else
            {
                File.CreateSymbolicLink(root, Path.Combine(work, "gone"));
            }
            var diagnostics = new DiagnosticBag();

            var location = new GoLocator(SystemPlatform.Instance).Locate(null, root, "/p/App.csproj", diagnostics);

            Assert.IsNull(location);
            var error = diagnostics.Items.Single();
            Assert.AreEqual("GOTB002", error.Code);
            StringAssert.Contains(error.Message, $"GoRoot '{root}' is {said}");
            Assert.AreEqual(said, SystemPlatform.Instance.BrokenLink(root));
        }
        finally
        {
            BuildFixtures.DeleteDirectory(work);
        }
    }

    [TestMethod]
    public void AWorkingLinkOrAPlainFolderIsNotBroken()
    {
        Assert.IsNull(SystemPlatform.Instance.BrokenLink("/usr/lib/go-1.23"));
        Assert.IsNull(SystemPlatform.Instance.BrokenLink("/usr/lib/go-1.23/src")); // Debian: a link into /usr/share
        Assert.IsNull(SystemPlatform.Instance.BrokenLink("/nonexistent/path"));
    }
}
