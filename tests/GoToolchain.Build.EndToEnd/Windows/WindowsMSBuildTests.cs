using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.EndToEnd;

/// <summary>
/// The package's props/targets evaluated by a real MSBuild on Windows: Microsoft.Build from NuGet hosted in the
/// win-x64 WindowsHost under wine64 ("host.exe msbuild", MSBuildMode.cs), the tasks loaded through the targets'
/// UsingTask from the packed package, as `dotnet build` loads them. No Windows .NET SDK here: the project imports the
/// package's build/GoToolchain.Build.props and .targets itself and sets the few properties Microsoft.NET.Sdk would
/// (SdkProject below). Several builds run in one host process: a Wine start costs seconds. Windows/README.md.
/// </summary>
[TestClass]
[TestCategory("end-to-end")]
public sealed class WindowsMSBuildTests
{
    private const string Newest = "1.27";
    private const string Oldest = "1.19";
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(8);

    private static string Folder(string name)
    {
        var folder = Path.Combine(PackagedBuild.RunDirectory, "windows-msbuild", name + " Grüße");
        Directory.CreateDirectory(folder);
        return folder;
    }

    /// <summary>
    /// App.csproj as a NuGet PackageReference would wire it, without the SDK: Microsoft.NET.Sdk would import the package's
    /// props before the body and its targets after (nuget.g.props/.targets), set IntermediateOutputPath, OutputPath and
    /// NETCoreSdkRuntimeIdentifier, and its Build would run AssignTargetPaths (the package hooks GoBuild before it), then
    /// copy the None items marked CopyToOutputDirectory to bin/. Those parts are written out here; the copy is not
    /// (the SDK's, not the package's: the build prints the None item the package adds, and the test runs the file it
    /// names). The standard tasks come from the host's Microsoft.Common.tasks, as MSBuild loads an SDK's. Everything of
    /// the package (its properties, defaults, targets, hooks, UsingTask) is the packed package's own.
    /// </summary>
    private static string SdkProject(string folder, string module, string extraProperties = "")
    {
        var package = WindowsHost.Win(WindowsHost.Package);
        var project = Path.Combine(folder, "App.csproj");
        File.WriteAllText(project, $"""
            <Project>
              <PropertyGroup>
                <Configuration>Debug</Configuration>
                <IntermediateOutputPath>obj\Debug\net10.0\</IntermediateOutputPath>
                <OutputPath>bin\Debug\net10.0\</OutputPath>
                <RootNamespace>App</RootNamespace>
                <NETCoreSdkRuntimeIdentifier>win-x64</NETCoreSdkRuntimeIdentifier>
                {extraProperties}
              </PropertyGroup>
              <Import Project="{package}\build\GoToolchain.Build.props" />
              <ItemGroup>
                <GoModule Include="{Path.GetFileName(module)}" BuildMode="exe" CgoEnabled="0" />
              </ItemGroup>
              <Import Project="{package}\build\GoToolchain.Build.targets" />
              <Target Name="AssignTargetPaths" />
              <Target Name="Build" DependsOnTargets="AssignTargetPaths">
                <Message Importance="high" Text="native: %(None.FullPath) as %(None.Link), %(None.CopyToOutputDirectory)" Condition="'@(None)' != ''" />
              </Target>
              <Target Name="ShowResolved" AfterTargets="GoValidate;Build">
                <Message Importance="high" Text="resolved: $(GoResolvedExecutable) $(GoResolvedVersion) root=$(GoResolvedRoot)" />
              </Target>
            </Project>
            """);
        return WindowsHost.Win(project);
    }

    /// <summary>A module whose main needs a file go generate writes (gotbgen write, found on the Windows PATH).</summary>
    private static string GeneratedModule(string folder, string goLine = "1.24")
    {
        var module = Path.Combine(folder, "hello");
        Directory.CreateDirectory(module);
        File.WriteAllText(Path.Combine(module, "go.mod"), $"module example.com/hello\n\ngo {goLine}\n");
        File.WriteAllText(Path.Combine(module, "main.go"), """
            package main

            //go:generate gotbgen write zz_generated.go "package main\n\nconst generated = \"made by go generate\"\n"

            import (
            	"fmt"
            	"runtime"
            )

            func main() { fmt.Printf("%s, built by %s for %s/%s\n", generated, runtime.Version(), runtime.GOOS, runtime.GOARCH) }
            """);
        return module;
    }

    private static string Tools(string folder)
    {
        var tools = Path.Combine(folder, "tools");
        Directory.CreateDirectory(tools);
        WindowsTests.BuildDirectiveProgram(Path.Combine(tools, "gotbgen.exe"));
        return tools;
    }

    /// <summary>The exe the package built, where its targets put it (obj\Debug\net10.0\go\windows_amd64\hello\), after
    /// checking that the build handed it to the SDK's copy as a None item with Link hello.exe.</summary>
    private static string Built(string folder, string build)
    {
        var exe = Path.Combine(folder, "obj", "Debug", "net10.0", "go", "windows_amd64", "hello", "hello.exe");
        StringAssert.Contains(build, "native: " + WindowsHost.Win(exe) + " as hello.exe, PreserveNewest", build);
        return exe;
    }

    private static string RunExe(string exe, string folder)
    {
        Assert.AreEqual("PE x86-64 EXE", NativeFormat.Of(exe));
        var run = WineRunner.Run(exe, Array.Empty<string>(), folder, TimeSpan.FromMinutes(2));
        Assert.AreEqual(0, run.ExitCode, run.ToString());
        return run.Output;
    }

    private static void AssertTasksRan(string build, params string[] tasks)
    {
        foreach (var task in tasks) StringAssert.Contains(build, "task: " + task + "\n", $"MSBuild did not run {task}:\n{build}");
    }

    [TestMethod]
    public void WindowsMSBuildRunsThePackageTargetsThroughGoRootPathAndACmdWrapperInRAndD100Percent()
    {
        var goRoot = WindowsGo.Root(Newest);
        var goExe = WindowsHost.Win(Path.Combine(goRoot, "bin", "go.exe"));

        var viaRoot = Folder("goroot");
        var tools = WindowsHost.Win(Tools(viaRoot));
        var rootProject = SdkProject(viaRoot, GeneratedModule(viaRoot));

        var viaPath = Folder("path");
        var pathProject = SdkProject(viaPath, GeneratedModule(viaPath));

        // A version manager's style of wrapper in a folder whose name cmd.exe would split (&) and expand (%); the
        // project's own folder has both too, so every path the targets give go.cmd does.
        var viaCmd = Folder("cmd R&D (x86) ^ more");
        var wrappers = Path.Combine(viaCmd, "R&D 100%");
        Directory.CreateDirectory(wrappers);
        File.WriteAllText(Path.Combine(wrappers, "go.cmd"), "@echo off\r\n\"" + goExe + "\" %*\r\n");
        var cmdProject = SdkProject(viaCmd, GeneratedModule(viaCmd));

        // The same wrapper for a project whose folder has a %: Wine's cmd.exe drops a % from a batch file's arguments
        // (Windows' does not), so go would get another obj path; the probe through the wrapper sees it first.
        var percent = Folder("cmd 100% sure");
        var percentProject = SdkProject(percent, GeneratedModule(percent));

        var missing = Folder("missing generator");
        var missingModule = GeneratedModule(missing);
        File.WriteAllText(Path.Combine(missingModule, "color.go"), "package main\n\n//go:generate stringer -type=Color\ntype Color int\n");
        var missingProject = SdkProject(missing, missingModule);

        var result = WindowsHost.MSBuild(Newest, null, Timeout,
            "goroot", "project:" + rootProject, "p:GoRoot=" + WindowsHost.Win(goRoot), "env:PATH=" + tools + ";{PATH}",
            "--", "path", "project:" + pathProject, "target:GoValidate", "env:PATH=" + WindowsHost.Win(Path.Combine(goRoot, "bin")) + ";{PATH}",
            "--", "cmd", "project:" + cmdProject, "env:PATH=" + WindowsHost.Win(wrappers) + ";" + tools + ";{PATH}",
            "--", "cmd-percent", "project:" + percentProject, "env:PATH=" + WindowsHost.Win(wrappers) + ";" + tools + ";{PATH}",
            "--", "cmd-quote", "project:" + cmdProject, "target:GoValidate", "p:GoBuildArguments=-asmflags=-I \"C:\\a b\"",
            "env:PATH=" + WindowsHost.Win(wrappers) + ";{PATH}",
            "--", "range", "project:" + pathProject, "target:GoValidate", "p:GoRoot=" + WindowsHost.Win(goRoot), "p:GoVersionRange=[1.99,)",
            "--", "missing", "project:" + missingProject, "p:GoRoot=" + WindowsHost.Win(goRoot), "env:PATH=" + tools + ";{PATH}");

        // GoRoot: the whole chain, through the package's own targets and UsingTask.
        var root = WindowsHost.BuildOutput(result, "goroot");
        StringAssert.Contains(root, "=== result goroot=Success", root);
        AssertTasksRan(root, "ValidateGoSettings", "ValidateGoroot", "CheckGoProxy", "RunGoGenerate", "PlanGoBuilds", "BuildGoModule", "Touch");
        StringAssert.Contains(root, "resolved: " + goExe + " go" + Newest + ".");
        StringAssert.Contains(root, goExe + " build ");
        StringAssert.Contains(RunExe(Built(viaRoot, root), viaRoot), "made by go generate, built by go" + Newest + ".");

        // PATH: GoValidate finds go.exe on the Windows PATH.
        var path = WindowsHost.BuildOutput(result, "path");
        StringAssert.Contains(path, "=== result path=Success", path);
        StringAssert.Contains(path, "resolved: " + goExe + " go" + Newest + ".");

        // The .cmd wrapper: found on PATH through PATHEXT, every go process (env, list, generate, build) started through
        // cmd.exe with paths holding & and %, and the exe lands where the targets say.
        var cmd = WindowsHost.BuildOutput(result, "cmd");
        StringAssert.Contains(cmd, "=== result cmd=Success", cmd);
        StringAssert.Contains(cmd, "resolved: " + WindowsHost.Win(Path.Combine(wrappers, "go.cmd")) + " go" + Newest + ".");
        StringAssert.Contains(RunExe(Built(viaCmd, cmd), viaCmd), "made by go generate, built by go" + Newest + ".");

        var cmdPercent = WindowsHost.BuildOutput(result, "cmd-percent");
        StringAssert.Contains(cmdPercent, "=== result cmd-percent=Failure", cmdPercent);
        StringAssert.Contains(cmdPercent, "error GOTB051: go is the batch file '" + WindowsHost.Win(Path.Combine(wrappers, "go.cmd")) + "'");
        StringAssert.Contains(cmdPercent, "obj folder '" + WindowsHost.Win(percent));
        Assert.IsFalse(cmdPercent.Contains("task: RunGoGenerate") || cmdPercent.Contains("task: BuildGoModule"),
            "a go process ran with a path the wrapper would change:\n" + cmdPercent);

        // A " has no spelling that both cmd.exe and go.exe's own parser read as one: refused at GoValidate.
        var cmdQuote = WindowsHost.BuildOutput(result, "cmd-quote");
        StringAssert.Contains(cmdQuote, "=== result cmd-quote=Failure", cmdQuote);
        StringAssert.Contains(cmdQuote, "error GOTB052: go is the batch file '" + WindowsHost.Win(Path.Combine(wrappers, "go.cmd")) + "'");
        StringAssert.Contains(cmdQuote, "GoBuildArguments item '-asmflags=-I \"C:\\a b\"' holds a double quote");

        // Coded errors reach MSBuild's logger and fail the build: a range the toolchain is outside of, a missing generator.
        var range = WindowsHost.BuildOutput(result, "range");
        StringAssert.Contains(range, "=== result range=Failure", range);
        StringAssert.Contains(range, "error GOTB100: ");
        var missingGenerator = WindowsHost.BuildOutput(result, "missing");
        StringAssert.Contains(missingGenerator, "=== result missing=Failure", missingGenerator);
        StringAssert.Contains(missingGenerator, "error GOTB403: go generate: the generator 'stringer'");
        Assert.IsFalse(missingGenerator.Contains("task: BuildGoModule"), "go build ran after go generate failed:\n" + missingGenerator);
        Assert.AreEqual(1, result.ExitCode, "msbuild's exit code with two failed builds:\n" + result);
    }

    /// <summary>scoop's shim (scoop\shims\go.exe) as its shim.exe behaves: reads go.shim beside it ("path = ..."),
    /// starts that program with the same arguments and standard streams, and exits with its exit code.</summary>
    private const string ScoopShim = """
        package main

        import (
        	"fmt"
        	"os"
        	"os/exec"
        	"path/filepath"
        	"strings"
        )

        func main() {
        	self, _ := os.Executable()
        	text, err := os.ReadFile(strings.TrimSuffix(self, filepath.Ext(self)) + ".shim")
        	if err != nil {
        		fmt.Fprintln(os.Stderr, "shim:", err)
        		os.Exit(1)
        	}
        	target := ""
        	for _, line := range strings.Split(string(text), "\n") {
        		if name, value, ok := strings.Cut(line, "="); ok && strings.TrimSpace(name) == "path" {
        			target = strings.Trim(strings.TrimSpace(value), "\"")
        		}
        	}
        	cmd := exec.Command(target, os.Args[1:]...)
        	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
        	if err := cmd.Run(); err != nil {
        		if exit, ok := err.(*exec.ExitError); ok {
        			os.Exit(exit.ExitCode())
        		}
        		fmt.Fprintln(os.Stderr, "shim:", err)
        		os.Exit(1)
        	}
        }
        """;

    /// <summary>An installation folder of links to a cached Windows GOROOT's entries: a real folder that Wine renames
    /// (renaming a link to a folder under Wine failed with "Directory name invalid").</summary>
    private static void Install(string goRoot, string folder)
    {
        Directory.CreateDirectory(folder);
        foreach (var entry in Directory.EnumerateFileSystemEntries(goRoot))
        {
            var link = Path.Combine(folder, Path.GetFileName(entry));
            if (Directory.Exists(entry)) Directory.CreateSymbolicLink(link, entry);
            else File.CreateSymbolicLink(link, entry);
        }
    }

    [TestMethod]
    public void WindowsMSBuildScoopUpdateGoBuildsWithTheNewGoBehindTheSameShim()
    {
        var oldRoot = WindowsGo.Root(Oldest);
        var newRoot = WindowsGo.Root(Newest);
        var oldVersion = File.ReadLines(Path.Combine(oldRoot, "VERSION")).First().Trim();
        var newVersion = File.ReadLines(Path.Combine(newRoot, "VERSION")).First().Trim();

        // ~\scoop as scoop lays it out: apps\go\<version> installations, apps\go\current (a junction that `scoop update
        // go` re-points at the new version; here a folder renamed away and the new version's renamed to current, which
        // is what the package sees through a junction: the same path, another go behind it), shims\go.exe with go.shim
        // naming ...\apps\go\current\bin\go.exe. The shim and go.shim do not change on `scoop update go`.
        var folder = Folder("scoop");
        var scoop = Path.Combine(folder, "scoop");
        var apps = Path.Combine(scoop, "apps", "go");
        var shims = Path.Combine(scoop, "shims");
        Directory.CreateDirectory(apps);
        Directory.CreateDirectory(shims);
        Install(oldRoot, Path.Combine(apps, "current"));
        Install(newRoot, Path.Combine(apps, newVersion.Substring(2)));
        WindowsTests.BuildWindowsProgram(Path.Combine(shims, "go.exe"), ScoopShim);
        var shimFile = WindowsHost.Win(Path.Combine(shims, "go.shim"));
        File.WriteAllText(Path.Combine(shims, "go.shim"), "path = \"" + WindowsHost.Win(Path.Combine(apps, "current", "bin", "go.exe")) + "\"\n");
        var tools = WindowsHost.Win(Tools(folder));
        // go 1.19: a line both toolchains build.
        var project = SdkProject(folder, GeneratedModule(folder, "1.19"));
        var shim = WindowsHost.Win(Path.Combine(shims, "go.exe"));
        var path = "env:PATH=" + WindowsHost.Win(shims) + ";" + tools + ";{PATH}";
        string App(string name) => WindowsHost.Win(Path.Combine(apps, name));

        var result = WindowsHost.MSBuild(Newest, null, Timeout,
            "before", "project:" + project, path,
            // scoop update go: the old version gets its own folder, current now leads to the new one.
            "--", "updated", "project:" + project, path, "move:" + App("current") + "|" + App(oldVersion.Substring(2)),
            "move:" + App(newVersion.Substring(2)) + "|" + App("current"),
            // scoop reset go@<old> writes no junction in older scoop versions but a .shim naming the version folder.
            "--", "reset", "project:" + project, path, "copy:" + WindowsHost.Win(Path.Combine(folder, "obj", "Debug", "net10.0", "go", "windows_amd64", "hello", "hello.exe"))
                + "|" + WindowsHost.Win(Path.Combine(folder, "updated.exe")), "write:" + shimFile + "|path = \"" + App(oldVersion.Substring(2)) + "\\bin\\go.exe\"\n");

        var before = WindowsHost.BuildOutput(result, "before");
        StringAssert.Contains(before, "=== result before=Success", before);
        StringAssert.Contains(before, "resolved: " + shim + " " + oldVersion + " ");
        var updated = WindowsHost.BuildOutput(result, "updated");
        StringAssert.Contains(updated, "=== result updated=Success", updated);
        StringAssert.Contains(updated, "resolved: " + shim + " " + newVersion + " ", "the build after `scoop update go` reported the old go:\n" + updated);
        Built(folder, updated);
        StringAssert.Contains(RunExe(Path.Combine(folder, "updated.exe"), folder), "made by go generate, built by " + newVersion + " for windows/amd64");
        var reset = WindowsHost.BuildOutput(result, "reset");
        StringAssert.Contains(reset, "=== result reset=Success", reset);
        StringAssert.Contains(reset, "resolved: " + shim + " " + oldVersion + " ", "the build after go.shim changed reported the other go:\n" + reset);
        StringAssert.Contains(RunExe(Built(folder, reset), folder), "made by go generate, built by " + oldVersion + " for windows/amd64");
        Assert.AreEqual(0, result.ExitCode, result.ToString());
    }
}
