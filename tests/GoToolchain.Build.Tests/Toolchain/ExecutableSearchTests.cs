using System.Collections.Generic;
using System.IO;
using System.Linq;
using GoToolchain.Build.Diagnostics;
using GoToolchain.Build.Generate;
using GoToolchain.Build.Toolchain;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.Tests.Toolchain;

[TestClass]
[TestCategory("unit")]
public class ExecutableSearchTests
{
    [TestMethod]
    public void WindowsTriesEveryPathExtInOrderInOneFolderBeforeTheNext()
    {
        var files = new HashSet<string> { @"C:\a\go.cmd", @"C:\b\go.exe" };
        var found = ExecutableSearch.Find("go", new[] { @"C:\a", @"C:\b" }, ".COM;.EXE;.BAT;.CMD", isWindows: true, files.Contains, (d, n) => d + "\\" + n);
        Assert.AreEqual(@"C:\a\go.cmd", found); // cmd.exe takes the first folder's go.cmd over a later folder's go.exe
        CollectionAssert.AreEqual(new[] { "go.com", "go.exe", "go.bat", "go.cmd" }, ExecutableSearch.Names("go", null, isWindows: true).ToArray());
        CollectionAssert.AreEqual(new[] { "go.cmd", "go.cmd.exe" }, ExecutableSearch.Names("go.cmd", "EXE;.exe", isWindows: true).ToArray());
        CollectionAssert.AreEqual(new[] { "go" }, ExecutableSearch.Names("go", ".EXE", isWindows: false).ToArray());
    }

    [TestMethod]
    public void GoDoctorFindsAnExeGeneratorThroughPathExt()
    {
        var bin = Path.Combine(Path.GetTempPath(), "gotb-pathext-" + System.Guid.NewGuid().ToString("N"));
        var module = Path.Combine(bin, "m");
        Directory.CreateDirectory(module);
        try
        {
            File.WriteAllText(Path.Combine(bin, "stringer.exe"), "");
            File.WriteAllText(Path.Combine(module, "go.mod"), "module m\n\ngo 1.24\n");
            File.WriteAllText(Path.Combine(module, "a.go"), "package m\n\n//go:generate stringer -type=T\ntype T int\n");

            var diagnostics = new List<Diagnostic>();
            var lines = GenerateDoctor.Describe(module, GenerateMode.Run, "/no/goroot", bin, diagnostics, pathExt: ".COM;.EXE;.BAT;.CMD").ToList();

            Assert.AreEqual(0, diagnostics.Count, string.Join("\n", lines));
            Assert.IsTrue(lines.Any(l => l.Contains("[ok] a.go:3: stringer -> " + Path.Combine(bin, "stringer.exe"))), string.Join("\n", lines));
        }
        finally { Directory.Delete(bin, recursive: true); }
    }
}

[TestClass]
[TestCategory("unit")]
public class BatchFileQuotingTests
{
    [TestMethod]
    public void ABatchFileGetsCmdQuotingAndNoPercentExpansion()
    {
        var line = GoToolchain.Build.Execution.CommandLineQuoting.ForBatchFile(@"C:\R&D 100%\go.cmd",
            new[] { "build", "-o", @"C:\R&D\obj\a.exe", "50%", "{{printf `%q` .Err}}", "", @"C:\dir\" }, out var refused);

        Assert.IsNull(refused);
        Assert.AreEqual("/d /e:ON /v:OFF /c \"\"C:\\R&D 100%%cd:~,%\\go.cmd\" build -o \"C:\\R&D\\obj\\a.exe\" \"50%%cd:~,%\" \"{{printf `%%cd:~,%q` .Err}}\" \"\" C:\\dir\\\"",
            line);
    }

    [TestMethod]
    public void ALineBreakCannotBePassedToABatchFile()
    {
        Assert.IsNull(GoToolchain.Build.Execution.CommandLineQuoting.ForBatchFile(@"C:\go.cmd", new[] { "a\nb" }, out var refused));
        StringAssert.Contains(refused, "line break");
    }

    [TestMethod]
    public void ADoubleQuoteCannotBePassedToABatchFileThatStartsGo()
    {
        // go.exe's own parser (os/exec_windows.go, "prior to 2008") reads "a ""b"" c" as `a "b` and `c"`: the doubling
        // cmd.exe needs splits the argument for go. The go list template of the package holds no " (a raw string).
        Assert.IsNull(GoToolchain.Build.Execution.CommandLineQuoting.ForBatchFile(@"C:\go.cmd", new[] { "-ldflags=-X \"main.v=a b\"" }, out var refused));
        StringAssert.Contains(refused, "a double quote");
        Assert.IsFalse(GoToolchain.Build.Generate.GenerateScope.ListTemplate.Contains('"'));
    }
}
