using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using GoToolchain.Build.Settings;
using GoToolchain.Build.Tasks;
using GoToolchain.Build.Tests.Building;
using GoToolchain.Build.Tests.Tasks;
using Microsoft.Build.Utilities;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.Tests.Settings;

/// <summary>Every property and GoModule metadata value is checked where the user wrote it (ValidateGoSettings).</summary>
[TestClass]
[TestCategory("unit")]
public sealed class SettingChecksTests
{
    private string _root = null!;

    [TestInitialize]
    public void Init() => _root = BuildFixtures.NewTempDirectory("gotb-settings");

    [TestCleanup]
    public void Cleanup() => BuildFixtures.DeleteDirectory(_root);

    private static readonly (string?, int) Nowhere = ("/p/App.csproj", 0);

    [TestMethod]
    [DataRow("greeter", true)]
    [DataRow("my.lib-2_x", true)]
    [DataRow("", true)]
    [DataRow("../../../../../../../evil", false)]
    [DataRow("/abs/evil", false)]
    [DataRow("a/b", false)]
    [DataRow("a\\b", false)]
    [DataRow("..", false)]
    [DataRow(".", false)]
    [DataRow("c:evil", false)]
    [DataRow("ev*il", false)]
    [DataRow("evil.", false)]
    public void OutputNameMustBeAFileName(string value, bool allowed)
    {
        var d = SettingChecks.OutputName("go/greeter", value, Nowhere);
        Assert.AreEqual(allowed, d is null, d?.Message);
        if (d is not null)
        {
            Assert.AreEqual("GOTB540", d.Code);
            StringAssert.Contains(d.Message, $"OutputName='{value}'");
        }
    }

    [TestMethod]
    [DataRow("-o;/tmp/libhijack.so", "-o")]
    [DataRow("-o=/tmp/libhijack.so", "-o=/tmp/libhijack.so")]
    [DataRow("--o=/tmp/x", "--o=/tmp/x")]
    [DataRow("--o;/tmp/x", "--o")]
    [DataRow("-buildmode=exe", "-buildmode=exe")]
    [DataRow("-trimpath=false", "-trimpath=false")]
    [DataRow("-tags;x", "-tags")]
    [DataRow("-ldflags=-s", "-ldflags=-s")]
    [DataRow("--gcflags=all=-N", "--gcflags=all=-N")]
    [DataRow("-C;/elsewhere", "-C")]
    [DataRow("-pkgdir=/elsewhere", "-pkgdir=/elsewhere")]
    public void ArgumentsThePackageOwnsAreGotb541(string arguments, string reported)
    {
        var found = SettingChecks.BuildArguments(arguments.Split(';'), Nowhere).ToList();
        Assert.AreEqual(1, found.Count, string.Join("\n", found));
        Assert.AreEqual("GOTB541", found[0].Code);
        StringAssert.Contains(found[0].Message, $"GoBuildArguments holds '{reported}'");
    }

    [TestMethod]
    [DataRow("-v;-x;-race")]
    [DataRow("-mod=vendor;-a")]
    [DataRow("-toolexec;-o")] // the value of -toolexec, not a flag
    [DataRow("-p;4;-buildvcs=false")]
    [DataRow("")]
    public void OtherArgumentsPass(string arguments)
        => Assert.AreEqual(0, SettingChecks.BuildArguments(arguments.Split(';').Where(a => a.Length > 0).ToList(), Nowhere).Count());

    [TestMethod]
    [DataRow("LdFlags", "-s -w -X main.v=1", null)]
    [DataRow("LdFlags", "-s -o /tmp/escape.so", "-o")]
    [DataRow("LdFlags", "all=-buildmode=exe", "-buildmode=exe")]
    [DataRow("GcFlags", "all=-N -l", null)]
    [DataRow("GcFlags", "-o=/tmp/x", "-o=/tmp/x")]
    [DataRow("CgoEnabled", "banana", "CgoEnabled='banana'")]
    [DataRow("CgoEnabled", "0", null)]
    [DataRow("CgoEnabled", "1", null)]
    [DataRow("Package", "-o=/tmp/x", "Package='-o=/tmp/x'")]
    [DataRow("Package", "./cmd/tool", null)]
    [DataRow("Tags", "netgo,osusergo", null)]
    [DataRow("Tags", "a;rm -rf", "Tags='a;rm -rf'")]
    public void MetadataValues(string name, string value, string? reported)
    {
        var metadata = new Dictionary<string, string> { [name] = value };
        var found = SettingChecks.Metadata("go/m", n => metadata.TryGetValue(n, out var v) ? v : "", _ => Nowhere).ToList();
        if (reported is null)
        {
            Assert.AreEqual(0, found.Count, string.Join("\n", found));
            return;
        }
        Assert.AreEqual(1, found.Count, string.Join("\n", found));
        StringAssert.Contains(found[0].Message, reported);
        Assert.AreEqual(name is "LdFlags" or "GcFlags" ? "GOTB541" : "GOTB061", found[0].Code);
    }

    [TestMethod]
    [DataRow("600", 600)]
    [DataRow("1", 1)]
    [DataRow("86400", 86400)]
    [DataRow("abc", null)]
    [DataRow("99999999999", null)]
    [DataRow("0", null)]
    [DataRow("-1", null)]
    [DataRow("1.5", null)]
    [DataRow(" 30 ", 30)]
    public void SecondsAreWholeAndInRange(string value, int? expected) => Assert.AreEqual(expected, SettingChecks.ParseSeconds(value));

    [TestMethod]
    [DataRow("true", true)]
    [DataRow("False", false)]
    [DataRow("maybe", null)]
    [DataRow("1", null)]
    public void Booleans(string value, bool? expected) => Assert.AreEqual(expected, SettingChecks.ParseBoolean(value));

    /// <summary>The task, on a real project file: each bad value is one GOTB error naming property, value and what is allowed, at its line.</summary>
    [TestMethod]
    public void TaskReportsEachBadValueAtTheLineThatSetsIt()
    {
        var project = Path.Combine(_root, "App", "App.csproj");
        Directory.CreateDirectory(Path.GetDirectoryName(project)!);
        File.WriteAllText(Path.Combine(_root, "Directory.Build.props"), "<Project>\n  <PropertyGroup>\n    <GoTrimPath>maybe</GoTrimPath>\n  </PropertyGroup>\n</Project>\n");
        File.WriteAllText(project, string.Join("\n",
            "<Project Sdk=\"Microsoft.NET.Sdk\">",
            "  <PropertyGroup>",
            "    <GoProcessTimeoutSeconds>abc</GoProcessTimeoutSeconds>",
            "  </PropertyGroup>",
            "  <ItemGroup>",
            "    <GoModule Include=\"go/other\" />",
            "    <GoModule Include=\"go/greeter\"",
            "              OutputName=\"../../evil\" />",
            "  </ItemGroup>",
            "</Project>", ""));
        var engine = new FakeBuildEngine();
        var task = new ValidateGoSettings
        {
            BuildEngine = engine,
            ProjectFile = project,
            Modules = new[] { new TaskItem("go/other"), new TaskItem("go/greeter", new Dictionary<string, string> { ["OutputName"] = "../../evil" }) },
        }.With("GoTrimPath", "maybe").With("GoLoopvar", "Enable").With("GoLoopvarReport", "maybe").With("GoProcessTimeoutSeconds", "abc")
            .With("GoBuildArguments", "-o;/tmp/libhijack.so");

        Assert.IsFalse(task.Execute());

        var errors = engine.Errors.ToDictionary(e => e.Code + " " + e.Message!.Split(' ')[1], e => e);
        Assert.AreEqual(5, engine.Errors.Count, string.Join("\n", engine.Errors.Select(e => $"{e.File}({e.LineNumber}) {e.Code} {e.Message}")));
        void At(string key, string file, int line, string text)
        {
            Assert.IsTrue(errors.ContainsKey(key), key + " missing: " + string.Join("\n", errors.Keys));
            var e = errors[key];
            Assert.AreEqual(file, e.File, key);
            Assert.AreEqual(line, e.LineNumber, key);
            StringAssert.Contains(e.Message, text);
        }
        At("GOTB060 GoTrimPath", Path.Combine(_root, "Directory.Build.props"), 3, "GoTrimPath is 'maybe', which is not allowed. Fix: set GoTrimPath to true or false");
        At("GOTB060 GoProcessTimeoutSeconds", project, 3, "from 1 to 86400");
        At("GOTB060 GoLoopvarReport", project, 0, "'maybe'"); // set nowhere in the files (-p:): the project file
        At("GOTB541 holds", project, 0, "GoBuildArguments holds '-o'");
        At("GOTB540 'go/greeter'", project, 8, "OutputName='../../evil'");
    }

    [TestMethod]
    public void TaskAcceptsTheDefaults()
    {
        var engine = new FakeBuildEngine();
        var task = new ValidateGoSettings
        {
            BuildEngine = engine, ProjectFile = Path.Combine(_root, "none.csproj"),
            Modules = new[] { new TaskItem("go/greeter", new Dictionary<string, string> { ["BuildMode"] = "c-shared", ["Package"] = "." }) },
        }.With("GoLoopvar", "Enable");
        Assert.IsTrue(task.Execute(), string.Join("\n", engine.Errors.Select(e => e.Message)));
    }

    [TestMethod]
    [DataRow("/p/a$(x)b/go", "/p/a%24%28x%29b/go")]
    [DataRow("/p/100%/x;y@z'", "/p/100%25/x%3by%40z%27")]
    [DataRow("/plain/path", "/plain/path")]
    public void TaskItemTextIsEscapedSoMSBuildGivesThePathBackUnchanged(string path, string escaped)
    {
        Assert.AreEqual(escaped, MSBuildEscaping.Escape(path));
        Assert.AreEqual(path, new TaskItem(MSBuildEscaping.Escape(path)).ItemSpec);
        Assert.AreEqual(path, new TaskItem("x", new Dictionary<string, string> { ["M"] = MSBuildEscaping.Escape(path) }).GetMetadata("M"));
    }
}
