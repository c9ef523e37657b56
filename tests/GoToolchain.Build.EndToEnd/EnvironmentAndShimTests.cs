using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using GoToolchain.Build.Testing;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.EndToEnd;

/// <summary>
/// Real machines: variables left in the environment (GOROOT, GOOS, GOARCH), version-manager shims and wrappers
/// in front of go, older toolchains meeting newer go lines, and what a healthy build prints.
/// </summary>
[TestClass]
[TestCategory("end-to-end")]
public class EnvironmentAndShimTests
{
    private const string GoMod122 = "module example.com/greeter\n\ngo 1.22\n";

    private const string PrintsGoVersion = """
        using System.Runtime.InteropServices;

        System.Console.WriteLine("Go runtime: " + Marshal.PtrToStringUTF8(Native.GoVersion()));

        static class Native
        {
            [DllImport("greeter")] public static extern System.IntPtr GoVersion();
        }
        """;

    private static Fixture Greeter(string name, string goMod = GoMod122)
    {
        var fixture = Fixture.Create(name).WithGoModule("go/greeter", goMod);
        fixture.WriteProgram(PrintsGoVersion);
        return fixture;
    }

    /// <summary>PATH with only the given folders before the test's own PATH (which has no go).</summary>
    private static string PathWith(params string[] first)
        => string.Join(Path.PathSeparator, first.Concat(new[] { Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin" }));

    private static string GoBin(string version) => Path.Combine(PackagedBuild.GoRoot(version), "bin");

    private static void AssertNoGotbWarningOrError(ProcessOutput result)
    {
        BuildAssert.Succeeded(result);
        var ours = result.Diagnostics.Where(d => d.Code.StartsWith("GOTB", StringComparison.Ordinal)).ToList();
        Assert.AreEqual(0, ours.Count, "expected a silent build, got: " + string.Join("; ", ours.Select(d => d.Code + " " + d.Message)) + "\n" + result);
    }

    private static void MakeExecutable(string file)
    {
        var chmod = PackagedBuild.Run("chmod", new[] { "755", file }, Path.GetDirectoryName(file)!, new Dictionary<string, string?>(), TimeSpan.FromMinutes(1));
        Assert.AreEqual(0, chmod.ExitCode, chmod.ToString());
    }

    private static string AppGoVersion(Fixture fixture)
    {
        var run = fixture.RunApp();
        Assert.AreEqual(0, run.ExitCode, run.ToString());
        return run.Output.Trim();
    }

    // ---------- 1. Environment variables are not properties ----------

    [TestMethod]
    public void StaleGorootEnvironmentWithAMissingFolderIsGotb020NamingTheVariable()
    {
        var fixture = Greeter("env-goroot-missing");
        var result = fixture.Build(new Dictionary<string, string?> { ["GOROOT"] = "/usr/local/go-removed-long-ago", ["PATH"] = PathWith(GoBin(Toolchains.Newest)) });
        var error = BuildAssert.FailedWith(result, "GOTB020");
        BuildAssert.Mentions(error, "The GOROOT environment variable is '/usr/local/go-removed-long-ago'", "does not exist",
            Toolchains.Go(Toolchains.Newest), "first 'go' on PATH", "cannot find GOROOT directory", "unset GOROOT");
        Assert.IsFalse(result.Errors.Any(e => e.Code == "GOTB002"), "the user set no GoRoot property:\n" + result);
        Assert.AreEqual(fixture.ProjectFile, error.File);
    }

    [TestMethod]
    public void GorootEnvironmentOfAnotherVersionIsGotb020NotAChoiceOfGo()
    {
        var fixture = Greeter("env-goroot-other");
        var result = fixture.Build(new Dictionary<string, string?> { ["GOROOT"] = PackagedBuild.GoRoot(Toolchains.Oldest), ["PATH"] = PathWith(GoBin(Toolchains.Newest)) }, "-p:GoLoopvar=Off");
        var error = BuildAssert.FailedWith(result, "GOTB020");
        BuildAssert.Mentions(error, $"the GOROOT environment variable is '{Toolchains.Root(Toolchains.Oldest)}'", Toolchains.Version(Toolchains.Oldest), Toolchains.Go(Toolchains.Newest), Toolchains.Version(Toolchains.Newest),
            "first 'go' on PATH", "does not match go tool version", "unset GOROOT");
        Assert.IsFalse(result.Output.Contains("because the GoRoot property"), "GOROOT from the environment was taken for the GoRoot property:\n" + result);
        Assert.IsFalse(result.Errors.Any(e => e.Code == "GOTB118"), result.ToString());
    }

    [TestMethod]
    public void GorootInTheGoEnvFileIsStillGotb020()
    {
        // `go env -w GOROOT=...` writes the user's go env file; the test writes one into a private XDG_CONFIG_HOME.
        var fixture = Greeter("envfile-goroot");
        var config = Path.Combine(fixture.Directory, "xdg-config");
        Directory.CreateDirectory(Path.Combine(config, "go"));
        File.WriteAllText(Path.Combine(config, "go", "env"), $"GOROOT={PackagedBuild.GoRoot(Toolchains.Oldest)}\n");
        var result = fixture.Build(new Dictionary<string, string?> { ["XDG_CONFIG_HOME"] = config, ["GOROOT"] = null }, $"-p:GoRoot={PackagedBuild.GoRoot(Toolchains.Newest)}");
        var error = BuildAssert.FailedWith(result, "GOTB020");
        BuildAssert.Mentions(error, $"GOROOT in the go env file '{Path.Combine(config, "go", "env")}' is '{Toolchains.Root(Toolchains.Oldest)}'", Toolchains.Version(Toolchains.Newest), "go env -u GOROOT");
    }

    [TestMethod]
    public void GoosAndGoarchInTheEnvironmentDoNotRetargetTheBuild()
    {
        var fixture = Greeter("env-goos");
        var environment = new Dictionary<string, string?> { ["GOOS"] = "windows", ["GOARCH"] = "arm64" };
        var result = fixture.Build(environment, $"-p:GoRoot={PackagedBuild.GoRoot(Toolchains.Newest)}");
        BuildAssert.Succeeded(result);
        var warning = BuildAssert.HasWarning(result, "GOTB024");
        BuildAssert.Mentions(warning, "GOOS=windows GOARCH=arm64", "ignores", "linux/amd64", "-r win-arm64", "-p:GoOS");
        Assert.AreEqual(1, result.Warnings.Count(w => w.Code == "GOTB024"));
        Assert.IsTrue(File.Exists(Path.Combine(fixture.OutputDirectory, "libgreeter.so")), result.ToString());
        StringAssert.StartsWith(AppGoVersion(fixture), "Go runtime: " + Toolchains.Version(Toolchains.Newest));
    }

    [TestMethod]
    public void GoosAsAGlobalPropertyStillRetargetsEvenWhenTheEnvironmentAgrees()
    {
        var fixture = Fixture.Create("p-goos").WithGoModule("go/tool", "module example.com/tool\n\ngo 1.22\n",
            new Dictionary<string, string> { ["main.go"] = "package main\n\nfunc main() { println(\"tool\") }\n" }, "BuildMode=\"exe\" CgoEnabled=\"0\"");
        var environment = new Dictionary<string, string?> { ["GOOS"] = "windows", ["GOARCH"] = "amd64" };
        var result = fixture.Build(environment, $"-p:GoRoot={PackagedBuild.GoRoot(Toolchains.Newest)}", "-p:GoOS=windows", "-p:GoArch=amd64");
        BuildAssert.Succeeded(result);
        Assert.IsFalse(result.Warnings.Any(w => w.Code == "GOTB024"), result.ToString());
        var exe = Path.Combine(fixture.OutputDirectory, "tool.exe");
        Assert.IsTrue(File.Exists(exe), "a windows exe: " + result);
        var header = File.ReadAllBytes(exe).Take(2).ToArray();
        CollectionAssert.AreEqual(new[] { (byte)'M', (byte)'Z' }, header, "a PE file");
    }

    // ---------- 2. Version-manager shims are normal ----------

    /// <summary>An asdf-like shim: reads "golang X.Y" from .tool-versions found from the current directory upward.</summary>
    private static string WriteAsdfLikeShim(string directory)
    {
        Directory.CreateDirectory(directory);
        var shim = Path.Combine(directory, "go");
        File.WriteAllText(shim, """
            #!/bin/bash
            # like asdf: the version comes from the nearest .tool-versions, from the current directory upward
            dir="$PWD"
            while [ "$dir" != "/" ]; do
              if [ -f "$dir/.tool-versions" ]; then
                # "golang 1.24.4" -> /usr/lib/go-1.24 (Debian installs one patch release per minor version)
                version=$(sed -n 's/^golang \([0-9]*\.[0-9]*\).*/\1/p' "$dir/.tool-versions")
                exec "/usr/lib/go-$version/bin/go" "$@"
              fi
              dir=$(dirname "$dir")
            done
            echo "shim: no version set for golang" >&2
            exit 126
            """.Replace("\r", ""));
        MakeExecutable(shim);
        return shim;
    }

    [TestMethod]
    public void AnAsdfLikeShimFirstOnPathBuildsSilentlyAndFollowsASwitchOfVersion()
    {
        var fixture = Greeter("shim-asdf");
        GoBin(Toolchains.NewestWithCgoLoopBug);
        GoBin(Toolchains.Newest);
        WriteAsdfLikeShim(Path.Combine(fixture.Directory, "shims"));
        fixture.WriteFile(".tool-versions", $"golang {Toolchains.Release(Toolchains.NewestWithCgoLoopBug)}\n");
        // a system Go is on PATH behind the shims: the version manager chooses, so no GOTB007 either way
        var environment = new Dictionary<string, string?> { ["PATH"] = PathWith(Path.Combine(fixture.Directory, "shims"), GoBin(Toolchains.NewestWithCgoLoopBug)), ["GOROOT"] = null };

        AssertNoGotbWarningOrError(fixture.Build(environment));
        StringAssert.StartsWith(AppGoVersion(fixture), "Go runtime: " + Toolchains.Version(Toolchains.NewestWithCgoLoopBug));

        fixture.WriteFile(".tool-versions", $"golang {Toolchains.Release(Toolchains.Newest)}\n"); // `asdf local golang 1.NN.x`
        AssertNoGotbWarningOrError(fixture.Build(environment));
        StringAssert.StartsWith(AppGoVersion(fixture), "Go runtime: " + Toolchains.Version(Toolchains.Newest), "the next build used the toolchain the shim now selects");
    }

    /// <summary>The same switch after a build that is reused: the version manager's file is part of what a no-op build compares.</summary>
    [TestMethod]
    public void ASwitchOfVersionBehindAShimIsNotAReusedBuild()
    {
        var fixture = Greeter("shim-asdf-reuse");
        WriteAsdfLikeShim(Path.Combine(fixture.Directory, "shims"));
        fixture.WriteFile(".tool-versions", $"golang {Toolchains.Release(Toolchains.NewestWithCgoLoopBug)}\n");
        var environment = new Dictionary<string, string?> { ["PATH"] = PathWith(Path.Combine(fixture.Directory, "shims"), GoBin(Toolchains.NewestWithCgoLoopBug)), ["GOROOT"] = null };
        NoOpReuseTests.Settle(fixture);
        NoOpReuseTests.BuildUntilRecorded(fixture, environment);
        var reused = fixture.Build(environment, "-v:d");
        StringAssert.Contains(reused.Output, NoOpReuseTests.Reused);
        StringAssert.StartsWith(AppGoVersion(fixture), "Go runtime: " + Toolchains.Version(Toolchains.NewestWithCgoLoopBug));

        fixture.WriteFile(".tool-versions", $"golang {Toolchains.Release(Toolchains.Newest)}\n");
        var switched = fixture.Build(environment, "-v:d");
        AssertNoGotbWarningOrError(switched);
        StringAssert.Contains(switched.Output, "Building in full: the go binary, its installation or the Go environment files changed");
        StringAssert.StartsWith(AppGoVersion(fixture), "Go runtime: " + Toolchains.Version(Toolchains.Newest), "the next build used the toolchain the shim now selects");
    }

    [TestMethod]
    public void ACompiledLauncherFirstOnPathBuildsSilently()
    {
        // scoop/chocolatey put a small go(.exe) launcher on PATH that starts the real go.
        var fixture = Greeter("shim-launcher");
        var launchers = Path.Combine(fixture.Directory, "launchers");
        Directory.CreateDirectory(launchers);
        var source = Path.Combine(launchers, "go.c");
        File.WriteAllText(source, $"#include <unistd.h>\nint main(int argc, char **argv) {{ (void)argc; execv(\"{GoBin(Toolchains.Newest)}/go\", argv); return 127; }}\n");
        var gcc = PackagedBuild.Run("gcc", new[] { "-O2", "-o", Path.Combine(launchers, "go"), source }, launchers, new Dictionary<string, string?>(), TimeSpan.FromMinutes(1));
        Assert.AreEqual(0, gcc.ExitCode, gcc.ToString());

        var result = fixture.Build(new Dictionary<string, string?> { ["PATH"] = PathWith(launchers), ["GOROOT"] = null });
        AssertNoGotbWarningOrError(result);
        StringAssert.StartsWith(AppGoVersion(fixture), "Go runtime: " + Toolchains.Version(Toolchains.Newest));
    }

    [TestMethod]
    public void GoExecutableAtAWrapperScriptBuildsSilently()
    {
        var fixture = Greeter("wrapper");
        var wrapper = Path.Combine(fixture.Directory, "tools", "go-wrapper.sh");
        fixture.WriteFile(Path.Combine("tools", "go-wrapper.sh"), $"#!/bin/sh\nexec {GoBin(Toolchains.NewestWithCgoLoopBug)}/go \"$@\"\n");
        MakeExecutable(wrapper);
        fixture.WithProperty("GoExecutable", "tools/go-wrapper.sh");
        AssertNoGotbWarningOrError(fixture.Build(new Dictionary<string, string?> { ["GOROOT"] = null }));
        StringAssert.StartsWith(AppGoVersion(fixture), "Go runtime: " + Toolchains.Version(Toolchains.NewestWithCgoLoopBug));
    }

    // ---------- 5. Version lines ----------

    [TestMethod]
    public void AGo120LineOnGo119BuildsWithAWarningThatTheStandardSwitchesControl()
    {
        var goMod = "module example.com/greeter\n\ngo 1.20\n";
        var goRoot = $"-p:GoRoot={PackagedBuild.GoRoot(Toolchains.Oldest)}";

        var plain = Greeter("goline-120-on-119", goMod);
        var result = plain.Build(null, goRoot, "-p:GoLoopvar=Off");
        BuildAssert.Succeeded(result);
        var warning = BuildAssert.HasWarning(result, "GOTB118");
        BuildAssert.Mentions(warning, "'go 1.20'", Toolchains.Release(Toolchains.Oldest));
        Assert.AreEqual(Path.Combine(plain.Directory, "go", "greeter", "go.mod"), warning.File);
        Assert.AreEqual(3, warning.Line);

        var silenced = Greeter("goline-120-nowarn", goMod).WithProperty("NoWarn", "$(NoWarn);GOTB118");
        var quiet = silenced.Build(null, goRoot, "-p:GoLoopvar=Off");
        BuildAssert.Succeeded(quiet);
        Assert.IsFalse(quiet.Diagnostics.Any(d => d.Code == "GOTB118"), quiet.ToString());

        var promoted = Greeter("goline-120-aserror", goMod).WithProperty("MSBuildWarningsAsErrors", "GOTB118");
        BuildAssert.FailedWith(promoted.Build(null, goRoot, "-p:GoLoopvar=Off"), "GOTB118");
    }

    [TestMethod]
    public void AGo122LineOnGo119IsAnError()
    {
        var fixture = Greeter("goline-122-on-119", "module example.com/greeter\n\ngo 1.22\n");
        var error = BuildAssert.FailedWith(fixture.Build(null, $"-p:GoRoot={PackagedBuild.GoRoot(Toolchains.Oldest)}", "-p:GoLoopvar=Off"), "GOTB118");
        BuildAssert.Mentions(error, "'go 1.22'", Toolchains.Release(Toolchains.Oldest), "loop variable");
    }

    [TestMethod]
    public void AToolLineAndAGo124LineOnLocalGo123SwitchToTheGo124OnPathAndBuildWithIt()
    {
        // go 1.23 cannot parse a `tool` line, but it does not have to: under GoToolchainMode=path it picks go1.24.4 from the
        // go/toolchain lines alone and runs the binary of that name on PATH (go-facts 2.3: the exact name the lines ask for;
        // `go 1.24` alone asks for go1.24.0, which this 1.24.4 would refuse to stand in for). The tool is not used, so
        // nothing is downloaded (go-facts 9.4).
        var goMod = "module example.com/greeter\n\ngo 1.24\n\ntoolchain go1.24.4\n\ntool golang.org/x/tools/cmd/stringer\n";
        var fixture = Greeter("tool-line-switch", goMod).WithProperty("GoToolchainMode", "path");
        var toolchains = Path.Combine(fixture.Directory, "toolchains");
        Directory.CreateDirectory(toolchains);
        File.CreateSymbolicLink(Path.Combine(toolchains, "go1.24.4"), Path.Combine(GoBin("1.24"), "go"));

        var result = fixture.Build(new Dictionary<string, string?> { ["PATH"] = PathWith(toolchains), ["GOROOT"] = null },
            $"-p:GoRoot={PackagedBuild.GoRoot("1.23")}");

        BuildAssert.Succeeded(result);
        Assert.IsFalse(result.Diagnostics.Any(d => d.Code == "GOTB111"), "go.mod was read by go 1.23's rules:\n" + result);
        StringAssert.Contains(result.Output, "GOTB115");
        StringAssert.Contains(result.Output, "go1.24.4 from PATH");
        StringAssert.StartsWith(AppGoVersion(fixture), "Go runtime: go1.24.4");
    }

    // ---------- 7. Quiet when all is well, precise when not ----------

    [TestMethod]
    public void ANoOpBuildAtMinimalVerbosityPrintsNoGotbLine()
    {
        var fixture = Greeter("quiet");
        var goRoot = $"-p:GoRoot={PackagedBuild.GoRoot(Toolchains.Newest)}";
        var first = fixture.Build(null, goRoot);
        BuildAssert.Succeeded(first);
        StringAssert.Contains(first.Output, "GOTB006", "informational lines still show at -v:n");
        var noOp = fixture.Build(null, goRoot, "-v:m");
        BuildAssert.Succeeded(noOp);
        Assert.IsFalse(noOp.Output.Contains("GOTB"), "a healthy no-op build printed GOTB lines at -v:m:\n" + noOp);
    }

    [TestMethod]
    public void AWindowsOnlyPackageBuiltWithoutARidGetsOneHintNamingTheTargetAndTheRid()
    {
        var files = new Dictionary<string, string>
        {
            ["lib.go"] = "package main\n\nimport \"C\"\n\nimport \"syscall\"\n\n//export Ticks\nfunc Ticks() C.int {\n\tk := syscall.MustLoadDLL(\"kernel32.dll\")\n\tp := k.MustFindProc(\"GetTickCount\")\n\tr, _, _ := p.Call()\n\t_ = syscall.GetCurrentProcessId()\n\treturn C.int(r)\n}\n\nfunc main() {}\n",
        };
        var fixture = Fixture.Create("windows-only").WithGoModule("go/greeter", GoMod122, files);
        var result = fixture.Build(null, $"-p:GoRoot={PackagedBuild.GoRoot(Toolchains.Newest)}");
        var error = BuildAssert.FailedWith(result, "GOTB520");
        BuildAssert.Mentions(error, "GOOS=linux GOARCH=amd64", "undefined: syscall.", "-r win-x64");
        Assert.AreEqual(Path.Combine(fixture.Directory, "go", "greeter", "lib.go"), error.File);
        Assert.AreEqual(1, result.Errors.Count(e => e.Code == "GOTB520"));
        Assert.IsTrue(result.Errors.Count(e => e.Code == "GOTB500") <= 5, result.ToString());
    }

    [TestMethod]
    public void GoDoctorShowsEachModulesTargetAndRaisesNoProxyWarningForAStdlibOnlyModule()
    {
        var fixture = Greeter("doctor-stdlib").WithGoModule("go/tool", "module example.com/tool\n\ngo 1.22\n",
            new Dictionary<string, string> { ["main.go"] = "package main\n\nfunc main() {}\n" }, "BuildMode=\"exe\"");
        var environment = new Dictionary<string, string?> { ["GOPROXY"] = "http://127.0.0.1:1", ["GOFLAGS"] = null };
        var doctor = fixture.Build(environment, $"-p:GoRoot={PackagedBuild.GoRoot(Toolchains.Newest)}", "-t:GoDoctor");
        BuildAssert.Succeeded(doctor);
        Assert.IsFalse(doctor.Warnings.Any(w => w.Code == "GOTB214"), "a module that requires nothing never downloads:\n" + doctor);
        StringAssert.Contains(doctor.Output, "Builds (target linux/amd64, from the host (no RuntimeIdentifier))");
        StringAssert.Contains(doctor.Output, "BuildMode: c-shared");
        StringAssert.Contains(doctor.Output, "CGO_ENABLED=1 (c-shared needs cgo)");
        StringAssert.Contains(doctor.Output, "BuildMode: exe");
    }

    [TestMethod]
    public void Gotb210NamesTheImportingFileByItsPathInTheModuleAndLine()
    {
        var files = new Dictionary<string, string>
        {
            ["lib.go"] = "package main\n\nimport \"C\"\n\nimport \"example.com/greeter/conf\"\n\n//export Port\nfunc Port() C.int { return C.int(conf.Port()) }\n\nfunc main() {}\n",
            ["conf/parser.go"] = "package conf\n\nimport (\n\t\"strings\"\n\n\t\"example.com/missing/yaml\"\n)\n\nfunc Port() int { return len(strings.TrimSpace(yaml.Name)) }\n",
        };
        var fixture = Fixture.Create("gotb210-path").WithGoModule("go/greeter", "module example.com/greeter\n\ngo 1.22\n\nrequire example.com/missing/yaml v1.0.0\n", files);
        var environment = new Dictionary<string, string?>
        {
            ["GOPROXY"] = "off", ["GOFLAGS"] = "-mod=mod", ["GOSUMDB"] = "off",
            ["GOMODCACHE"] = Path.Combine(fixture.Directory, "empty-modcache"),
        };
        var error = BuildAssert.FailedWith(fixture.Build(environment, $"-p:GoRoot={PackagedBuild.GoRoot(Toolchains.Newest)}"), "GOTB210");
        BuildAssert.Mentions(error, "imported by conf/parser.go:6");
    }
}
