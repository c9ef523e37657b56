using System;
using System.Collections.Generic;
using System.Linq;
using GoToolchain.Build.Building;
using GoToolchain.Build.Diagnostics;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.Tests.Building;

[TestClass]
[TestCategory("unit")]
public class WindowsCCompilersTests
{
    private static readonly GoTarget Windows = new("windows", "amd64");

    private static readonly Dictionary<string, string?> Environment = new(StringComparer.OrdinalIgnoreCase)
    {
        ["SystemDrive"] = "C:", ["USERPROFILE"] = @"C:\Users\dev", ["LOCALAPPDATA"] = @"C:\Users\dev\AppData\Local", ["ProgramData"] = @"C:\ProgramData",
    };

    private static (CCompilerChoice Choice, DiagnosticBag Diagnostics) Choose(ISet<string> files, string? gccOnPath = null, string? zigOnPath = null,
        Func<string, IEnumerable<string>>? subdirectories = null, string buildMode = "c-shared")
    {
        var diagnostics = new DiagnosticBag();
        var choice = CrossCompilers.Choose(Windows, Windows, cgo: true, goCC: null, configuredCC: null,
            name => name == "gcc" ? gccOnPath : name == "zig" ? zigOnPath : null, files.Contains, @"C:\src\greeter", @"C:\src\App.csproj", diagnostics,
            name => Environment.TryGetValue(name, out var v) ? v : null, subdirectories ?? (_ => Array.Empty<string>()));
        return (choice, diagnostics);
    }

    [TestMethod]
    public void NoCCompilerOnAWindowsHostIsGOTB050NamingWhatWasSearchedAndTheFix()
    {
        var (choice, diagnostics) = Choose(new HashSet<string>());

        Assert.IsNull(choice.Compiler);
        var error = diagnostics.Items.Single(d => d.Severity == Severity.Error);
        Assert.AreEqual("GOTB050", error.Code);
        StringAssert.Contains(error.Message, @"C:\msys64\ucrt64\bin\gcc.exe");
        StringAssert.Contains(error.Message, @"C:\Users\dev\scoop\apps\gcc\current\bin\gcc.exe");
        StringAssert.Contains(error.Message, @"C:\ProgramData\mingw64\mingw64\bin\gcc.exe");
        StringAssert.Contains(error.Message, "winget install MSYS2.MSYS2");
        StringAssert.Contains(error.Message, "pacman -S mingw-w64-ucrt-x86_64-gcc");
        StringAssert.Contains(error.Message, "BuildMode=\"exe\" with CgoEnabled=\"0\"");
        Assert.IsTrue(error.Message.IndexOf("MSYS2 ucrt64", StringComparison.Ordinal) < error.Message.IndexOf("TDM-GCC", StringComparison.Ordinal),
            "the searched places are not listed in the documented order");
    }

    [TestMethod]
    public void TheFirstInstallInTheDocumentedOrderIsUsedAndGccOnPathNeedsNothing()
    {
        var both = new HashSet<string> { @"C:\msys64\mingw64\bin\gcc.exe", @"C:\TDM-GCC-64\bin\gcc.exe" };
        Assert.AreEqual(@"C:\msys64\mingw64\bin\gcc.exe", Choose(both).Choice.Compiler);

        var (onPath, diagnostics) = Choose(both, gccOnPath: @"C:\tools\gcc.exe");
        Assert.IsNull(onPath.Compiler); // go's default finds it
        Assert.IsFalse(diagnostics.Items.Any(d => d.Severity == Severity.Error));

        // winget's versioned folder (found by listing), a path with a space is quoted for go's CC splitting, zig comes last.
        var winget = @"C:\Users\dev\AppData\Local\Microsoft\WinGet\Packages";
        var wingetGcc = winget + @"\BrechtSanders.WinLibs.POSIX.UCRT_Microsoft.Winget.Source_8wekyb3d8bbwe\mingw64\bin\gcc.exe";
        Assert.AreEqual(wingetGcc, Choose(new HashSet<string> { wingetGcc }, subdirectories: d => d == winget
            ? new[] { winget + @"\BrechtSanders.WinLibs.POSIX.UCRT_Microsoft.Winget.Source_8wekyb3d8bbwe" } : Array.Empty<string>()).Choice.Compiler);
        Assert.AreEqual("\"C:\\Program Files\\zig\\zig.exe\" cc -target x86_64-windows-gnu",
            Choose(new HashSet<string> { @"C:\Program Files\zig\zig.exe" }, zigOnPath: @"C:\Program Files\zig\zig.exe").Choice.Compiler);
    }
}
