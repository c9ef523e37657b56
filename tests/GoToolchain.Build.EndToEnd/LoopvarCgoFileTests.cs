using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.EndToEnd;

/// <summary>
/// Loop semantics per file through `dotnet build` (go-facts §9.2): a go 1.21 module with a loop in a file with import "C"
/// and a loop in a plain file of the same package, built by default (no GoLoopvar). What the app prints for each file
/// must equal what the package reported for that file: GOTB304 for the module, GOTB313 at a file that differs.
/// </summary>
[TestClass]
[TestCategory("end-to-end")]
public class LoopvarCgoFileTests
{
    private static readonly IReadOnlyDictionary<string, string> Files = new Dictionary<string, string>
    {
        ["export.go"] = """
            package main

            /*
            #include <stdlib.h>
            static int three(void) { return 3; }
            */
            import "C"

            func cgoLoop() []func() int {
            	var fs []func() int
            	for i := 0; i < int(C.three()); i++ {
            		fs = append(fs, func() int { return i })
            	}
            	return fs
            }
            """,
        ["main.go"] = """
            package main

            import "fmt"

            func plainLoop() []func() int {
            	var fs []func() int
            	for i := 0; i < 3; i++ {
            		fs = append(fs, func() int { return i })
            	}
            	return fs
            }

            func show(fs []func() int) string {
            	s := ""
            	for _, f := range fs {
            		s += fmt.Sprint(f())
            	}
            	return s
            }

            func main() { fmt.Println("cgo=" + show(cgoLoop()) + " plain=" + show(plainLoop())) }
            """,
    };

    [TestMethod]
    [DataRow("1.22", "cgo=012 plain=333")]
    [DataRow("1.24", "cgo=012 plain=333")]
    [DataRow("1.25", "cgo=333 plain=333")]
    public void WhatTheAppPrintsForEachFileIsWhatThePackageReportedForIt(string goVersion, string goPrints)
    {
        var fixture = Fixture.Create($"loopvar-cgo-file-{goVersion}")
            .WithGoModule("tools/loops", "module example.com/loops\n\ngo 1.21\n", Files, "BuildMode=\"exe\"");
        var goRoot = PackagedBuild.GoRoot(goVersion);
        var build = fixture.Build(null, $"-p:GoRoot={goRoot}", "-v:n");
        BuildAssert.Succeeded(build);
        var module = Path.Combine(fixture.Directory, "tools", "loops");

        // The package's claim per file: the module's semantics (GOTB304), unless a GOTB313 message points at the file.
        var inForce = Regex.Match(build.Output, @"GOTB304: Module '[^']*loops' \(go 1\.21\) on go[\d.]+: loop variables are (per-loop|per-iteration)");
        Assert.IsTrue(inForce.Success, "no GOTB304 for the module:\n" + build);
        var moduleClaim = inForce.Groups[1].Value == "per-iteration" ? "012" : "333";
        var exportGo = Path.Combine(module, "export.go");
        var atCgoFile = Regex.Matches(build.Output, @"^\s*(?<file>\S.*?\.go)\((?<line>\d+)\): message GOTB313: ", RegexOptions.Multiline)
            .Select(m => (File: m.Groups["file"].Value, Line: int.Parse(m.Groups["line"].Value))).Distinct().ToList();
        string Claim(string file) => atCgoFile.Any(c => c.File == file) ? "012" : moduleClaim;
        var claimed = $"cgo={Claim(exportGo)} plain={Claim(Path.Combine(module, "main.go"))}";

        var run = PackagedBuild.Run(Path.Combine(fixture.OutputDirectory, "loops"), Array.Empty<string>(), fixture.Directory,
            new Dictionary<string, string?>(), TimeSpan.FromSeconds(30));
        Assert.AreEqual(0, run.ExitCode, run.ToString());
        var printed = run.Output.Trim();
        Console.WriteLine($"go{goVersion}: the app printed '{printed}', the package reported '{claimed}'");
        Assert.AreEqual(goPrints, printed, "go-facts §9.2");
        Assert.AreEqual(printed, claimed, "the package's report per file:\n" + build);
        if (atCgoFile.Count > 0) Assert.AreEqual((exportGo, 7), atCgoFile.Single(), "GOTB313 at the import \"C\" line of export.go");

        if (goVersion == "1.24")
        {
            var doctor = fixture.Build(null, $"-p:GoRoot={goRoot}", "-t:GoDoctor");
            BuildAssert.Succeeded(doctor);
            StringAssert.Contains(doctor.Output, "(go 1.21): per-loop");
            StringAssert.Contains(doctor.Output, "export.go(7): per-iteration (import \"C\" on go1.24");
        }
    }
}
