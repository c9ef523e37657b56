using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.EndToEnd;

/// <summary>
/// Go 1.24+: go build runs with -json and its errors come with their position, package and go's follow-up lines; targets
/// a toolchain dropped are GOTB517 before go runs.
/// </summary>
[TestClass]
[TestCategory("end-to-end")]
public sealed class BuildJsonTests
{
    [TestMethod]
    public void AMissingImportInACSharedLibraryOnGo127IsReportedAtItsLineWithTheGoGetHint()
    {
        var fixture = Fixture.Create("buildjson-missing-import")
            .WithGoModule("go/greeter", "module example.com/greeter\n\ngo 1.21\n", new Dictionary<string, string>
            {
                ["lib.go"] = "package main\n\nimport \"C\"\n\nimport (\n\t\"example.com/nothere/pkg\"\n)\n\n//export Add\n" +
                    "func Add(a, b C.int) C.int { return a + b + C.int(pkg.X) }\n\nfunc main() {}\n",
            });

        var result = fixture.Build(null, $"-p:GoRoot={PackagedBuild.GoRoot("1.27")}", "-v:n");

        var file = Path.Combine(fixture.Directory, "go", "greeter", "lib.go");
        var error = BuildAssert.FailedWith(result, "GOTB500");
        Assert.AreEqual(file, error.File);
        Assert.AreEqual(6, error.Line);
        StringAssert.Contains(result.Output, $"{file}(6,2): error GOTB500: no required module provides package example.com/nothere/pkg; to add it:");
        // The hint is part of the error (MSBuild prints each line of a message with its position), not only of go's log lines.
        Assert.IsTrue(result.Errors.Any(e => e.File == file && e.Line == 6 && e.Message.Trim() == "go get example.com/nothere/pkg"),
            "the go get line is not in the error:\n" + result);
        StringAssert.Contains(result.Output, " build -json -buildmode=c-shared ", "go 1.27 builds with -json");
        Assert.IsFalse(result.Output.Contains("\"Action\":"), "the log shows go's text, not its JSON events:\n" + result);
    }

    [TestMethod]
    public void WindowsArmOnGo127IsGotb517BeforeGoRuns()
    {
        var fixture = Fixture.Create("buildjson-windows-arm")
            .WithGoModule("go/greeter", "module example.com/greeter\n\ngo 1.21\n")
            .WithProperty("GoOS", "windows")
            .WithProperty("GoArch", "arm");

        var result = fixture.Build(null, $"-p:GoRoot={PackagedBuild.GoRoot("1.27")}", "-v:n");

        var error = BuildAssert.FailedWith(result, "GOTB517");
        Assert.AreEqual(fixture.ProjectFile, error.File);
        BuildAssert.Mentions(error, "The target windows/arm (from the GoOS/GoArch properties)", "go1.27", PackagedBuild.GoRoot("1.27"),
            "does not list it", "older Go");
        Assert.AreEqual(1, result.Errors.Count, "one error:\n" + result);
        Assert.IsFalse(result.Output.Contains("-buildmode=c-shared"), "go build ran:\n" + result);
        Assert.IsFalse(result.Output.Contains("go: unsupported GOOS/GOARCH pair"), "a go process met the target:\n" + result);
        BuildAssert.Mentions(error, "-r win-arm64");
    }
}
