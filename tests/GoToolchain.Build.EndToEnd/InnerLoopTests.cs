using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using GoToolchain.Build.Testing;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.EndToEnd;

/// <summary>
/// The loop a .NET developer lives in (issue 26): progress at -v:m, outputs named as go names them, a change in one package
/// rebuilding only that package's output, Rebuild running go again, dotnet watch rebuilding on a .go edit. Oldest and newest Go
/// only: none of it depends on the version in between (go list -deps and go build's names are the same on every supported go).
/// </summary>
[TestClass]
[TestCategory("end-to-end")]
public sealed class InnerLoopTests
{
    public static IEnumerable<object[]> OldestAndNewest => Toolchains.Rows(new[] { Toolchains.Oldest, Toolchains.Newest });

    /// <summary>One module, two c-shared packages and an exe package: the interop sample's shape.</summary>
    private static Fixture InteropModule(string name, string go)
    {
        var fixture = Fixture.Create(name);
        fixture.WithProperty("GoRoot", PackagedBuild.GoRoot(go));
        // 0: the high-importance progress line comes at once, so every go build shows it at -v:m (a cold build waits 5 s).
        fixture.WithProperty("GoProgressNoticeSeconds", "0");
        var files = new Dictionary<string, string>
        {
            ["testapp/main.go"] = "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"value-1\") }\n",
            ["liba/lib.go"] = Library("ValueA", 1),
            ["libb/lib.go"] = Library("ValueB", 1),
        };
        fixture.WithGoModule("go", "module example.com/interop\n\ngo 1.19\n", files, "Package=\"./testapp\" BuildMode=\"exe\"");
        fixture.WithGoModule("go", null, new Dictionary<string, string>(), "Package=\"./liba\"");
        fixture.WithGoModule("go", null, new Dictionary<string, string>(), "Package=\"./libb\"");
        fixture.WriteProgram("""
            using System.Diagnostics;
            var exe = System.IO.Path.Combine(System.AppContext.BaseDirectory, "testapp");
            using var go = Process.Start(new ProcessStartInfo(exe) { RedirectStandardOutput = true })!;
            System.Console.WriteLine("go says " + go.StandardOutput.ReadToEnd().Trim());
            go.WaitForExit();
            """);
        return fixture;
    }

    private static string Library(string export, int value)
        => $"package main\n\nimport \"C\"\n\n//export {export}\nfunc {export}() C.int {{ return {value} }}\n\nfunc main() {{}}\n";

    private static ProcessOutput Dotnet(Fixture fixture, params string[] arguments)
    {
        var result = PackagedBuild.Run(PackagedBuild.Dotnet, arguments, fixture.Directory,
            new Dictionary<string, string?> { ["NUGET_PACKAGES"] = PackagedBuild.NuGetPackages }, TimeSpan.FromMinutes(10));
        File.WriteAllText(Path.Combine(fixture.Directory, $"{arguments[0]}-{DateTime.UtcNow:HHmmssfff}.log"), result.Output);
        return result;
    }

    /// <summary>go builds started, by their command lines (with or without -json).</summary>
    private static int GoBuildRuns(ProcessOutput output, string package)
        => Regex.Matches(output.Output, @"> \S*/bin/go build (?:-json )?-buildmode=\S+ .* " + Regex.Escape(package) + "\r?$", RegexOptions.Multiline).Count;

    [TestMethod]
    [DynamicData(nameof(OldestAndNewest))]
    public void ProgressNamesPackageInputsAndRebuild(string go)
    {
        var fixture = InteropModule("inner-loop-" + go, go);
        fixture.WriteProjectFiles();

        // A cold build at -v:m says which module, package, platform and go each go build is for.
        var cold = Dotnet(fixture, "build", fixture.ProjectFile, "-nr:false", "-tl:off", "-v:m");
        BuildAssert.Succeeded(cold);
        var version = Regex.Match(cold.Output, @"with (go1\.\d+(?:\.\d+)?)").Groups[1].Value;
        StringAssert.StartsWith(version, "go" + go, cold.Output);
        foreach (var (package, file) in new[] { ("./testapp", "testapp"), ("./liba", "libliba.so"), ("./libb", "liblibb.so") })
        {
            StringAssert.Contains(cold.Output, $"Building Go '{Path.Combine(fixture.Directory, "go")}' (package {package}, ", cold.Output);
            StringAssert.Contains(cold.Output, $"for linux/amd64 with {version}: {file}", cold.Output);
            // Named as go build names them: the exe after its package, two libraries of one module with no OutputName and no GOTB511.
            Assert.IsTrue(File.Exists(Path.Combine(fixture.OutputDirectory, file)), $"no {file} in bin/:\n{cold.Output}");
        }
        Assert.IsFalse(File.Exists(Path.Combine(fixture.OutputDirectory, "go")), "an exe named after the module's folder");
        StringAssert.Contains(fixture.RunApp().Output, "go says value-1");

        // A change in liba: libliba.so is built again, liblibb.so and testapp are not touched.
        var obj = Path.Combine(fixture.Directory, "obj", "Debug", "net10.0", "go", "linux_amd64");
        var libb = Path.Combine(obj, "libb", "liblibb.so");
        var testapp = Path.Combine(obj, "testapp", "testapp");
        var (libbBefore, testappBefore) = (File.GetLastWriteTimeUtc(libb), File.GetLastWriteTimeUtc(testapp));
        var libaBefore = File.GetLastWriteTimeUtc(Path.Combine(obj, "liba", "libliba.so"));
        fixture.WriteFile(Path.Combine("go", "liba", "lib.go"), Library("ValueA", 2));
        var edit = fixture.Build();
        BuildAssert.Succeeded(edit);
        Assert.AreEqual(1, GoBuildRuns(edit, "./liba"), edit.Output);
        Assert.AreEqual(0, GoBuildRuns(edit, "./libb") + GoBuildRuns(edit, "./testapp"), edit.Output);
        Assert.AreNotEqual(libaBefore, File.GetLastWriteTimeUtc(Path.Combine(obj, "liba", "libliba.so")), "liba was not rebuilt");
        Assert.AreEqual(libbBefore, File.GetLastWriteTimeUtc(libb), "libb's output was touched by a change in liba");
        Assert.AreEqual(testappBefore, File.GetLastWriteTimeUtc(testapp), "testapp's output was touched by a change in liba");

        // Rebuild runs go build again for each output (before: copied back from the per-user store).
        var rebuild = fixture.Build(null, "-t:Rebuild");
        BuildAssert.Succeeded(rebuild);
        foreach (var package in new[] { "./testapp", "./liba", "./libb" }) Assert.AreEqual(1, GoBuildRuns(rebuild, package), package + ":\n" + rebuild.Output);
        Assert.IsFalse(rebuild.Output.Contains("instead of running go build again"), rebuild.Output);
    }

    [TestMethod]
    [DynamicData(nameof(OldestAndNewest))]
    public void DotnetWatchRebuildsAndRestartsOnAGoEdit(string go)
    {
        var fixture = InteropModule("watch-" + go, go);
        fixture.WriteProjectFiles();
        var restore = Dotnet(fixture, "restore", fixture.ProjectFile);
        BuildAssert.Succeeded(restore);

        var start = new ProcessStartInfo(PackagedBuild.Dotnet)
        {
            WorkingDirectory = fixture.Directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "watch", "--non-interactive", "--project", fixture.ProjectFile, "run" }) start.ArgumentList.Add(a);
        start.Environment["NUGET_PACKAGES"] = PackagedBuild.NuGetPackages;
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        var output = new StringBuilder();
        string Text() { lock (output) return output.ToString(); }
        void WaitFor(string text, TimeSpan bound, string what, Process watch)
        {
            var clock = Stopwatch.StartNew();
            while (!Text().Contains(text))
            {
                if (watch.HasExited) Assert.Fail($"dotnet watch ended before {what}:\n{Text()}");
                if (clock.Elapsed > bound) Assert.Fail($"no {what} within {bound.TotalSeconds} s:\n{Text()}");
                Thread.Sleep(200);
            }
        }

        // The high-importance line of each go build of ./testapp (dotnet watch builds at minimal verbosity).
        int TestappNotices() => Regex.Matches(Text(), @"Building Go '[^']*' \(package \./testapp, exe\) .* s so far").Count;

        using var watch = new Process { StartInfo = start };
        watch.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        watch.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        watch.Start();
        watch.BeginOutputReadLine();
        watch.BeginErrorReadLine();
        try
        {
            WaitFor("go says value-1", TimeSpan.FromMinutes(5), "first run of the app", watch);
            Assert.AreEqual(1, TestappNotices(), Text());
            // Edited as a user would, once dotnet watch waits for a change (an edit while the app still runs races its watcher).
            WaitFor("Waiting for a file to change", TimeSpan.FromMinutes(1), "dotnet watch waiting for changes", watch);
            Thread.Sleep(TimeSpan.FromSeconds(2));

            fixture.WriteFile(Path.Combine("go", "testapp", "main.go"), "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"value-2\") }\n");

            WaitFor("go says value-2", TimeSpan.FromMinutes(3), "restart with the edited Go code", watch);
            Assert.AreEqual(2, TestappNotices(), "the second build ran go build:\n" + Text());
        }
        finally
        {
            if (!watch.HasExited) watch.Kill(entireProcessTree: true);
            watch.WaitForExit(30_000);
            File.WriteAllText(Path.Combine(fixture.Directory, "watch.log"), Text());
        }
    }
}
