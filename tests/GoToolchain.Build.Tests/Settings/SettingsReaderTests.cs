using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using GoToolchain.Build.Building;
using GoToolchain.Build.Generate;
using GoToolchain.Build.Platform;
using GoToolchain.Build.Proxy;
using GoToolchain.Build.Settings;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.Tests.Settings;

/// <summary>The settings model: every property and GoModule metadata value parsed and checked once, defaults in one place.</summary>
[TestClass]
[TestCategory("unit")]
public sealed class SettingsReaderTests
{
    private const string Project = "/p/App.csproj";

    private static ProjectSettings Read(Dictionary<string, string>? properties = null, params ModuleItem[] modules)
        => SettingsReader.Read(new SettingsSource
        {
            ProjectFile = Project,
            Property = name => properties is not null && properties.TryGetValue(name, out var value) ? value : "",
            Modules = modules,
        });

    private static ModuleItem Module(string spec, params (string Name, string Value)[] metadata)
        => new(spec, "/p/" + spec, metadata.ToDictionary(m => m.Name, m => m.Value));

    private static List<string> Codes(ProjectSettings settings)
        => settings.Problems.Select(p => p(new ProjectFileLines(Project))).Select(d => d.Code + " " + d.Message.Split(' ')[0] + " " + d.Message.Split(' ')[1]).ToList();

    [TestMethod]
    public void EmptyValuesAreTheDefaults()
    {
        var settings = Read();
        Assert.IsEmpty(settings.Problems);
        Assert.IsTrue(settings.Enabled && settings.TrimPath && settings.ReuseLastBuild && settings.CheckDeclarations);
        Assert.IsFalse(settings.LoopvarReport || settings.WriteDoctorReport);
        Assert.AreEqual(TimeSpan.FromSeconds(600), settings.ProcessTimeout);
        Assert.AreEqual(GoToolchain.Build.Execution.ProcessSpec.DefaultTimeout, settings.ProcessTimeout);
        Assert.AreEqual(GenerateMode.Run, settings.Generate);
        Assert.AreEqual(ProxyCheckMode.Auto, settings.ProxyCheck);
        Assert.AreEqual(5.0, settings.ProxyTimeoutSeconds);
        Assert.AreEqual("local", settings.ToolchainMode.Text);
        Assert.IsNull(settings.VersionRange.Text);
        Assert.IsEmpty(settings.BuildArguments);
        Assert.IsEmpty(settings.Environment);
    }

    [TestMethod]
    public void ValuesAreTypedAndListsSplitAsMSBuildSplitsThem()
    {
        var settings = Read(new Dictionary<string, string>
        {
            ["GoTrimPath"] = "False", ["GoProcessTimeoutSeconds"] = " 120 ", ["GoGenerate"] = "verify", ["GoProxyCheck"] = "Network",
            ["GoProxyTimeoutSeconds"] = "0.5", ["GoBuildArguments"] = "-v; ;two words;", ["GoEnvironment"] = "GOFLAGS=-mod=mod;GOPRIVATE=",
            ["_GoWriteDoctorReport"] = "true", ["GoCheckDeclarations"] = "false",
        });
        Assert.IsEmpty(settings.Problems);
        Assert.IsFalse(settings.TrimPath);
        Assert.AreEqual(TimeSpan.FromSeconds(120), settings.ProcessTimeout);
        Assert.AreEqual(GenerateMode.Verify, settings.Generate);
        Assert.AreEqual(ProxyCheckMode.Network, settings.ProxyCheck);
        Assert.AreEqual(0.5, settings.ProxyTimeoutSeconds);
        CollectionAssert.AreEqual(new[] { "-v", "two words" }, settings.BuildArguments.ToList());
        Assert.AreEqual("-mod=mod", settings.Environment["GOFLAGS"]);
        Assert.AreEqual("", settings.Environment["GOPRIVATE"]);
        Assert.IsTrue(settings.WriteDoctorReport);
        Assert.IsFalse(settings.CheckDeclarations);
    }

    [TestMethod]
    public void EveryValueThatIsNotAllowedIsOneProblemWithItsCodeAndTheDefaultTakesItsPlace()
    {
        var settings = Read(new Dictionary<string, string>
            {
                ["GoTrimPath"] = "maybe", ["GoProcessTimeoutSeconds"] = "0", ["GoLoopvar"] = "Sometimes", ["GoGenerate"] = "Always",
                ["GoProxyCheck"] = "Sometimes", ["GoProxyTimeoutSeconds"] = "soon", ["GoBuildArguments"] = "-o;x;-trimpath", ["GoEnvironment"] = "NOEQUALS",
            },
            Module("go/a", ("BuildMode", "dll"), ("Generate", "Often"), ("Environment", "A=1;BAD"), ("OutputName", "../x")));

        CollectionAssert.AreEquivalent(new[]
        {
            "GOTB060 Property GoTrimPath", "GOTB060 Property GoProcessTimeoutSeconds", "GOTB300 Property GoLoopvar", "GOTB400 Property GoGenerate",
            "GOTB200 Property GoProxyCheck", "GOTB201 Property GoProxyTimeoutSeconds", "GOTB541 GoBuildArguments holds", "GOTB541 GoBuildArguments holds",
            "GOTB008 GoEnvironment entry", "GOTB511 GoModule 'go/a'", "GOTB400 GoModule 'go/a'", "GOTB540 GoModule 'go/a'", "GOTB008 GoModule 'go/a'",
        }, Codes(settings));
        Assert.IsTrue(settings.TrimPath);
        Assert.AreEqual(TimeSpan.FromSeconds(600), settings.ProcessTimeout);
        Assert.IsNull(settings.Generate, "no default that makes sense: the step is skipped");
        Assert.IsNull(settings.ProxyCheck);
        Assert.IsNull(settings.ProxyTimeoutSeconds);
        Assert.IsNull(settings.Loopvar, "the loop planner gets no policy to check again");
        var module = settings.Modules.Single();
        Assert.IsNull(module.BuildMode);
        Assert.IsNull(module.Spec.BuildMode, "the build planner sees the same");
        Assert.IsNull(module.OutputName, "not a file name: the build planner never writes with it");
        Assert.IsNull(module.Generate);
        Assert.AreEqual("1", module.Environment["A"]);
        Assert.IsFalse(module.Environment.ContainsKey("BAD"));
    }

    [TestMethod]
    [DataRow("bogus")]
    [DataRow("true")]
    public void AnInvalidLoopvarPolicyIsGotb300NamingTheValueAndTheValidOnes(string value)
    {
        var settings = Read(new Dictionary<string, string> { ["GoLoopvar"] = value });
        var error = settings.Problems.Single()(new ProjectFileLines(Project));
        Assert.AreEqual("GOTB300", error.Code);
        Assert.AreEqual(GoToolchain.Build.Diagnostics.Severity.Error, error.Severity);
        Assert.AreEqual(Project, error.File);
        StringAssert.Contains(error.Message, $"GoLoopvar is '{value}'");
        StringAssert.Contains(error.Message, "Off (the default: go's own semantics), Enable or Require");
        Assert.IsNull(settings.Loopvar);
    }

    [TestMethod]
    public void ModuleValuesTheBuildPlannerTakesAreTyped()
    {
        var settings = Read(null, Module("go/a", ("buildMode", " Exe "), ("OutputName", " tool ")), Module("go/b"));
        Assert.AreEqual(GoBuildMode.Exe, settings.Modules[0].Spec.BuildMode, "metadata names are case-insensitive");
        Assert.AreEqual("tool", settings.Modules[0].Spec.OutputName);
        Assert.AreEqual(GoBuildMode.CShared, settings.Modules[1].Spec.BuildMode);
        Assert.AreEqual("", settings.Modules[1].Spec.OutputName, "the planner names the output after the folder");
    }

    /// <summary>GoVersionRange and GoToolchainMode are read here; ValidateGoroot reports their problems beside the toolchain's
    /// (GOTB117 only for a go that reads GOTOOLCHAIN).</summary>
    [TestMethod]
    public void VersionRangeAndToolchainModeAreTypedAndTheirProblemsWaitForTheToolchain()
    {
        var settings = Read(new Dictionary<string, string> { ["GoVersionRange"] = " [1.21,1.24) ", ["GoToolchainMode"] = " go1.23.5+auto " });
        Assert.IsEmpty(settings.Problems);
        Assert.AreEqual("[1.21,1.24)", settings.VersionRange.Range!.Text);
        Assert.IsNull(settings.VersionRange.Problem);
        Assert.AreEqual("go1.23.5+auto", settings.ToolchainMode.Text);
        Assert.AreEqual("go1.23.5", settings.ToolchainMode.Mode!.MinimumToolchain);

        var bad = Read(new Dictionary<string, string> { ["GoVersionRange"] = "banana", ["GoToolchainMode"] = "banana" });
        Assert.IsEmpty(bad.Problems, "not ValidateGoSettings' to report");
        Assert.AreEqual(("GOTB101", Project, 0), (bad.VersionRange.Problem!.Code, bad.VersionRange.Problem.File, bad.VersionRange.Problem.Line));
        Assert.IsNull(bad.VersionRange.Range);
        Assert.IsNull(bad.ToolchainMode.Mode);
        Assert.AreEqual("banana", bad.ToolchainMode.Text, "go still gets it as GOTOOLCHAIN");
        Assert.IsNull(bad.ToolchainMode.ProblemFor(GoToolchain.Build.Versions.GoVersion.Parse("1.19.13"), "go1.19.13", Project), "1.19 ignores GOTOOLCHAIN");
        Assert.IsNull(bad.ToolchainMode.ProblemFor(null, null, Project), "no toolchain known: nothing to say");
        var problem = bad.ToolchainMode.ProblemFor(GoToolchain.Build.Versions.GoVersion.Parse("1.27.4"), "go1.27.4", Project)!;
        Assert.AreEqual(("GOTB117", Project, 0), (problem.Code, problem.File, problem.Line));
        StringAssert.StartsWith(problem.Message, "GoToolchainMode 'banana' is not a GOTOOLCHAIN value go1.27.4 accepts: every go command would fail with 'invalid GOTOOLCHAIN \"banana\"'.");
    }

    [TestMethod]
    public void TheModuleEnvironmentGoesOverTheBuildsAndTheTargetComesFromTheRidWithTheHostsCLibrary()
    {
        var settings = Read(new Dictionary<string, string> { ["NETCoreSdkRuntimeIdentifier"] = "linux-musl-x64" },
            Module("go/a", ("Environment", "FOO=module;CGO_ENABLED=0"), ("Tags", " netgo "), ("GeneratePackages", "./...")));
        var module = settings.Modules.Single();
        var merged = module.EnvironmentOver(new Dictionary<string, string?> { ["FOO"] = "build", ["GOTOOLCHAIN"] = "local" });
        Assert.AreEqual("module", merged["FOO"]);
        Assert.AreEqual("local", merged["GOTOOLCHAIN"]);
        Assert.AreEqual("netgo", module.Tags);
        Assert.AreEqual(".", module.Package);
        Assert.AreEqual("./...", module.GeneratePackages);
        Assert.AreEqual(GoBuildMode.CShared, module.BuildMode ?? GoBuildMode.CShared);

        var host = settings.ResolveTarget("linux", "amd64", out var error);
        Assert.IsNull(error);
        Assert.AreEqual("linux/amd64 (musl)", host!.ToString(), "the host's C library: every task resolves the same target");
        Assert.IsNull(Read().ResolveTarget(null, null, out error), "nothing known: go's default");
        Assert.IsNull(error);
    }

    [TestMethod]
    public void AnUnknownRidIsGotb510AndGoOSFromTheEnvironmentNeverRetargets()
    {
        var unknown = Read(new Dictionary<string, string> { ["RuntimeIdentifier"] = "plan9-quantum" });
        Assert.IsNull(unknown.ResolveTarget("linux", "amd64", out var error));
        Assert.AreEqual("GOTB510", error!.Code);

        var fromEnvironment = SettingsReader.Read(new SettingsSource
        {
            Property = name => name == "GoOS" ? "windows" : "",
            Origin = (name, value) => name == "GoOS" && value == "windows" ? ValueOrigin.Environment : ValueOrigin.Property,
            EnvironmentVariable = name => name == "GOOS" ? "windows" : null,
        });
        Assert.IsNull(fromEnvironment.GoOS);
        Assert.AreEqual("windows", fromEnvironment.IgnoredEnvironmentGoOS);
        Assert.AreEqual("linux/amd64", fromEnvironment.ResolveTarget("linux", "amd64", out _)!.ToString());
    }

    [TestMethod]
    public void BindingsAreInternalUnlessPublicIsAskedFor()
    {
        var settings = Read(null, Module("a"), Module("b", ("BindingsVisibility", "Public")), Module("c", ("BindingsVisibility", "protected")));
        Assert.IsFalse(settings.Modules[0].BindingsPublic);
        Assert.IsTrue(settings.Modules[1].BindingsPublic);
        CollectionAssert.AreEqual(new[] { "GOTB607 GoModule 'c'" }, Codes(settings));
    }

    /// <summary>Issue 26: an IDE's build action writes &lt;GoModule Include="go/x/go.mod" /&gt;; that means the module's folder.</summary>
    [TestMethod]
    public void AGoModuleNamingAGoModIsItsFolder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "gotb-modfolder-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            File.WriteAllText(Path.Combine(folder, "go.mod"), "module x\n");
            Assert.AreEqual(folder, SettingsReader.ModuleFolder(Path.Combine(folder, "go.mod")));
            Assert.AreEqual(folder, SettingsReader.ModuleFolder(folder));
            // A folder named go.mod is a folder.
            Directory.CreateDirectory(Path.Combine(folder, "sub", "go.mod"));
            Assert.AreEqual(Path.Combine(folder, "sub", "go.mod"), SettingsReader.ModuleFolder(Path.Combine(folder, "sub", "go.mod")));
        }
        finally { Directory.Delete(folder, recursive: true); }
    }
}
