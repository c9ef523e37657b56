using System.Collections.Generic;
using System.IO;
using GoToolchain.Build.Building;
using GoToolchain.Build.Tasks;
using GoToolchain.Build.Tests.Building;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.Tests.Tasks;

[TestClass]

[TestCategory("unit")]
public sealed class RecordLastGoBuildTaskTests
{
    private string _root = null!;
    private string _record = null!;
    private string _program = null!;
    private string _output = null!;

    [TestInitialize]
    public void Init()
    {
        _root = BuildFixtures.NewTempDirectory("gotb-recordtask");
        _record = Path.Combine(_root, "obj", "go", "last-build");
        _program = Path.Combine(_root, "Program.cs");
        File.WriteAllText(_program, "class P {}");
        _output = Path.Combine(_root, "obj", "go", "linux_amd64", "greeter", "libgreeter.so");
        Directory.CreateDirectory(Path.GetDirectoryName(_output)!);
        File.WriteAllText(_output, "elf");
    }

    [TestCleanup]
    public void Cleanup() => BuildFixtures.DeleteDirectory(_root);

    private RecordLastGoBuild Task(params string[] sourceFiles)
    {
        var build = new TaskItem(Path.Combine(_root, "go", "greeter"), new Dictionary<string, string>
        {
            ["OutputPath"] = _output,
            ["OutputFileName"] = "libgreeter.so",
            ["Environment"] = "TOKEN=hunter2",
            ["LdFlags"] = "-X main.key=s3cret",
        });
        var items = new List<ITaskItem>();
        foreach (var file in sourceFiles) items.Add(new TaskItem(file));
        return new RecordLastGoBuild
        {
            BuildEngine = new FakeBuildEngine(),
            RecordFile = _record,
            Fingerprint = "package\tabc\nsources\tdef",
            FingerprintedSourceFiles = new ITaskItem[] { new TaskItem(_program) },
            SourceFiles = items.ToArray(),
            Builds = new ITaskItem[] { build },
            ResolvedGoVersion = "go1.23.5",
        };
    }

    [TestMethod]
    public void ABuildIsRecordedWithoutTheSecretMetadata()
    {
        var late = Path.Combine(_root, "obj", "App.AssemblyInfo.cs");
        File.WriteAllText(late, "[assembly: System.Reflection.AssemblyTitle(\"App\")]");
        Assert.IsTrue(Task(_program, late).Execute());

        var text = File.ReadAllText(_record);
        Assert.IsFalse(text.Contains("hunter2") || text.Contains("s3cret"), text);
        var record = LastBuildRecord.TryLoad(_record)!;
        Assert.AreEqual("go1.23.5", record.Property("ResolvedGoVersion"));
        Assert.AreEqual("libgreeter.so", new List<RecordedItem>(record.ItemsOfType(GoToolchain.Build.Steps.BuildReuse.BuildItemType))[0].Metadata["OutputFileName"]);
        Assert.IsNull(record.ChangedOutput(GoToolchain.Build.Platform.SystemPlatform.Instance));
    }

    /// <summary>A C# file that joined Compile after GoBuild is not in the fingerprint, so the next build could not tell it
    /// changed: when it declares native imports (the declaration check reads those), the build is not recorded.</summary>
    [TestMethod]
    public void ALateCompileItemWithNativeImportsIsNotRecorded()
    {
        var late = Path.Combine(_root, "obj", "Generated.cs");
        File.WriteAllText(late, "static partial class N { [System.Runtime.InteropServices.DllImport(\"greeter\")] static extern int Add(int a, int b); }");
        Assert.IsTrue(Task(_program, late).Execute());
        Assert.IsFalse(File.Exists(_record));
    }

    [TestMethod]
    public void NoFingerprintNoRecord()
    {
        var task = Task(_program);
        task.Fingerprint = "";
        Assert.IsTrue(task.Execute());
        Assert.IsFalse(File.Exists(_record));
    }
}
