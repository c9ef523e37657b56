using System.IO;
using System.Linq;
using GoToolchain.Build.Tasks;
using GoToolchain.Build.Tests.Building;
using Microsoft.Build.Utilities;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.Tests.Tasks;

[TestClass]

[TestCategory("unit")]
public sealed class CheckGoPackRuntimeIdentifierTaskTests
{
    private string _root = null!;
    private string _project = null!;
    private string _greeter = null!;
    private string _bin = null!;

    [TestInitialize]
    public void Init()
    {
        _root = BuildFixtures.NewTempDirectory("gotb-packrid");
        _project = Path.Combine(_root, "lib", "Lib.csproj");
        Directory.CreateDirectory(Path.GetDirectoryName(_project)!);
        File.WriteAllText(_project, """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <RuntimeIdentifiers>linux-x64;win-x86</RuntimeIdentifiers>
                <GoOptionalRuntimeIdentifiers>win-x86;osx-arm46</GoOptionalRuntimeIdentifiers>
              </PropertyGroup>
            </Project>
            """);
        _greeter = BuildFixtures.WriteModule(Path.Combine(_root, "lib", "go", "greeter"), BuildFixtures.CgoLibrary);
        _bin = Path.Combine(_root, "toolchain", "bin"); // a PATH without i686-w64-mingw32-gcc
        Directory.CreateDirectory(_bin);
    }

    [TestCleanup]
    public void Cleanup() => BuildFixtures.DeleteDirectory(_root);

    private CheckGoPackRuntimeIdentifier Task(FakeBuildEngine engine, string rid, string? optional) => new CheckGoPackRuntimeIdentifier
    {
        BuildEngine = engine,
        ProjectFile = _project,
        Modules = new[] { new TaskItem(_greeter) },
        HostGoOS = "linux",
        HostGoArch = "amd64",
        GoEnvironmentForBuild = new[] { "PATH=" + _bin },
    }.With("RuntimeIdentifier", rid).With("RuntimeIdentifiers", "linux-x64;win-x86").With("GoOptionalRuntimeIdentifiers", optional ?? "");

    [TestMethod]
    public void TheHostRidIsBuiltAndTheFirstRidNamesAnOptionalRidThatIsNotListed()
    {
        var engine = new FakeBuildEngine();
        var task = Task(engine, "linux-x64", "win-x86;osx-arm46");

        Assert.IsTrue(task.Execute(), engine.Transcript);

        Assert.AreEqual("linux-x64", task.Verdict!.ItemSpec);
        Assert.AreEqual("true", task.Verdict.GetMetadata("Build"));
        var warning = engine.Warnings.Single();
        Assert.AreEqual("GOTB552", warning.Code);
        Assert.AreEqual(_project, warning.File);
        Assert.AreEqual(4, warning.LineNumber, "at the line that sets GoOptionalRuntimeIdentifiers");
        StringAssert.Contains(warning.Message, "'osx-arm46'");
    }

    [TestMethod]
    public void AnOptionalRidWithoutItsCompilerIsLeftOutWithAWarningAndNoError()
    {
        var engine = new FakeBuildEngine();
        var task = Task(engine, "win-x86", "win-x86");

        Assert.IsTrue(task.Execute(), engine.Transcript);

        Assert.AreEqual("false", task.Verdict!.GetMetadata("Build"));
        Assert.IsEmpty(engine.Errors);
        Assert.AreEqual("GOTB550", engine.Warnings.Single().Code, "only the first RID reports GOTB552, once per pack");
    }

    [TestMethod]
    public void ARequiredRidWithoutItsCompilerFailsWithTheInstallHint()
    {
        var engine = new FakeBuildEngine();
        var task = Task(engine, "win-x86", null);

        Assert.IsFalse(task.Execute());

        var error = engine.Errors.Single();
        Assert.AreEqual("GOTB513", error.Code);
        StringAssert.Contains(error.Message, "gcc-mingw-w64-i686-win32");
    }

    [TestMethod]
    public void AnUnknownRidIsGotb510EvenWhenOptional()
    {
        var engine = new FakeBuildEngine();
        var task = Task(engine, "linux-sparc", "*");

        Assert.IsFalse(task.Execute());

        Assert.AreEqual("GOTB510", engine.Errors.Single().Code);
    }
}
