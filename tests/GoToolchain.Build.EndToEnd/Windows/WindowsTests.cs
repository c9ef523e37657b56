using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
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

    /// <summary>@(_GoSettings) as the host passes it: one item whose metadata are the properties (the targets' Settings.targets).</summary>
    private static string Settings(string folder, string? goRoot, params string[] values)
    {
        var all = new List<string> { "_GoIntermediateDirectory=" + WindowsHost.Win(Path.Combine(folder, "obj")), "GoToolchainMode=local" };
        if (goRoot is not null) all.AddRange(new[] { "GoRoot=" + WindowsHost.Win(goRoot), "_GoRootFull=" + WindowsHost.Win(goRoot) });
        all.AddRange(values);
        return "Settings=GoToolchain.Build|" + string.Join("|", all);
    }

    private static string[] Validate(string folder, string module, string? goRoot = null)
        => new[]
        {
            "ValidateGoroot", "ProjectFile=" + WindowsHost.Win(Path.Combine(folder, "App.csproj")), "Modules=" + WindowsHost.Win(module),
            Settings(folder, goRoot),
        };

    /// <summary>ValidateGoroot, then RunGoGenerate of <paramref name="module"/> with the validated go, as the targets chain them.</summary>
    private static List<string> ValidateThenGenerate(string folder, string module, string timeoutSeconds = "600", bool doctor = false,
        params string[] extra)
    {
        var arguments = new List<string>(Validate(folder, module, GoRoot))
        {
            "--", "RunGoGenerate", "ProjectFile=" + WindowsHost.Win(Path.Combine(folder, "App.csproj")), "GoExecutable=$(ResolvedGoExecutable)",
            "GoVersion=$(ResolvedGoVersion)", "GoEnvironmentForBuild=$(GoEnvironmentForBuild)", "GoRoot=$(ResolvedGoRoot)", "Modules=" + WindowsHost.Win(module),
            "HostGoOS=$(HostGoOS)", "HostGoArch=$(HostGoArch)",
            Settings(folder, GoRoot, "_GoGenerateStateDirectory=" + WindowsHost.Win(Path.Combine(folder, "state")), "GoProcessTimeoutSeconds=" + timeoutSeconds,
                "_GoWriteDoctorReport=" + (doctor ? "true" : "false")),
        };
        arguments.AddRange(extra);
        return arguments;
    }

    /// <summary>BuildGoModule of <paramref name="module"/> into <paramref name="exe"/>: windows/amd64, an exe without cgo.</summary>
    private static string[] BuildExe(string folder, string module, string exe)
        => new[]
        {
            // No GoVersion, as before the settings model: go build runs without -json, the command line the tests look for.
            "--", "BuildGoModule", "ProjectFile=" + WindowsHost.Win(Path.Combine(folder, "App.csproj")), "GoExecutable=$(ResolvedGoExecutable)",
            "GoEnvironmentForBuild=$(GoEnvironmentForBuild)",
            "Inputs=" + WindowsHost.Win(Path.Combine(module, "go.mod")) + "|ModuleDirectory=" + WindowsHost.Win(module) + "|OutputPath=" + WindowsHost.Win(exe)
                + "|GoOS=windows|GoArch=amd64|BuildMode=exe|CgoEnabled=0",
            Settings(folder, null, "GoProcessTimeoutSeconds=600"),
        };

    /// <summary>A windows/amd64 exe the build wrote, run under Wine: it exits 0 and prints <paramref name="expected"/>.</summary>
    private static void AssertExeRuns(string exe, string folder, string expected)
    {
        Assert.AreEqual("PE x86-64 EXE", NativeFormat.Of(exe));
        var run = WineRunner.Run(exe, Array.Empty<string>(), folder, TimeSpan.FromMinutes(2));
        Assert.AreEqual(0, run.ExitCode, run.ToString());
        StringAssert.Contains(run.Output, expected);
    }

    [TestMethod]
    public void WindowsValidateFindsGoThroughGoRoot()
    {
        var folder = Folder("validate-goroot");
        var result = WindowsHost.Run(GoVersion, null, Timeout, Validate(folder, HelloModule(folder, "hi"), GoRoot));

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
        var arguments = new List<string>(Validate(folder, module, GoRoot));
        arguments.AddRange(BuildExe(folder, module, exe));
        var result = WindowsHost.Run(GoVersion, null, Timeout, arguments.ToArray());

        Assert.AreEqual(0, result.ExitCode, result.ToString());
        StringAssert.Contains(result.Output, "\\bin\\go.exe build -buildmode=exe");
        AssertExeRuns(exe, folder, "hello from windows/amd64");
    }

    [TestMethod]
    public void WindowsMissingGeneratorIsGOTB403AndGoDoctorSeesAnInstalledExeGenerator()
    {
        var folder = Folder("generate");
        var module = HelloModule(folder, "hi");
        File.WriteAllText(Path.Combine(module, "color.go"), "package main\n\n//go:generate stringer -type=Color\ntype Color int\n");
        string[] Generate(bool doctor = false) => ValidateThenGenerate(folder, module, doctor: doctor).ToArray();

        // No stringer anywhere: go generate says "executable file not found in %PATH%" on Windows.
        var missing = WindowsHost.Run(GoVersion, null, Timeout, Generate());
        Assert.AreEqual(1, missing.ExitCode, missing.ToString());
        StringAssert.Contains(missing.Output, "executable file not found in %PATH%");
        StringAssert.Contains(missing.Output, "error GOTB403: go generate: the generator 'stringer'");
        Assert.IsFalse(missing.Output.Contains("GOTB402"), "a missing generator was reported as a failing directive:\n" + missing);

        // GoDoctor with stringer.exe (any Windows program: the doctor runs nothing) on the Windows PATH.
        var tools = Path.Combine(folder, "tools");
        Directory.CreateDirectory(tools);
        File.Copy(Path.Combine(GoRoot, "bin", "go.exe"), Path.Combine(tools, "stringer.exe"));
        var doctor = WindowsHost.Run(GoVersion, new Dictionary<string, string?> { ["WINEPATH"] = WindowsHost.Win(tools) }, Timeout, Generate(doctor: true));
        Assert.AreEqual(0, doctor.ExitCode, doctor.ToString());
        StringAssert.Contains(doctor.Output, "[ok] color.go:3: stringer -> " + WindowsHost.Win(Path.Combine(tools, "stringer.exe")));
        Assert.IsFalse(doctor.Output.Contains("GOTB403"), "GoDoctor did not see stringer.exe:\n" + doctor);
    }

    /// <summary>A Windows program for directives, cross-built here by the Linux go: "spawn NAME" starts NAME (found on
    /// PATH) with "sleep 90" and exits at once, leaving it an orphan; "sleep N [FILE]" writes FILE, then sleeps N s;
    /// "write FILE TEXT" writes TEXT to FILE (a generator).</summary>
    internal static void BuildDirectiveProgram(string exe)
        => BuildWindowsProgram(exe, """
            package main

            import (
            	"fmt"
            	"os"
            	"os/exec"
            	"strconv"
            	"time"
            )

            func main() {
            	switch os.Args[1] {
            	case "spawn":
            		cmd := exec.Command(os.Args[2], "sleep", "90")
            		if err := cmd.Start(); err != nil {
            			fmt.Println(err)
            			os.Exit(1)
            		}
            		fmt.Println("started", os.Args[2], cmd.Process.Pid)
            	case "sleep":
            		if len(os.Args) > 3 {
            			os.WriteFile(os.Args[3], []byte("sleeping"), 0o644)
            		}
            		seconds, _ := strconv.Atoi(os.Args[2])
            		time.Sleep(time.Duration(seconds) * time.Second)
            	case "write":
            		if err := os.WriteFile(os.Args[2], []byte(os.Args[3]), 0o644); err != nil {
            			fmt.Println(err)
            			os.Exit(1)
            		}
            	}
            }
            """);

    /// <summary>A windows/amd64 program from one main.go, cross-built here by the Linux go (no Wine, no cgo).</summary>
    internal static void BuildWindowsProgram(string exe, string mainGo)
    {
        var source = Path.Combine(Path.GetDirectoryName(exe)!, Path.GetFileNameWithoutExtension(exe) + "-src");
        Directory.CreateDirectory(source);
        File.WriteAllText(Path.Combine(source, "go.mod"), "module gotbprogram\n\ngo 1.24\n");
        File.WriteAllText(Path.Combine(source, "main.go"), mainGo);
        var build = PackagedBuild.Run(Path.Combine(PackagedBuild.GoRoot(GoVersion), "bin", "go"), new[] { "build", "-o", exe, "." }, source,
            new Dictionary<string, string?> { ["GOOS"] = "windows", ["GOARCH"] = "amd64", ["CGO_ENABLED"] = "0", ["GOTOOLCHAIN"] = "local", ["GOFLAGS"] = null },
            TimeSpan.FromMinutes(5));
        Assert.AreEqual(0, build.ExitCode, build.ToString());
    }

    /// <summary>A module whose first directive leaves an orphan (its parent exits: no process tree holds it) and whose
    /// second hangs (after writing sleeping.txt); the tools folder to put on the Windows PATH, and the orphan's name.</summary>
    private static (string Module, string Tools, string Orphan) OrphanAndHangModule(string folder)
    {
        var module = HelloModule(folder, "hi");
        var tools = Path.Combine(folder, "tools");
        Directory.CreateDirectory(tools);
        BuildDirectiveProgram(Path.Combine(tools, "gotbgen.exe"));
        var orphan = "gotborphan" + Guid.NewGuid().ToString("N").Substring(0, 8);
        File.Copy(Path.Combine(tools, "gotbgen.exe"), Path.Combine(tools, orphan + ".exe"));
        File.WriteAllText(Path.Combine(module, "gen.go"),
            $"package main\n\n//go:generate gotbgen spawn {orphan}\n//go:generate gotbgen sleep 300 sleeping.txt\n");
        return (module, tools, orphan);
    }

    private static void AssertNothingLeft(ProcessOutput result, string orphan)
    {
        StringAssert.Contains(result.Output, "started " + orphan); // the orphan really started
        StringAssert.Contains(result.Output, "process: GoToolchain.Build.WindowsHost"); // the list is there
        Assert.IsFalse(result.Output.Contains("process: " + orphan), "the orphan a directive started outlived the build:\n" + result);
        Assert.IsFalse(result.Output.Contains("process: gotbgen"), "the hung directive is still running:\n" + result);
        Assert.IsFalse(result.Output.Contains("process: go "), "go.exe is still running:\n" + result);
    }

    [TestMethod]
    public void WindowsCancelledGenerateLeavesNoProcessNotEvenAnOrphan()
    {
        var folder = Folder("cancel");
        var (module, tools, orphan) = OrphanAndHangModule(folder);
        var arguments = ValidateThenGenerate(folder, module,
            extra: new[] { "!cancel-when-file=" + WindowsHost.Win(Path.Combine(module, "sleeping.txt")), "!list-processes" });
        var result = WindowsHost.Run(GoVersion, new Dictionary<string, string?> { ["WINEPATH"] = WindowsHost.Win(tools) }, Timeout, arguments.ToArray());

        StringAssert.Contains(result.Output, "exists: cancelling RunGoGenerate");
        AssertNothingLeft(result, orphan);
    }

    [TestMethod]
    public void WindowsTimedOutGenerateIsGOTB405AndLeavesNoProcess()
    {
        var folder = Folder("timeout");
        var (module, tools, orphan) = OrphanAndHangModule(folder);
        // TimeoutSeconds is each go process's limit (go list, then go generate): 40 s is far more than the directives need
        // before the second one hangs, even on a loaded machine.
        var arguments = ValidateThenGenerate(folder, module, "40", extra: new[] { "!list-processes" });
        var result = WindowsHost.Run(GoVersion, new Dictionary<string, string?> { ["WINEPATH"] = WindowsHost.Win(tools) }, Timeout, arguments.ToArray());

        Assert.AreEqual(1, result.ExitCode, result.ToString());
        StringAssert.Contains(result.Output, "error GOTB405: ");
        AssertNothingLeft(result, orphan);
    }

    [TestMethod]
    public void WindowsCSharedBuildWithNoCCompilerIsGOTB050NamingWhatWasSearched()
    {
        var folder = Folder("no-cc");
        var module = HelloModule(folder, "hi");
        var arguments = new List<string>(Validate(folder, module, GoRoot))
        {
            "--", "PlanGoBuilds", "ProjectFile=" + WindowsHost.Win(Path.Combine(folder, "App.csproj")),
            "Modules=" + WindowsHost.Win(module) + "|BuildMode=c-shared", "HostGoOS=$(HostGoOS)", "HostGoArch=$(HostGoArch)",
            "GoExecutable=$(ResolvedGoExecutable)", "GoVersion=$(ResolvedGoVersion)", "GoEnvironmentForBuild=$(GoEnvironmentForBuild)",
            Settings(folder, GoRoot),
        };
        // The Windows PATH has no gcc (Wine's system folders only), and the prefix has no MSYS2, scoop, ...
        var result = WindowsHost.Run(GoVersion, null, Timeout, arguments.ToArray());

        Assert.AreEqual(1, result.ExitCode, result.ToString());
        StringAssert.Contains(result.Output, "error GOTB050: ");
        StringAssert.Contains(result.Output, @"C:\msys64\ucrt64\bin\gcc.exe");
        StringAssert.Contains(result.Output, @"\scoop\apps\gcc\current\bin\gcc.exe");
        StringAssert.Contains(result.Output, "winget install MSYS2.MSYS2");
        StringAssert.Contains(result.Output, "BuildMode=\"exe\" with CgoEnabled=\"0\"");
    }

    [TestMethod]
    public void WindowsCmdWrapperInAFolderNamedRAndD100PercentBuilds()
    {
        var folder = Folder("cmd");
        var module = HelloModule(folder, "wrapped");
        // A version manager's style of wrapper, in a folder whose name cmd.exe would split (&) and expand (%).
        var wrappers = Path.Combine(folder, "R&D 100%");
        Directory.CreateDirectory(wrappers);
        File.WriteAllText(Path.Combine(wrappers, "go.cmd"), "@echo off\r\n\"" + WindowsHost.Win(Path.Combine(GoRoot, "bin", "go.exe")) + "\" %*\r\n");
        // The output's folder has & and spaces but no %: Wine's cmd.exe drops a % from a /c line's arguments in every
        // spelling (a%b, a%%cd:~,%b both reach the batch file as ab, seen here), where Windows' cmd.exe keeps the
        // escaped one (Rust's std relies on it). The % of an argument is unit-tested (BatchFileQuotingTests); the
        // batch file's own path, with its %, goes through Wine's cmd.exe here.
        var exe = Path.Combine(folder, "out R&D (x86) ^ & more", "wrapped.exe");
        var arguments = new List<string>(Validate(folder, module));
        arguments.AddRange(BuildExe(folder, module, exe));
        // go.cmd is found on the Windows PATH (PATHEXT), before nothing else: the folder holds no go.exe.
        var result = WindowsHost.Run(GoVersion, new Dictionary<string, string?> { ["WINEPATH"] = WindowsHost.Win(wrappers) }, Timeout, arguments.ToArray());

        Assert.AreEqual(0, result.ExitCode, result.ToString());
        Assert.AreEqual(WindowsHost.Win(Path.Combine(wrappers, "go.cmd")), WindowsHost.Output(result, "ValidateGoroot.ResolvedGoExecutable"));
        StringAssert.StartsWith(WindowsHost.Output(result, "ValidateGoroot.ResolvedGoVersion"), "go" + GoVersion + ".");
        AssertExeRuns(exe, folder, "wrapped from windows/amd64");
    }

    /// <summary>
    /// The per-user state folder's checks run by Windows itself (Wine 8's security API): a new root is created owner-only; a
    /// root of another user (Wine reports a folder of another Unix user as owned by ANONYMOUS LOGON), one others may use (Wine
    /// reports mode 0755, what Directory.CreateDirectory made before, as an ACE for Everyone), a root that is a reparse point
    /// (Wine reports a symbolic link so; Wine 8 cannot make a junction: FSCTL_SET_REPARSE_POINT is ERROR_NOT_SUPPORTED) and a
    /// root whose builds folder is one: none is used. One Wine start for every case.
    /// </summary>
    [TestMethod]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // the test machine is Linux; the tasks run on Wine's Windows
    public void WindowsStateFolderIsCreatedOwnerOnlyAndAForeignWideOrLinkedOneIsNotUsed()
    {
        var folder = Folder("state-root");
        string Root(string name) => Path.Combine(folder, name, "GoToolchain.Build");
        Directory.CreateDirectory(Path.GetDirectoryName(Root("fresh"))!);
        Directory.CreateDirectory(Root("foreign"));
        using (var chown = System.Diagnostics.Process.Start("chown", new[] { "65534:65534", Root("foreign") })) chown.WaitForExit();
        File.SetUnixFileMode(Root("foreign"), (UnixFileMode)0x1C0);
        Directory.CreateDirectory(Root("wide"));
        File.SetUnixFileMode(Root("wide"), (UnixFileMode)0x1ED);
        Directory.CreateDirectory(Path.Combine(folder, "elsewhere"));
        Directory.CreateDirectory(Path.GetDirectoryName(Root("linked"))!);
        Directory.CreateSymbolicLink(Root("linked"), Path.Combine(folder, "elsewhere"));
        Directory.CreateDirectory(Root("linked-builds"));
        File.SetUnixFileMode(Root("linked-builds"), (UnixFileMode)0x1C0);
        Directory.CreateSymbolicLink(Path.Combine(Root("linked-builds"), "builds"), Path.Combine(folder, "elsewhere"));

        var cases = new[] { "fresh", "foreign", "wide", "linked", "linked-builds" };
        var result = WindowsHost.Run(GoVersion, null, Timeout, new[] { "!state-root" }.Concat(cases.Select(c => WindowsHost.Win(Root(c)))).ToArray());

        Assert.AreEqual(0, result.ExitCode, result.ToString());
        string Line(string name) => result.Output.Split('\n').Select(l => l.TrimEnd('\r')).Single(l => l.StartsWith("state-root: " + WindowsHost.Win(Root(name)) + " -> "));
        StringAssert.EndsWith(Line("fresh"), "-> used " + WindowsHost.Win(Path.Combine(Root("fresh"), "builds")));
        foreach (var created in new[] { Root("fresh"), Path.Combine(Root("fresh"), "builds") })
            Assert.AreEqual((UnixFileMode)0, File.GetUnixFileMode(created) & (UnixFileMode)0x7, $"{created} was not created owner-only (Wine maps the ACL to the mode)");
        StringAssert.Contains(Line("foreign"), "not used: '" + WindowsHost.Win(Root("foreign")) + "' belongs to ANONYMOUS LOGON (AN), not to this user");
        StringAssert.Contains(Line("wide"), "not used: '" + WindowsHost.Win(Root("wide")) + "' gives other users access (Everyone (WD) in its access control list");
        StringAssert.Contains(Line("linked"), "not used: '" + WindowsHost.Win(Root("linked")) + "' is a reparse point");
        StringAssert.Contains(Line("linked-builds"), "not used: '" + WindowsHost.Win(Path.Combine(Root("linked-builds"), "builds")) + "' is a reparse point");
        Assert.IsFalse(Directory.Exists(Path.Combine(Root("foreign"), "builds")) || Directory.Exists(Path.Combine(Root("wide"), "builds")),
            "something was created in a folder that is not used");
    }

    /// <summary>gcc.exe for the Windows host: Windows/gcc-forwarder.c, which runs the Linux compiler named after it (gcc.exe:
    /// x86_64-w64-mingw32-gcc; aarch64-linux-gnu-gcc.exe: aarch64-linux-gnu-gcc) with Windows paths turned into Unix ones.</summary>
    private static void BuildGccForwarder(string exe)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(exe)!);
        var source = Path.Combine(PackagedBuild.RepositoryRoot, "tests", "GoToolchain.Build.EndToEnd", "Windows", "gcc-forwarder.c");
        var gcc = PackagedBuild.Run(WineRunner.MingwGcc, new[] { "-municode", "-O2", "-s", "-Wall", "-Werror", "-o", exe, source },
            Path.GetDirectoryName(exe)!, new Dictionary<string, string?>(), TimeSpan.FromMinutes(2));
        Assert.AreEqual(0, gcc.ExitCode, gcc.ToString());
    }

    private static string CgoModule(string folder, string name)
    {
        var module = Path.Combine(folder, name);
        Directory.CreateDirectory(module);
        File.WriteAllText(Path.Combine(module, "go.mod"), "module example.com/" + name + "\n\ngo 1.24\n");
        File.WriteAllText(Path.Combine(module, "main.go"),
            "package main\n\n// static int triple(int x) { return 3 * x; }\nimport \"C\"\n\n//export Triple\nfunc Triple(x C.int) C.int { return C.triple(x) + 1 }\n\nfunc main() {}\n");
        return module;
    }

    private static string[] PlanAndBuild(string folder, string module, string buildMode, params string[] settings)
        => new[]
        {
            "--", "PlanGoBuilds", "ProjectFile=" + WindowsHost.Win(Path.Combine(folder, "App.csproj")),
            "Modules=" + WindowsHost.Win(module) + "|BuildMode=" + buildMode, "HostGoOS=$(HostGoOS)", "HostGoArch=$(HostGoArch)",
            "GoExecutable=$(ResolvedGoExecutable)", "GoVersion=$(ResolvedGoVersion)", "GoEnvironmentForBuild=$(GoEnvironmentForBuild)",
            Settings(folder, GoRoot, settings),
            "--", "BuildGoModule", "ProjectFile=" + WindowsHost.Win(Path.Combine(folder, "App.csproj")), "GoExecutable=$(ResolvedGoExecutable)",
            "GoEnvironmentForBuild=$(GoEnvironmentForBuild)", "Inputs=$(Inputs)", Settings(folder, null, "GoProcessTimeoutSeconds=600"),
        };

    /// <summary>
    /// A cgo c-shared DLL built on the Windows host and called from a win-x64 .NET app (the host itself) under Wine. The gcc is
    /// where scoop puts one (SCOOP\apps\gcc\current\bin\gcc.exe, current a link as scoop's junction is), not on PATH: the
    /// Windows C compiler search finds it as it finds a user's install, before go runs.
    /// </summary>
    [TestMethod]
    public void WindowsCgoCSharedDllBuiltWithAScoopGccLoadsInAWinX64App()
    {
        var folder = Folder("cgo-dll");
        var module = CgoModule(folder, "triple");
        var scoop = Path.Combine(folder, "scoop");
        BuildGccForwarder(Path.Combine(scoop, "apps", "gcc", "12.2.0", "bin", "gcc.exe"));
        Directory.CreateSymbolicLink(Path.Combine(scoop, "apps", "gcc", "current"), Path.Combine(scoop, "apps", "gcc", "12.2.0"));
        var dll = Path.Combine(folder, "obj", "windows_amd64", "triple", "triple.dll");
        var arguments = new List<string>(Validate(folder, module, GoRoot));
        arguments.AddRange(PlanAndBuild(folder, module, "c-shared"));
        arguments.AddRange(new[] { "--", "!call-export", WindowsHost.Win(dll), "Triple", "14" });
        var result = WindowsHost.Run(GoVersion, new Dictionary<string, string?> { ["SCOOP"] = WindowsHost.Win(scoop) }, Timeout, arguments.ToArray());

        Assert.AreEqual(0, result.ExitCode, result.ToString());
        // Quoted: the folder has a space, and go splits CC into words.
        StringAssert.Contains(result.Output, "uses the C compiler '\"" + WindowsHost.Win(Path.Combine(scoop, "apps", "gcc", "current", "bin", "gcc.exe")) + "\"'");
        StringAssert.Contains(result.Output, "(scoop (gcc, mingw, mingw-winlibs, w64devkit))");
        Assert.AreEqual("PE x86-64 DLL", NativeFormat.Of(dll));
        StringAssert.Contains(result.Output, "export: Triple(14)=43");
    }

    /// <summary>
    /// Cross targets from the Windows host: a CGO_ENABLED=0 linux-x64 exe, and a cgo linux-arm64 library whose C compiler is
    /// the aarch64-linux-gnu-gcc.exe on PATH (chosen before go runs, as aarch64-linux-gnu-gcc is on Linux); and a windows exe from
    /// a module folder, to an output, whose paths are over 260 characters. One Wine start.
    /// </summary>
    [TestMethod]
    public void WindowsCrossBuildsForLinuxAndBuildsInFoldersOver260Characters()
    {
        var folder = Folder("cross");
        var exeModule = HelloModule(Path.Combine(folder, "exe"), "cross");
        var cgoModule = CgoModule(folder, "arm");
        var tools = Path.Combine(folder, "tools");
        BuildGccForwarder(Path.Combine(tools, "aarch64-linux-gnu-gcc.exe"));
        var deep = folder;
        while (WindowsHost.Win(deep).Length < 270) deep = Path.Combine(deep, "a-folder-of-forty-characters-0123456789");
        var longModule = HelloModule(deep, "long");
        var longExe = Path.Combine(deep, "bin", "long.exe");

        var arguments = new List<string>(Validate(folder, exeModule, GoRoot));
        arguments.AddRange(PlanAndBuild(Path.Combine(folder, "exe"), exeModule, "exe", "GoOS=linux", "GoArch=amd64", "CgoEnabled=0"));
        arguments.AddRange(PlanAndBuild(folder, cgoModule, "c-shared", "GoOS=linux", "GoArch=arm64"));
        arguments.AddRange(BuildExe(deep, longModule, longExe));
        var result = WindowsHost.Run(GoVersion, new Dictionary<string, string?> { ["WINEPATH"] = WindowsHost.Win(tools) }, Timeout, arguments.ToArray());

        Assert.AreEqual(0, result.ExitCode, result.ToString());
        Assert.AreEqual("ELF x86-64", NativeFormat.Of(Path.Combine(folder, "exe", "obj", "linux_amd64", "hello", "hello")));
        StringAssert.Contains(result.Output, "uses the C compiler 'aarch64-linux-gnu-gcc' (" + WindowsHost.Win(Path.Combine(tools, "aarch64-linux-gnu-gcc.exe")) + ")");
        Assert.AreEqual("ELF aarch64", NativeFormat.Of(Path.Combine(folder, "obj", "linux_arm64", "arm", "libarm.so")));
        AssertExeRuns(longExe, folder, "long from windows/amd64");
    }

    /// <summary>
    /// UNC and extended-length paths: the project, obj/ and the output on a share (`\\server\share\...`: Wine maps it to
    /// dosdevices/unc/SERVER/SHARE, a link made here into the run's prefix; Wine 8 has no SMB client for a real one) and as
    /// `\\?\UNC\server\share\...`; a module, project and output all spelled `\\?\Z:\...` (go starts in the folder
    /// without the prefix, which no current directory may carry). Not here: a module folder on a share, because Wine 8
    /// starts no process in a UNC current directory ("wine: could not open working directory"), which Windows does.
    /// </summary>
    [TestMethod]
    public void WindowsBuildsFromUncAndExtendedLengthPaths()
    {
        var folder = Folder("unc");
        var share = Path.Combine(WineRunner.Prefix, "dosdevices", "unc", "gotbserver");
        Directory.CreateDirectory(share);
        if (!Directory.Exists(Path.Combine(share, "share"))) Directory.CreateSymbolicLink(Path.Combine(share, "share"), folder);
        string Unc(string path) => @"\\gotbserver\share\" + Path.GetRelativePath(folder, path).Replace('/', '\\');
        string ExtendedUnc(string path) => @"\\?\UNC\gotbserver\share\" + Path.GetRelativePath(folder, path).Replace('/', '\\');
        string Extended(string path) => @"\\?\" + WindowsHost.Win(path);
        var cases = new (string Name, Func<string, string> Spell, Func<string, string> SpellModule)[]
        {
            ("unc", Unc, WindowsHost.Win),
            ("extended-unc", ExtendedUnc, WindowsHost.Win),
            ("extended", Extended, Extended),
        };
        var arguments = new List<string>(Validate(folder, HelloModule(Path.Combine(folder, "unc"), "unc"), GoRoot));
        foreach (var (name, spell, spellModule) in cases)
        {
            var module = HelloModule(Path.Combine(folder, name), name);
            arguments.AddRange(new[]
            {
                "--", "BuildGoModule", "ProjectFile=" + spell(Path.Combine(folder, name, "App.csproj")), "GoExecutable=$(ResolvedGoExecutable)",
                "GoEnvironmentForBuild=$(GoEnvironmentForBuild)",
                "Inputs=" + spellModule(Path.Combine(module, "go.mod")) + "|ModuleDirectory=" + spellModule(module) + "|OutputPath=" + spell(Path.Combine(folder, name, "bin", name + ".exe"))
                    + "|GoOS=windows|GoArch=amd64|BuildMode=exe|CgoEnabled=0",
                "Settings=GoToolchain.Build|_GoIntermediateDirectory=" + spell(Path.Combine(folder, name, "obj")) + "|GoToolchainMode=local|GoProcessTimeoutSeconds=600",
            });
        }
        var result = WindowsHost.Run(GoVersion, null, Timeout, arguments.ToArray());

        Assert.AreEqual(0, result.ExitCode, result.ToString());
        foreach (var (name, _, _) in cases)
        {
            AssertExeRuns(Path.Combine(folder, name, "bin", name + ".exe"), folder, name + " from windows/amd64");
        }
    }
}
