using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using GoToolchain.Build.Modules;
using GoToolchain.Build.Platform;
using GoToolchain.Build.Tasks;
using GoToolchain.Build.Tests.Proxy;
using Microsoft.Build.Utilities;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace GoToolchain.Build.Tests.Tasks;

[TestClass]

[TestCategory("toolchain")]
public sealed class CheckGoProxyTaskTests
{
    [TestMethod]
    [DataRow("Sometimes", "5", "GOTB200")]
    [DataRow("Auto", "soon", "GOTB201")]
    [DataRow("network", "0", "GOTB201")]
    public void InvalidPropertiesAreCodedErrorsAtTheProjectAndTheCheckLeavesThemAlone(string mode, string timeout, string code)
    {
        var engine = new FakeBuildEngine();
        var task = new CheckGoProxy { BuildEngine = engine, ProjectFile = "/p/App.csproj", GoExecutable = "/no/go" }
            .With("GoProxyCheck", mode).With("GoProxyTimeoutSeconds", timeout).With("_GoIntermediateDirectory", "/tmp/x");
        Assert.IsTrue(task.Execute(), engine.Transcript);
        Assert.IsFalse(new ValidateGoSettings { BuildEngine = engine, ProjectFile = task.ProjectFile, Settings = task.Settings }.Execute());
        var error = engine.Errors.Single();
        Assert.AreEqual(code, error.Code);
        Assert.AreEqual("/p/App.csproj", error.File);
    }

    /// <summary>Through MSBuild's task API with a real go: the probe, GoEnvironment layering and the verdict.</summary>
    [TestMethod]
    public void RealGoWithAHangingProxyFromGoEnvironment()
    {
        using var world = new ProxyWorld();
        using var hang = new LoopbackServer(ServerBehaviour.Hang);
        var engine = new FakeBuildEngine();
        var obj = Path.Combine(world.Root, "obj");
        var goEnvironment = new[] { $"GOPROXY={hang.BaseUrl}", $"GOMODCACHE={world.NewEmptyCache()}", $"HOME={Path.Combine(world.Root, "home")}", $"GOCACHE={Path.Combine(world.Root, "gocache")}" };
        // ValidateGoroot checks the module once and leaves its results for CheckGoProxy, as the targets chain them.
        var validate = new ValidateGoroot { BuildEngine = engine, ProjectFile = "/p/App.csproj", Modules = new[] { new TaskItem(world.ModuleDirectory) } }
            .With("_GoExecutableFull", RealGoPath).With("GoEnvironment", string.Join(";", goEnvironment)).With("_GoIntermediateDirectory", obj);
        Assert.IsTrue(validate.Execute(), engine.Transcript);
        Assert.AreNotEqual("", validate.ModuleValidations);
        var task = new CheckGoProxy
        {
            BuildEngine = engine,
            ProjectFile = "/p/App.csproj",
            GoExecutable = RealGoPath,
            ModuleValidations = validate.ModuleValidations,
            GoEnvironmentForBuild = validate.GoEnvironmentForBuild,
            Modules = new[] { new TaskItem(world.ModuleDirectory) },
        }.With("GoProxyCheck", "Auto").With("GoProxyTimeoutSeconds", "1").With("GoEnvironment", string.Join(";", goEnvironment))
            .With("_GoIntermediateDirectory", obj);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        Assert.IsFalse(task.Execute(), engine.Transcript);
        Console.WriteLine($"task measured {watch.Elapsed.TotalSeconds:0.000} s (includes one go env process)");
        var error = engine.Errors.Single();
        Assert.AreEqual("GOTB210", error.Code, engine.Transcript);
        Assert.AreEqual(world.GoModPath, error.File);
        Assert.AreEqual(world.RequireLineOfM, error.LineNumber);
        Assert.AreEqual(1, hang.Requests);
    }

    /// <summary>Issue 26: two GoModule items of one module were two modules to GoDoctor, and each was probed. Now one module, one probe,
    /// one error, listed once.</summary>
    [TestMethod]
    public void TwoItemsOfOneModuleAreCheckedAndProbedOnce()
    {
        using var world = new ProxyWorld();
        using var hang = new LoopbackServer(ServerBehaviour.Hang);
        var engine = new FakeBuildEngine();
        var goEnvironment = new[] { $"GOPROXY={hang.BaseUrl}", $"GOMODCACHE={world.NewEmptyCache()}", $"HOME={Path.Combine(world.Root, "home")}", $"GOCACHE={Path.Combine(world.Root, "gocache")}" };
        TaskItem Item(string outputName)
        {
            var item = new TaskItem(world.ModuleDirectory);
            item.SetMetadata("OutputName", outputName);
            return item;
        }
        var obj = Path.Combine(world.Root, "obj");
        // ValidateGoroot checks the module once (one result for the two items) and leaves its results for CheckGoProxy.
        var validate = new ValidateGoroot { BuildEngine = engine, ProjectFile = "/p/App.csproj", Modules = new[] { Item("one"), Item("two") } }
            .With("_GoExecutableFull", RealGoPath).With("GoEnvironment", string.Join(";", goEnvironment)).With("_GoIntermediateDirectory", obj);
        Assert.IsTrue(validate.Execute(), engine.Transcript);
        var task = new CheckGoProxy
        {
            BuildEngine = engine,
            ProjectFile = "/p/App.csproj",
            GoExecutable = RealGoPath,
            ModuleValidations = validate.ModuleValidations,
            GoEnvironmentForBuild = validate.GoEnvironmentForBuild,
            Modules = new[] { Item("one"), Item("two") },
        }.With("GoProxyCheck", "Auto").With("GoProxyTimeoutSeconds", "1").With("GoEnvironment", string.Join(";", goEnvironment))
            .With("_GoIntermediateDirectory", obj).With("_GoWriteDoctorReport", "true");

        Assert.IsFalse(task.Execute(), engine.Transcript);

        Assert.AreEqual("GOTB210", engine.Errors.Single().Code, engine.Transcript);
        Assert.AreEqual(1, hang.Requests, engine.Transcript);
        Assert.AreEqual(1, engine.Messages.Count(m => m.Message!.Contains("Module " + world.ModuleDirectory)), engine.Transcript);
    }

    private static string RealGoPath => Toolchain.RealGo.GoBinary("1.22");
}
