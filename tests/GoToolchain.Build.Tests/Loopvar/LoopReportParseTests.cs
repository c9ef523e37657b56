using System.IO;
using System.Linq;
using GoToolchain.Build.Loopvar;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.Tests.Loopvar;

[TestClass]

[TestCategory("unit")]
public sealed class LoopReportParseTests
{
    [TestMethod]
    public void ParsesTheCompilerLinesIntoAbsolutePathsInsideTheModule()
    {
        var module = Path.Combine(Path.GetTempPath(), "gotb-m");
        var lines = new[]
        {
            "# d/sub",
            "sub/s.go:6:6: loop variable i now per-iteration, heap-allocated",
            "# d",
            "./main.go:9:6: loop variable i now per-iteration, stack-allocated",
            "./sub/s.go:6:6: loop variable sub.i now per-iteration, heap-allocated (loop inlined into ./main.go:13)",
            "/usr/lib/go/src/x/y.go:1:2: loop variable k now per-iteration, stack-allocated",
            "../other/o.go:3:4: loop variable j now per-iteration, stack-allocated",
        };
        var findings = LoopReport.Parse(lines, module, module);
        Assert.HasCount(2, findings);
        Assert.AreEqual(Path.Combine(module, "main.go"), findings[0].File);
        Assert.AreEqual((9, 6, "i", "stack"), (findings[0].Line, findings[0].Column, findings[0].Variable, findings[0].Allocation));
        Assert.AreEqual(Path.Combine(module, "sub", "s.go"), findings[1].File);
        Assert.AreEqual("heap", findings[1].Allocation);
    }
}
