using System;
using System.Collections.Generic;
using System.IO;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.EndToEnd;

/// <summary>
/// The package's own code on Windows: its tasks run in a win-x64 .NET host under wine64 (WindowsHost) with a real
/// Windows go.exe cross-built from Debian's Go sources (WindowsGo). Windows/README.md says what this proves.
/// </summary>
[TestClass]
[TestCategory("end-to-end")]
public sealed class WindowsTests
{
    private const string GoVersion = "1.27";
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(6);

    private static string GoRoot => WindowsGo.Root(GoVersion);

    /// <summary>A folder of its own under the run folder, with a space and non-ASCII letters in its path.</summary>
    private static string Folder(string name)
    {
        var folder = Path.Combine(PackagedBuild.RunDirectory, "windows", name + " Grüße");
        Directory.CreateDirectory(folder);
        return folder;
    }

    private static string HelloModule(string folder, string message)
    {
        var module = Path.Combine(folder, "hello");
        Directory.CreateDirectory(module);
        File.WriteAllText(Path.Combine(module, "go.mod"), "module example.com/hello\n\ngo 1.24\n");
        File.WriteAllText(Path.Combine(module, "main.go"),
            "package main\n\nimport (\n\t\"fmt\"\n\t\"runtime\"\n)\n\nfunc main() { fmt.Printf(\"" + message + " from %s/%s\\n\", runtime.GOOS, runtime.GOARCH) }\n");
        return module;
    }

    private static string[] Validate(string folder, string module, params string[] extra)
    {
        var arguments = new List<string>
        {
            "ValidateGoroot", "ProjectFile=" + WindowsHost.Win(Path.Combine(folder, "App.csproj")),
            "IntermediateDirectory=" + WindowsHost.Win(Path.Combine(folder, "obj")), "Modules=" + WindowsHost.Win(module), "GoToolchainMode=local",
        };
        arguments.AddRange(extra);
        return arguments.ToArray();
    }

    [TestMethod]
    public void WindowsValidateFindsGoThroughGoRoot()
    {
        var folder = Folder("validate-goroot");
        var result = WindowsHost.Run(GoVersion, null, Timeout, Validate(folder, HelloModule(folder, "hi"), "GoRoot=" + WindowsHost.Win(GoRoot)));

        Assert.AreEqual(0, result.ExitCode, result.ToString());
        StringAssert.Contains(result.Output, "host: Microsoft Windows"); // the task really ran on Windows
        Assert.AreEqual(WindowsHost.Win(Path.Combine(GoRoot, "bin", "go.exe")), WindowsHost.Output(result, "ValidateGoroot.ResolvedGoExecutable"));
        StringAssert.StartsWith(WindowsHost.Output(result, "ValidateGoroot.ResolvedGoVersion"), "go" + GoVersion + ".");
        Assert.AreEqual("windows", WindowsHost.Output(result, "ValidateGoroot.HostGoOS"));
        Assert.AreEqual("amd64", WindowsHost.Output(result, "ValidateGoroot.HostGoArch"));
    }

    [TestMethod]
    public void WindowsValidateFindsGoOnPath()
    {
        var folder = Folder("validate-path");
        var path = new Dictionary<string, string?> { ["WINEPATH"] = WindowsHost.Win(Path.Combine(GoRoot, "bin")) };
        var result = WindowsHost.Run(GoVersion, path, Timeout, Validate(folder, HelloModule(folder, "hi")));

        Assert.AreEqual(0, result.ExitCode, result.ToString());
        Assert.AreEqual(WindowsHost.Win(Path.Combine(GoRoot, "bin", "go.exe")), WindowsHost.Output(result, "ValidateGoroot.ResolvedGoExecutable"),
            "go.exe was not found through the Windows PATH");
        Assert.AreEqual("windows", WindowsHost.Output(result, "ValidateGoroot.HostGoOS"));
    }

    [TestMethod]
    public void WindowsGoBuildOfACgoOffExeRunsUnderWine()
    {
        var folder = Folder("build-exe R&D 100%");
        var module = HelloModule(folder, "hello");
        var exe = Path.Combine(folder, "bin", "hello.exe");
        var arguments = new List<string>(Validate(folder, module, "GoRoot=" + WindowsHost.Win(GoRoot)))
        {
            "--", "GoBuild", "ProjectFile=" + WindowsHost.Win(Path.Combine(folder, "App.csproj")), "GoExecutable=$(ResolvedGoExecutable)",
            "GoEnvironment=$(GoEnvironmentForBuild)", "ModuleDirectory=" + WindowsHost.Win(module), "OutputPath=" + WindowsHost.Win(exe),
            "GoOS=windows", "GoArch=amd64", "BuildMode=exe", "CgoEnabled=0", "TimeoutSeconds=600",
        };
        var result = WindowsHost.Run(GoVersion, null, Timeout, arguments.ToArray());

        Assert.AreEqual(0, result.ExitCode, result.ToString());
        StringAssert.Contains(result.Output, "\\bin\\go.exe build -buildmode=exe");
        Assert.AreEqual("PE x86-64 EXE", NativeFormat.Of(exe));
        var run = WineRunner.Run(exe, Array.Empty<string>(), folder, TimeSpan.FromMinutes(2));
        Assert.AreEqual(0, run.ExitCode, run.ToString());
        StringAssert.Contains(run.Output, "hello from windows/amd64");
    }
}
